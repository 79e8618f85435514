import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../server/app';
import { loadConfig, type AppConfig } from '../../server/config';
import { queryRows } from '../../server/db/client';
import { seedDatabase } from '../../server/tools/seed-data';
import { freePort } from '../helpers/nginx';

/**
 * `npm run bench`: the built app (dist/main.js, as `npm start` runs it) as a child process
 * against a seeded database, measured with autocannon from another process, next to
 * baselines measured in the same run (bare Fastify sending the same bytes; bare Fastify
 * running the same SQL), so each figure holds as a ratio on a noisy machine.
 */
export interface HarnessOptions {
  duration: number;
  connections: number;
  writers: number;
  /** Compare one process with two (start:cluster), on the PostgreSQL server only. */
  compareWorkers: boolean;
  browser: boolean;
  adminUsername: string;
  adminPassword: string;
}

/** One measured load: requests per second and latency percentiles in ms. */
export interface LoadFigure {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  ok: number;
  non2xx: number;
  errors: number;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

/** A child process that said it listens; stop() ends it (by its pid) and waits. */
interface Child {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function startChild(args: string[], env: Record<string, string>, waitFor: RegExp | string, timeoutMs = 120_000): Promise<Child> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${args.join(' ')} did not start:\n${logs.join('')}`));
    }, timeoutMs);
    let started = false;
    const check = () => {
      if (started) return;
      const text = logs.join('');
      if (typeof waitFor === 'string') {
        void fetch(`${waitFor}/api/health`).then((r) => {
          if (r.ok && !started) {
            started = true;
            logs.length = 0;
            clearTimeout(timer);
            resolve({ url: waitFor, child, stop });
          }
        }, () => {});
        return;
      }
      const match = waitFor.exec(text);
      if (match?.[1]) {
        // From here on its log (a line per request at info, as in production) is read and
        // dropped: keeping and re-joining it would cost this process's CPU, which the server shares.
        started = true;
        logs.length = 0;
        clearTimeout(timer);
        resolve({ url: match[1], child, stop });
      }
    };
    child.stdout?.on('data', (c: Buffer) => {
      if (started) return;
      logs.push(c.toString());
      check();
    });
    child.stderr?.on('data', (c: Buffer) => {
      if (!started) logs.push(c.toString());
    });
    if (typeof waitFor === 'string') {
      const poll = setInterval(() => (child.exitCode === null ? check() : clearInterval(poll)), 250);
      child.once('exit', () => clearInterval(poll));
    }
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${logs.join('')}`));
    });
  });
}

export const LISTENING = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/;

/** Runs autocannon in its own process and answers its figures. */
export function load(options: { url: string; connections: number; duration: number; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; paths?: string[]; rate?: number }): LoadFigure {
  const out = execFileSync(process.execPath, [TSX, 'tests/bench/load.ts', JSON.stringify(options)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const line = out.trim().split('\n').pop() ?? '{}';
  return JSON.parse(line) as LoadFigure;
}

/** Everything one run measured, as written to bench/results. */
export interface BenchReport {
  date: string;
  commit: string;
  machine: { cores: number; memoryGiB: number; node: string; os: string; cpu: string };
  database: { driver: 'postgres' | 'pglite'; posts: number; topics: number };
  settings: { duration: number; connections: number; writers: number };
  reads: Record<string, { path: string; app: LoadFigure; sameBytes: LoadFigure; sameSql: LoadFigure; statements: number; bytes: number }>;
  posting: LoadFigure & { writers: number };
  search: Record<string, LoadFigure>;
  workers: { one: LoadFigure; two: LoadFigure; ratio: number } | null;
  firstJs: { files: string[]; gzipBytes: number };
  browser: { topicPosts: number; readableMs: number } | null;
  realtime: string | null;
  watchedWords: string | null;
  targets: { target: string; met: boolean | null; detail: string }[];
}

/** Measures everything on the configured database; the caller writes the report. */
export async function runHarness(env: Record<string, string | undefined>, options: HarnessOptions): Promise<BenchReport> {
  console.log('Building the production bundles (npm start does the same)…');
  execFileSync(process.execPath, [TSX, 'server/tools/build.ts'], { cwd: ROOT, stdio: 'inherit' });

  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'gr-bench-'));
  const baseEnv: Record<string, string> = {
    DATA_DIR: dataDir,
    ADMIN_USERNAME: options.adminUsername,
    ADMIN_PASSWORD: options.adminPassword,
    POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', REGISTRATION_RATE_LIMIT: '0', TOKEN_RATE_LIMIT: '0',
    LOG_LEVEL: 'info',
    ...(env.DATABASE_URL ? { DATABASE_URL: env.DATABASE_URL } : {}),
  };
  // The probe reads with the cache of public reads off: the SQL it captures for the same-SQL
  // baseline is what a read that misses runs (a repeated read would capture none).
  const config: AppConfig = loadConfig({ ...baseEnv, LOG_LEVEL: 'silent', CACHE_MAX_BYTES: '0' });

  // In-process app (statement log on): seed if empty, pick the pages, capture their SQL.
  const probe = await buildApp(config, { logger: false, countStatements: true });
  let counts = (await queryRows<{ posts: unknown; topics: unknown }>(probe.db, sql`select (select count(*) from posts) as posts, (select count(*) from topics) as topics`))[0];
  if (Number(counts?.posts) < 5_000) {
    console.log('The database holds fewer than 5,000 posts: seeding 10,000 (npm run seed -- --posts 10k)…');
    await seedDatabase(probe.db, { posts: 10_000 });
    counts = (await queryRows<{ posts: unknown; topics: unknown }>(probe.db, sql`select (select count(*) from posts) as posts, (select count(*) from topics) as topics`))[0];
  }
  const [topic] = await queryRows<{ id: number }>(probe.db, sql`select id from topics order by abs(post_count - 26), id desc limit 1`);
  const [board] = await queryRows<{ slug: string }>(probe.db, sql`select slug from boards order by topic_count desc limit 1`);
  const [hundred] = await queryRows<{ id: number; post_count: number }>(probe.db, sql`select id, post_count from topics order by abs(post_count - 100), id desc limit 1`);
  const [giant] = await queryRows<{ id: number }>(probe.db, sql`select id from topics order by post_count desc, id limit 1`);
  if (!topic || !board || !hundred || !giant) throw new Error('no topic or board to measure');
  // The thread of the largest topic: its first tree page, and page 100 reached by cursor.
  let cursor: string | null = null;
  for (let i = 0; i < 100; i += 1) {
    const page: { body: string } = await probe.inject({ method: 'GET', url: `/api/topics/${giant.id}/tree?limit=50${cursor ? `&cursor=${cursor}` : ''}` });
    const next: string | null = (JSON.parse(page.body) as { nextCursor: string | null }).nextCursor;
    if (!next) break;
    cursor = next;
  }
  const paths: Record<string, string> = {
    topic: `/api/topics/${topic.id}`,
    boardTopics: `/api/boards/${board.slug}/topics`,
    largestTopic: `/api/topics/${giant.id}`,
    largestTree: `/api/topics/${giant.id}/tree?limit=50`,
    ...(cursor ? { largestTreeDeep: `/api/topics/${giant.id}/tree?limit=50&cursor=${cursor}` } : {}),
  };
  const pages: { name: string; path: string; contentType: string; body: string; statements: { sql: string; params: unknown[] }[] }[] = [];
  for (const [name, p] of Object.entries(paths)) {
    const { result, statements } = await probe.statementLog!.record(() => probe.inject({ method: 'GET', url: p }));
    if (result.statusCode !== 200) throw new Error(`${p}: ${result.statusCode} ${result.body}`);
    pages.push({ name, path: p, contentType: String(result.headers['content-type']), body: result.body, statements: statements.map((s) => ({ sql: s.sql, params: s.params })) });
  }
  await probe.close();
  const planFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'gr-bench-plan-')), 'plan.json');
  writeFileSync(planFile, JSON.stringify({ database: { url: env.DATABASE_URL ?? null, dataDir }, pages }));

  const measure = (url: string, p: string) => load({ url: `${url}${p}`, connections: options.connections, duration: options.duration });
  const reads: BenchReport['reads'] = {};
  const appFigures: Record<string, LoadFigure> = {};
  const searchFigures: Record<string, LoadFigure> = {};
  let posting: LoadFigure;

  // The app, one process.
  const port = await freePort();
  const app = await startChild(['--enable-source-maps', 'dist/main.js'], { ...baseEnv, PORT: String(port) }, LISTENING);
  try {
    for (const page of pages) {
      console.log(`app: ${page.path}`);
      appFigures[page.name] = measure(app.url, page.path);
    }
    for (const [name, q] of Object.entries({ chinese: '群众', english: 'visiting' })) {
      console.log(`app: search ${q}`);
      searchFigures[name] = measure(app.url, `/api/search?q=${encodeURIComponent(q)}`);
    }
    // Posting: writers on their own topics of one board, signed in as the admin.
    const login = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: options.adminUsername, password: options.adminPassword }) });
    if (login.status !== 200) throw new Error(`bench sign-in failed: ${login.status} ${await login.text()} (set BENCH_ADMIN_USERNAME / BENCH_ADMIN_PASSWORD)`);
    const headers = { 'content-type': 'application/json', cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
    const topicPaths: string[] = [];
    for (let i = 0; i < options.writers; i += 1) {
      const created = await fetch(`${app.url}/api/boards/${board.slug}/topics`, { method: 'POST', headers, body: JSON.stringify({ title: `基准测试 ${i}`, body: '并发写入的主题' }) });
      topicPaths.push(`/api/topics/${((await created.json()) as { topic: { id: number } }).topic.id}/posts`);
    }
    console.log(`app: posting with ${options.writers} writers`);
    posting = load({ url: `${app.url}${topicPaths[0]}`, connections: options.writers, duration: options.duration, method: 'POST', headers, body: JSON.stringify({ body: '群众在我心中，我在群众当中。benchmark reply' }), paths: topicPaths });
  } finally {
    await app.stop();
  }

  // Baselines, same run: the same bytes, then the same SQL and the same bytes.
  const sameBytes: Record<string, LoadFigure> = {};
  const sameSql: Record<string, LoadFigure> = {};
  for (const [mode, into] of [['bytes', sameBytes], ['sql', sameSql]] as const) {
    const bare = await startChild([TSX, 'tests/bench/bare-server.ts', mode, planFile], {}, LISTENING);
    try {
      for (const page of pages) {
        console.log(`baseline ${mode}: ${page.path}`);
        into[page.name] = measure(bare.url, page.path);
      }
    } finally {
      await bare.stop();
    }
  }
  for (const page of pages) {
    reads[page.name] = { path: page.path, app: appFigures[page.name]!, sameBytes: sameBytes[page.name]!, sameSql: sameSql[page.name]!, statements: page.statements.length, bytes: Buffer.byteLength(page.body) };
  }

  // One process against two (PostgreSQL only: the embedded database is one process's).
  let workers: BenchReport['workers'] = null;
  if (options.compareWorkers && env.DATABASE_URL) {
    const figure = async (n: number) => {
      const p = await freePort();
      const cluster = await startChild(['--enable-source-maps', 'dist/cluster.js'], { ...baseEnv, PORT: String(p), WORKERS: String(n), LOG_LEVEL: 'warn' }, `http://127.0.0.1:${p}`);
      try {
        // Let every worker come up before loading (each logs nothing at warn; give them time).
        await new Promise((r) => setTimeout(r, 4_000));
        console.log(`cluster of ${n}: ${paths.topic}`);
        return measure(cluster.url, paths.topic ?? '');
      } finally {
        await cluster.stop();
      }
    };
    const one = await figure(1);
    const two = await figure(2);
    workers = { one, two, ratio: two.rps / one.rps };
  }

  // The first JavaScript the browser loads: the entry chunk and its static imports (modulepreload).
  const webDir = path.join(ROOT, 'dist/web');
  const html = readFileSync(path.join(webDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1] ?? m[2] ?? '').filter(Boolean);
  const gzipBytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(webDir, f.replace(/^\//, '')))).length, 0);

  // Time until a topic of ~100 posts is readable in Chromium (first post's text shown).
  let browser: BenchReport['browser'] = null;
  if (options.browser && existsSync('/usr/bin/chromium')) {
    const p = await freePort();
    const served = await startChild(['--enable-source-maps', 'dist/main.js'], { ...baseEnv, PORT: String(p) }, LISTENING);
    try {
      browser = await timeTopicInBrowser(served.url, hundred.id, hundred.post_count);
    } finally {
      await served.stop();
    }
  }

  // The realtime bench (1,000 subscribers by default), folded in as it is.
  let realtime: string | null = null;
  if (env.BENCH_REALTIME !== '0') {
    const { runRealtimeBench } = await import('./realtime.bench');
    console.log('realtime: fan-out and idle sockets');
    realtime = await runRealtimeBench({ subscribers: Number(env.BENCH_SUBSCRIBERS ?? 1000), posts: 30, ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) });
  }

  // The watched-words check (issue 10): 10,000 words against a 50,000-character post.
  const { runWatchedWordsBench } = await import('./watched-words.bench');
  const watchedWords: string | null = runWatchedWordsBench();

  const report: BenchReport = {
    date: new Date().toISOString(),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
    machine: {
      cores: os.cpus().length,
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      os: `${os.type()} ${os.release()}`,
      cpu: os.cpus()[0]?.model ?? 'unknown',
    },
    database: { driver: env.DATABASE_URL ? 'postgres' : 'pglite', posts: Number(counts?.posts), topics: Number(counts?.topics) },
    settings: { duration: options.duration, connections: options.connections, writers: options.writers },
    reads,
    posting: { ...posting, writers: options.writers },
    search: searchFigures,
    workers,
    firstJs: { files, gzipBytes },
    browser,
    realtime,
    watchedWords,
    targets: [],
  };
  report.targets = judge(report);
  return report;
}

/** The time until a topic's first post is shown in Chromium, median of 3 fresh contexts (also tests/bench/first-load.bench.ts). */
export async function timeTopicInBrowser(url: string, topicId: number, posts: number): Promise<{ topicPosts: number; readableMs: number }> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const first = (await (await fetch(`${url}/api/topics/${topicId}`)).json()) as { posts: { items: { html: string | null }[] } };
    const text = (first.posts.items[0]?.html ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 12);
    const times: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const context = await browser.newContext({ locale: 'zh-CN' });
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${url}/t/${topicId}`);
      await page.getByText(text).first().waitFor({ state: 'visible', timeout: 30_000 });
      times.push(performance.now() - started);
      await context.close();
    }
    times.sort((a, b) => a - b);
    return { topicPosts: posts, readableMs: Math.round(times[1] ?? times[0] ?? Number.NaN) };
  } finally {
    await browser.close();
  }
}

/** Item 7's targets, each met or not with the reason (null: not measured in this run). */
function judge(r: BenchReport): BenchReport['targets'] {
  const t: BenchReport['targets'] = [];
  for (const [name, read] of Object.entries(r.reads)) {
    const share = read.app.rps / read.sameBytes.rps;
    t.push({ target: `${name}: ≥ 0.2 of the same-bytes floor`, met: share >= 0.2, detail: `${share.toFixed(3)} (${Math.round(read.app.rps)} of ${Math.round(read.sameBytes.rps)} req/s; the same SQL alone: ${Math.round(read.sameSql.rps)} req/s, ${read.statements} statements)` });
    t.push({ target: `${name}: p99 ≤ 20 ms at 1M posts`, met: r.database.posts >= 1_000_000 ? read.app.p99 <= 20 : null, detail: `p99 ${read.app.p99} ms at ${r.database.posts.toLocaleString('en')} posts${r.database.posts < 1_000_000 ? ' (not a 1M database)' : ''}` });
  }
  const target = r.database.driver === 'postgres' ? 1_000 : 300;
  t.push({ target: `posting ≥ ${target} posts/s with ${r.posting.writers} writers`, met: r.posting.rps >= target, detail: `${Math.round(r.posting.rps)} posts/s, p99 ${r.posting.p99} ms (${r.posting.non2xx} non-2xx)` });
  for (const [name, s] of Object.entries(r.search)) {
    t.push({ target: `search (${name}) p99 ≤ 100 ms at 1M`, met: r.database.posts >= 1_000_000 ? s.p99 <= 100 : null, detail: `p99 ${s.p99} ms, ${Math.round(s.rps)} req/s at ${r.database.posts.toLocaleString('en')} posts` });
  }
  t.push({ target: 'first JavaScript ≤ 80 KB gzip', met: r.firstJs.gzipBytes <= 80 * 1024, detail: `${(r.firstJs.gzipBytes / 1024).toFixed(1)} KB in ${r.firstJs.files.length} files` });
  t.push({ target: 'two processes ≥ 1.6× one on read paths', met: r.workers ? r.workers.ratio >= 1.6 : null, detail: r.workers ? `${r.workers.ratio.toFixed(2)}× (${Math.round(r.workers.one.rps)} → ${Math.round(r.workers.two.rps)} req/s; the load generator shares the 2 cores)` : 'not measured (PostgreSQL only, --workers)' });
  t.push({ target: 'realtime p99 ≤ 100 ms at 1,000 subscribers; 10,000 idle sockets ≤ 1 GiB', met: null, detail: r.realtime ? 'see the realtime section (its own text report)' : 'not run' });
  t.push({ target: 'read p99 at 1M within 1.5× of p99 at 10k', met: null, detail: 'needs runs at several sizes (--sizes is not built yet)' });
  return t;
}

const fmt = (f: LoadFigure) => `${Math.round(f.rps).toLocaleString('en')} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms`;

/** The report as Markdown: machine, commit, database, every figure and ratio, the targets. */
export function markdown(r: BenchReport): string {
  const lines = [
    `# Benchmark ${r.date.slice(0, 10)} at ${r.commit}`,
    '',
    `Machine: ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.os}. ` +
      `Database: ${r.database.driver}, ${r.database.posts.toLocaleString('en')} posts in ${r.database.topics.toLocaleString('en')} topics. ` +
      `Load: autocannon in its own process, ${r.settings.connections} connections, ${r.settings.duration} s per figure, on the same cores.`,
    '',
    '| read | app | bare Fastify, same bytes | bare Fastify, same SQL | app / same bytes | app / same SQL | statements | bytes |',
    '|---|---|---|---|---|---|---|---|',
    ...Object.entries(r.reads).map(([name, x]) => `| ${name} \`${x.path}\` | ${fmt(x.app)} | ${fmt(x.sameBytes)} | ${fmt(x.sameSql)} | ${(x.app.rps / x.sameBytes.rps).toFixed(3)} | ${(x.app.rps / x.sameSql.rps).toFixed(3)} | ${x.statements} | ${x.bytes.toLocaleString('en')} |`),
    '',
    '| other | figure |',
    '|---|---|',
    `| posting, ${r.posting.writers} writers | ${Math.round(r.posting.rps).toLocaleString('en')} posts/s, p50 ${r.posting.p50} ms, p99 ${r.posting.p99} ms, ${r.posting.non2xx} non-2xx |`,
    ...Object.entries(r.search).map(([name, s]) => `| search, ${name} | ${fmt(s)} |`),
    `| one process → two (start:cluster) | ${r.workers ? `${Math.round(r.workers.one.rps)} → ${Math.round(r.workers.two.rps)} req/s on the topic page: ${r.workers.ratio.toFixed(2)}×` : 'not measured'} |`,
    `| first JavaScript (gzip) | ${(r.firstJs.gzipBytes / 1024).toFixed(1)} KB: ${r.firstJs.files.join(', ')} |`,
    `| topic of ${r.browser?.topicPosts ?? '~100'} posts readable in Chromium | ${r.browser ? `${r.browser.readableMs} ms (median of 3, fresh context each)` : 'not measured'} |`,
    `| watched words | ${r.watchedWords ?? 'not run'} |`,
    '',
    '## Targets (issue 14 item 7)',
    '',
    '| target | met | figure |',
    '|---|---|---|',
    ...r.targets.map((x) => `| ${x.target} | ${x.met === null ? 'not measured' : x.met ? 'met' : 'NOT met'} | ${x.detail} |`),
    '',
  ];
  if (r.realtime) lines.push('## Realtime', '', '```', r.realtime.trim(), '```', '');
  return lines.join('\n');
}

/** Writes bench/results/<date>-<commit>.json and .md; answers the Markdown file's path. */
export function writeReport(r: BenchReport): string {
  const dir = path.join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `${r.date.slice(0, 10)}-${r.commit}-${r.database.driver}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdown(r));
  return `${base}.md`;
}
