import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { places } from './place.table';
import { units } from './unit.table';
import { users } from './user.table';

/** Planned visits on the shared calendar (统筹安排，避免重复走访). */
export const visitPlans = pgTable(
  'visit_plans',
  {
    id: serial('id').primaryKey(),
    placeId: integer('place_id').notNull().references(() => places.id, { onDelete: 'cascade' }),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id').notNull().references(() => units.id, { onDelete: 'restrict' }),
    plannedFor: date('planned_for', { mode: 'string' }).notNull(),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('visit_plans_planned_for_idx').on(t.plannedFor, t.id),
    index('visit_plans_place_idx').on(t.placeId, t.plannedFor),
    index('visit_plans_user_idx').on(t.userId, t.plannedFor),
    check('visit_plans_note_length', sql`char_length(${t.note}) <= 1000`),
  ],
);

/** A row of the visit_plans table. */
export type VisitPlanRow = typeof visitPlans.$inferSelect;
