import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { PLACE_KINDS } from '../domain/campaign';
import { NAME_MAX_LENGTH } from '../domain/limits';
import { isOneOf, lengthBetween } from './checks';
import { units } from './unit.table';

/** Villages, enterprises, media contact points and arts field points, each in a unit. */
export const places = pgTable(
  'places',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: PLACE_KINDS }).notNull(),
    category: text('category'),
    unitId: integer('unit_id').notNull().references(() => units.id, { onDelete: 'restrict' }),
    address: text('address'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('places_name_idx').on(t.name, t.id),
    index('places_unit_idx').on(t.unitId),
    index('places_kind_idx').on(t.kind),
    check('places_kind_check', isOneOf(t.kind, PLACE_KINDS)),
    check('places_name_length', lengthBetween(t.name, 1, NAME_MAX_LENGTH)),
    check('places_category_length', sql`${t.category} is null or char_length(${t.category}) <= 50`),
    check('places_address_length', sql`${t.address} is null or char_length(${t.address}) <= 200`),
  ],
);

/** A row of the places table. */
export type PlaceRow = typeof places.$inferSelect;
