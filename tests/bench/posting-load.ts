import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../server/db/client';
import { LISTENING, load, startChild, wrkInstalled, type LoadFigure } from './harness';
import { fixedRatePacing, type GeneratorChoice } from './generator';
import { capturePostingFloor } from './posting-floor';
import { freePort } from '../helpers/nginx';

/**
 * The posting figures on a running app (the whole report, tests/bench/harness.ts; posting.bench.ts measures posting alone, with its variants):
 * signs in as the admin, opens one topic per writer on the board, warms up for 2 s (not counted),
 * then W writers as fast as they go and a fixed `rate` of posts/s over the same writers (paced as fixedRatePacing says), each
 * for `duration` seconds.
 */
export async function measurePosting(url: string, o: { boardSlug: string; writers: number; duration: number; rate: number; adminUsername: string; adminPassword: string; log?: (line: string) => void; cpus?: string | null; generator?: GeneratorChoice; serverPids?: number[] }): Promise<{ saturated: LoadFigure; fixed: LoadFigure }> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: o.adminUsername, password: o.adminPassword }) });
  if (login.status !== 200) throw new Error(`bench sign-in failed: ${login.status} ${await login.text()} (set BENCH_ADMIN_USERNAME / BENCH_ADMIN_PASSWORD)`);
  const headers = { 'content-type': 'application/json', cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
  const topicPaths: string[] = [];
  for (let i = 0; i < o.writers; i += 1) {
    const created = await fetch(`${url}/api/boards/${o.boardSlug}/topics`, { method: 'POST', headers, body: JSON.stringify({ title: `基准测试 ${i}`, body: '并发写入的主题' }) });
    topicPaths.push(`/api/topics/${((await created.json()) as { topic: { id: number } }).topic.id}/posts`);
  }
  // A warm-up, not counted, as bench:posting has: the JIT compiles the write path first.
  o.log?.(`posting: a warm-up of 2 s, ${o.writers} writers`);
  load({ url: `${url}${topicPaths[0]}`, connections: o.writers, duration: 2, method: 'POST', headers, body: JSON.stringify({ body: 'warm-up' }), paths: topicPaths, cpus: o.cpus ?? null, generator: o.generator ?? 'auto' });
  o.log?.(`posting: ${o.writers} writers for ${o.duration} s`);
  const saturated = load({ url: `${url}${topicPaths[0]}`, connections: o.writers, duration: o.duration, method: 'POST', headers, body: REPLY_BODY, paths: topicPaths, cpus: o.cpus ?? null, generator: o.generator ?? 'auto', serverPids: o.serverPids });
  o.log?.(`posting: ${o.rate} posts/s for ${o.duration} s`);
  const fixed = load({ url: `${url}${topicPaths[0]}`, connections: o.writers, duration: o.duration, method: 'POST', headers, body: REPLY_BODY, paths: topicPaths, rate: o.rate, cpus: o.cpus ?? null, generator: fixedRatePacing(o.generator ?? 'auto', wrkInstalled()), serverPids: o.serverPids });
  return { saturated, fixed };
}

/**
 * The posting phase's trace on a database it measures reads on, taken before it posts: the
 * board it posts on, that board's counters, and the newest topic. The report reuses its
 * databases from run to run, so each run's replies (about 15,000 of REPLY_BODY at 1M) would
 * sit on top of the next run's reads and searches: the English search walks the newest posts
 * for `visiting`, which no reply holds, and after three runs it walked 40,000 posts a search
 * (bench/plans.md, "Search on a database the bench had posted to"). undoPosting removes them.
 */
export interface PostingMark { boardId: number; lastTopicId: number; topicCount: number; postCount: number; lastPostAt: string | null }

/** The mark of `boardSlug` before posting (undoPosting's argument). */
export async function markPosting(db: DbOrTx, boardSlug: string): Promise<PostingMark> {
  const [row] = await queryRows<{ id: unknown; topic_count: unknown; post_count: unknown; last_post_at: unknown; last_topic: unknown }>(db, sql`
    select b.id, b.topic_count, b.post_count, b.last_post_at::text as last_post_at, (select coalesce(max(id), 0) from topics) as last_topic
    from boards b where b.slug = ${boardSlug}`);
  if (!row) throw new Error(`posting: there is no board "${boardSlug}"`);
  return { boardId: Number(row.id), lastTopicId: Number(row.last_topic), topicCount: Number(row.topic_count), postCount: Number(row.post_count), lastPostAt: row.last_post_at === null ? null : String(row.last_post_at) };
}

/**
 * Removes what posting added after `mark`: the topics opened on its board since (with their
 * posts, and what hangs on them: filters, notifications, realtime rooms), and puts the board's
 * counters back. Only the bench's own topics: newer than the mark and on the mark's board.
 * On one transaction, then VACUUM ANALYZE so that the next reads meet no dead rows.
 */
export async function undoPosting(db: Db, mark: PostingMark): Promise<{ topics: number; posts: number }> {
  const removed = await db.transaction(async (tx) => {
    const mine = sql`select id from topics where id > ${mark.lastTopicId}::int and board_id = ${mark.boardId}::int`;
    // A reply's parent is a post of the same topic, and that reference restricts deletes.
    await tx.execute(sql`update posts set parent_id = null where topic_id in (${mine}) and parent_id is not null`);
    const [posts] = await queryRows<{ n: unknown }>(tx, sql`with gone as (delete from posts where topic_id in (${mine}) returning 1) select count(*) as n from gone`);
    await tx.execute(sql`delete from realtime_events where room in (select 'topic:' || id from (${mine}) t)`);
    await tx.execute(sql`delete from realtime_rooms where room in (select 'topic:' || id from (${mine}) t)`);
    const [topics] = await queryRows<{ n: unknown }>(tx, sql`with gone as (delete from topics where id > ${mark.lastTopicId}::int and board_id = ${mark.boardId}::int returning 1) select count(*) as n from gone`);
    await tx.execute(sql`update boards set topic_count = ${mark.topicCount}::int, post_count = ${mark.postCount}::int, last_post_at = ${mark.lastPostAt}::timestamptz where id = ${mark.boardId}::int`);
    return { topics: Number(topics?.n ?? 0), posts: Number(posts?.n ?? 0) };
  });
  for (const table of ['posts', 'post_filters', 'topics']) await db.execute(sql.raw(`vacuum analyze ${table}`));
  return removed;
}

/** The reply every posting load sends. */
export const REPLY_BODY = JSON.stringify({ body: '群众在我心中，我在群众当中。benchmark reply' });

/**
 * The posting floor on the PostgreSQL server (tests/bench/posting-floor-server.ts): bare
 * Fastify with the same driver running the statements one reply of the app ran, same SQL and
 * parameters, prepared, grouped as the app groups them (POST_COMMIT_GROUP, 32 by default);
 * W writers as fast as they go, as measurePosting's first figure, the server on `serverCpus`
 * and the generator on `generatorCpus` as the app was. `env` is the app's environment (the
 * capture builds the app in this process to record one reply per writer's topic).
 */
export async function measurePostingFloor(o: {
  env: Record<string, string>; databaseUrl: string; boardSlug: string; writers: number; duration: number;
  adminUsername: string; adminPassword: string; serverCpus: string | null; generatorCpus: string | null; log?: (line: string) => void;
}): Promise<LoadFigure & { group: number }> {
  const group = Number(o.env.POST_COMMIT_GROUP ?? 32) || 32;
  const { planFile, topicPaths } = await capturePostingFloor({ env: o.env, databaseUrl: o.databaseUrl, boardSlug: o.boardSlug, writers: o.writers, group, adminUsername: o.adminUsername, adminPassword: o.adminPassword, body: REPLY_BODY });
  const port = await freePort();
  const floor = await startChild([TSX, 'tests/bench/posting-floor-server.ts', planFile], { PORT: String(port) }, LISTENING, 120_000, o.serverCpus);
  try {
    const shape = { url: `${floor.url}${topicPaths[0]}`, connections: o.writers, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: REPLY_BODY, paths: topicPaths, cpus: o.generatorCpus };
    load({ ...shape, duration: 2 });
    o.log?.(`posting floor (bare Fastify, the same SQL, groups of up to ${group}): ${o.writers} writers for ${o.duration} s`);
    return { ...load({ ...shape, duration: o.duration, serverPids: floor.child.pid ? [floor.child.pid] : [] }), group };
  } finally {
    await floor.stop();
  }
}

const TSX = path.resolve(import.meta.dirname, '../../node_modules/tsx/dist/cli.mjs');
