import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { api } from '../../api/client';
import { loadBoards } from '../../api/boards-cache';
import {
  ACTIONS_BY_TYPE, QUEUE_ITEM_TYPES, type BulkResult, type QueueAction, type QueueItemView, type ReasonTemplateView,
} from '../../api/moderation-types';
import type { BoardView } from '../../../server/presenters/board.presenter';
import { FormController } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { ModQueueController, type QueueFilters } from '../../controllers/mod-queue-controller';
import { SessionController } from '../../controllers/session-controller';
import { t } from '../../i18n';
import { navigate } from '../../router';
import { DEFAULT_QUEUE_FILTERS, QUEUE_SORTS, queueFiltersToQuery, sameQueueFilters } from '../../text/queue-filters';
import { modQueueStyles } from '../../styles/mod-queue.styles';
import { baseStyles } from '../../styles/shared.styles';
import '../shell/gr-error-message';
import './gr-mod-item';

/**
 * The moderators' queue on /mod: flags, held posts, visit claims and appeals in one list,
 * with filters (type, board, status, claimed by me) and sort — kept in the URL's query
 * string, so a reload, a shared link or Back shows the same list — "load more", live updates
 * (ModQueueController), and a bulk action over the ticked items whose answer lists each
 * item's outcome.
 */
@customElement('gr-mod-queue')
export class GrModQueue extends LitElement {
  static override styles = [baseStyles, modQueueStyles];

  /** The filters the URL names (from /mod's query string, see queueFiltersFromQuery). */
  @property({ attribute: false }) filters: QueueFilters = DEFAULT_QUEUE_FILTERS;

  @state() private _filters: QueueFilters = DEFAULT_QUEUE_FILTERS;
  @state() private _boards: BoardView[] = [];
  @state() private _templates: ReasonTemplateView[] = [];
  @state() private _selected = new Set<number>();
  @state() private _bulkAction: QueueAction | '' = '';
  @state() private _results: Array<BulkResult & { title: string }> | null = null;

  private readonly _session = new SessionController(this);
  private readonly _queue = new ModQueueController(this, () => this._filters, () => this._session.user?.id ?? null);
  private readonly _bulk = new FormController<'action'>(this, { fields: ['action'] });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadBoards().then((boards) => (this._boards = boards), () => undefined);
    void api.get<{ items: ReasonTemplateView[] }>('/api/mod/reason-templates').then(
      (answer) => (this._templates = answer.items),
      () => undefined,
    );
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A reload, a shared link, Back or Forward: the URL's filters become the list's.
    if (changed.has('filters') && !sameQueueFilters(this.filters, this._filters)) {
      this._filters = this.filters;
      this._selected = new Set();
      this._results = null;
    }
  }

  override render(): TemplateResult {
    const queue = this._queue;
    return html`
      ${this._renderFilters()}
      ${queue.open !== null ? html`<p class="count muted" role="status">${t('mod.badge', { count: queue.open })}</p>` : nothing}
      ${queue.arrived > 0
        ? html`<button type="button" class="secondary new-bar" @click=${() => void queue.reload()}>${t('mod.newItems', { count: queue.arrived })}</button>`
        : nothing}
      ${this._renderResults()}
      ${queue.status === 'error'
        ? html`<gr-error-message retryable .error=${queue.error} @gr-retry=${() => void queue.reload()}></gr-error-message>`
        : queue.status === 'pending' && queue.pager.items.length === 0
          ? html`<p class="muted" role="status">${t('mod.loading')}</p>`
          : this._renderList()}
      ${this._selected.size > 0 ? this._renderBulk() : nothing}
    `;
  }

  private _renderFilters(): TemplateResult {
    const f = this._filters;
    return html`<form class="filters" role="search" aria-label=${t('mod.filters')} @change=${this._onFilter} @submit=${(e: Event) => e.preventDefault()}>
      <div class="field">
        <label for="q-type">${t('mod.filter.type')}</label>
        <select id="q-type" name="type">
          <option value="" .selected=${f.type === ''}>${t('mod.filter.all')}</option>
          ${QUEUE_ITEM_TYPES.map((type) => html`<option value=${type} .selected=${f.type === type}>${t(`mod.type.${type}`)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="q-board">${t('mod.filter.board')}</label>
        <select id="q-board" name="board">
          <option value="" .selected=${f.board === ''}>${t('mod.filter.all')}</option>
          ${this._boards.map((board) => html`<option value=${board.slug} .selected=${f.board === board.slug}>${board.name}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="q-status">${t('mod.filter.status')}</label>
        <select id="q-status" name="status">
          <option value="open" .selected=${f.status === 'open'}>${t('mod.status.open')}</option>
          <option value="resolved" .selected=${f.status === 'resolved'}>${t('mod.status.resolved')}</option>
        </select>
      </div>
      <div class="field">
        <label for="q-sort">${t('mod.filter.sort')}</label>
        <select id="q-sort" name="sort">
          ${QUEUE_SORTS.map((sort) => html`<option value=${sort} .selected=${f.sort === sort}>${t(`mod.sort.${sort}`)}</option>`)}
        </select>
      </div>
      <label class="check"><input type="checkbox" name="mine" .checked=${f.mine} /> ${t('mod.filter.mine')}</label>
    </form>`;
  }

  private _renderList(): TemplateResult {
    const items = this._queue.pager.items;
    if (items.length === 0) {
      return html`<p class="muted">${this._filters.status === 'open' && !this._filters.type && !this._filters.board && !this._filters.mine
        ? t('mod.emptyOpen') : t('mod.empty')}</p>`;
    }
    return html`
      <ol class="items" @gr-item-changed=${this._onItemChanged} @gr-item-select=${this._onSelect}>
        ${repeat(items, (item) => item.id, (item) => html`<li>
          <gr-mod-item .item=${item} .templates=${this._templates} ?selected=${this._selected.has(item.id)}></gr-mod-item>
        </li>`)}
      </ol>
      ${this._queue.pager.renderMore(t('mod.loadMore'), t('mod.loadingMore'))}
    `;
  }

  private _renderBulk(): TemplateResult {
    const types = new Set(this._queue.pager.items.filter((item) => this._selected.has(item.id)).map((item) => item.type));
    const actions = [...new Set([...types].flatMap((type) => ACTIONS_BY_TYPE[type]))];
    return html`<form class="bulk" aria-label=${t('mod.bulkAction')} novalidate @submit=${this._applyBulk}>
      <strong role="status">${t('mod.selected', { count: this._selected.size })}</strong>
      <label class="visually-hidden" for="bulk-action">${t('mod.bulkAction')}</label>
      <select id="bulk-action" name="action" @change=${(e: Event) => (this._bulkAction = (e.target as HTMLSelectElement).value as QueueAction)}>
        <option value="">${t('mod.bulkAction')}</option>
        ${actions.map((action) => html`<option value=${action} ?selected=${this._bulkAction === action}>${t(`mod.action.${action}`)}</option>`)}
      </select>
      <label class="visually-hidden" for="bulk-note">${t('mod.note')}</label>
      <input id="bulk-note" name="note" type="text" maxlength="1000" placeholder=${t('mod.note')} />
      <button type="submit" ?disabled=${this._bulk.busy || this._bulkAction === ''}>${t('mod.bulkApply')}</button>
      <gr-error-message .error=${this._bulk.formError}></gr-error-message>
    </form>`;
  }

  private _renderResults(): TemplateResult | typeof nothing {
    const results = this._results;
    if (!results) return nothing;
    return html`<section class="results notice" tabindex="-1" aria-labelledby="bulk-results-h">
      <strong id="bulk-results-h">${t('mod.bulkResult')}</strong>
      <ul>${results.map((r) => html`<li class=${r.ok ? '' : 'failed'}>${r.title}：${r.ok ? t('mod.bulkOk') : t('mod.bulkFailed', { reason: r.message ?? r.code ?? '' })}</li>`)}</ul>
    </section>`;
  }

  private _onFilter(event: Event): void {
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    this._filters = {
      type: String(data.get('type') ?? '') as QueueFilters['type'],
      board: String(data.get('board') ?? ''),
      status: data.get('status') === 'resolved' ? 'resolved' : 'open',
      mine: data.get('mine') !== null,
      sort: (String(data.get('sort') ?? 'newest') as QueueFilters['sort']),
    };
    this._selected = new Set();
    this._results = null;
    // A history entry per filter change (Back restores the previous list); focus stays on the control.
    const query = queueFiltersToQuery(this._filters);
    navigate(query ? `/mod?${query}` : '/mod', { inPlace: true });
  }

  private _onItemChanged(event: CustomEvent<QueueItemView>): void {
    this._queue.replace(event.detail);
    if (event.detail.status !== 'open' && this._selected.has(event.detail.id)) {
      const next = new Set(this._selected);
      next.delete(event.detail.id);
      this._selected = next;
    }
  }

  private _onSelect(event: CustomEvent<{ id: number; selected: boolean }>): void {
    const next = new Set(this._selected);
    if (event.detail.selected) next.add(event.detail.id);
    else next.delete(event.detail.id);
    this._selected = next;
  }

  private _applyBulk(event: SubmitEvent): void {
    event.preventDefault();
    const action = this._bulkAction;
    if (action === '') return;
    const note = String(new FormData(event.currentTarget as HTMLFormElement).get('note') ?? '').trim();
    const ids = [...this._selected];
    const titles = new Map(this._queue.pager.items.map((item) => [item.id, item.topic?.title ?? `#${item.id}`]));
    void this._bulk.submit({
      send: async () => {
        const answer = await api.post<{ results: BulkResult[] }>('/api/mod/queue/bulk', { ids, action, ...(note ? { note } : {}) });
        for (const result of answer.results) if (result.item) this._queue.replace(result.item);
        this._results = answer.results.map((r) => ({ ...r, title: titles.get(r.id) ?? `#${r.id}` }));
        this._selected = new Set();
        this._bulkAction = '';
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('.results')?.focus();
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-mod-queue': GrModQueue;
  }
}
