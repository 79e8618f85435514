import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { queryRows } from '../../server/db/client';
import type { RecordedStatement } from '../../server/db/statement-log';
import type { TopicKind } from '../../server/domain/forum';
import type { Viewer } from '../../server/domain/roles';
import { PRESENTING_STATEMENT, searchPosts, type SearchQuery } from '../../server/services/forum/search.service';
import { backendPidsOf, cpuSeconds } from './proc-cpu';

/**
 * `DATABASE_URL=… npx tsx tests/bench/search-plans.ts [--markdown] [--repeat N] [--only RE] [--skip RE]`: every SQL
 * statement GET /api/search runs, for a set of queries (common and rare Chinese bigrams, one
 * character, common and rare English words, two terms, board and kind filters, anonymous and
 * signed-in, first page and a cursor page), each EXPLAIN (ANALYZE, BUFFERS)'d with its own
 * parameters inside BEGIN READ ONLY … ROLLBACK; then the CPU each search costs (from /proc:
 * PostgreSQL's backends and this Node process, the mean of `--repeat` runs) and each statement's
 * share (each run as the app runs it: the presenting statement prepared, the others not). The
 * EXPLAIN of the presenting statement shows a custom plan's planning time, which the app pays
 * once per connection.
 * It only reads: run it on a seeded copy, never on a database that tests use.
 */
const { values } = parseArgs({ options: { markdown: { type: 'boolean', default: false }, repeat: { type: 'string', default: '30' }, only: { type: 'string' }, skip: { type: 'string' } } });
const url = process.env.DATABASE_URL;
if (!url) throw new Error('search-plans needs DATABASE_URL (a seeded PostgreSQL database)');
const repeat = Math.min(500, Math.max(1, Number(values.repeat) || 30));

const app = await buildApp(loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', CACHE_MAX_BYTES: '0', ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'search-plans-admin' }), { logger: false, countStatements: true });
const log = app.statementLog;
if (!log) throw new Error('the app was built without its statement log');
const client = postgres(url, { max: 1, onnotice: () => {} });
const [own] = await client<{ pid: number }[]>`select pg_backend_pid() as pid`;
const ownBackend = Number(own?.pid);

const [board] = await queryRows<{ slug: string }>(app.db, sql`select b.slug from boards b join topics t on t.board_id = b.id group by b.slug order by count(*) desc limit 1`);
const [member] = await queryRows<{ id: number }>(app.db, sql`select u.id from users u join posts p on p.author_id = u.id where not ('moderator' = any(u.roles)) and not ('admin' = any(u.roles)) group by u.id order by count(*) desc limit 1`);
const signedIn: Viewer = { id: Number(member?.id ?? 1), roles: [] };
const moderator: Viewer = { id: 1, roles: ['moderator'] };

interface Case { label: string; query: Omit<SearchQuery, 'limit'> & { limit?: number }; viewer: Viewer; nextPage?: boolean }
const cases: Case[] = [
  { label: '群众 (a common Chinese bigram), anonymous, first page', query: { q: '群众' }, viewer: null },
  { label: '群众, anonymous, the second page (cursor)', query: { q: '群众' }, viewer: null, nextPage: true },
  { label: '群众, signed-in member', query: { q: '群众' }, viewer: signedIn },
  { label: '群众, moderator', query: { q: '群众' }, viewer: moderator },
  { label: '群众 in the largest board, field notes only', query: { q: '群众', board: board?.slug, kind: 'field_note' as TopicKind }, viewer: null },
  { label: '第1234篇 (a rare Chinese word: one body template)', query: { q: '第1234篇' }, viewer: null },
  { label: '礼堂 (a rare bigram)', query: { q: '礼堂' }, viewer: null },
  { label: '村 (one character: a prefix query)', query: { q: '村' }, viewer: null },
  { label: 'visiting (a common English word)', query: { q: 'visiting' }, viewer: null },
  { label: 'xylophone (an English word found nowhere)', query: { q: 'xylophone' }, viewer: null },
  { label: '群众 visiting (two terms, zh and en)', query: { q: '群众 visiting' }, viewer: null },
  { label: '乡村 振兴 (two Chinese words)', query: { q: '乡村 振兴' }, viewer: null },
];
// --only and --skip: regular expressions over the labels.
const selected = cases.filter((c) => (!values.only || new RegExp(values.only).test(c.label)) && (!values.skip || !new RegExp(values.skip).test(c.label)));

const run = async (c: Case, cursor?: string) => log.record(() => searchPosts(app.db, { limit: 20, ...c.query, ...(cursor ? { cursor } : {}) }, c.viewer));

async function explain(statement: RecordedStatement): Promise<string> {
  const text = await client.begin('read only', async (tx) => {
    const rows = await tx.unsafe(`explain (analyze, buffers) ${statement.sql}`, statement.params as never[]);
    return rows.map((r) => String((r as Record<string, unknown>)['QUERY PLAN'])).join('\n');
  }).catch((error: unknown) => `(explain failed: ${String(error)})`);
  return text;
}

/**
 * CPU per search, from /proc: this process's (Node: presenting the hits, the driver) and the
 * app pool's PostgreSQL backends', over `repeat` runs; then each statement alone, run as
 * often on the script's own connection, by its backend's CPU.
 */
async function costs(c: Case, statements: RecordedStatement[], cursor?: string): Promise<{ wall: number; node: number; db: number; each: number[] }> {
  const backends = await backendPidsOf(client, process.pid);
  const dbBefore = backends.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const nodeBefore = process.cpuUsage();
  const walls: number[] = [];
  for (let i = 0; i < repeat; i += 1) {
    const started = performance.now();
    await searchPosts(app.db, { limit: 20, ...c.query, ...(cursor ? { cursor } : {}) }, c.viewer);
    walls.push(performance.now() - started);
  }
  const used = process.cpuUsage(nodeBefore);
  const db = backends.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - dbBefore;
  const each: number[] = [];
  for (const s of statements) {
    const before = cpuSeconds(ownBackend);
    // The presenting statement runs prepared, as the app runs it (planned once, then its plan reused).
    const prepare = s.sql.startsWith(PRESENTING_STATEMENT);
    for (let i = 0; i < repeat; i += 1) await client.unsafe(s.sql, s.params as never[], { prepare });
    each.push(((cpuSeconds(ownBackend) - before) * 1000) / repeat);
  }
  return { wall: median(walls), node: (used.user + used.system) / 1000 / repeat, db: (db * 1000) / repeat, each };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const [counts] = await queryRows<{ posts: unknown; topics: unknown }>(app.db, sql`select (select count(*) from posts) as posts, (select count(*) from topics) as topics`);
const out: string[] = [];
out.push(`Database: ${Number(counts?.posts).toLocaleString('en')} posts, ${Number(counts?.topics).toLocaleString('en')} topics; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}.`, '');
const summary: string[] = [`| query | hits | wall, median (ms) | PostgreSQL CPU per search (ms) | Node CPU per search (ms) | each statement alone, PostgreSQL CPU (ms) |`, '|---|---|---|---|---|---|'];
for (const c of selected) {
  let cursor: string | undefined;
  if (c.nextPage) {
    const first = await run(c);
    cursor = first.result.nextCursor ?? undefined;
  }
  const { result, statements } = await run(c, cursor);
  out.push(`### ${c.label}`, '');
  for (const [i, s] of statements.entries()) {
    const inlined = s.params.reduce<string>((text, p, n) => text.replaceAll(new RegExp(`\\$${n + 1}(?!\\d)`, 'g'), typeof p === 'number' ? String(p) : `'${String(p).replaceAll("'", "''")}'`), s.sql);
    out.push(`${i + 1}/${statements.length}:`, '', '```sql', inlined.replace(/\s+/g, ' ').trim(), '```', '', '```', await explain(s), '```', '');
  }
  const cost = await costs(c, statements, cursor);
  summary.push(`| ${c.label} | ${result.items.length} | ${cost.wall.toFixed(1)} | ${cost.db.toFixed(2)} | ${cost.node.toFixed(2)} | ${cost.each.map((x) => x.toFixed(2)).join(' + ')} |`);
  if (!values.markdown) console.log(summary[summary.length - 1]);
}
if (values.markdown) console.log([...out, ...summary].join('\n'));
else console.log(summary.join('\n'));
await client.end();
await app.close();
