import { isCalendarDate } from '../../../server/domain/text';
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api } from '../../api/client';
import { loadCampaign, loadUnits } from '../../api/campaign';
import type { PlaceRef } from '../../../server/presenters/place.presenter';
import type { VisitView } from '../../../server/presenters/visit.presenter';
import type { Page } from '../../../server/presenters/page.presenter';
import { flattenUnitTree } from '../../api/unit-tree';
import { ApiTask } from '../../controllers/api-task';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { t } from '../../i18n';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import '../shell/gr-error-message';
import './gr-place-picker';
import './gr-plan-calendar';
import './gr-visit-list';

/** The filters of the visit log. */
interface VisitFilters {
  placeId: number | null;
  unitId: string;
  from: string;
  to: string;
  activity: string;
}

const NO_FILTERS: VisitFilters = { placeId: null, unitId: '', from: '', to: '', activity: '' };

/**
 * /visits: the visit log (GET /api/visits, filtered by place, unit, dates and activity, with
 * "load more") and, as its second view, the shared calendar of planned visits.
 */
@customElement('gr-visits-page')
export class GrVisitsPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    campaignStyles,
    css`
      .views {
        display: flex;
        gap: var(--gr-space-2);
        margin: var(--gr-space-4) 0 var(--gr-space-5);
        border-bottom: 1px solid var(--gr-color-border);
      }

      .views a {
        padding: var(--gr-space-2) var(--gr-space-3);
        color: var(--gr-color-text);
        font-weight: 600;
        text-decoration: none;
        border-bottom: 3px solid transparent;
        margin-bottom: -1px;
      }

      .views a[aria-current='page'] {
        border-bottom-color: var(--gr-color-accent);
        color: var(--gr-color-accent);
      }

      .filters-card {
        margin-bottom: var(--gr-space-4);
      }

      .filters-card gr-place-picker {
        grid-column: 1 / -1;
      }

      .count {
        margin: 0 0 var(--gr-space-3);
      }

      /* The no-unit notice stands between the filters and the count, spaced like the filters. */
      .no-unit {
        margin-bottom: var(--gr-space-4);
      }
    `,
  ];

  /** Which view: the log (default) or `calendar`. */
  @property({ type: String }) view = '';

  @state() private _filters: VisitFilters = NO_FILTERS;
  @state() private _filterPlace: PlaceRef | null = null;
  @state() private _items: VisitView[] = [];
  @state() private _cursor: string | null = null;
  @state() private _loading = false;
  @state() private _error: unknown = null;

  private readonly _session = new SessionController(this);
  private readonly _context = new ApiTask(this, { task: () => Promise.all([loadCampaign(), loadUnits()]) });
  private _request = 0;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.view !== 'calendar') void this._load(false);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('view') && changed.get('view') !== undefined && this.view !== 'calendar' && this._items.length === 0) {
      void this._load(false);
    }
  }

  override render(): TemplateResult {
    const calendar = this.view === 'calendar';
    return html`
      <div class="page">
        <header class="page-head">
          <h1 tabindex="-1">${t('page.visits')}</h1>
          <a class="button" href="/visits/new">${t('visits.logVisit')}</a>
        </header>
        <nav class="views" aria-label=${t('visits.viewsLabel')}>
          <a href="/visits" aria-current=${calendar ? nothing : 'page'}>${t('visits.logView')}</a>
          <a href="/visits?view=calendar" aria-current=${calendar ? 'page' : nothing}>${t('visits.calendarView')}</a>
          <a href="/places">${t('visits.placesLink')}</a>
        </nav>
        ${calendar ? html`<gr-plan-calendar></gr-plan-calendar>` : this._renderLog()}
      </div>
    `;
  }

  private _renderLog(): TemplateResult {
    const [campaign, units] = this._context.value ?? [undefined, []];
    const f = this._filters;
    const user = this._session.user;
    return html`
      <section aria-labelledby="log-heading">
        <h2 id="log-heading" class="visually-hidden">${t('visits.logView')}</h2>
        <details class="card filters-card" ?open=${this._hasFilters()}>
          <summary>${t('visits.filters')}${this._hasFilters() ? html` <span class="tag">${t('visits.filtersOn')}</span>` : nothing}</summary>
          <form class="filters" @submit=${(e: Event) => e.preventDefault()} @change=${this._onFilterChange}>
            <gr-place-picker optional .label=${t('visits.filterPlace')} .value=${this._filterPlace}
              @gr-place-change=${(e: CustomEvent<PlaceRef | null>) => this._setPlace(e.detail)}></gr-place-picker>
            <div class="field">
              <label for="filter-unit">${t('visits.filterUnit')}</label>
              <select id="filter-unit" name="unitId" .value=${f.unitId}>
                <option value="">${t('visits.allUnits')}</option>
                ${flattenUnitTree(units).map(({ unit, depth }) => html`<option value=${String(unit.id)} ?selected=${String(unit.id) === f.unitId}>${'\u3000'.repeat(depth)}${unit.name}</option>`)}
              </select>
            </div>
            <div class="field">
              <label for="filter-activity">${t('visits.filterActivity')}</label>
              <select id="filter-activity" name="activity" .value=${f.activity}>
                <option value="">${t('visits.allActivities')}</option>
                ${(campaign?.activities ?? []).map((a) => html`<option value=${a.id} ?selected=${a.id === f.activity}>${a.name}</option>`)}
              </select>
            </div>
            <div class="field">
              <label for="filter-from">${t('visits.filterFrom')}</label>
              <input id="filter-from" name="from" type="date" .value=${f.from} />
            </div>
            <div class="field">
              <label for="filter-to">${t('visits.filterTo')}</label>
              <input id="filter-to" name="to" type="date" .value=${f.to} />
            </div>
            <div class="actions">
              <button type="button" class="secondary" ?disabled=${!this._hasFilters()} @click=${this._clearFilters}>${t('visits.clearFilters')}</button>
            </div>
          </form>
        </details>
        ${user?.unitId ? nothing : html`<p class="warning no-unit">${t('visits.noUnit')}</p>`}
        <gr-error-message polite retryable .error=${this._error} @gr-retry=${() => this._load(false)}></gr-error-message>
        <div class="live small muted count" role="status">${this._loading && this._items.length === 0
          ? t('app.loading')
          : this._error ? '' : t('visits.shown', { count: this._items.length })}</div>
        ${this._loading && this._items.length === 0 ? nothing : html`<gr-visit-list .visits=${this._items}
          .emptyText=${this._hasFilters() ? t('visits.emptyFiltered') : t('visits.empty')}></gr-visit-list>`}
        ${this._cursor
          ? html`<div class="more"><button type="button" class="secondary" ?disabled=${this._loading} @click=${() => this._load(true)}>
              ${this._loading ? t('app.loading') : t('visits.loadMore')}</button></div>`
          : nothing}
      </section>
    `;
  }

  private _hasFilters(): boolean {
    const f = this._filters;
    return f.placeId !== null || f.unitId !== '' || f.from !== '' || f.to !== '' || f.activity !== '';
  }

  private _onFilterChange(event: Event): void {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const name = target.name as keyof VisitFilters;
    if (!['unitId', 'from', 'to', 'activity'].includes(name)) return;
    const value = target.value;
    if ((name === 'from' || name === 'to') && value !== '' && !isCalendarDate(value)) return;
    this._filters = { ...this._filters, [name]: value };
    void this._load(false);
  }

  private _setPlace(place: PlaceRef | null): void {
    this._filterPlace = place;
    this._filters = { ...this._filters, placeId: place?.id ?? null };
    void this._load(false);
  }

  private _clearFilters(): void {
    this._filters = NO_FILTERS;
    this._filterPlace = null;
    void this._load(false);
  }

  private async _load(more: boolean): Promise<void> {
    const request = ++this._request;
    const f = this._filters;
    this._loading = true;
    this._error = null;
    try {
      const page = await api.get<Page<VisitView>>('/api/visits', {
        query: {
          placeId: f.placeId ?? undefined,
          unitId: f.unitId || undefined,
          from: f.from || undefined,
          to: f.to || undefined,
          activity: f.activity || undefined,
          limit: 20,
          cursor: more ? this._cursor ?? undefined : undefined,
        },
      });
      if (request !== this._request) return;
      this._items = more ? [...this._items, ...page.items] : page.items;
      this._cursor = page.nextCursor;
    } catch (err) {
      if (request !== this._request) return;
      this._error = err;
      if (!more) this._items = [];
    } finally {
      if (request === this._request) this._loading = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-visits-page': GrVisitsPage;
  }
}
