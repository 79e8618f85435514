import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { realtimeEvents, realtimeRooms } from '../db/schema';
import type { EventType, RealtimeEvent } from './events';

/** What a subscriber with `since` gets: the events it missed, or a request to reload. */
export type Replay = { kind: 'events'; events: RealtimeEvent[]; seq: number } | { kind: 'resync'; seq: number };

/** The current sequence number of a room (0 when nothing happened there yet). */
export async function currentSeq(db: DbOrTx, room: string): Promise<number> {
  const [row] = await db.select({ seq: realtimeRooms.seq }).from(realtimeRooms).where(eq(realtimeRooms.room, room));
  return row ? Number(row.seq) : 0;
}

/**
 * The events of a room after `since`, in order. When some of them were already pruned the
 * answer is `resync`: the client must reload that view from the REST API.
 */
export async function replaySince(db: DbOrTx, room: string, since: number): Promise<Replay> {
  const seq = await currentSeq(db, room);
  if (since >= seq) return { kind: 'events', events: [], seq };
  const rows = await db
    .select()
    .from(realtimeEvents)
    .where(and(eq(realtimeEvents.room, room), gt(realtimeEvents.seq, since)))
    .orderBy(asc(realtimeEvents.seq))
    .limit(1000);
  const first = rows[0];
  // A gap between `since` and the oldest kept event (pruned, or too many to replay).
  if (!first || Number(first.seq) !== since + 1 || rows.length === 1000) return { kind: 'resync', seq };
  return {
    kind: 'events',
    seq,
    // The log holds what recordEvent wrote: each row's data is its type's payload.
    events: rows.map((r) => ({ room: r.room, seq: Number(r.seq), type: r.type as EventType, data: r.data }) as RealtimeEvent),
  };
}

/** Deletes events older than the retention window. */
export async function pruneEvents(db: DbOrTx, retentionMs: number): Promise<void> {
  await db.delete(realtimeEvents).where(lt(realtimeEvents.createdAt, sql`${new Date(Date.now() - retentionMs).toISOString()}::timestamptz`));
}
