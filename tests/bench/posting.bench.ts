import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { queryRows } from '../../server/db/client';
import { seedDatabase } from '../../server/tools/seed-data';
import { freePort } from '../helpers/nginx';
import { LISTENING, load, startChild, type LoadFigure } from './harness';

/**
 * `npm run bench:posting [-- --duration S --writers W --rate R]`: the posting figures of issue 14
 * alone, so a change to the write path can be measured before and after in the same conditions
 * without the whole report: W writers as fast as they go (posts/s, p50/p99), then a fixed rate
 * of R posts/s (p99 at a load the server is not saturated by). The built app (dist/main.js)
 * runs as a child process against DATABASE_URL, or a temporary embedded database seeded with
 * 10,000 posts; autocannon runs in its own process. Writes
 * bench/results/<date>-<commit>-<driver>-posting.json and .md.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

interface PostingReport {
  date: string;
  commit: string;
  driver: 'postgres' | 'pglite';
  posts: number;
  loadAverage: number[];
  writers: number;
  duration: number;
  saturated: LoadFigure;
  fixedRate: LoadFigure & { rate: number };
}

/**
 * The posting figures on a running app (the whole report, tests/bench/harness.ts, uses it too):
 * signs in as the admin, opens one topic per writer on the board, then W writers as fast as they
 * go and a fixed `rate` of posts/s over the same writers, each for `duration` seconds.
 */
export async function measurePosting(url: string, o: { boardSlug: string; writers: number; duration: number; rate: number; adminUsername: string; adminPassword: string; log?: (line: string) => void }): Promise<{ saturated: LoadFigure; fixed: LoadFigure }> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: o.adminUsername, password: o.adminPassword }) });
  if (login.status !== 200) throw new Error(`bench sign-in failed: ${login.status} ${await login.text()} (set BENCH_ADMIN_USERNAME / BENCH_ADMIN_PASSWORD)`);
  const headers = { 'content-type': 'application/json', cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
  const topicPaths: string[] = [];
  for (let i = 0; i < o.writers; i += 1) {
    const created = await fetch(`${url}/api/boards/${o.boardSlug}/topics`, { method: 'POST', headers, body: JSON.stringify({ title: `基准测试 ${i}`, body: '并发写入的主题' }) });
    topicPaths.push(`/api/topics/${((await created.json()) as { topic: { id: number } }).topic.id}/posts`);
  }
  const body = JSON.stringify({ body: '群众在我心中，我在群众当中。benchmark reply' });
  o.log?.(`posting: ${o.writers} writers for ${o.duration} s`);
  const saturated = load({ url: `${url}${topicPaths[0]}`, connections: o.writers, duration: o.duration, method: 'POST', headers, body, paths: topicPaths });
  o.log?.(`posting: ${o.rate} posts/s for ${o.duration} s`);
  const fixed = load({ url: `${url}${topicPaths[0]}`, connections: o.writers, duration: o.duration, method: 'POST', headers, body, paths: topicPaths, rate: o.rate });
  return { saturated, fixed };
}

// The command line runs only when this file is the script (the harness imports measurePosting).
if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) await main();

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      writers: { type: 'string', default: '20' },
      rate: { type: 'string', default: '200' },
    },
  });
  const bounded = (raw: string, min: number, max: number) => Math.min(max, Math.max(min, Math.round(Number(raw)) || min));
  const duration = bounded(values.duration, 1, 60);
  const writers = bounded(values.writers, 1, 100);
  const rate = bounded(values.rate, 1, 5000);
  const adminUsername = process.env.BENCH_ADMIN_USERNAME ?? 'admin';
  const adminPassword = process.env.BENCH_ADMIN_PASSWORD ?? 'bench-admin-password';

  console.log('Building the production bundles…');
  execFileSync(process.execPath, [TSX, 'server/tools/build.ts'], { cwd: ROOT, stdio: 'inherit' });
  const databaseUrl = process.env.DATABASE_URL;
  const dataDir = process.env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'gr-bench-posting-'));
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    ADMIN_USERNAME: adminUsername,
    ADMIN_PASSWORD: adminPassword,
    POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', REGISTRATION_RATE_LIMIT: '0', TOKEN_RATE_LIMIT: '0',
    LOG_LEVEL: 'info',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };

  const probe = await buildApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }), { logger: false });
  const count = async () => Number((await queryRows<{ n: unknown }>(probe.db, sql`select count(*) as n from posts`))[0]?.n);
  if ((await count()) < 5_000) {
    console.log('Fewer than 5,000 posts: seeding 10,000…');
    await seedDatabase(probe.db, { posts: 10_000 });
  }
  const posts = await count();
  const [board] = await queryRows<{ slug: string }>(probe.db, sql`select slug from boards order by topic_count desc limit 1`);
  await probe.close();
  if (!board) throw new Error('no board to post in');

  const port = await freePort();
  const app = await startChild(['--enable-source-maps', 'dist/main.js'], { ...env, PORT: String(port) }, LISTENING);
  let saturated: LoadFigure;
  let fixed: LoadFigure;
  try {
    ({ saturated, fixed } = await measurePosting(app.url, { boardSlug: board.slug, writers, duration, rate, adminUsername, adminPassword, log: console.log }));
  } finally {
    await app.stop();
  }

  const report: PostingReport = {
    date: new Date().toISOString(),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
    driver: databaseUrl ? 'postgres' : 'pglite',
    posts,
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
    writers,
    duration,
    saturated,
    fixedRate: { ...fixed, rate },
  };
  const target = report.driver === 'postgres' ? 1000 : 300;
  const md = [
    `# Posting benchmark ${report.date.slice(0, 10)} · ${report.commit} · ${report.driver} (${posts.toLocaleString('en')} posts)`,
    '',
    `Machine: ${os.cpus().length} cores, load average ${report.loadAverage.join(' ')} at the end (other work shares the cores).`,
    '',
    '| run | posts/s | p50 | p99 | non-2xx | target |',
    '|---|---|---|---|---|---|',
    `| ${writers} writers, as fast as they go | ${Math.round(saturated.rps)} | ${saturated.p50} ms | ${saturated.p99} ms | ${saturated.non2xx} | ≥ ${target} posts/s: ${saturated.rps >= target ? 'met' : 'not met'} |`,
    `| fixed ${rate} posts/s | ${Math.round(fixed.rps)} | ${fixed.p50} ms | ${fixed.p99} ms | ${fixed.non2xx} | p99 < 50 ms: ${fixed.p99 < 50 ? 'met' : 'not met'} |`,
    '',
  ].join('\n');
  const dir = path.join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${report.date.slice(0, 10)}-${report.commit}-${report.driver}-posting`);
  writeFileSync(`${file}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${file}.md`, md);
  console.log(md);
  console.log(`Written: ${file}.json (and .md)`);
  process.exit(0);
}
