import { sql } from 'drizzle-orm';
import { check, pgTable, primaryKey, integer, text, timestamp } from 'drizzle-orm/pg-core';
import { BODY_MAX_LENGTH, TITLE_MAX_LENGTH } from '../domain/limits';
import { users } from './user.table';

/**
 * Composer drafts kept on the server, one per user and scope (`topic:<id>` for a reply,
 * `board:<slug>` for a new topic), so a draft survives a closed tab or another device.
 */
export const drafts = pgTable(
  'drafts',
  {
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    scope: text('scope').notNull(),
    title: text('title').notNull().default(''),
    body: text('body').notNull().default(''),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.scope] }),
    check('drafts_body_length', sql`char_length(${t.body}) <= ${sql.raw(String(BODY_MAX_LENGTH))}`),
    check('drafts_title_length', sql`char_length(${t.title}) <= ${sql.raw(String(TITLE_MAX_LENGTH))}`),
  ],
);

/** A row of the drafts table. */
export type DraftRow = typeof drafts.$inferSelect;
