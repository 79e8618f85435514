import { check, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { BOARD_SLUG_PATTERN } from '../domain/forum';
import { NAME_MAX_LENGTH } from '../domain/limits';
import { lengthBetween, matches } from './checks';

/** Discussion boards (版块). Counts are kept up to date in the transaction of each new post. */
export const boards = pgTable(
  'boards',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** The English name and description ('' when there is none: English readers see the Chinese). */
    nameEn: text('name_en').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    /** Order on the board list; smaller first. */
    position: integer('position').notNull().default(0),
    topicCount: integer('topic_count').notNull().default(0),
    postCount: integer('post_count').notNull().default(0),
    lastPostAt: timestamp('last_post_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('boards_slug_idx').on(t.slug),
    index('boards_position_idx').on(t.position, t.id),
    check('boards_slug_format', matches(t.slug, BOARD_SLUG_PATTERN)),
    check('boards_name_length', lengthBetween(t.name, 1, NAME_MAX_LENGTH)),
    check('boards_name_en_length', lengthBetween(t.nameEn, 0, NAME_MAX_LENGTH)),
  ],
);

/** A row of the boards table. */
export type BoardRow = typeof boards.$inferSelect;
