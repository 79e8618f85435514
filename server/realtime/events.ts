import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { realtimeEvents } from '../db/schema';
import type { PostView } from '../presenters/post.presenter';
import type { TopicView } from '../presenters/topic.presenter';
import type { NotificationView } from '../presenters/notification.presenter';

/**
 * The realtime vocabulary. Payloads are the REST presenters' output; the map is filled in
 * as features land (posts, topics, notifications, the moderators' queue).
 */
export interface EventMap {
  'post:created': PostView;
  'post:updated': PostView;
  'post:hidden': unknown;
  'topic:updated': TopicView;
  notification: NotificationView;
  'queue:changed': unknown;
}

/** One of the event types of EventMap. */
export type EventType = keyof EventMap;

/** An event as clients receive it: `{room, seq, type, data}`. */
export interface RealtimeEvent<T extends EventType = EventType> {
  room: string;
  seq: number;
  type: T;
  data: EventMap[T];
}

/** Room names, in one place. */
export const rooms = {
  topic: (id: number) => `topic:${id}`,
  board: (slug: string) => `board:${slug}`,
  user: (id: number) => `user:${id}`,
  moderators: 'moderators',
} as const;

/**
 * Records an event in the log inside the caller's transaction, taking the room's next
 * sequence number (the row lock on the room serialises concurrent writers, so there are no
 * gaps or duplicates). Publish the returned events only after the transaction commits.
 */
export async function recordEvent<T extends EventType>(
  tx: DbOrTx,
  room: string,
  type: T,
  data: EventMap[T],
): Promise<RealtimeEvent<T>> {
  const result: unknown = await tx.execute(sql`
    insert into realtime_rooms (room, seq) values (${room}, 1)
    on conflict (room) do update set seq = realtime_rooms.seq + 1
    returning seq`);
  const rows = Array.isArray(result) ? result : (result as { rows: { seq: unknown }[] }).rows;
  const seq = Number((rows[0] as { seq: unknown }).seq);
  await tx.insert(realtimeEvents).values({ room, seq, type, data: data as object });
  return { room, seq, type, data };
}

/** Something that delivers committed events to connected clients. */
export interface Publisher {
  /** Delivers events that are already committed; never call it inside a transaction. */
  publish(events: RealtimeEvent[]): void;
}
