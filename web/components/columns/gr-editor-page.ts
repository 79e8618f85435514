import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import { loadBoards } from '../../api/boards-cache';
import { loadCampaign, loadUnits } from '../../api/campaign';
import { flattenUnitTree } from '../../api/unit-tree';
import { loadMyDraftEditions, type DraftEditionChoice, type EditionItemView } from '../../api/columns';
import { errorText } from '../../api/error-text';
import { TOPIC_KINDS } from '../../../server/domain/forum';
import type { BoardView } from '../../../server/presenters/board.presenter';
import type { CampaignView } from '../../../server/presenters/campaign.presenter';
import type { MaterialPageView, MaterialView } from '../../../server/presenters/material.presenter';
import type { PlaceRef } from '../../../server/presenters/place.presenter';
import type { UnitView } from '../../../server/presenters/unit.presenter';
import { ApiTask } from '../../controllers/api-task';
import { KeysetPager } from '../../controllers/keyset-pager';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, t } from '../../i18n';
import { topicKindName } from '../../i18n/forum-labels';
import { navigate } from '../../router';
import { DESK_FILTERS, type DeskFilter } from '../../text/desk-filters';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import '../shell/gr-error-message';
import './gr-editor-nav';
import '../campaign/gr-place-picker';

/** Results fetched per page. */
const PAGE_SIZE = 20;
/** Where the desk remembers the edition chosen in its picker. */
const CHOSEN_KEY = 'gr.desk.edition';

interface DeskData {
  boards: BoardView[];
  units: UnitView[];
  campaign: CampaignView;
  drafts: DraftEditionChoice[];
}

/**
 * The editors' desk (/editor): material for an edition in one list — visit-confirmed field
 * notes first, then featured posts, then recent lively posts — searched with the forum's
 * Chinese search and filtered by source, board, kind, unit, activity, place and date. The
 * filters live in the URL. Each result shows its 实地走访 mark, its featured badges and where
 * it was already used, and "加入本期" adds it in one step to the draft edition chosen above.
 */
@customElement('gr-editor-page')
export class GrEditorPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    css`
      form.filters {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 11rem), 1fr));
        gap: var(--gr-space-3);
        align-items: end;
        margin-bottom: var(--gr-space-4);
      }

      form.filters .field {
        display: grid;
        gap: var(--gr-space-1);
        min-width: 0;
      }

      form.filters .search,
      form.filters .place-filter {
        grid-column: 1 / -1;
      }

      form.filters .search .row {
        display: flex;
        gap: var(--gr-space-2);
      }

      form.filters .search input {
        flex: 1 1 auto;
        min-width: 0;
      }

      form.filters .search button {
        flex: none;
        white-space: nowrap;
      }

      form.filters label,
      .picker label {
        font-weight: 600;
        font-size: var(--gr-font-size-sm);
      }

      select,
      input {
        max-width: 100%;
        min-width: 0;
      }

      .picker {
        display: flex;
        flex-wrap: wrap;
        gap: var(--gr-space-2) var(--gr-space-3);
        align-items: center;
        padding: var(--gr-space-3);
        margin-bottom: var(--gr-space-4);
        border: 1px solid var(--gr-color-border);
        border-radius: var(--gr-radius-md);
        background: var(--gr-color-surface);
      }

      .picker select {
        flex: 1 1 16rem;
      }

      ul.material {
        display: grid;
        gap: var(--gr-space-3);
        margin: 0;
        padding: 0;
        list-style: none;
      }

      ul.material > li {
        padding: var(--gr-space-3) var(--gr-space-4);
        border: 1px solid var(--gr-color-border);
        border-radius: var(--gr-radius-md);
        background: var(--gr-color-surface);
        overflow-wrap: anywhere;
      }

      h3 {
        margin: 0 0 var(--gr-space-1);
        font-size: var(--gr-font-size-lg);
      }

      .badges,
      .uses {
        display: flex;
        flex-wrap: wrap;
        gap: var(--gr-space-1) var(--gr-space-2);
        margin: var(--gr-space-1) 0;
        padding: 0;
        list-style: none;
      }

      .badge {
        display: inline-block;
        padding: 0 var(--gr-space-2);
        border-radius: var(--gr-radius-sm);
        border: 1px solid var(--gr-color-border);
        font-size: var(--gr-font-size-sm);
      }

      .badge.visited {
        border-color: var(--gr-color-accent);
        color: var(--gr-color-accent);
        font-weight: 600;
      }

      .chip {
        display: inline-block;
        padding: 0 var(--gr-space-2);
        border-radius: 999px;
        background: var(--gr-color-bg);
        border: 1px dashed var(--gr-color-border);
        font-size: var(--gr-font-size-sm);
      }

      .meta {
        color: var(--gr-color-text-muted);
        font-size: var(--gr-font-size-sm);
        margin: 0;
      }

      .excerpt {
        margin: var(--gr-space-2) 0;
      }

      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--gr-space-2);
        align-items: center;
      }

      .added {
        color: var(--gr-color-success, var(--gr-color-accent));
      }

      .problem {
        color: var(--gr-color-danger);
        margin: 0;
      }

      .more {
        margin-top: var(--gr-space-4);
        text-align: center;
      }
    `,
  ];

  /** The URL's filters (?q=&source=&board=&kind=&unit=&activity=&place=&from=&to=). */
  @property({ attribute: false }) filters: Partial<Record<DeskFilter, string>> = {};

  @state() private _chosen = readChosen();
  /** The place the filter names (?place=), looked up for the picker to show its name. */
  @state() private _place: PlaceRef | null = null;
  /** Per result: what adding it said (done or the problem). */
  @state() private _said = new Map<number, { ok: boolean; text: string }>();
  @state() private _adding: number | null = null;

  private readonly _pager = new KeysetPager<MaterialView>(this, {
    fetchPage: async (cursor) => api.get<MaterialPageView>('/api/editor/material', { query: { ...this._query(), cursor } }),
    key: (entry) => entry.post.id,
  });

  private readonly _lists = new ApiTask(this, {
    task: async (_args, signal): Promise<DeskData> => {
      const [boards, units, campaign, drafts] = await Promise.all([loadBoards(), loadUnits(), loadCampaign(), loadMyDraftEditions(signal)]);
      return { boards, units, campaign, drafts };
    },
    args: () => [] as const,
  });

  private readonly _material = new ApiTask(this, {
    task: async ([query], signal): Promise<MaterialPageView> => {
      const page = await api.get<MaterialPageView>('/api/editor/material', { query: JSON.parse(query) as Record<string, string | number>, signal });
      this._pager.reset(page);
      this._said = new Map();
      return page;
    },
    args: () => [JSON.stringify(this._query())] as const,
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  private _query(): Record<string, string | number> {
    const query: Record<string, string | number> = { limit: PAGE_SIZE };
    for (const key of DESK_FILTERS) {
      const value = this.filters[key]?.trim() ?? '';
      if (value !== '') query[key] = value;
    }
    return query;
  }

  override render(): TemplateResult {
    return html`<div class="page">
      <gr-editor-nav current="desk"></gr-editor-nav>
      <header>
        <h1 tabindex="-1">${t('desk.title')}</h1>
        <p class="muted">${t('desk.lead')}</p>
      </header>
      ${this._lists.render({
        pending: () => html`<p class="muted" role="status">${t('desk.loading')}</p>`,
        error: (err) => html`<gr-error-message retryable .error=${err} @gr-retry=${() => void this._lists.run()}></gr-error-message>`,
        complete: (data) => html`${this._renderPicker(data)}${this._renderFilters(data)}`,
      }) ?? nothing}
      <section aria-labelledby="material-h">
        <h2 id="material-h">${t('desk.results')}</h2>
        ${this._material.render({
          pending: () => (this._material.value ? this._renderList() : html`<p class="muted" role="status">${t('desk.loading')}</p>`),
          error: (err) => html`<gr-error-message retryable .error=${err} @gr-retry=${() => void this._material.run()}></gr-error-message>`,
          complete: () => this._renderList(),
        }) ?? nothing}
      </section>
    </div>`;
  }

  private _renderPicker(data: DeskData): TemplateResult {
    if (data.drafts.length === 0) {
      return html`<div class="picker"><p>${t('desk.noDrafts')} <a href="/editor/columns">${t('desk.toColumns')}</a></p></div>`;
    }
    const chosen = this._chosenDraft(data);
    return html`<div class="picker">
      <label for="desk-edition">${t('desk.addTo')}</label>
      <select id="desk-edition" @change=${this._onChoose}>
        ${data.drafts.map((d) => html`<option value=${String(d.edition.id)} ?selected=${chosen?.edition.id === d.edition.id}>${editionName(d)}</option>`)}
      </select>
      ${chosen ? html`<a href=${`/editor/editions/${chosen.edition.id}`}>${t('desk.openBuilder')}</a>` : nothing}
    </div>`;
  }

  private _chosenDraft(data: DeskData): DraftEditionChoice | null {
    return data.drafts.find((d) => d.edition.id === this._chosen) ?? data.drafts[0] ?? null;
  }

  private _renderFilters(data: DeskData): TemplateResult {
    const f = this.filters;
    const all = t('desk.filter.all');
    return html`<form class="filters" role="search" aria-label=${t('desk.filters')} @submit=${this._onSubmit} @change=${this._onChange}>
      <div class="field search">
        <label for="desk-q">${t('desk.search')}</label>
        <div class="row">
          <input id="desk-q" name="q" type="search" maxlength="200" .value=${f.q ?? ''} />
          <button type="submit">${t('desk.searchButton')}</button>
        </div>
      </div>
      <div class="field">
        <label for="desk-source">${t('desk.filter.source')}</label>
        <select id="desk-source" name="source">
          <option value="" ?selected=${!f.source}>${t('desk.source.all')}</option>
          ${(['confirmed', 'featured', 'recent'] as const).map((s) => html`<option value=${s} ?selected=${f.source === s}>${t(`desk.source.${s}`)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="desk-board">${t('desk.filter.board')}</label>
        <select id="desk-board" name="board">
          <option value="" ?selected=${!f.board}>${all}</option>
          ${data.boards.map((b) => html`<option value=${b.slug} ?selected=${f.board === b.slug}>${b.name}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="desk-kind">${t('desk.filter.kind')}</label>
        <select id="desk-kind" name="kind">
          <option value="" ?selected=${!f.kind}>${all}</option>
          ${TOPIC_KINDS.map((k) => html`<option value=${k} ?selected=${f.kind === k}>${topicKindName(k)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="desk-unit">${t('desk.filter.unit')}</label>
        <select id="desk-unit" name="unit">
          <option value="" ?selected=${!f.unit}>${all}</option>
          ${flattenUnitTree(data.units).map((row) => html`<option value=${String(row.unit.id)} ?selected=${f.unit === String(row.unit.id)}>${'\u3000'.repeat(row.depth)}${row.unit.name}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="desk-activity">${t('desk.filter.activity')}</label>
        <select id="desk-activity" name="activity">
          <option value="" ?selected=${!f.activity}>${all}</option>
          ${data.campaign.activities.map((a) => html`<option value=${a.id} ?selected=${f.activity === a.id}>${a.name}</option>`)}
        </select>
      </div>
      <div class="place-filter">
        <gr-place-picker optional .label=${t('desk.filter.place')} .value=${this._place}
          @gr-place-change=${this._onPlace}></gr-place-picker>
        <input type="hidden" name="place" .value=${f.place ?? ''} />
      </div>
      <div class="field">
        <label for="desk-from">${t('desk.filter.from')}</label>
        <input id="desk-from" name="from" type="date" .value=${f.from ?? ''} />
      </div>
      <div class="field">
        <label for="desk-to">${t('desk.filter.to')}</label>
        <input id="desk-to" name="to" type="date" .value=${f.to ?? ''} />
      </div>
    </form>`;
  }

  private _renderList(): TemplateResult {
    const items = this._pager.items;
    return html`
      ${items.length === 0
        ? html`<p class="muted">${t('desk.empty')}</p>`
        : html`<ul class="material">${items.map((item) => this._renderItem(item))}</ul>`}
      <div class="more">${this._pager.renderMore(t('desk.loadMore'))}</div>
    `;
  }

  private _renderItem(item: MaterialView): TemplateResult {
    const said = this._said.get(item.post.id);
    const data = this._lists.value;
    const chosen = data ? this._chosenDraft(data) : null;
    const inChosen = chosen !== null && item.usedIn.some((u) => u.editionId === chosen.edition.id);
    const titleId = `m-${item.post.id}`;
    return html`<li aria-labelledby=${titleId}>
      <h3 id=${titleId}><a href=${`/t/${item.topic.id}${item.post.isFirst ? '' : `#post-${item.post.id}`}`}>${item.topic.title}</a></h3>
      <p class="badges">
        ${item.topic.kind !== 'discussion' ? html`<span class="badge">${topicKindName(item.topic.kind)}</span>` : nothing}
        ${item.visit?.confirmed ? html`<span class="badge visited">${t('desk.visited')}</span>` : nothing}
        ${item.featured.map((c) => html`<span class="badge">${t('desk.featured', { name: t(`featured.collection.${c}`) })}</span>`)}
      </p>
      <p class="meta">
        ${[
          item.author.displayName || item.author.username,
          item.unit?.name,
          item.place ? t('desk.place', { place: item.place.name }) : null,
          item.visit ? t('desk.visitedOn', { date: item.visit.visitedOn }) : formatDate(item.post.createdAt),
          t('desk.counts', { reactions: item.reactions, replies: item.replies }),
        ].filter(Boolean).join(' · ')}
      </p>
      <p class="excerpt">${item.post.excerpt}</p>
      ${item.usedIn.length > 0
        ? html`<ul class="uses" aria-label=${t('desk.usedInLabel')}>
            ${item.usedIn.map((u) => html`<li class="chip">${t('desk.usedIn', { outlet: u.outletName, column: u.columnName, number: u.editionNumber })}${u.state !== 'published' ? html` <span class="muted">(${t(`edition.state.${u.state}`)})</span>` : nothing}</li>`)}
          </ul>`
        : nothing}
      <div class="actions">
        ${chosen
          ? html`<button type="button" ?disabled=${inChosen || this._adding === item.post.id}
              aria-describedby=${`${titleId}-said`}
              @click=${() => void this._add(item, chosen)}>${inChosen ? t('desk.inEdition') : t('desk.add')}</button>`
          : nothing}
        <span id=${`${titleId}-said`} role="status" class=${said ? (said.ok ? 'added' : 'problem') : ''}>${said?.text ?? ''}</span>
      </div>
    </li>`;
  }

  private async _add(item: MaterialView, chosen: DraftEditionChoice): Promise<void> {
    this._adding = item.post.id;
    const said = new Map(this._said);
    try {
      await api.post<{ item: EditionItemView }>(apiPath`/api/editions/${chosen.edition.id}/items`, { postId: item.post.id });
      item.usedIn = [...item.usedIn, {
        editionId: chosen.edition.id, columnSlug: chosen.column.slug, columnName: chosen.column.name, outletName: chosen.column.outletName,
        editionNumber: chosen.edition.number, editionTitle: chosen.edition.title, state: chosen.edition.state,
      }];
      said.set(item.post.id, { ok: true, text: t('desk.added', { edition: editionName(chosen) }) });
    } catch (err) {
      said.set(item.post.id, { ok: false, text: errorText(err) });
    } finally {
      this._adding = null;
      this._said = said;
    }
  }

  private _onChoose(event: Event): void {
    this._chosen = Number((event.currentTarget as HTMLSelectElement).value);
    try {
      globalThis.localStorage?.setItem(CHOSEN_KEY, String(this._chosen));
    } catch {
      // Not remembered; the choice holds for this visit.
    }
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (!changed.has('filters')) return;
    const id = Number(this.filters.place ?? '');
    if (!Number.isSafeInteger(id) || id <= 0) {
      this._place = null;
    } else if (this._place?.id !== id) {
      // A shared link names the place by its number: show its name in the picker.
      api.get<{ place: PlaceRef }>(apiPath`/api/places/${id}`)
        .then((answer) => { if (Number(this.filters.place) === id) this._place = { id, name: answer.place.name, kind: answer.place.kind }; })
        .catch(() => { this._place = null; });
    }
  }

  private _onPlace(event: CustomEvent<PlaceRef | null>): void {
    this._place = event.detail;
    const form = (event.currentTarget as HTMLElement).closest('form');
    const hidden = form?.querySelector<HTMLInputElement>('input[name="place"]');
    if (!form || !hidden) return;
    hidden.value = event.detail ? String(event.detail.id) : '';
    this._apply(form);
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    this._apply(event.currentTarget as HTMLFormElement);
  }

  private _onChange(event: Event): void {
    // The search box applies on submit (Enter or the button); the other filters at once.
    if ((event.target as HTMLElement).id === 'desk-q') return;
    this._apply(event.currentTarget as HTMLFormElement);
  }

  private _apply(form: HTMLFormElement): void {
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const key of DESK_FILTERS) {
      const value = String(data.get(key) ?? '').trim();
      if (value !== '') params.set(key, value);
    }
    const query = params.toString();
    navigate(query ? `/editor?${query}` : '/editor', { replace: true });
  }
}

/** 《衢州日报》「走基层」第3期 · title */
function editionName(choice: DraftEditionChoice): string {
  return t('desk.editionName', { outlet: choice.column.outletName, column: choice.column.name, number: choice.edition.number, title: choice.edition.title });
}

function readChosen(): number | null {
  try {
    const value = Number(globalThis.localStorage?.getItem(CHOSEN_KEY));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-editor-page': GrEditorPage;
  }
}
