import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { realtimeEvents } from '../db/schema';
import type { FeaturedChangeView } from '../presenters/featured.presenter';
import type { ModerationQueueView } from '../presenters/moderation.presenter';
import type { NotificationView } from '../presenters/notification.presenter';
import type { PostView } from '../presenters/post.presenter';
import type { TopicView } from '../presenters/topic.presenter';

/**
 * The realtime vocabulary: each event type and its payload, the REST presenters' output
 * (post events carry the post as presented publicly: a hidden post without its body). The
 * web derives its event type from this map.
 */
export interface EventMap {
  'post:created': PostView;
  'post:updated': PostView;
  /** A moderator hid a post: the post as presented publicly (hidden, body and html null). */
  'post:hidden': PostView;
  'topic:updated': TopicView;
  notification: NotificationView;
  /** To the moderators' room: the review queue changed. */
  'queue:changed': ModerationQueueView;
  /**
   * To the `featured` room: the wall changed (a post featured, its citation edited, unfeatured,
   * or a featured post hidden or shown again). Ids only: readers fetch the wall again.
   */
  'featured:changed': FeaturedChangeView;
}

/** One of the event types of EventMap. */
export type EventType = keyof EventMap;

/**
 * An event as clients receive it: `{room, seq, type, data}`. Without a type argument it is
 * the union of every type with its own payload, so a switch on `type` narrows `data`.
 */
export type RealtimeEvent<T extends EventType = EventType> = {
  [K in T]: { room: string; seq: number; type: K; data: EventMap[K] };
}[T];

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
