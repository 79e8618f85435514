/**
 * The moderation views the web uses, from the server's presenters and domain (`import type`
 * and the domain's constants), plus the shapes of the few answers that have no presenter.
 */
import type { QueueItemView } from '../../server/presenters/moderation.presenter';

export type {
  AppealView, ModLogView, QueueItemView, ReasonTemplateView, WatchedWordView,
} from '../../server/presenters/moderation.presenter';
export type { QueueAction, QueueItemType, WatchedWordAction } from '../../server/domain/moderation';
export {
  QUEUE_ACTIONS_BY_TYPE as ACTIONS_BY_TYPE, QUEUE_ITEM_TYPES, WATCHED_WORD_ACTIONS,
} from '../../server/domain/moderation';

/** GET /api/mod/queue: a page of items and the open count. */
export interface QueuePageView {
  items: QueueItemView[];
  nextCursor: string | null;
  open: number;
  /** The moderators' room seq read with the page: what the page's realtime replays from. */
  seq: number;
}

/** One outcome of POST /api/mod/queue/bulk. */
export interface BulkResult {
  id: number;
  ok: boolean;
  code: string | null;
  message: string | null;
  item: QueueItemView | null;
}

/** POST /api/watched-words/import: how the rows went. */
export interface WatchedWordImportView {
  added: number;
  updated: number;
  skipped: Array<{ line: number; reason: string }>;
}
