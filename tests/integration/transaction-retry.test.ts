import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { testConfig } from '../setup/test-config';
import { registerUser, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createTopic } from '../factories/topic.factory';
import { boards, topics, users, type UserRow } from '../../server/db/schema';
import { queryRows, type Tx } from '../../server/db/client';
import { isRetryableConflict, sqlState, transactionWithRetry } from '../../server/db/retry';
import { prepareReply } from '../../server/services/forum/post.service';

/*
 * Writers that lock rows other writers lock too (server/db/retry.ts, post-commit.ts): the
 * whole transaction runs again when PostgreSQL aborts it for a deadlock, and a group of new
 * posts takes its topic rows and board rows in id order. Deadlocks are real ones, forced with
 * a second connection to the PostgreSQL server (the embedded database has one connection, so
 * nothing in it can deadlock).
 */

let app: FastifyInstance;
let author: SignedInUser;
let writer: SignedInUser;
beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', POST_COMMIT_GROUP: '32' });
  author = await registerUser(app);
  writer = await registerUser(app);
});
afterAll(async () => {
  await app?.close();
});

async function userRow(id: number): Promise<UserRow> {
  const [row] = await app.db.select().from(users).where(eq(users.id, id));
  if (!row) throw new Error(`no user ${id}`);
  return row;
}

async function boardId(slug: string): Promise<number> {
  const [row] = await app.db.select({ id: boards.id }).from(boards).where(eq(boards.slug, slug));
  if (!row) throw new Error(`no board ${slug}`);
  return row.id;
}

async function postCount(topicId: number): Promise<number> {
  const [row] = await app.db.select({ n: topics.postCount }).from(topics).where(eq(topics.id, topicId));
  return Number(row?.n);
}

describe('transactionWithRetry', () => {
  it('throws an error that is no conflict at once, after one try, and commits nothing of it', async () => {
    const board = await createBoard(app);
    const id = await boardId(board.slug);
    let tries = 0;
    const failing = transactionWithRetry(app.db, async (tx) => {
      tries += 1;
      await tx.update(boards).set({ postCount: sql`${boards.postCount} + 1` }).where(eq(boards.id, id));
      await tx.execute(sql`select 1 / 0`);
    });
    await expect(failing).rejects.toSatisfy((e: unknown) => sqlState(e) === '22012' && !isRetryableConflict(e));
    expect(tries).toBe(1);
    const [row] = await app.db.select({ n: boards.postCount }).from(boards).where(eq(boards.id, id));
    expect(row?.n).toBe(0);
  });

  it('answers what the work answers when nothing conflicts', async () => {
    let tries = 0;
    const answer = await transactionWithRetry(app.db, async (tx) => {
      tries += 1;
      const [row] = await queryRows<{ n: unknown }>(tx, sql`select 41 + 1 as n`);
      return Number(row?.n);
    });
    expect(answer).toBe(42);
    expect(tries).toBe(1);
  });
});

const databaseUrl = testConfig().databaseUrl;

/** Waits until some backend waits on a lock the backend `pid` (the other connection's) holds; asked through the app's pool. */
async function untilBlockedBy(pid: number): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    const rows = await queryRows(app.db, sql`select 1 as one from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid))`);
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('nothing waited on the other connection');
}

describe.runIf(databaseUrl)('transactionWithRetry against a real deadlock (PostgreSQL)', () => {
  let other: postgres.Sql;
  beforeAll(() => {
    other = postgres(databaseUrl ?? '', { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await other?.end({ timeout: 5 });
  });

  /**
   * A deadlock between the other connection and `work`'s transaction: the other connection
   * locks board `a`, the work locks `b` and then waits for `a`, then the other connection asks
   * for `b`. The other connection's deadlock_timeout is far longer, so the work's backend
   * finds the cycle first and PostgreSQL aborts the work's transaction.
   */
  async function deadlock<T>(a: number, b: number, run: (work: (tx: Tx) => Promise<void>) => Promise<T>): Promise<{ result: PromiseSettledResult<T>; otherDone: boolean }> {
    let otherDone = false;
    let aHeld: () => void = () => {};
    const holdsA = new Promise<void>((resolve) => { aHeld = resolve; });
    const held = other.begin(async (o) => {
      const [me] = await o<{ pid: number }[]>`select pg_backend_pid() as pid`;
      // Only the work's backend looks for the deadlock (after the server's deadlock_timeout),
      // so it is the one PostgreSQL aborts, however the two backends are scheduled.
      await o`set local deadlock_timeout = '20s'`;
      await o`update boards set post_count = post_count + 10 where id = ${a}`;
      aHeld();
      await untilBlockedBy(me?.pid ?? 0);
      await o`update boards set post_count = post_count + 10 where id = ${b}`;
    }).then(() => { otherDone = true; });
    // The other connection holds `a` before the work starts.
    await Promise.race([holdsA, held]);
    const [result] = await Promise.allSettled([run(async (tx) => {
      await tx.update(boards).set({ postCount: sql`${boards.postCount} + 1` }).where(eq(boards.id, b));
      await tx.update(boards).set({ postCount: sql`${boards.postCount} + 1` }).where(eq(boards.id, a));
    })]);
    await held.catch(() => undefined);
    return { result: result as PromiseSettledResult<T>, otherDone };
  }

  it('runs the whole transaction again after PostgreSQL aborts it for a deadlock (40P01), and commits it once', async () => {
    const [a, b] = [await boardId((await createBoard(app)).slug), await boardId((await createBoard(app)).slug)];
    const retries: (string | null)[] = [];
    const { result, otherDone } = await deadlock(a, b, (work) => transactionWithRetry(app.db, work, { onRetry: (e) => retries.push(sqlState(e)) }));
    expect(result.status).toBe('fulfilled');
    expect(retries).toEqual(['40P01']);
    expect(otherDone).toBe(true);
    // The other connection's two updates and the work's, once each: the aborted try left nothing.
    const rows = await app.db.select({ id: boards.id, n: boards.postCount }).from(boards).where(sql`${boards.id} in (${a}, ${b})`);
    expect(new Map(rows.map((r) => [r.id, r.n]))).toEqual(new Map([[a, 11], [b, 11]]));
  });

  it('throws the deadlock as it came once its tries are spent', async () => {
    const [a, b] = [await boardId((await createBoard(app)).slug), await boardId((await createBoard(app)).slug)];
    const { result, otherDone } = await deadlock(a, b, (work) => transactionWithRetry(app.db, work, { attempts: 1 }));
    expect(result.status).toBe('rejected');
    expect(sqlState((result as PromiseRejectedResult).reason)).toBe('40P01');
    expect(otherDone).toBe(true);
    const rows = await app.db.select({ id: boards.id, n: boards.postCount }).from(boards).where(sql`${boards.id} in (${a}, ${b})`);
    expect(new Map(rows.map((r) => [r.id, r.n]))).toEqual(new Map([[a, 10], [b, 10]]));
  });
});

describe.runIf(databaseUrl)('group commit lock order against another connection (PostgreSQL)', () => {
  let other: postgres.Sql;
  beforeAll(() => {
    other = postgres(databaseUrl ?? '', { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await other?.end({ timeout: 5 });
  });

  it('takes a group\'s topic rows in id order, whatever order its replies came in: no deadlock with a writer locking topics by id', async () => {
    const board = await createBoard(app);
    const low = (await createTopic(author.client, board.slug)).topic;
    const high = (await createTopic(author.client, board.slug)).topic;
    const user = await userRow(writer.user.id);
    // The higher topic's reply first: in arrival order the group would lock `high`, then wait for `low`.
    const sends = [
      await prepareReply(app.ctx, user, high.id, { body: '先到的回复' }),
      await prepareReply(app.ctx, user, low.id, { body: '后到的回复' }),
    ];
    const stats = { ...app.ctx.posts.stats };
    let posted: Promise<unknown> | null = null;
    await other.begin(async (o) => {
      const [me] = await o<{ pid: number }[]>`select pg_backend_pid() as pid`;
      await o`select id from topics where id = ${low.id} for update`;
      posted = Promise.all(sends.map((send) => send()));
      await untilBlockedBy(me?.pid ?? 0);
      // The group waits for `low` holding no other topic row, so `high` is free at once.
      await o`select id from topics where id = ${high.id} for update`;
    });
    await posted;
    expect(app.ctx.posts.stats.transactions - stats.transactions).toBe(1);
    expect(app.ctx.posts.stats.retried - stats.retried).toBe(0);
    expect([await postCount(low.id), await postCount(high.id)]).toEqual([2, 2]);
  });

  it('takes a group\'s board rows in id order at its end: no deadlock with a writer locking boards by id', async () => {
    const first = await createBoard(app);
    const second = await createBoard(app);
    // The topic of the higher board gets the lower topic id, so the group writes its reply first.
    const inSecond = (await createTopic(author.client, second.slug)).topic;
    const inFirst = (await createTopic(author.client, first.slug)).topic;
    const [lowBoard, highBoard] = [await boardId(first.slug), await boardId(second.slug)];
    const user = await userRow(writer.user.id);
    const sends = [
      await prepareReply(app.ctx, user, inSecond.id, { body: '第二版块的回复' }),
      await prepareReply(app.ctx, user, inFirst.id, { body: '第一版块的回复' }),
    ];
    const stats = { ...app.ctx.posts.stats };
    let posted: Promise<unknown> | null = null;
    await other.begin(async (o) => {
      const [me] = await o<{ pid: number }[]>`select pg_backend_pid() as pid`;
      await o`select id from boards where id = ${lowBoard} for update`;
      posted = Promise.all(sends.map((send) => send()));
      await untilBlockedBy(me?.pid ?? 0);
      await o`select id from boards where id = ${highBoard} for update`;
    });
    await posted;
    expect(app.ctx.posts.stats.transactions - stats.transactions).toBe(1);
    expect(app.ctx.posts.stats.retried - stats.retried).toBe(0);
    const rows = await app.db.select({ id: boards.id, n: boards.postCount }).from(boards).where(sql`${boards.id} in (${lowBoard}, ${highBoard})`);
    expect(new Map(rows.map((r) => [r.id, r.n]))).toEqual(new Map([[lowBoard, 2], [highBoard, 2]]));
  });
});
