import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import {
  COLUMN_DESCRIPTION_MAX_LENGTH, COLUMN_NAME_MAX_LENGTH, COLUMN_REASON_MAX_LENGTH, COLUMN_SLUG_PATTERN,
  EDITION_LOG_ACTIONS, EDITION_NOTE_MAX_LENGTH, EDITION_NUMBER_MAX, EDITION_STATES, EDITION_TITLE_MAX_LENGTH,
  ITEM_NOTE_MAX_LENGTH, NOMINATION_ROUND_STATES, OUTLET_NAME_MAX_LENGTH, OUTLETS, ROUND_TITLE_MAX_LENGTH,
} from '../domain/columns';
import { TITLE_MAX_LENGTH } from '../domain/limits';
import { isOneOf, lengthBetween, matches } from './checks';
import { posts } from './post.table';
import { topics } from './topic.table';
import { users } from './user.table';

/**
 * Media columns (专栏): an outlet's column (《衢州日报》「走基层」) into which its editors pull
 * forum posts, edition by edition, and publish them as pages and an Atom feed.
 */
export const mediaColumns = pgTable(
  'media_columns',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    outlet: text('outlet', { enum: OUTLETS }).notNull(),
    /** The outlet's own name, with its brackets as the outlet writes it: 《衢州日报》. */
    outletName: text('outlet_name').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('media_columns_slug_idx').on(t.slug),
    check('media_columns_outlet_check', isOneOf(t.outlet, OUTLETS)),
    check('media_columns_slug_check', matches(t.slug, COLUMN_SLUG_PATTERN)),
    check('media_columns_name_length', lengthBetween(t.name, 1, COLUMN_NAME_MAX_LENGTH)),
    check('media_columns_description_length', lengthBetween(t.description, 0, COLUMN_DESCRIPTION_MAX_LENGTH)),
    check('media_columns_outlet_name_length', lengthBetween(t.outletName, 1, OUTLET_NAME_MAX_LENGTH)),
  ],
);

/** A row of the media_columns table. */
export type MediaColumnRow = typeof mediaColumns.$inferSelect;

/** The editors of a column: its creator and whoever they (or another of its editors) added. */
export const columnEditors = pgTable(
  'column_editors',
  {
    columnId: integer('column_id').notNull().references(() => mediaColumns.id, { onDelete: 'cascade' }),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    addedBy: integer('added_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.columnId, t.userId] }),
    // "My columns" on the desk.
    index('column_editors_user_idx').on(t.userId),
  ],
);

/** A row of the column_editors table. */
export type ColumnEditorRow = typeof columnEditors.$inferSelect;

/**
 * An edition (期) of a column: its number, title and editor's note (编者按), and its state.
 * `publishAt` is when a scheduled edition goes out; `publishedAt` when it last went
 * out (set anew on each publication).
 */
export const editions = pgTable(
  'editions',
  {
    id: serial('id').primaryKey(),
    columnId: integer('column_id').notNull().references(() => mediaColumns.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    note: text('note').notNull().default(''),
    state: text('state', { enum: EDITION_STATES }).notNull().default('draft'),
    publishAt: timestamp('publish_at', { withTimezone: true, mode: 'date' }),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('editions_column_number_idx').on(t.columnId, t.number),
    // The public page and the feed: a column's published editions, newest first.
    index('editions_column_published_idx').on(t.columnId, t.publishedAt).where(sql`${t.state} = 'published'`),
    // The scheduler: scheduled editions that are due.
    index('editions_due_idx').on(t.publishAt).where(sql`${t.state} = 'scheduled'`),
    check('editions_state_check', isOneOf(t.state, EDITION_STATES)),
    check('editions_number_range', sql`${t.number} between 1 and ${sql.raw(String(EDITION_NUMBER_MAX))}`),
    check('editions_title_length', lengthBetween(t.title, 1, EDITION_TITLE_MAX_LENGTH)),
    check('editions_note_length', lengthBetween(t.note, 0, EDITION_NOTE_MAX_LENGTH)),
    check('editions_scheduled_has_time', sql`${t.state} <> 'scheduled' or ${t.publishAt} is not null`),
    check('editions_published_has_time', sql`${t.state} <> 'published' or ${t.publishedAt} is not null`),
  ],
);

/** A row of the editions table. */
export type EditionRow = typeof editions.$inferSelect;

/**
 * A post in an edition, at a position, with the editor's note on it. The post's title and
 * author are copied when it is added, so an item whose post is gone (deleted, or moved out of
 * the public's sight) keeps its place with a note that it was withdrawn.
 */
export const editionItems = pgTable(
  'edition_items',
  {
    id: serial('id').primaryKey(),
    editionId: integer('edition_id').notNull().references(() => editions.id, { onDelete: 'cascade' }),
    postId: integer('post_id').references(() => posts.id, { onDelete: 'set null' }),
    topicId: integer('topic_id').references(() => topics.id, { onDelete: 'set null' }),
    /** 0-based order within the edition; kept dense by the service. */
    position: integer('position').notNull(),
    note: text('note').notNull().default(''),
    titleSnapshot: text('title_snapshot').notNull(),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    addedBy: integer('added_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    // A post is in an edition at most once (null posts, withdrawn, don't collide).
    uniqueIndex('edition_items_edition_post_idx').on(t.editionId, t.postId),
    index('edition_items_edition_position_idx').on(t.editionId, t.position),
    // "Where was this post used?" for the desk, the post and the author's profile.
    index('edition_items_post_idx').on(t.postId).where(sql`${t.postId} is not null`),
    index('edition_items_author_idx').on(t.authorId).where(sql`${t.authorId} is not null`),
    // A topic's "被《…》采用" line (usedIn on the topic answer) looks items up by topic.
    index('edition_items_topic_idx').on(t.topicId).where(sql`${t.topicId} is not null`),
    check('edition_items_position_range', sql`${t.position} >= 0`),
    check('edition_items_note_length', lengthBetween(t.note, 0, ITEM_NOTE_MAX_LENGTH)),
    check('edition_items_title_length', lengthBetween(t.titleSnapshot, 1, TITLE_MAX_LENGTH)),
  ],
);

/** A row of the edition_items table. */
export type EditionItemRow = typeof editionItems.$inferSelect;

/** Every change of an edition's state, append-only: who, what, when, why. */
export const editionLog = pgTable(
  'edition_log',
  {
    id: serial('id').primaryKey(),
    editionId: integer('edition_id').notNull().references(() => editions.id, { onDelete: 'cascade' }),
    action: text('action', { enum: EDITION_LOG_ACTIONS }).notNull(),
    reason: text('reason'),
    /** Null when the scheduler published it. */
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('edition_log_edition_idx').on(t.editionId, t.id),
    check('edition_log_action_check', isOneOf(t.action, EDITION_LOG_ACTIONS)),
    check('edition_log_reason_length', lengthBetween(t.reason, 1, COLUMN_REASON_MAX_LENGTH)),
  ],
);

/** A row of the edition_log table. */
export type EditionLogRow = typeof editionLog.$inferSelect;

/**
 * An award nomination round (华岗奖-style) an admin opens for a period: candidates are the posts
 * used in editions published within [periodStart, periodEnd] (dates in the campaign's zone).
 */
export const nominationRounds = pgTable(
  'nomination_rounds',
  {
    id: serial('id').primaryKey(),
    title: text('title').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    state: text('state', { enum: NOMINATION_ROUND_STATES }).notNull().default('open'),
    openedBy: integer('opened_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('nomination_rounds_created_idx').on(t.createdAt, t.id),
    check('nomination_rounds_state_check', isOneOf(t.state, NOMINATION_ROUND_STATES)),
    check('nomination_rounds_title_length', lengthBetween(t.title, 1, ROUND_TITLE_MAX_LENGTH)),
    check('nomination_rounds_period_order', sql`${t.periodStart} <= ${t.periodEnd}`),
  ],
);

/** A row of the nomination_rounds table. */
export type NominationRoundRow = typeof nominationRounds.$inferSelect;

/** One editor's nomination of one post in a round, with the reason; once per editor and post. */
export const nominations = pgTable(
  'nominations',
  {
    id: serial('id').primaryKey(),
    roundId: integer('round_id').notNull().references(() => nominationRounds.id, { onDelete: 'cascade' }),
    postId: integer('post_id').notNull().references(() => posts.id, { onDelete: 'cascade' }),
    editorId: integer('editor_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('nominations_round_post_editor_idx').on(t.roundId, t.postId, t.editorId),
    index('nominations_round_post_idx').on(t.roundId, t.postId),
    check('nominations_reason_length', lengthBetween(t.reason, 1, COLUMN_REASON_MAX_LENGTH)),
  ],
);

/** A row of the nominations table. */
export type NominationRow = typeof nominations.$inferSelect;
