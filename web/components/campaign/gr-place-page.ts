import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api } from '../../api/client';
import { loadUnits } from '../../api/campaign';
import type { PlaceDetailView, PlaceView } from '../../../server/presenters/place.presenter';
import { ApiTask } from '../../controllers/api-task';
import { SessionController } from '../../controllers/session-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, t } from '../../i18n';
import { formatDay, placeKindName } from '../../i18n/campaign-labels';
import { setPageTitle } from '../../router';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import '../shell/gr-error-message';
import './gr-place-editor';
import './gr-visit-list';

/** /places/:id: one place, its visit statistics and its visits (GET /api/places/:id). */
@customElement('gr-place-page')
export class GrPlacePage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    campaignStyles,
    css`
      .edit {
        margin: var(--gr-space-4) 0 0;
      }
    `,
  ];

  /** The place's id, from the path. */
  @property({ type: String, attribute: 'place-id' }) placeId = '';

  @state() private _editing = false;
  @state() private _saved = false;

  private readonly _session = new SessionController(this);

  private readonly _units = new ApiTask(this, { task: () => loadUnits() });
  private readonly _place = new ApiTask(this, {
    args: () => [this.placeId] as const,
    task: ([id], signal) => api.get<PlaceDetailView>(`/api/places/${encodeURIComponent(id)}`, { signal }),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
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

  private _startEditing(): void {
    this._editing = true;
    this._saved = false;
  }

  private async _stopEditing(): Promise<void> {
    this._editing = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('#edit-place')?.focus();
  }

  private _onSaved(place: PlaceView): void {
    const detail = this._place.value;
    if (detail) this._place.value = { ...detail, place };
    this._saved = true;
    void this._stopEditing();
  }

  private _renderPlace({ place, visits, stats, posts }: PlaceDetailView): TemplateResult {
    const unit = (this._units.value ?? []).find((u) => u.id === place.unitId);
    return html`
      <header class="page-head">
        <h1 tabindex="-1">${place.name}</h1>
        <a class="button" href=${`/visits/new?placeId=${place.id}`}>${t('places.logHere')}</a>
      </header>
      <div class="grid">
        <section class="card" aria-labelledby="place-facts">
          <h2 id="place-facts" class="visually-hidden">${t('visit.facts')}</h2>
          <div class="live" role="status">${this._saved ? html`<p class="notice">${t('places.saved')}</p>` : nothing}</div>
          ${this._editing
            ? html`<gr-place-editor .place=${place} @gr-place-saved=${(e: CustomEvent<PlaceView>) => this._onSaved(e.detail)}
                @gr-place-edit-cancel=${() => this._stopEditing()}></gr-place-editor>`
            : html`<dl class="facts">
            <dt>${t('places.kind')}</dt><dd>${placeKindName(place.kind)}</dd>
            ${place.category ? html`<dt>${t('places.category')}</dt><dd>${place.category}</dd>` : nothing}
            <dt>${t('places.unit')}</dt><dd>${unit?.name ?? ''}</dd>
            ${place.address ? html`<dt>${t('places.address')}</dt><dd>${place.address}</dd>` : nothing}
            <dt>${t('places.visitCount')}</dt><dd>${t('places.visitCountValue', { count: stats.visitCount })}</dd>
            <dt>${t('places.firstVisit')}</dt>
            <dd>${stats.firstVisitedOn ? formatDay(stats.firstVisitedOn, { withYear: true }) : t('places.notVisited')}</dd>
          </dl>
          ${this._session.hasRole('moderator')
            ? html`<p class="edit"><button type="button" class="secondary" id="edit-place" @click=${this._startEditing}>${t('places.edit')}</button></p>`
            : nothing}`}
        </section>
        <section aria-labelledby="place-visits">
          <h2 id="place-visits">${t('places.visits')}</h2>
          <gr-visit-list hide-place .visits=${visits} .emptyText=${t('places.noVisits')}></gr-visit-list>
        </section>
        <section aria-labelledby="place-notes">
          <h2 id="place-notes">${t('places.notes')}</h2>
          ${posts.length === 0
            ? html`<p class="muted">${t('places.noNotes')}</p>`
            : html`<ul class="notes">${posts.map((post) => html`<li>
                <a href=${`/t/${post.id}`}>${post.title}</a>
                <span class="muted">${formatDate(post.createdAt)}</span>
              </li>`)}</ul>`}
        </section>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-place-page': GrPlacePage;
  }
}
