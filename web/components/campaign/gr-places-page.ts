import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api } from '../../api/client';
import { loadUnits } from '../../api/campaign';
import { PLACE_KINDS, type PlaceKind } from '../../../server/domain/campaign';
import type { PlaceView } from '../../../server/presenters/place.presenter';
import type { Page } from '../../../server/presenters/page.presenter';
import { flattenUnitTree } from '../../api/unit-tree';
import { ApiTask } from '../../controllers/api-task';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { t } from '../../i18n';
import { placeKindName } from '../../i18n/campaign-labels';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import '../shell/gr-error-message';
import '../admin/gr-place-admin';

/**
 * /places: the register of places (GET /api/places, searchable by name and filtered by kind
 * and unit, with "load more"); moderators and admins add places, admins import a CSV.
 */
@customElement('gr-places-page')
export class GrPlacesPage extends LitElement {
  static override styles = [baseStyles, pageStyles, campaignStyles];

  @state() private _q = '';
  @state() private _kind: PlaceKind | '' = '';
  @state() private _unitId = '';
  @state() private _items: PlaceView[] = [];
  @state() private _cursor: string | null = null;
  @state() private _loading = false;
  @state() private _error: unknown = null;

  private readonly _session = new SessionController(this);
  private readonly _units = new ApiTask(this, { task: () => loadUnits() });
  private _request = 0;
  private _timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this._load(false);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this._timer);
  }

  override render(): TemplateResult {
    const units = this._units.value ?? [];
    const unitNames = new Map(units.map((u) => [u.id, u.name]));
    return html`<div class="page">
      <header>
        <p class="small"><a href="/visits">‹ ${t('page.visits')}</a></p>
        <h1 tabindex="-1">${t('places.title')}</h1>
        <p class="lead muted">${t('places.intro')}</p>
      </header>
      <div class="grid">
        <section aria-labelledby="list-heading">
          <h2 id="list-heading" class="visually-hidden">${t('places.title')}</h2>
          <form class="filters card" role="search" @submit=${(e: Event) => e.preventDefault()}>
            <div class="field">
              <label for="places-q">${t('places.search')}</label>
              <input id="places-q" type="search" .value=${this._q} @input=${this._onQuery} />
            </div>
            <div class="field">
              <label for="places-kind">${t('places.kind')}</label>
              <select id="places-kind" .value=${this._kind} @change=${this._onKind}>
                <option value="">${t('places.allKinds')}</option>
                ${PLACE_KINDS.map((kind) => html`<option value=${kind} ?selected=${kind === this._kind}>${placeKindName(kind)}</option>`)}
              </select>
            </div>
            <div class="field">
              <label for="places-unit">${t('visits.filterUnit')}</label>
              <select id="places-unit" .value=${this._unitId} @change=${this._onUnit}>
                <option value="">${t('visits.allUnits')}</option>
                ${flattenUnitTree(units).map(({ unit, depth }) => html`<option value=${String(unit.id)} ?selected=${String(unit.id) === this._unitId}>${'\u3000'.repeat(depth)}${unit.name}</option>`)}
              </select>
            </div>
          </form>
          <gr-error-message polite retryable .error=${this._error} @gr-retry=${() => this._load(false)}></gr-error-message>
          <p class="live small muted" role="status">${this._loading && this._items.length === 0 ? t('app.loading') : t('places.shown', { count: this._items.length })}</p>
          ${this._items.length === 0 && !this._loading
            ? html`<p class="muted">${t('places.empty')}</p>`
            : html`<ul class="rows">${this._items.map((place) => html`<li>
                <a class="row-title" href=${`/places/${place.id}`}>${place.name}</a>
                <p class="meta">
                  <span class="tag">${placeKindName(place.kind)}</span>
                  ${place.category ? html`<span>${place.category}</span>` : nothing}
                  <span>${unitNames.get(place.unitId) ?? ''}</span>
                  ${place.address ? html`<span>${place.address}</span>` : nothing}
                </p>
              </li>`)}</ul>`}
          ${this._cursor
            ? html`<div class="more"><button type="button" class="secondary" ?disabled=${this._loading} @click=${() => this._load(true)}>${t('visits.loadMore')}</button></div>`
            : nothing}
        </section>
        ${this._session.hasRole('moderator')
          ? html`<gr-place-admin @gr-places-changed=${() => this._load(false)}></gr-place-admin>`
          : nothing}
      </div>
    </div>`;
  }

  private _onQuery(event: Event): void {
    this._q = (event.target as HTMLInputElement).value;
    clearTimeout(this._timer);
    this._timer = setTimeout(() => void this._load(false), 250);
  }

  private _onKind(event: Event): void {
    this._kind = (event.target as HTMLSelectElement).value as PlaceKind | '';
    void this._load(false);
  }

  private _onUnit(event: Event): void {
    this._unitId = (event.target as HTMLSelectElement).value;
    void this._load(false);
  }

  private async _load(more: boolean): Promise<void> {
    const request = ++this._request;
    this._loading = true;
    this._error = null;
    try {
      const page = await api.get<Page<PlaceView>>('/api/places', {
        query: {
          q: this._q.trim() || undefined,
          kind: this._kind || undefined,
          unitId: this._unitId || undefined,
          limit: 30,
          cursor: more ? this._cursor ?? undefined : undefined,
        },
      });
      if (request !== this._request) return;
      this._items = more ? [...this._items, ...page.items] : page.items;
      this._cursor = page.nextCursor;
    } catch (err) {
      if (request === this._request) this._error = err;
    } finally {
      if (request === this._request) this._loading = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-places-page': GrPlacesPage;
  }
}
