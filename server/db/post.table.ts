import { sql } from 'drizzle-orm';
import {
  boolean, check, customType, index, integer, pgTable, primaryKey, serial, text, timestamp, type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { REACTION_KINDS, TOPIC_KINDS } from '../domain/forum';
import { BODY_MAX_LENGTH } from '../domain/limits';
import { isOneOf, lengthBetween } from './checks';
import { topics } from './topic.table';
import { users } from './user.table';

/** A PostgreSQL tsvector, written with SQL (to_tsvector) and never read back into JavaScript. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Posts: the first post of a topic and its replies. `path` is the materialised thread path
 * (the ids from the root down to this post), so one ordered index scan over (topic_id, path)
 * yields the tree depth-first, siblings oldest first, and a page of it starts anywhere.
 */
export const posts = pgTable(
  'posts',
  {
    id: serial('id').primaryKey(),
    topicId: integer('topic_id').notNull().references(() => topics.id, { onDelete: 'cascade' }),
    parentId: integer('parent_id').references((): AnyPgColumn => posts.id, { onDelete: 'restrict' }),
    authorId: integer('author_id').notNull().references(() => users.id, { onDelete: 'restrict' }),
    /** The markdown source. */
    body: text('body').notNull(),
    /** The sanitised HTML rendered from `body` when it was written. */
    html: text('html').notNull(),
    hidden: boolean('hidden').notNull().default(false),
    /** Waiting for a moderator's approval (先审后发): seen by its author and moderators only, counted nowhere. */
    held: boolean('held').notNull().default(false),
    /** The depth in the thread: 0 for a root, parent's depth + 1 for a reply. */
    depth: integer('depth').notNull().default(0),
    /**
     * Post ids from the root down to this one. Past MAX_PATH_LENGTH levels, deeper replies
     * share their ancestor's prefix and follow one another by id (the thread flattens there),
     * which keeps index entries small.
     */
    path: integer('path').array().notNull(),
    /** How many direct replies this post has. */
    replyCount: integer('reply_count').notNull().default(0),
    /** Title (weight A, first posts only) and body tokens from server/search/tokenize.ts. */
    searchVector: tsvector('search_vector').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('posts_topic_path_idx').on(t.topicId, t.path),
    index('posts_topic_id_idx').on(t.topicId, t.id),
    index('posts_author_idx').on(t.authorId, t.id),
    // A member's hidden and held posts (few): whether a signed-in reader may read the shared
    // answer of a topic with an overlay, or must be read fresh (read-overlay.ts).
    index('posts_author_unseen_idx').on(t.authorId, t.topicId).where(sql`${t.hidden} or ${t.held}`),
    index('posts_parent_idx').on(t.parentId),
    // Every GIN search reads the index's whole pending list (rows inserted since its last
    // merge, unsorted): at the default 4 MB, 500 pages a search. 64 kB keeps inserts batched
    // and searches short.
    index('posts_search_idx').using('gin', t.searchVector).with({ gin_pending_list_limit: 64 }),
    check('posts_body_length', lengthBetween(t.body, 1, BODY_MAX_LENGTH)),
  ],
);

/** A row of the posts table (the search vector is never selected). */
export type PostRow = Omit<typeof posts.$inferSelect, 'searchVector'>;

/**
 * Each post's topic's board and kind, copied so that a search in one board or of one kind is
 * an index range read newest first (search.service.ts) instead of a join to topics for every
 * match. Written with the post (the insert statements of a reply, a held reply and a topic) and
 * rewritten when a topic moves board (moveTopic), in the same transaction.
 *
 * A table of its own rather than two columns on posts: filling columns on posts rewrites every
 * post row and every posts index entry (7 min 55 s at 1M posts on the shared 2 cores), while
 * filling this table writes 1M narrow rows (seconds).
 */
export const postFilters = pgTable(
  'post_filters',
  {
    postId: integer('post_id').primaryKey().references(() => posts.id, { onDelete: 'cascade' }),
    boardId: integer('board_id').notNull(),
    kind: text('kind', { enum: TOPIC_KINDS }).notNull(),
  },
  (t) => [
    // The newest posts of a board, of a kind, or of a kind in a board.
    index('post_filters_board_idx').on(t.boardId, t.postId),
    index('post_filters_kind_idx').on(t.kind, t.postId),
    index('post_filters_board_kind_idx').on(t.boardId, t.kind, t.postId),
  ],
);

/** The old text of a post each time it was edited. */
export const postRevisions = pgTable(
  'post_revisions',
  {
    id: serial('id').primaryKey(),
    postId: integer('post_id').notNull().references(() => posts.id, { onDelete: 'cascade' }),
    /** The body as it was before this edit. */
    body: text('body').notNull(),
    editedAt: timestamp('edited_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    editorId: integer('editor_id').notNull().references(() => users.id, { onDelete: 'restrict' }),
  },
  (t) => [index('post_revisions_post_idx').on(t.postId, t.id)],
);

/** A row of the post_revisions table. */
export type PostRevisionRow = typeof postRevisions.$inferSelect;

/** Reactions: one per user, post and kind, so giving one twice changes nothing. */
export const postReactions = pgTable(
  'post_reactions',
  {
    postId: integer('post_id').notNull().references(() => posts.id, { onDelete: 'cascade' }),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: REACTION_KINDS }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.postId, t.userId, t.kind] }),
    index('post_reactions_user_idx').on(t.userId),
    check('post_reactions_kind_check', isOneOf(t.kind, REACTION_KINDS)),
  ],
);
