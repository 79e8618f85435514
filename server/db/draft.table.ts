import { sql } from 'drizzle-orm';
import { check, pgTable, primaryKey, integer, text, timestamp } from 'drizzle-orm/pg-core';
import { DRAFT_BODY_MAX_LENGTH, TITLE_MAX_LENGTH } from '../domain/limits';
import { posts } from './post.table';
import { users } from './user.table';

/**
 * Composer drafts kept on the server, one per user and scope (`topic:<id>` for a reply,
 * `board:<slug>` for a new topic), so a draft survives a closed tab or another device. A reply
 * draft remembers the post it answers (`parent_id`; null: the topic).
 */
export const drafts = pgTable(
  'drafts',
  {
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    scope: text('scope').notNull(),
    title: text('title').notNull().default(''),
    body: text('body').notNull().default(''),
    parentId: integer('parent_id').references(() => posts.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.scope] }),
    check('drafts_body_length', sql`char_length(${t.body}) <= ${sql.raw(String(DRAFT_BODY_MAX_LENGTH))}`),
    check('drafts_title_length', sql`char_length(${t.title}) <= ${sql.raw(String(TITLE_MAX_LENGTH))}`),
  ],
);

/** A row of the drafts table. */
export type DraftRow = typeof drafts.$inferSelect;
