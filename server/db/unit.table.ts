import { check, index, integer, pgTable, serial, text, timestamp, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { NAME_MAX_LENGTH } from '../domain/limits';
import { UNIT_LEVELS } from '../domain/units';
import { isOneOf, lengthBetween } from './checks';

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
    check('units_level_check', isOneOf(t.level, UNIT_LEVELS)),
    check('units_name_length', lengthBetween(t.name, 1, NAME_MAX_LENGTH)),
  ],
);

/** A row of the units table. */
export type UnitRow = typeof units.$inferSelect;
