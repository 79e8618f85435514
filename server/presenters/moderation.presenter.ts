import type { AppealRow, FlagRow, ModLogRow, ReasonTemplateRow, WatchedWordRow } from '../db/schema';
import type {
  AppealStatus, FlagReason, FlagStatus, ModLogAction, ModTargetType, QueueAction, QueueItemType, QueueStatus,
  VisitClaimState, WatchedWordAction,
} from '../domain/moderation';
import type { TopicKind } from '../domain/forum';
import type { PostView } from './post.presenter';
import { unknownUserRef, type UserRef } from './user.presenter';

/**
 * `queue:changed`, sent to the moderators' room when the review queue changes: what the
 * queue badge shows, and which item changed how.
 */
export interface ModerationQueueView {
  /** How many items wait in the queue: flags, held posts, visit claims and appeals together. */
  open: number;
  /** The item that changed; null when several did at once. */
  itemId: number | null;
  change: 'created' | 'updated' | 'claimed' | 'released' | 'resolved';
}

/** One row of the moderation log. */
export interface ModLogView {
  id: number;
  action: ModLogAction;
  moderator: UserRef | null;
  targetType: ModTargetType;
  targetId: number;
  targetUser: UserRef | null;
  note: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: string;
}

/** Presents a log row with its people. */
export function presentModLog(row: ModLogRow, people: Map<number, UserRef>): ModLogView {
  return {
    id: row.id,
    action: row.action,
    moderator: row.moderatorId === null ? null : people.get(row.moderatorId) ?? unknownUserRef(row.moderatorId),
    targetType: row.targetType,
    targetId: row.targetId,
    targetUser: row.targetUserId === null ? null : people.get(row.targetUserId) ?? unknownUserRef(row.targetUserId),
    note: row.note,
    before: (row.before as Record<string, unknown> | null) ?? null,
    after: (row.after as Record<string, unknown> | null) ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A flag as its flagger and moderators see it. */
export interface FlagView {
  id: number;
  postId: number;
  reason: FlagReason;
  note: string | null;
  status: FlagStatus;
  createdAt: string;
}

/** Presents a flag row. */
export function presentFlag(row: FlagRow): FlagView {
  return { id: row.id, postId: row.postId, reason: row.reason, note: row.note, status: row.status, createdAt: row.createdAt.toISOString() };
}

/** A flag on a queue item: who flagged, why. */
export interface QueueFlagView extends FlagView {
  user: UserRef;
}

/** An appeal as the appellant and moderators see it. */
export interface AppealView {
  id: number;
  action: ModLogView;
  text: string;
  status: AppealStatus;
  decisionNote: string | null;
  decidedAt: string | null;
  createdAt: string;
}

/** Presents an appeal with the log row it appeals. */
export function presentAppeal(row: AppealRow, action: ModLogView): AppealView {
  return {
    id: row.id,
    action,
    text: row.text,
    status: row.status,
    decisionNote: row.decisionNote,
    decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The author of a queue item's content with their history. */
export interface QueueAuthorView extends UserRef {
  /** Published posts they wrote. */
  postCount: number;
  /** Moderation log rows that concern them. */
  moderationCount: number;
  silencedUntil: string | null;
  suspendedUntil: string | null;
}

/** The claimed visit of a visit_claim item (coordination facts only). */
export interface QueueVisitView {
  id: number;
  placeId: number;
  placeName: string;
  visitedOn: string;
  createdBy: UserRef;
  participantIds: number[];
}

/** One item of the review queue. */
export interface QueueItemView {
  id: number;
  type: QueueItemType;
  status: QueueStatus;
  createdAt: string;
  updatedAt: string;
  board: { id: number; slug: string; name: string } | null;
  topic: { id: number; title: string; kind: TopicKind; visitClaim: VisitClaimState; visitId: number | null } | null;
  /** The post as its author wrote it (moderators see hidden and held bodies). */
  post: PostView | null;
  author: QueueAuthorView | null;
  flags: QueueFlagView[];
  /** Open flags on the post. */
  flagCount: number;
  visit: QueueVisitView | null;
  appeal: AppealView | null;
  claimedBy: UserRef | null;
  claimedAt: string | null;
  resolution: { action: QueueAction; note: string | null; by: UserRef | null; at: string } | null;
}

/** A reason template admins maintain for moderators' notes. */
export interface ReasonTemplateView {
  id: number;
  title: string;
  text: string;
  createdAt: string;
}

/** Presents a reason template row. */
export function presentReasonTemplate(row: ReasonTemplateRow): ReasonTemplateView {
  return { id: row.id, title: row.title, text: row.text, createdAt: row.createdAt.toISOString() };
}

/** A watched word (敏感词) as the admin page lists it. */
export interface WatchedWordView {
  id: number;
  word: string;
  action: WatchedWordAction;
  replacement: string | null;
  createdAt: string;
}

/** Presents a watched word row. */
export function presentWatchedWord(row: WatchedWordRow): WatchedWordView {
  return { id: row.id, word: row.word, action: row.action, replacement: row.replacement, createdAt: row.createdAt.toISOString() };
}
