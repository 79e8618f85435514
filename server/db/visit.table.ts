import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import type { IntegrityEntry, VisitFindings } from '../domain/campaign';
import { places } from './place.table';
import { units } from './unit.table';
import { users } from './user.table';

/** Visits to places, logged by a member for their unit, with findings and the integrity attestation. */
export const visits = pgTable(
  'visits',
  {
    id: serial('id').primaryKey(),
    placeId: integer('place_id').notNull().references(() => places.id, { onDelete: 'restrict' }),
    unitId: integer('unit_id').notNull().references(() => units.id, { onDelete: 'restrict' }),
    createdBy: integer('created_by').notNull().references(() => users.id, { onDelete: 'restrict' }),
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    participantIds: integer('participant_ids').array().notNull().default(sql`'{}'::integer[]`),
    activity: text('activity').notNull(),
    purpose: text('purpose').notNull().default(''),
    findings: jsonb('findings').$type<VisitFindings>().notNull(),
    integrity: jsonb('integrity').$type<IntegrityEntry[]>().notNull(),
    /** True when any integrity item is not confirmed (kept for counting and listing exceptions). */
    integrityException: boolean('integrity_exception').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('visits_visited_on_idx').on(t.visitedOn, t.id),
    index('visits_place_idx').on(t.placeId, t.visitedOn),
    index('visits_unit_idx').on(t.unitId, t.visitedOn),
    index('visits_created_by_idx').on(t.createdBy),
    check('visits_purpose_length', sql`char_length(${t.purpose}) <= 2000`),
  ],
);

/** A row of the visits table. */
export type VisitRow = typeof visits.$inferSelect;

/** Follow-up items of a visit, each with a due date and a done flag. */
export const visitFollowUps = pgTable(
  'visit_follow_ups',
  {
    id: serial('id').primaryKey(),
    visitId: integer('visit_id').notNull().references(() => visits.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    dueOn: date('due_on', { mode: 'string' }),
    done: boolean('done').notNull().default(false),
    doneAt: timestamp('done_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('visit_follow_ups_visit_idx').on(t.visitId),
    index('visit_follow_ups_open_idx').on(t.dueOn).where(sql`not ${t.done}`),
    check('visit_follow_ups_text_length', sql`char_length(${t.text}) between 1 and 1000`),
  ],
);

/** A row of the visit_follow_ups table. */
export type VisitFollowUpRow = typeof visitFollowUps.$inferSelect;
