import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { api, apiPath } from '../api/client';
import type { QueueItemType, QueueItemView, QueuePageView } from '../api/moderation-types';
import { FirstSeq, RoomController } from '../realtime/room-controller';
import { ApiTask, type ApiTaskStatus } from './api-task';
import { KeysetPager } from './keyset-pager';

/** Items per page of the queue. */
export const QUEUE_PAGE_SIZE = 20;

/** The queue's filters and sort, as /mod's query string keeps them. */
export interface QueueFilters {
  type: QueueItemType | '';
  board: string;
  status: 'open' | 'resolved';
  mine: boolean;
  sort: 'newest' | 'oldest' | 'most_flagged';
}

/** The query of GET /api/mod/queue for `filters`. */
function queryOf(filters: QueueFilters, cursor?: string): Record<string, string | number> {
  return {
    limit: QUEUE_PAGE_SIZE,
    status: filters.status,
    sort: filters.sort,
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.board ? { board: filters.board } : {}),
    ...(filters.mine ? { assigned: 'me' } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** Does an item belong in the list these filters show? */
export function matches(item: QueueItemView, filters: QueueFilters, me: number | null): boolean {
  if (item.status !== filters.status) return false;
  if (filters.type && item.type !== filters.type) return false;
  if (filters.board && item.board?.slug !== filters.board) return false;
  if (filters.mine && item.claimedBy?.id !== me) return false;
  return true;
}

/**
 * The data half of /mod's queue: the first page for the current filters (an ApiTask keyed
 * by them), further pages (KeysetPager), the open count, and live updates from the
 * `moderators` room — a new item appears at the top (newest first) or behind "N new"
 * (other sorts), and a changed item is fetched again and replaced in place, so who claimed
 * it and how it was resolved show at once on every moderator's page.
 */
export class ModQueueController implements ReactiveController {
  /** How many items are open in the whole queue (the badge's number). */
  open: number | null = null;
  /** New items that arrived live and are not in the list (sorts other than newest). */
  arrived = 0;
  readonly pager: KeysetPager<QueueItemView>;

  private readonly _host: ReactiveControllerHost;
  private readonly _filters: () => QueueFilters;
  private readonly _me: () => number | null;
  private readonly _load: ApiTask<void, readonly [string]>;

  /** The moderators' room seq that came with the first page: the room is followed from it. */
  private readonly _seq = new FirstSeq();

  constructor(host: ReactiveControllerHost, filters: () => QueueFilters, me: () => number | null) {
    this._host = host;
    this._filters = filters;
    this._me = me;
    host.addController(this);
    this.pager = new KeysetPager<QueueItemView>(host, {
      fetchPage: async (cursor) => api.get<QueuePageView>('/api/mod/queue', { query: queryOf(this._filters(), cursor) }),
      key: (item) => item.id,
    });
    this._load = new ApiTask(host, {
      args: () => [JSON.stringify(filters())] as const,
      task: async (_args, signal) => {
        const page = await api.get<QueuePageView>('/api/mod/queue', { query: queryOf(this._filters()), signal }).catch((error: unknown) => {
          this._seq.failed();
          throw error;
        });
        this._seq.took(page.seq);
        this.open = page.open;
        this.arrived = 0;
        this.pager.reset(page);
      },
    });
    new RoomController(host, {
      room: () => 'moderators',
      since: () => this._seq.value,
      onEvent: (event) => {
        if (event.type !== 'queue:changed') return;
        this.open = event.data.open;
        const change = event.data as { itemId?: number | null; change?: string };
        if (typeof change.itemId === 'number') void this.refreshItem(change.itemId, change.change === 'created');
      },
      onResync: () => void this.reload(),
    });
  }

  hostConnected(): void {}

  /** Where the first page stands. */
  get status(): ApiTaskStatus {
    return this._load.status;
  }

  /** Why the first page failed. */
  get error(): unknown {
    return this._load.error;
  }

  /** Loads the first page again. */
  reload(): Promise<void> {
    return this._load.run();
  }

  /** Replaces an item shown with the server's newer view (after an action on this page). */
  replace(item: QueueItemView): void {
    const items = this.pager.items;
    if (items.some((known) => known.id === item.id)) this.pager.setItems(items.map((known) => (known.id === item.id ? item : known)));
  }

  /**
   * Fetches one item again after a live change: replaces it where shown, and places a new
   * one that fits the filters.
   */
  async refreshItem(id: number, created: boolean): Promise<QueueItemView | null> {
    let item: QueueItemView;
    try {
      item = (await api.get<{ item: QueueItemView }>(apiPath`/api/mod/queue/${id}`)).item;
    } catch {
      return null;
    }
    const items = this.pager.items;
    if (items.some((known) => known.id === id)) {
      this.replace(item);
    } else if (created && matches(item, this._filters(), this._me())) {
      if (this._filters().sort === 'newest') this.pager.setItems([item, ...items]);
      else {
        this.arrived += 1;
        this._host.requestUpdate();
      }
    }
    return item;
  }
}
