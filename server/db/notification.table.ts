import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { FeaturedCollection } from '../domain/moderation';
import { posts } from './post.table';

/** The details a moderation notification carries (never a post body). */
export interface NotificationData {
  modLogId?: number;
  note?: string;
  until?: string;
  outcome?: 'upheld' | 'overturned';
  boardSlug?: string;
  /** The collection a post was featured into (post_featured). */
  collection?: FeaturedCollection;
  /** Where a post was used (post_used): the column, its outlet and the edition. */
  columnSlug?: string;
  columnName?: string;
  outletName?: string;
  editionId?: number;
  editionNumber?: number;
  editionTitle?: string;
}
import { topics } from './topic.table';
import { users } from './user.table';

/** Notifications to one user: mentions and replies here; later features add their types. */
export const notifications = pgTable(
  'notifications',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    postId: integer('post_id').references(() => posts.id, { onDelete: 'cascade' }),
    topicId: integer('topic_id').references(() => topics.id, { onDelete: 'cascade' }),
    /** What a moderation notification says: the log row, the note, the end time, the outcome. */
    data: jsonb('data').$type<NotificationData>(),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    // The list, newest first.
    index('notifications_user_idx').on(t.userId, t.id),
    // The unread count in the header.
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
    // One notification of a kind per user and post (mentions and replies share one in code);
    // moderation notices may repeat (hidden, shown, hidden again).
    uniqueIndex('notifications_user_post_type_idx').on(t.userId, t.postId, t.type).where(sql`${t.type} in ('reply', 'mention')`),
    index('notifications_post_idx').on(t.postId),
  ],
);

/** A row of the notifications table. */
export type NotificationRow = typeof notifications.$inferSelect;
