import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, timestamp, type AnyPgColumn } from 'drizzle-orm/pg-core';

/** The levels of the unit tree: city, county/city/district, township, and city-level agencies. */
export const UNIT_LEVELS = ['city', 'county', 'township', 'agency'] as const;
/** One of UNIT_LEVELS. */
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** Units of the propaganda and culture system, a tree of city → county → township plus agencies. */
export const units = pgTable(
  'units',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    level: text('level', { enum: UNIT_LEVELS }).notNull(),
    parentId: integer('parent_id').references((): AnyPgColumn => units.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('units_parent_idx').on(t.parentId),
    check('units_level_check', sql`${t.level} in ('city', 'county', 'township', 'agency')`),
    check('units_name_length', sql`char_length(${t.name}) between 1 and 100`),
  ],
);

/** A row of the units table. */
export type UnitRow = typeof units.$inferSelect;
