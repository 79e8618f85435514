import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { units } from './unit.table';

/** The kinds of place the campaign visits. */
export const PLACE_KINDS = ['village', 'enterprise', 'contact_point', 'field_point'] as const;
/** One of PLACE_KINDS. */
export type PlaceKind = (typeof PLACE_KINDS)[number];

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
    check('places_kind_check', sql`${t.kind} in ('village', 'enterprise', 'contact_point', 'field_point')`),
    check('places_name_length', sql`char_length(${t.name}) between 1 and 100`),
    check('places_category_length', sql`${t.category} is null or char_length(${t.category}) <= 50`),
    check('places_address_length', sql`${t.address} is null or char_length(${t.address}) <= 200`),
  ],
);

/** A row of the places table. */
export type PlaceRow = typeof places.$inferSelect;
