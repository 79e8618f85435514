import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { PgliteProtocolClient } from '../../server/db/pglite-client';
import type { RecordedStatement } from '../../server/db/statement-log';

/**
 * `npx tsx tests/bench/pglite-statements.ts [--runs N]`: what each statement of one reply
 * costs on the embedded database, PGlite's own `query()` (the path drizzle's PGlite driver
 * took before server/db/pglite-client.ts) against PgliteProtocolClient's named prepared
 * statement. An app built in this process on a fresh embedded database signs in as the admin,
 * opens a topic and writes one reply with its statement log on; then, on the same engine,
 * each of that reply's statements runs N times each way, the two ways alternating, outside
 * a transaction (each commits alone), timed with the process's CPU time and wall clock.
 * The replies it writes pile up in the one topic. `select 1` is timed the same way.
 */

const { values } = parseArgs({ options: { runs: { type: 'string', default: '300' } } });
const runs = Number(values.runs);

/** The result options drizzle's PGlite driver passes for a raw statement (drizzle-orm/pglite/session.js). */
const DRIZZLE_RAW = {
  rowMode: 'object' as const,
  parsers: Object.fromEntries([1082, 1114, 1184, 1186, 1231, 1115, 1185, 1187, 1182].map((oid) => [oid, (value: string) => value])),
};

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gr-pglite-statements-'));
const env = { DATA_DIR: dataDir, ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'bench-admin-password', POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', LOG_LEVEL: 'silent' };
let statements: RecordedStatement[];
{
  const app = await buildApp(loadConfig(env), { logger: false, countStatements: true });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.statusCode} ${login.body}`);
  const headers = { cookie: String(login.headers['set-cookie'] ?? '').split(';')[0] ?? '', 'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken };
  const board = await app.inject({ method: 'POST', url: '/api/boards', headers, payload: { slug: 'bench', name: '基准' } });
  if (board.statusCode !== 201) throw new Error(`board: ${board.statusCode} ${board.body}`);
  const topic = await app.inject({ method: 'POST', url: '/api/boards/bench/topics', headers, payload: { title: '基准测试', body: '主题正文' } });
  if (topic.statusCode !== 201) throw new Error(`topic: ${topic.statusCode} ${topic.body}`);
  const topicId = (topic.json() as { topic: { id: number } }).topic.id;
  await app.inject({ method: 'POST', url: `/api/topics/${topicId}/posts`, headers, payload: { body: '第一条回复' } });
  const recorded = await app.statementLog!.record(() => app.inject({ method: 'POST', url: `/api/topics/${topicId}/posts`, headers, payload: { body: '走基层，转作风。A reply with **markdown** and @admin.' } }));
  if (recorded.result.statusCode !== 201) throw new Error(`reply: ${recorded.result.statusCode} ${recorded.result.body}`);
  statements = recorded.statements;
  await app.close();
}

const engine = await PGlite.create(path.join(dataDir, 'pglite'));
const client = new PgliteProtocolClient(engine);
const cases = [
  ...statements.map((s, i) => ({ label: `${i + 1}. ${s.sql.replace(/\s+/g, ' ').trim().slice(0, 60)}`, sql: s.sql, params: s.params })),
  { label: 'select 1', sql: 'select 1', params: [] as unknown[] },
];

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}
const totals = cases.map(() => ({ own: { cpu: 0, wall: 0 }, prepared: { cpu: 0, wall: 0 } }));
async function timed(into: { cpu: number; wall: number }, work: () => Promise<unknown>): Promise<void> {
  const c0 = cpuMicros();
  const t0 = performance.now();
  await work();
  into.wall += (performance.now() - t0) * 1000;
  into.cpu += cpuMicros() - c0;
}
for (let run = -20; run < runs; run++) {
  for (const [i, c] of cases.entries()) {
    const sink = run < 0 ? { own: { cpu: 0, wall: 0 }, prepared: { cpu: 0, wall: 0 } } : totals[i]!;
    await timed(sink.own, () => engine.query(c.sql, c.params, DRIZZLE_RAW));
    await timed(sink.prepared, () => client.queryPrepared(c.sql, c.params, DRIZZLE_RAW));
  }
}
await engine.close();
rmSync(dataDir, { recursive: true, force: true });

const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`${runs} runs of each statement each way, load average ${load} at the end\n`);
console.log('| statement | PGlite query(): CPU µs | wall µs | prepared: CPU µs | wall µs |');
console.log('|---|---|---|---|---|');
for (const [i, c] of cases.entries()) {
  const t = totals[i]!;
  const f = (n: number) => Math.round(n / runs).toLocaleString('en');
  console.log(`| ${c.label.replace(/\|/g, '\\|')} | ${f(t.own.cpu)} | ${f(t.own.wall)} | ${f(t.prepared.cpu)} | ${f(t.prepared.wall)} |`);
}
