import { AsyncResource } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client';
import { transactionWithRetry } from '../../db/retry';
import type { EventToRecord, Publisher, RealtimeEvent } from '../../realtime/events';

/*
 * Commits new posts (replies and topics), alone or several in one transaction (group commit).
 *
 * Every new post ends its transaction the same way: its events in its topic's room and its
 * notifications' user rooms, its board's counters and the board room's event, on the board
 * row that every post of the board shares, so that row's lock is held until the commit. With
 * one transaction per post, concurrent writers of one board queue on that row for a commit
 * each. Here posts that arrive while a transaction is committing are gathered and written in
 * the next one, one after the other (topic rows, posts), then all their rooms and boards in
 * one statement (closePosts), then one commit: the group takes its locks in the same order
 * as a single post does. Its replies are written in the order of their topics' ids (a topic's
 * replies in arrival order) and closePosts locks boards by id, so two processes' groups, or
 * a group and another writer that locks several topics or boards in id order, never wait on
 * each other in a circle. Their events are published after that commit in the order the
 * posts were written, which is their seq order in every room.
 *
 * One failing post must not fail the others: when any post of a group throws, the group's
 * transaction rolls back (nothing of it is committed) and each of its posts runs again in a
 * transaction of its own, in the same order, so only the failing one answers its error. That
 * costs a second try only when something fails, where a savepoint per post would cost two
 * statements on every post. A post alone whose transaction PostgreSQL aborts for a deadlock
 * (a writer elsewhere taking the same rows in another order) runs again (transactionWithRetry).
 */

/** What a post adds to its board: a topic (or not), a post, the time, and the board room's event. */
export interface BoardChange {
  boardId: number;
  topics: 0 | 1;
  now: Date;
  event: EventToRecord;
}

/** What one post's statements inside the transaction answer. */
export interface PostWritten<R> {
  result: R;
  /** Events it recorded itself in the transaction (a held post's queue, a visit claim). */
  events: RealtimeEvent[];
  /** Its events in its topic's room and its notifications' user rooms, recorded at the end of the transaction (closePosts). */
  later: EventToRecord[];
  /** Its board's change (null for a held post, counted nowhere): written at the end of the transaction. */
  board: BoardChange | null;
}

/** One post's statements, run inside the (possibly shared) transaction. */
export type PostWrite<R> = (tx: Tx) => Promise<PostWritten<R>>;

interface Pending {
  write: PostWrite<unknown>;
  /** The existing topic row the write locks first (a reply's topic); null for a new topic, which locks none. */
  topicId: number | null;
  /** The request's async context, so its statements are counted as its own (statement log). */
  scope: AsyncResource;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Commits new posts with their board counters and publishes their events after commit:
 * `maxGroup` 1 gives each post its own transaction; more gathers the posts that arrive while
 * one group commits into the next (at most `maxGroup` in one transaction). One group is
 * written at a time, so groups never wait on one another's board rows.
 */
export class PostCommitter {
  private readonly queue: Pending[] = [];
  private draining = false;
  /** What it has done so far: transactions committed, the posts in them, posts retried alone after their group failed. */
  readonly stats = { transactions: 0, posts: 0, retried: 0 };

  /**
   * `pipeline`: send a group's writes to the server without waiting for each one's answer
   * (the PostgreSQL server: postgres.js pipelines the statements of one transaction's
   * connection, in the order they are issued, and PostgreSQL runs them in that order). A group
   * of n replies then costs one round trip for its writes instead of n, which is most of the
   * time its transaction holds the board's queue, and fewer socket writes on both sides. Off
   * on the embedded database, whose engine runs one statement at a time anyway.
   */
  constructor(
    private readonly db: Db,
    private readonly publisher: Publisher,
    readonly maxGroup: number,
    private readonly pipeline = false,
  ) {}

  /**
   * Writes one post (inside a transaction, shared or not), commits, publishes its events;
   * answers its result. `topicId` names the existing topic row the write locks (a reply's
   * topic; null for a new topic): a group writes its posts in the order of those ids.
   */
  commit<R>(write: PostWrite<R>, topicId: number | null = null): Promise<R> {
    if (this.maxGroup <= 1) return this.alone(write);
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ write, topicId, scope: new AsyncResource('PostCommitter'), resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // The posts arriving in this turn of the event loop join the first group.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = lockOrder(this.queue.splice(0, this.maxGroup));
        if (group.length === 1) await this.runAlone(group[0] as Pending);
        else await this.runGroup(group);
      }
    } finally {
      this.draining = false;
    }
  }

  /** One post in its own transaction, published after its commit. */
  private async alone<R>(write: PostWrite<R>): Promise<R> {
    const { result, events } = await transactionWithRetry(this.db, async (tx) => {
      const written = await write(tx);
      const closed = await closePosts(tx, [written]);
      return { result: written.result, events: [...written.events, ...(closed[0] ?? [])] };
    });
    this.stats.transactions += 1;
    this.stats.posts += 1;
    this.publisher.publish(events);
    return result;
  }

  private async runAlone(pending: Pending): Promise<void> {
    try {
      pending.resolve(await pending.scope.runInAsyncScope(() => this.alone(pending.write)));
    } catch (error) {
      pending.reject(error);
    } finally {
      pending.scope.emitDestroy();
    }
  }

  private async runGroup(group: Pending[]): Promise<void> {
    let committed: { result: unknown; events: RealtimeEvent[] }[];
    try {
      committed = await this.db.transaction(async (tx) => {
        const written = this.pipeline ? await pipelined(tx, group) : await inTurn(tx, group);
        const closed = await (group[0] as Pending).scope.runInAsyncScope(() => closePosts(tx, written));
        return written.map((w, i) => ({ result: w.result, events: [...w.events, ...(closed[i] ?? [])] }));
      });
    } catch {
      // Nothing of the group was committed: each post again on its own, in order, so only
      // the one that fails answers its error.
      this.stats.retried += group.length;
      for (const pending of group) await this.runAlone(pending);
      return;
    }
    this.stats.transactions += 1;
    this.stats.posts += group.length;
    // Commit order is write order: publish each post's events, then answer it.
    committed.forEach((c, i) => {
      const pending = group[i] as Pending;
      this.publisher.publish(c.events);
      pending.resolve(c.result);
      pending.scope.emitDestroy();
    });
  }
}

/** A group's writes one after another, each issued once the one before has answered. */
async function inTurn(tx: Tx, group: Pending[]): Promise<PostWritten<unknown>[]> {
  const written: PostWritten<unknown>[] = [];
  for (const pending of group) written.push(await pending.scope.runInAsyncScope(() => pending.write(tx)));
  return written;
}

/**
 * A group's writes all started in one turn, in group order: each issues its first statement
 * synchronously (writeReply, writeTopic), so they reach the connection, and the server, in
 * the group's lock order; statements a write issues after its first answer (upload uses, a
 * visit claim, a held item) follow in the order those answers come, after every post's first
 * statement, so the topic rows are still all taken first and in id order. All are awaited
 * before any failure is thrown, so nothing uses the transaction after it has ended.
 */
async function pipelined(tx: Tx, group: Pending[]): Promise<PostWritten<unknown>[]> {
  const settled = await Promise.allSettled(group.map((pending) => pending.scope.runInAsyncScope(() => pending.write(tx))));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<PostWritten<unknown>>).value);
}

/**
 * A group in the order its posts take their topic rows: replies by topic id (a topic's
 * replies in arrival order, as the sort is stable), then new topics (which lock no existing
 * topic row) in arrival order.
 */
function lockOrder(group: Pending[]): Pending[] {
  const key = (p: Pending) => p.topicId ?? Number.POSITIVE_INFINITY;
  return group.sort((a, b) => key(a) - key(b));
}

/** What the last statement of a post's transaction writes for it: its events, its board's change. */
export interface PostClosing {
  later: EventToRecord[];
  board: BoardChange | null;
}

/**
 * The last statement of a transaction of new posts, whatever their number: each post's
 * events (its topic's room, the user rooms of its notifications), then each board's counters
 * (each board row updated once) and each post's board-room event. Each room's seq is bumped
 * once by its number of events and the events are numbered in the order given, so posts
 * written in turn keep that order in every room. Locks are taken in the shared order,
 * whatever the grouping: topic rooms, user rooms (each kind by id), then board rows (by id),
 * then board rooms; the statement enforces it (the board rows are locked in id order once
 * the other rooms are bumped, the board update waits for those locks, the board rooms for
 * the board update). Answers, for each post, its recorded events in the
 * order given, the board room's last.
 */
export async function closePosts(tx: Tx, closings: PostClosing[]): Promise<RealtimeEvent[][]> {
  const given: { item: number; event: EventToRecord; board: BoardChange | null }[] = [];
  closings.forEach((c, item) => {
    for (const event of c.later) given.push({ item, event, board: null });
    if (c.board) given.push({ item, event: c.board.event, board: c.board });
  });
  if (given.length === 0) return closings.map(() => []);
  // One JSON parameter (not arrays of parameters), so both drivers send it the same way.
  const input = JSON.stringify(given.map(({ event, board }) => ({
    room: event.room, type: event.type, data: event.data,
    ...(board ? { boardId: board.boardId, topics: board.topics, at: board.now.toISOString() } : {}),
  })));
  // One statement text whatever the posts: prepared, so the server plans it once per connection.
  const rows = await queryRows<{ ord: unknown; seq: unknown }>(tx, sql`
    with input as (
      select e.value ->> 'room' as room, e.value ->> 'type' as type, e.value -> 'data' as data, e.ord,
        (e.value ->> 'boardId')::int as board_id, (e.value ->> 'topics')::int as topics, (e.value ->> 'at')::timestamptz as at
      from jsonb_array_elements(${input}::jsonb) with ordinality as e(value, ord)
    ), rooms_bumped as (
      insert into realtime_rooms (room, seq)
      select room, count(*) from input where board_id is null group by room
      order by case when room like 'topic:%' then 0 when room like 'user:%' then 1 else 2 end, length(room), room
      on conflict (room) do update set seq = realtime_rooms.seq + excluded.seq
      returning room, seq
    ), boards_locked as (
      select id from boards
      where id in (select board_id from input where board_id is not null) and (select count(*) from rooms_bumped) >= 0
      order by id for update
    ), b as (
      update boards set topic_count = topic_count + c.topics, post_count = post_count + c.posts,
        last_post_at = greatest(last_post_at, c.at)
      from (select board_id, sum(topics)::int as topics, count(*)::int as posts, max(at) as at from input where board_id is not null group by board_id) c
      where boards.id = c.board_id and (select count(*) from boards_locked) >= 0
      returning boards.id
    ), boards_bumped as (
      insert into realtime_rooms (room, seq)
      select room, count(*) from input where board_id in (select id from b) group by room order by min(ord)
      on conflict (room) do update set seq = realtime_rooms.seq + excluded.seq
      returning room, seq
    ), bumped as (
      select room, seq from rooms_bumped union all select room, seq from boards_bumped
    ), numbered as (
      select i.room, i.type, i.data, i.ord,
        r.seq - count(*) over (partition by i.room) + row_number() over (partition by i.room order by i.ord) as seq
      from input i join bumped r on r.room = i.room
    ), logged as (
      insert into realtime_events (room, seq, type, data)
      select room, seq, type, data from numbered order by ord
    )
    select ord, seq from numbered order by ord`, { prepared: true });
  const seqs = new Map(rows.map((r) => [Number(r.ord), Number(r.seq)]));
  const out: RealtimeEvent[][] = closings.map(() => []);
  given.forEach(({ item, event, board }, k) => {
    const seq = seqs.get(k + 1);
    if (seq === undefined) throw new Error(board ? 'board counters: no such board' : `event ${k + 1} was not recorded`);
    out[item]!.push({ ...event, seq } as RealtimeEvent);
  });
  return out;
}
