import { isBoardSlug } from '../../server/domain/forum';
import { QUEUE_ITEM_TYPES, type QueueItemType } from '../../server/domain/moderation';
import type { QueueFilters } from '../controllers/mod-queue-controller';

/** The sorts of /mod's queue, in the order the select lists them. */
export const QUEUE_SORTS: ReadonlyArray<QueueFilters['sort']> = ['newest', 'oldest', 'most_flagged'];

/** The queue's filters when the URL says nothing: open items, all types and boards, newest first. */
export const DEFAULT_QUEUE_FILTERS: QueueFilters = { type: '', board: '', status: 'open', mine: false, sort: 'newest' };

/**
 * /mod's filters from its query string (`?type=flag&board=qunzhong&status=resolved&mine=1&sort=oldest`),
 * so a reload, a shared link or Back shows the same list. A value that is not one of the
 * known ones (an edited or stale link) falls back to its default rather than failing.
 */
export function queueFiltersFromQuery(query: URLSearchParams): QueueFilters {
  const type = query.get('type') ?? '';
  const board = query.get('board') ?? '';
  const sort = query.get('sort') ?? '';
  return {
    type: (QUEUE_ITEM_TYPES as readonly string[]).includes(type) ? (type as QueueItemType) : '',
    board: isBoardSlug(board) ? board : '',
    status: query.get('status') === 'resolved' ? 'resolved' : 'open',
    mine: query.get('mine') === '1',
    sort: (QUEUE_SORTS as readonly string[]).includes(sort) ? (sort as QueueFilters['sort']) : 'newest',
  };
}

/** The query string of /mod for `filters` ('' for the defaults), leaving defaults out; the inverse of queueFiltersFromQuery. */
export function queueFiltersToQuery(filters: QueueFilters): string {
  const query = new URLSearchParams();
  if (filters.type) query.set('type', filters.type);
  if (filters.board) query.set('board', filters.board);
  if (filters.status !== 'open') query.set('status', filters.status);
  if (filters.mine) query.set('mine', '1');
  if (filters.sort !== 'newest') query.set('sort', filters.sort);
  return query.toString();
}

/** Whether two filter sets ask for the same list. */
export function sameQueueFilters(a: QueueFilters, b: QueueFilters): boolean {
  return queueFiltersToQuery(a) === queueFiltersToQuery(b);
}
