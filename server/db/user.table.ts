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
