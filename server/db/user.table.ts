import { sql } from 'drizzle-orm';
import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { units } from './unit.table';

/** Registered users. Usernames are unique without regard to case. */
export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull(),
    /** The username as looked up and as sign-in counters key it: usernameKey() of server/domain/text.ts. */
    usernameKey: text('username_key').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().notNull().default(sql`'{member}'::text[]`),
    /** Silenced (禁言) until this time: can read, cannot write. */
    silencedUntil: timestamp('silenced_until', { withTimezone: true, mode: 'date' }),
    silenceReason: text('silence_reason'),
    /** Suspended (封禁) until this time: cannot sign in. */
    suspendedUntil: timestamp('suspended_until', { withTimezone: true, mode: 'date' }),
    suspendReason: text('suspend_reason'),
    unitId: integer('unit_id').references(() => units.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_username_key_idx').on(t.usernameKey),
    index('users_unit_idx').on(t.unitId),
  ],
);

/** A row of the users table. */
export type UserRow = typeof users.$inferSelect;
