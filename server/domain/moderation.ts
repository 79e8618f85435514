/** The moderation vocabulary (API.md "Moderation, featuring, media columns"). */

/** Why a member flags a post; `other` needs a note. */
export const FLAG_REASONS = ['spam', 'off_topic', 'inappropriate', 'needs_visit_check', 'other'] as const;
/** One of FLAG_REASONS. */
export type FlagReason = (typeof FLAG_REASONS)[number];

/** Does a flag of this reason need a note saying what is wrong? */
export function flagNeedsNote(reason: FlagReason): boolean {
  return reason === 'other';
}

/** The collections of the featured wall (先进典型, 百位身边好人, 百件凡人善举). */
export const FEATURED_COLLECTIONS = ['exemplars', 'good_people', 'good_deeds'] as const;
/** One of FEATURED_COLLECTIONS. */
export type FeaturedCollection = (typeof FEATURED_COLLECTIONS)[number];

/** The longest citation (推荐理由) of a featured post. */
export const CITATION_MAX_LENGTH = 500;
/** The longest person's or deed's name, and the longest place, on a featured post. */
export const FEATURED_NAME_MAX_LENGTH = 100;
/** How many featured posts each collection aims at when the campaign sets nothing (百位身边好人、百件凡人善举). */
export const DEFAULT_FEATURED_TARGET = 100;
/** A target for each collection. */
export type FeaturedTargets = Record<FeaturedCollection, number>;
/** The targets of a campaign that sets none. */
export const DEFAULT_FEATURED_TARGETS: FeaturedTargets = {
  exemplars: DEFAULT_FEATURED_TARGET, good_people: DEFAULT_FEATURED_TARGET, good_deeds: DEFAULT_FEATURED_TARGET,
};

/** The review state of a note's link to a visit (the design card's "visited" mark). */
export const VISIT_CLAIM_STATES = ['none', 'claimed', 'confirmed', 'rejected'] as const;
/** One of VISIT_CLAIM_STATES. */
export type VisitClaimState = (typeof VISIT_CLAIM_STATES)[number];

/** What a flag is doing: waiting, taken back by its flagger, or closed by a moderator's decision. */
export const FLAG_STATUSES = ['open', 'withdrawn', 'resolved'] as const;
/** One of FLAG_STATUSES. */
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** What waits in the one review queue. */
export const QUEUE_ITEM_TYPES = ['flag', 'held_post', 'visit_claim', 'appeal'] as const;
/** One of QUEUE_ITEM_TYPES. */
export type QueueItemType = (typeof QUEUE_ITEM_TYPES)[number];

/** A queue item's state. */
export const QUEUE_STATUSES = ['open', 'resolved'] as const;
/** One of QUEUE_STATUSES. */
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

/** The orders the queue can be read in. */
export const QUEUE_SORTS = ['newest', 'oldest', 'most_flagged'] as const;
/** One of QUEUE_SORTS. */
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** Every action a moderator can take on a queue item (which fit which type: QUEUE_ACTIONS_BY_TYPE). */
export const QUEUE_ACTIONS = [
  'dismiss', 'hide', 'approve', 'reject', 'confirm_visit', 'reject_visit', 'uphold', 'overturn',
] as const;
/** One of QUEUE_ACTIONS. */
export type QueueAction = (typeof QUEUE_ACTIONS)[number];

/** The actions that fit each type of queue item. */
export const QUEUE_ACTIONS_BY_TYPE: Record<QueueItemType, readonly QueueAction[]> = {
  flag: ['dismiss', 'hide'],
  held_post: ['approve', 'reject'],
  visit_claim: ['confirm_visit', 'reject_visit'],
  appeal: ['uphold', 'overturn'],
};

/** Does `action` fit a queue item of `type`? */
export function actionFits(type: QueueItemType, action: QueueAction): boolean {
  return QUEUE_ACTIONS_BY_TYPE[type].includes(action);
}

/** The actions the moderation log records. */
export const MOD_LOG_ACTIONS = [
  'hide', 'unhide', 'lock', 'unlock', 'pin', 'unpin', 'move',
  'silence', 'unsilence', 'suspend', 'unsuspend',
  'dismiss', 'approve', 'reject', 'confirm_visit', 'reject_visit', 'link_visit', 'uphold', 'overturn',
  'board_update', 'watched_word_add', 'watched_word_delete', 'watched_word_import',
  'feature', 'feature_edit', 'unfeature',
] as const;
/** One of MOD_LOG_ACTIONS. */
export type ModLogAction = (typeof MOD_LOG_ACTIONS)[number];

/** What a moderation log row acts on. */
export const MOD_TARGET_TYPES = ['post', 'topic', 'user', 'queue_item', 'board', 'watched_word', 'appeal'] as const;
/** One of MOD_TARGET_TYPES. */
export type ModTargetType = (typeof MOD_TARGET_TYPES)[number];

/** The actions a member may appeal (申诉): a hidden post, a rejected held post, a silence. */
export const APPEALABLE_ACTIONS = ['hide', 'reject', 'silence'] as const satisfies readonly ModLogAction[];

/** An appeal's state. */
export const APPEAL_STATUSES = ['open', 'upheld', 'overturned'] as const;
/** One of APPEAL_STATUSES. */
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** What a watched word (敏感词) does to text containing it. */
export const WATCHED_WORD_ACTIONS = ['block', 'hold', 'replace'] as const;
/** One of WATCHED_WORD_ACTIONS. */
export type WatchedWordAction = (typeof WATCHED_WORD_ACTIONS)[number];

/** The notification types moderation adds (besides reply and mention). */
export const MODERATION_NOTIFICATION_TYPES = [
  'post_hidden', 'post_unhidden', 'post_approved', 'post_rejected', 'topic_locked', 'topic_unlocked', 'topic_moved',
  'visit_confirmed', 'visit_rejected', 'user_silenced', 'appeal_decided', 'post_featured',
] as const;
/** One of MODERATION_NOTIFICATION_TYPES. */
export type ModerationNotificationType = (typeof MODERATION_NOTIFICATION_TYPES)[number];

/** The longest moderator note, reason or lock reason. */
export const MOD_NOTE_MAX_LENGTH = 1000;
/** The longest appeal text. */
export const APPEAL_TEXT_MAX_LENGTH = 2000;
/** The longest watched word. */
export const WATCHED_WORD_MAX_LENGTH = 100;
/** How many queue items one bulk action may take. */
export const BULK_MAX_ITEMS = 100;

/**
 * May `actor` silence or suspend `target`? Nobody acts on themselves; nobody on an admin; only
 * an admin on a moderator (a moderator cannot silence a fellow moderator). Admins count as
 * holding every role, as in hasRole.
 */
export function canRestrict(actor: { id: number; roles: readonly string[] }, target: { id: number; roles: readonly string[] }): boolean {
  if (actor.id === target.id) return false;
  if (target.roles.includes('admin')) return false;
  if (target.roles.includes('moderator')) return actor.roles.includes('admin');
  return actor.roles.includes('admin') || actor.roles.includes('moderator');
}
