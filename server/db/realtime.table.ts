import { bigint, bigserial, customType, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** The last sequence number of each realtime room; bumped in the transaction of each change. */
export const realtimeRooms = pgTable('realtime_rooms', {
  room: text('room').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
});

/**
 * The event log: every realtime event with its per-room sequence, kept for the retention
 * window so a reconnecting client can replay what it missed.
 */
export const realtimeEvents = pgTable(
  'realtime_events',
  {
    room: text('room').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    data: jsonb('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.room, t.seq] }), index('realtime_events_created_idx').on(t.createdAt)],
);

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * The table @socket.io/postgres-adapter uses for large packets. Created by a migration, not
 * by the adapter at start: two processes creating it at once race and one crashes.
 */
export const socketIoAttachments = pgTable('socket_io_attachments', {
  id: bigserial('id', { mode: 'number' }).unique(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow(),
  payload: bytea('payload'),
});
