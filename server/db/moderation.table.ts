import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import {
  APPEAL_STATUSES, FLAG_REASONS, FLAG_STATUSES, MOD_LOG_ACTIONS, MOD_TARGET_TYPES, QUEUE_ACTIONS, QUEUE_ITEM_TYPES,
  QUEUE_STATUSES, WATCHED_WORD_ACTIONS,
} from '../domain/moderation';
import { boards } from './board.table';
import { isOneOf } from './checks';
import { posts } from './post.table';
import { topics } from './topic.table';
import { users } from './user.table';

/*
 * The moderation layer: the append-only log, the one review queue, flags, appeals, reason
 * templates and watched words.
 */

/**
 * The moderation log: every action, who took it, on what, why, and what changed. Append-only:
 * the migration adds a trigger that refuses UPDATE and DELETE, and nothing prunes it.
 */
export const modLog = pgTable(
  'mod_log',
  {
    id: serial('id').primaryKey(),
    action: text('action', { enum: MOD_LOG_ACTIONS }).notNull(),
    /** Who acted (restrict: the log keeps its people, and the trigger refuses updates anyway). */
    moderatorId: integer('moderator_id').references(() => users.id, { onDelete: 'restrict' }),
    targetType: text('target_type', { enum: MOD_TARGET_TYPES }).notNull(),
    targetId: integer('target_id').notNull(),
    /** The person the action concerns (the post's author, the user silenced...), for filtering and appeals. */
    targetUserId: integer('target_user_id').references(() => users.id, { onDelete: 'restrict' }),
    note: text('note'),
    before: jsonb('before'),
    after: jsonb('after'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('mod_log_created_idx').on(t.createdAt, t.id),
    index('mod_log_moderator_idx').on(t.moderatorId, t.id),
    index('mod_log_target_user_idx').on(t.targetUserId, t.id),
    check('mod_log_action_check', isOneOf(t.action, MOD_LOG_ACTIONS)),
    check('mod_log_target_type_check', isOneOf(t.targetType, MOD_TARGET_TYPES)),
  ],
);

/** A row of the mod_log table. */
export type ModLogRow = typeof modLog.$inferSelect;

/** Appeals (申诉) of one moderation action each, by the member it concerned. */
export const appeals = pgTable(
  'appeals',
  {
    id: serial('id').primaryKey(),
    modLogId: integer('mod_log_id').notNull().references(() => modLog.id, { onDelete: 'restrict' }),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    status: text('status', { enum: APPEAL_STATUSES }).notNull().default('open'),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decisionNote: text('decision_note'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    // One appeal per action.
    uniqueIndex('appeals_mod_log_idx').on(t.modLogId),
    index('appeals_user_idx').on(t.userId, t.id),
    check('appeals_status_check', isOneOf(t.status, APPEAL_STATUSES)),
  ],
);

/** A row of the appeals table. */
export type AppealRow = typeof appeals.$inferSelect;

/**
 * The one review queue: flagged posts (every open flag of a post on one item), held posts,
 * visit claims and appeals. A moderator may claim an item so that two do not act at once.
 */
export const modQueueItems = pgTable(
  'mod_queue_items',
  {
    id: serial('id').primaryKey(),
    type: text('type', { enum: QUEUE_ITEM_TYPES }).notNull(),
    status: text('status', { enum: QUEUE_STATUSES }).notNull().default('open'),
    postId: integer('post_id').references(() => posts.id, { onDelete: 'cascade' }),
    topicId: integer('topic_id').references(() => topics.id, { onDelete: 'cascade' }),
    boardId: integer('board_id').references(() => boards.id, { onDelete: 'set null' }),
    /** The author of the content (or the appellant), for the author's history. */
    subjectUserId: integer('subject_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The claimed visit of a visit_claim item. */
    visitId: integer('visit_id'),
    appealId: integer('appeal_id').references(() => appeals.id, { onDelete: 'cascade' }),
    /** Open flags on the post of a flag item (for most-flagged order). */
    flagCount: integer('flag_count').notNull().default(0),
    claimedBy: integer('claimed_by').references(() => users.id, { onDelete: 'set null' }),
    claimedAt: timestamp('claimed_at', { withTimezone: true, mode: 'date' }),
    resolution: text('resolution', { enum: QUEUE_ACTIONS }),
    resolvedBy: integer('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    resolutionNote: text('resolution_note'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
    /** Millisecond precision, set by the server, so keyset cursors round-trip. */
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('mod_queue_status_created_idx').on(t.status, t.createdAt, t.id),
    index('mod_queue_status_flags_idx').on(t.status, t.flagCount, t.id),
    index('mod_queue_post_idx').on(t.postId),
    index('mod_queue_topic_idx').on(t.topicId),
    // One open item per post of a kind (flags gather on it), one open claim per topic.
    uniqueIndex('mod_queue_open_flag_idx').on(t.postId).where(sql`${t.type} = 'flag' and ${t.status} = 'open'`),
    uniqueIndex('mod_queue_open_held_idx').on(t.postId).where(sql`${t.type} = 'held_post' and ${t.status} = 'open'`),
    uniqueIndex('mod_queue_open_claim_idx').on(t.topicId).where(sql`${t.type} = 'visit_claim' and ${t.status} = 'open'`),
    check('mod_queue_type_check', isOneOf(t.type, QUEUE_ITEM_TYPES)),
    check('mod_queue_status_check', isOneOf(t.status, QUEUE_STATUSES)),
    check('mod_queue_resolution_check', sql`${t.resolution} is null or ${isOneOf(t.resolution, QUEUE_ACTIONS)}`),
  ],
);

/** A row of the mod_queue_items table. */
export type QueueItemRow = typeof modQueueItems.$inferSelect;

/** Flags: a member's report that a post needs a moderator's look. */
export const flags = pgTable(
  'flags',
  {
    id: serial('id').primaryKey(),
    postId: integer('post_id').notNull().references(() => posts.id, { onDelete: 'cascade' }),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason', { enum: FLAG_REASONS }).notNull(),
    note: text('note'),
    status: text('status', { enum: FLAG_STATUSES }).notNull().default('open'),
    queueItemId: integer('queue_item_id').references(() => modQueueItems.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    // One open flag per member and post.
    uniqueIndex('flags_open_idx').on(t.postId, t.userId).where(sql`${t.status} = 'open'`),
    index('flags_queue_item_idx').on(t.queueItemId),
    index('flags_user_idx').on(t.userId),
    check('flags_reason_check', isOneOf(t.reason, FLAG_REASONS)),
    check('flags_status_check', isOneOf(t.status, FLAG_STATUSES)),
    check('flags_other_has_note', sql`${t.reason} <> 'other' or ${t.note} is not null`),
  ],
);

/** A row of the flags table. */
export type FlagRow = typeof flags.$inferSelect;

/** Reason templates admins maintain, for moderators' notes. */
export const reasonTemplates = pgTable('reason_templates', {
  id: serial('id').primaryKey(),
  title: text('title').notNull(),
  text: text('text').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** A row of the reason_templates table. */
export type ReasonTemplateRow = typeof reasonTemplates.$inferSelect;

/** Watched words (敏感词): each normalised word once, with what it does to text that contains it. */
export const watchedWords = pgTable(
  'watched_words',
  {
    id: serial('id').primaryKey(),
    /** The word as the admin wrote it. */
    word: text('word').notNull(),
    /** The word normalised as the matcher sees it (unique). */
    normalized: text('normalized').notNull(),
    action: text('action', { enum: WATCHED_WORD_ACTIONS }).notNull(),
    replacement: text('replacement'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('watched_words_normalized_idx').on(t.normalized),
    check('watched_words_action_check', isOneOf(t.action, WATCHED_WORD_ACTIONS)),
    check('watched_words_replacement', sql`${t.action} <> 'replace' or ${t.replacement} is not null`),
  ],
);

/** A row of the watched_words table. */
export type WatchedWordRow = typeof watchedWords.$inferSelect;

/**
 * Version counters of lists cached per process (the watched-word matcher): bumped in the
 * transaction of each change, read cheaply before each use, so every process rebuilds.
 */
export const cacheVersions = pgTable('cache_versions', {
  name: text('name').primaryKey(),
  version: integer('version').notNull().default(0),
});
