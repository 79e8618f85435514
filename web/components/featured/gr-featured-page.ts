import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { api } from '../../api/client';
import { loadCampaign, loadUnits } from '../../api/campaign';
import { flattenUnitTree } from '../../api/unit-tree';
import { FEATURED_COLLECTIONS, type FeaturedCollection } from '../../../server/domain/moderation';
import type { CampaignView } from '../../../server/presenters/campaign.presenter';
import type { FeaturedView, FeaturedWallView } from '../../../server/presenters/featured.presenter';
import type { UnitView } from '../../../server/presenters/unit.presenter';
import { ApiTask } from '../../controllers/api-task';
import { KeysetPager } from '../../controllers/keyset-pager';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { FirstSeq, RoomController } from '../../realtime/room-controller';
import { t } from '../../i18n';
import { navigate } from '../../router';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import '../shell/gr-error-message';
import './gr-featured-card';

/** Entries fetched per page. */
const PAGE_SIZE = 20;

interface WallData {
  wall: FeaturedWallView;
  campaign: CampaignView;
  units: UnitView[];
}

function isCollection(value: string): value is FeaturedCollection {
  return (FEATURED_COLLECTIONS as readonly string[]).includes(value);
}

/**
 * The featured wall (/featured, public): each collection's count toward its target
 * ("身边好人 37 / 100"), then the entries newest first with "load more", filtered by
 * collection, unit (and the units below it) and campaign phase. The filters live in the URL
 * (?collection=&unitId=&phase=), so a filtered wall can be linked and survives a reload. The
 * wall reloads when the `featured` room says it changed.
 */
@customElement('gr-featured-page')
export class GrFeaturedPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    css`
      .lead {
        color: var(--gr-color-text-muted);
        max-width: 48rem;
      }

      .counts {
        display: grid;
        /* Three collections side by side, on a phone too. */
        grid-template-columns: repeat(3, minmax(0, 1fr));
        gap: var(--gr-space-3);
        margin: 0 0 var(--gr-space-5);
        padding: 0;
        list-style: none;
      }

      .counts li {
        padding: var(--gr-space-3) var(--gr-space-4);
        border: 1px solid var(--gr-color-border);
        border-radius: var(--gr-radius-md);
        background: var(--gr-color-surface);
      }

      .counts .name {
        display: block;
        font-weight: 600;
      }

      .counts .number {
        font-size: var(--gr-font-size-xl);
        font-weight: 650;
        font-variant-numeric: tabular-nums;
      }

      .counts progress {
        display: block;
        width: 100%;
        height: 0.5rem;
        margin-top: var(--gr-space-2);
        accent-color: var(--gr-color-accent);
      }

      @media (max-width: 40rem) {
        .counts {
          gap: var(--gr-space-2);
        }

        .counts li {
          padding: var(--gr-space-2) var(--gr-space-3);
        }

        .counts .number {
          font-size: var(--gr-font-size-lg);
        }

        form.filters .field {
          flex: 1 1 100%;
        }
      }

      form.filters {
        display: flex;
        flex-wrap: wrap;
        gap: var(--gr-space-3) var(--gr-space-4);
        align-items: end;
        margin-bottom: var(--gr-space-5);
      }

      form.filters .field {
        display: grid;
        gap: var(--gr-space-1);
        min-width: min(100%, 12rem);
      }

      form.filters label {
        font-weight: 600;
        font-size: var(--gr-font-size-sm);
      }

      ul.wall {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 20rem), 1fr));
        gap: var(--gr-space-4);
        margin: 0;
        padding: 0;
        list-style: none;
      }

      .more {
        margin-top: var(--gr-space-4);
        text-align: center;
      }
    `,
  ];

  /** ?collection= of the URL ('' for all). */
  @property({ type: String }) collection = '';
  /** ?unitId= of the URL ('' for all). */
  @property({ type: String }) unitId = '';
  /** ?phase= of the URL ('' for all). */
  @property({ type: String }) phase = '';

  private readonly _pager = new KeysetPager<FeaturedView>(this, {
    fetchPage: async (cursor) => api.get<FeaturedWallView>('/api/featured', { query: { ...this._query(), cursor } }),
    key: (entry) => entry.id,
  });

  /** The featured room's seq that came with the first wall: the room is followed from it. */
  private readonly _seq = new FirstSeq();

  private readonly _data = new ApiTask(this, {
    task: async ([collection, unitId, phase], signal): Promise<WallData> => {
      const [wall, campaign, units] = await Promise.all([
        api.get<FeaturedWallView>('/api/featured', { query: this._query(collection, unitId, phase), signal }),
        loadCampaign(),
        loadUnits(),
      ]).catch((error: unknown) => {
        this._seq.failed();
        throw error;
      });
      this._pager.reset(wall);
      this._seq.took(wall.seq);
      return { wall, campaign, units };
    },
    args: () => [this.collection, this.unitId, this.phase] as const,
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    new RoomController(this, {
      room: () => 'featured',
      // From the seq the first wall came with, so a change made while it travelled is heard.
      since: () => this._seq.value,
      onEvent: () => void this._data.run(),
      onResync: () => void this._data.run(),
    });
  }

  private _query(collection = this.collection, unitId = this.unitId, phase = this.phase) {
    return {
      limit: PAGE_SIZE,
      collection: isCollection(collection) ? collection : undefined,
      unitId: /^\d{1,10}$/.test(unitId) ? unitId : undefined,
      phase: phase !== '' ? phase : undefined,
    };
  }

  override render(): TemplateResult {
    return html`<div class="page">
      <header>
        <h1 tabindex="-1">${t('featured.title')}</h1>
        <p class="lead">${t('featured.lead')}</p>
      </header>
      ${this._data.render({
        pending: () => (this._data.value ? this._renderWall(this._data.value) : html`<p class="muted" role="status">${t('featured.loading')}</p>`),
        error: (err) => html`<gr-error-message retryable .error=${err} @gr-retry=${() => void this._data.run()}></gr-error-message>`,
        complete: (data) => this._renderWall(data),
      }) ?? nothing}
    </div>`;
  }

  private _renderWall(data: WallData): TemplateResult {
    return html`
      <section aria-labelledby="counts-h">
        <h2 id="counts-h" class="visually-hidden">${t('featured.countsLabel')}</h2>
        <ul class="counts">
          ${data.wall.counts.map((c) => {
            const name = t(`featured.collection.${c.collection}`);
            return html`<li aria-label=${t('featured.countLabel', { name, count: c.count, target: c.target })}>
              <span class="name" aria-hidden="true">${name}</span>
              <span class="number" aria-hidden="true">${t('featured.count', { count: c.count, target: c.target })}</span>
              <progress aria-hidden="true" max=${Math.max(1, c.target)} value=${Math.min(c.count, Math.max(1, c.target))}></progress>
            </li>`;
          })}
        </ul>
      </section>
      ${this._renderFilters(data)}
      <section aria-labelledby="wall-h">
        <h2 id="wall-h" class="visually-hidden">${t('featured.title')}</h2>
        ${this._pager.items.length === 0
          ? html`<p class="muted">${t('featured.empty')}</p>`
          : html`<ul class="wall">${this._pager.items.map((entry) => html`<li><gr-featured-card .entry=${entry}></gr-featured-card></li>`)}</ul>`}
        <div class="more">${this._pager.renderMore(t('featured.loadMore'))}</div>
      </section>
    `;
  }

  private _renderFilters(data: WallData): TemplateResult {
    const all = t('featured.filter.all');
    return html`<form class="filters" aria-label=${t('featured.filters')} @change=${this._onFilter} @submit=${(e: Event) => e.preventDefault()}>
      <div class="field">
        <label for="f-collection">${t('featured.filter.collection')}</label>
        <select id="f-collection" name="collection">
          <option value="" ?selected=${this.collection === ''}>${all}</option>
          ${FEATURED_COLLECTIONS.map((c) => html`<option value=${c} ?selected=${this.collection === c}>${t(`featured.collection.${c}`)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="f-unit">${t('featured.filter.unit')}</label>
        <select id="f-unit" name="unitId">
          <option value="" ?selected=${this.unitId === ''}>${all}</option>
          ${flattenUnitTree(data.units).map((row) => html`<option value=${String(row.unit.id)} ?selected=${this.unitId === String(row.unit.id)}>${'\u3000'.repeat(row.depth)}${row.unit.name}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="f-phase">${t('featured.filter.phase')}</label>
        <select id="f-phase" name="phase">
          <option value="" ?selected=${this.phase === ''}>${all}</option>
          ${data.campaign.phases.map((p) => html`<option value=${p.id} ?selected=${this.phase === p.id}>${p.name}</option>`)}
        </select>
      </div>
    </form>`;
  }

  private _onFilter(event: Event): void {
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const key of ['collection', 'unitId', 'phase']) {
      const value = String(data.get(key) ?? '');
      if (value !== '') params.set(key, value);
    }
    const query = params.toString();
    navigate(query ? `/featured?${query}` : '/featured', { replace: true });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-featured-page': GrFeaturedPage;
  }
}
