import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db/client';
import { realtimeEvents } from '../db/schema';
import type { ColumnChangedView } from '../presenters/column.presenter';
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
  /** To `column:<id>`: an edition of the column was published, taken back or changed while published. Ids and state only. */
  'column:changed': ColumnChangedView;
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

/** An event to record: its room, type and payload (the seq comes from the log). */
export type EventToRecord = {
  [K in EventType]: { room: string; type: K; data: EventMap[K] };
}[EventType];

/**
 * Records several events in one statement inside the caller's transaction: each room's seq
 * is bumped once by the number of its events, and every event row is inserted, numbered in
 * the order given. Rooms are locked in the order of their first event, so callers list them
 * in the shared lock order (topic room, user rooms by id, board room). Answers the events
 * with their seqs, in the order given; publish them only after the transaction commits.
 */
export async function recordEvents(tx: DbOrTx, events: EventToRecord[]): Promise<RealtimeEvent[]> {
  if (events.length === 0) return [];
  if (events.length === 1) {
    const [only] = events as [EventToRecord];
    return [await recordEvent(tx, only.room, only.type, only.data)];
  }
  // One JSON parameter (not arrays of parameters), so both drivers send it the same way.
  const input = JSON.stringify(events.map((e) => ({ room: e.room, type: e.type, data: e.data })));
  const rows = await queryRows<{ ord: unknown; seq: unknown }>(tx, sql`
    with input as (
      select e.value ->> 'room' as room, e.value ->> 'type' as type, e.value -> 'data' as data, e.ord
      from jsonb_array_elements(${input}::jsonb) with ordinality as e(value, ord)
    ), bumped as (
      insert into realtime_rooms (room, seq)
      select room, count(*) from input group by room order by min(ord)
      on conflict (room) do update set seq = realtime_rooms.seq + excluded.seq
      returning room, seq
    ), numbered as (
      select i.room, i.type, i.data, i.ord,
        b.seq - count(*) over (partition by i.room) + row_number() over (partition by i.room order by i.ord) as seq
      from input i join bumped b on b.room = i.room
    ), logged as (
      insert into realtime_events (room, seq, type, data)
      select room, seq, type, data from numbered order by ord
    )
    select ord, seq from numbered order by ord`);
  const seqs = new Map(rows.map((r) => [Number(r.ord), Number(r.seq)]));
  return events.map((e, i) => {
    const seq = seqs.get(i + 1);
    if (seq === undefined) throw new Error(`event ${i + 1} was not recorded`);
    return { ...e, seq } as RealtimeEvent;
  });
}

/** Something that delivers committed events to connected clients. */
export interface Publisher {
  /** Delivers events that are already committed; never call it inside a transaction. */
  publish(events: RealtimeEvent[]): void;
}
