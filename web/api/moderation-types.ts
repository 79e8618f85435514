/**
 * The moderation views the web uses, in one place: the pages import them from here. They
 * mirror the server presenters of issue 10 (/work/briefs/mod-api-contract.md) until those
 * land in the merged branch; then this file re-exports them with `import type`.
 */
import type { FlagReason } from '../../server/domain/moderation';
import type { PostView } from '../../server/presenters/post.presenter';
import type { UserRef } from '../../server/presenters/user.presenter';

/** The queue item types. */
export type QueueItemType = 'flag' | 'held_post' | 'visit_claim' | 'appeal';
/** The queue item types, in the order the filter lists them. */
export const QUEUE_ITEM_TYPES: readonly QueueItemType[] = ['flag', 'held_post', 'visit_claim', 'appeal'];

/** The actions that resolve a queue item. */
export type QueueAction =
  | 'dismiss' | 'hide' | 'approve' | 'reject' | 'confirm_visit' | 'reject_visit' | 'uphold' | 'overturn';

/** The actions that fit each item type, in the order they are offered. */
export const ACTIONS_BY_TYPE: Readonly<Record<QueueItemType, readonly QueueAction[]>> = {
  flag: ['hide', 'dismiss'],
  held_post: ['approve', 'reject'],
  visit_claim: ['confirm_visit', 'reject_visit'],
  appeal: ['uphold', 'overturn'],
};

/** A topic's visit link review state. */
export type VisitClaimState = 'none' | 'claimed' | 'confirmed' | 'rejected';

/** The summary of a linked visit (never its findings). */
export interface VisitSummary {
  id: number;
  placeId: number;
  placeName: string;
  visitedOn: string;
}

/** A member's own open flag on a post. */
export interface MyFlag {
  id: number;
  reason: FlagReason;
  note: string | null;
  createdAt: string;
}

/** One moderation log row. */
export interface ModLogView {
  id: number;
  action: string;
  moderator: UserRef | null;
  targetType: string;
  targetId: number;
  targetUser: UserRef | null;
  note: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: string;
}

/** An appeal against one moderation action. */
export interface AppealView {
  id: number;
  action: ModLogView;
  text: string;
  status: 'open' | 'upheld' | 'overturned';
  decisionNote: string | null;
  decidedAt: string | null;
  createdAt: string;
}

/** One flag of a flagged post, with who raised it. */
export interface QueueFlag {
  id: number;
  reason: FlagReason;
  note: string | null;
  user: UserRef;
  createdAt: string;
  status: string;
}

/** One item of the moderators' queue. */
export interface QueueItemView {
  id: number;
  type: QueueItemType;
  status: 'open' | 'resolved';
  createdAt: string;
  updatedAt: string;
  board: { id: number; slug: string; name: string } | null;
  topic: { id: number; title: string; kind: string; visitClaim: VisitClaimState; visitId: number | null } | null;
  post: PostView | null;
  author: {
    id: number;
    username: string;
    displayName: string;
    postCount: number;
    moderationCount: number;
    silencedUntil: string | null;
    suspendedUntil: string | null;
  } | null;
  flags: QueueFlag[];
  flagCount: number;
  visit: (VisitSummary & { createdBy: UserRef; participantIds: number[] }) | null;
  appeal: AppealView | null;
  claimedBy: UserRef | null;
  claimedAt: string | null;
  resolution: { action: string; note: string | null; by: UserRef; at: string } | null;
}

/** GET /api/mod/queue: a page of items and the open count. */
export interface QueuePageView {
  items: QueueItemView[];
  nextCursor: string | null;
  open: number;
}

/** One outcome of a bulk action. */
export interface BulkResult {
  id: number;
  ok: boolean;
  code: string | null;
  message: string | null;
  item: QueueItemView | null;
}

/** A reason template admins maintain. */
export interface ReasonTemplateView {
  id: number;
  title: string;
  text: string;
  createdAt: string;
}

/** What a watched word does. */
export type WatchedWordAction = 'block' | 'hold' | 'replace';
/** The watched word actions, in the order offered. */
export const WATCHED_WORD_ACTIONS: readonly WatchedWordAction[] = ['block', 'hold', 'replace'];

/** One watched word. */
export interface WatchedWordView {
  id: number;
  word: string;
  action: WatchedWordAction;
  replacement: string | null;
  createdAt: string;
}

/** POST /api/watched-words/import: how the rows went. */
export interface WatchedWordImportView {
  added: number;
  updated: number;
  skipped: Array<{ line: number; reason: string }>;
}

/** The moderation fields the contract adds to TopicView. */
export interface TopicModerationFields {
  lockReason?: string | null;
  visitClaim?: VisitClaimState;
  visit?: VisitSummary | null;
  visitReviewNote?: string | null;
  held?: boolean;
}

/** The moderation fields the contract adds to PostView. */
export interface PostModerationFields {
  held?: boolean;
  myFlag?: MyFlag | null;
}

/** The moderation fields the contract adds to UserView. */
export interface UserModerationFields {
  silencedUntil?: string | null;
  suspendedUntil?: string | null;
}

/** The data the contract adds to NotificationView for moderation notifications. */
export interface NotificationModerationData {
  data?: { modLogId?: number; note?: string; until?: string; outcome?: 'upheld' | 'overturned'; boardSlug?: string } | null;
}
