import { check, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { CITATION_MAX_LENGTH, FEATURED_COLLECTIONS, FEATURED_NAME_MAX_LENGTH } from '../domain/moderation';
import { isOneOf, lengthBetween } from './checks';
import { posts } from './post.table';
import { topics } from './topic.table';
import { users } from './user.table';

/**
 * Featured posts (最美衢州人): a moderator's choice of a post for one collection, with the
 * citation (推荐理由) and optionally the person's or deed's name and the place. A post is in a
 * collection at most once. Whether it shows on the wall is read from the post (hidden or held
 * posts leave the wall and its counts while they are), never copied here.
 */
export const featuredPosts = pgTable(
  'featured_posts',
  {
    id: serial('id').primaryKey(),
    postId: integer('post_id').notNull().references(() => posts.id, { onDelete: 'cascade' }),
    /** The post's topic, for the topic's page and the journal. */
    topicId: integer('topic_id').notNull().references(() => topics.id, { onDelete: 'cascade' }),
    collection: text('collection', { enum: FEATURED_COLLECTIONS }).notNull(),
    citation: text('citation').notNull(),
    personName: text('person_name'),
    place: text('place'),
    featuredBy: integer('featured_by').references(() => users.id, { onDelete: 'set null' }),
    /** Millisecond precision, set by the server, so keyset cursors round-trip. */
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('featured_posts_post_collection_idx').on(t.postId, t.collection),
    // The wall, newest first, whole or by collection.
    index('featured_posts_created_idx').on(t.createdAt, t.id),
    index('featured_posts_collection_created_idx').on(t.collection, t.createdAt, t.id),
    index('featured_posts_topic_idx').on(t.topicId),
    check('featured_posts_collection_check', isOneOf(t.collection, FEATURED_COLLECTIONS)),
    check('featured_posts_citation_length', lengthBetween(t.citation, 1, CITATION_MAX_LENGTH)),
    check('featured_posts_person_length', lengthBetween(t.personName, 1, FEATURED_NAME_MAX_LENGTH)),
    check('featured_posts_place_length', lengthBetween(t.place, 1, FEATURED_NAME_MAX_LENGTH)),
  ],
);

/** A row of the featured_posts table. */
export type FeaturedPostRow = typeof featuredPosts.$inferSelect;
