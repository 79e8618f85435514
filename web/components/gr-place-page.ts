import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { api } from '../api/client';
import { loadUnits } from '../api/campaign';
import type { PlaceDetail } from '../api/campaign-types';
import { ApiTask } from '../controllers/api-task';
import { updateWhenLocaleChanges } from '../controllers/locale-controller';
import { t } from '../i18n';
import { formatDay, placeKindName } from '../i18n/campaign-labels';
import { setPageTitle } from '../router';
import { baseStyles, pageStyles } from '../styles/shared.styles';
import { campaignStyles } from '../styles/campaign.styles';
import './gr-error-message';
import './gr-visit-list';

/** /places/:id: one place, its visit statistics and its visits (GET /api/places/:id). */
export class GrPlacePage extends LitElement {
  static override properties = {
    placeId: { type: String, attribute: 'place-id' },
  };

  static override styles = [
    baseStyles,
    pageStyles,
    campaignStyles,
    css`
      .grid {
        display: grid;
        gap: var(--gr-space-5);
      }
    `,
  ];

  /** The place's id, from the path. */
  declare placeId: string;

  private readonly _units = new ApiTask(this, { task: () => loadUnits() });
  private readonly _place = new ApiTask(this, {
    args: () => [this.placeId] as const,
    task: ([id], signal) => api.get<PlaceDetail>(`/api/places/${encodeURIComponent(id)}`, { signal }),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.placeId = '';
  }

  override updated(): void {
    const place = this._place.value?.place;
    if (place && this._place.status === 'complete') setPageTitle(place.name);
  }

  override render(): TemplateResult {
    return html`<div class="page">
      <p class="small"><a href="/places">‹ ${t('places.title')}</a></p>
      ${this._place.render({
        pending: () => html`<h1 tabindex="-1">${t('places.place')}</h1><p class="muted" role="status">${t('app.loading')}</p>`,
        error: (err) => html`<h1 tabindex="-1">${t('places.place')}</h1>
          <gr-error-message retryable .error=${err} @gr-retry=${() => this._place.run()}></gr-error-message>`,
        complete: (detail) => this._renderPlace(detail),
      })}
    </div>`;
  }

  private _renderPlace({ place, visits, stats }: PlaceDetail): TemplateResult {
    const unit = (this._units.value ?? []).find((u) => u.id === place.unitId);
    return html`
      <header class="page-head">
        <h1 tabindex="-1">${place.name}</h1>
        <a class="button" href=${`/visits/new?placeId=${place.id}`}>${t('places.logHere')}</a>
      </header>
      <div class="grid">
        <section class="card" aria-labelledby="place-facts">
          <h2 id="place-facts" class="visually-hidden">${t('visit.facts')}</h2>
          <dl class="facts">
            <dt>${t('places.kind')}</dt><dd>${placeKindName(place.kind)}</dd>
            ${place.category ? html`<dt>${t('places.category')}</dt><dd>${place.category}</dd>` : nothing}
            <dt>${t('places.unit')}</dt><dd>${unit?.name ?? ''}</dd>
            ${place.address ? html`<dt>${t('places.address')}</dt><dd>${place.address}</dd>` : nothing}
            <dt>${t('places.visitCount')}</dt><dd>${t('places.visitCountValue', { count: stats.visitCount })}</dd>
            <dt>${t('places.firstVisit')}</dt>
            <dd>${stats.firstVisitedOn ? formatDay(stats.firstVisitedOn, { withYear: true }) : t('places.notVisited')}</dd>
          </dl>
        </section>
        <section aria-labelledby="place-visits">
          <h2 id="place-visits">${t('places.visits')}</h2>
          <gr-visit-list hide-place .visits=${visits} .emptyText=${t('places.noVisits')}></gr-visit-list>
        </section>
      </div>
    `;
  }
}

customElements.define('gr-place-page', GrPlacePage);

declare global {
  interface HTMLElementTagNameMap {
    'gr-place-page': GrPlacePage;
  }
}
