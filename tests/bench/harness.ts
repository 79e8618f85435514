import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import postgres from 'postgres';
import { buildApp } from '../../server/app';
import { loadConfig, type AppConfig } from '../../server/config';
import { queryRows } from '../../server/db/client';
import { progressLine } from '../../server/tools/seed-args';
import { seedDatabase } from '../../server/tools/seed-data';
import { freePort } from '../helpers/nginx';
import { chooseGenerator, fixedRateConnections, fixedRates, parseShellTimes, parseWrkOutput, parseWrkRateOutput, pinned, fixedRatePacing, singleProcessPinning, workersPinning, wrkConfig, type GeneratorChoice, type RequestShape } from './generator';
import { cpuSeconds, machineBusySeconds } from './proc-cpu';
import { DEFAULT_READ_RATE, SEEDED_POSTS_SQL, judge, markdown, seedPlan, sizeDatabase, sizeName, unusedResultBase, type BenchReport, type FixedRateRead, type GeneratorFloor, type LoadFigure, type ReadFigures, type SizeFigures } from './report';
import { APP_NODE_ARGS, CLUSTER_NODE_ARGS } from './node-args';
import type { PostingMark } from './posting-load';

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
  /** Posts per second of the fixed-rate posting run. */
  rate: number;
  /** Compare one process with two (start:cluster), on the PostgreSQL server only. */
  compareWorkers: boolean;
  browser: boolean;
  realtime: boolean;
  subscribers: number;
  /** Idle sockets to open against the app (0: skip). */
  idleSockets: number;
  /** Database sizes (posts), smallest first; null: the configured database as it is. */
  sizes: number[] | null;
  adminUsername: string;
  adminPassword: string;
  /** The load generator: `auto` takes wrk when installed (tests/bench/generator.ts). */
  generator: GeneratorChoice;
  /**
   * Reads and searches also at fixed rates below saturation: half their saturated rate in the
   * run, and these absolute rates (reads, searches; 0: the half only). Off: saturated only.
   */
  fixedRate?: { reads: number; searches: number } | null;
  /**
   * When 10k and 1M both run: the size-ratio phase (tests/bench/size-ratio.ts), `rounds` per
   * size of `duration` s per figure at the reads' absolute rate (0 rounds: off).
   */
  sizeRatio?: { rounds: number; duration: number } | null;
  /** On the PostgreSQL server, also posting on a temporary embedded database seeded with 10,000 posts. */
  embeddedPosting?: boolean;
}

export type { BenchReport, LoadFigure } from './report';
export { markdown } from './report';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

/** A child process that said it listens; stop() ends it (by its pid) and waits. */
interface Child {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function startChild(args: string[], env: Record<string, string>, waitFor: RegExp | string, timeoutMs = 120_000, cpus: string | null = null): Promise<Child> {
  // Pinned with taskset, which execs the command: the child's pid is still the server's.
  const [command = process.execPath, ...argv] = pinned(cpus, [process.execPath, ...args]);
  const child = spawn(command, argv, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** What load() sends and how: the request, the generator asked for, where it runs. */
export interface LoadOptions extends RequestShape {
  url: string;
  connections: number;
  duration: number;
  /**
   * A fixed rate in requests/s over all connections: autocannon's overallRate, or with
   * `generator: 'wrk'` tests/bench/wrk.lua's schedule (one wrk thread per connection).
   */
  rate?: number;
  /** `auto` (the default): wrk when installed, else autocannon. */
  generator?: GeneratorChoice;
  /** taskset -c CPU list for the generator; null or absent: unpinned. */
  cpus?: string | null;
  /** The server's processes (and their descendants): their CPU seconds over the figure. */
  serverPids?: number[];
}

let wrkFound: boolean | null = null;
/** Whether `wrk` is on the PATH (looked up once). */
export function wrkInstalled(): boolean {
  if (wrkFound === null) wrkFound = (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(path.join(dir, 'wrk')));
  return wrkFound;
}

/** CPU seconds (user + system) a process and its descendants have used so far, from /proc (0 once gone). */
export function treeCpuSeconds(pid: number): number {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // gone, or no children file
  }
  return cpuSeconds(pid) + children.reduce((sum, child) => sum + treeCpuSeconds(child), 0);
}

/**
 * Runs the load generator in its own process (wrk with tests/bench/wrk.lua, or autocannon by
 * tests/bench/load.ts, tests/bench/generator.ts's chooseGenerator), pinned when `cpus` is
 * given, and answers its figures: which generator, the CPU it and the server spent.
 */
export function load(options: LoadOptions): LoadFigure {
  if (!/^http:\/\/127\.0\.0\.1:\d+/.test(options.url)) throw new Error('load goes to 127.0.0.1 only');
  const { generator } = chooseGenerator(options.generator ?? 'auto', wrkInstalled(), options.rate !== undefined);
  const cpus = options.cpus ?? null;
  const pids = options.serverPids ?? [];
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  let argv: string[];
  let configDir: string | null = null;
  if (generator === 'wrk') {
    const url = new URL(options.url);
    configDir = mkdtempSync(path.join(os.tmpdir(), 'gr-wrk-'));
    env.WRK_CONFIG = path.join(configDir, 'request.conf');
    writeFileSync(env.WRK_CONFIG, wrkConfig(options, `${url.pathname}${url.search}`));
    const duration = Math.min(60, options.duration);
    if (options.rate !== undefined) {
      // Paced (wrk.lua): one thread per connection, so each thread's Lua state is one connection's schedule.
      env.WRK_RATE = String(options.rate);
      env.WRK_CONNECTIONS = String(options.connections);
      env.WRK_DURATION = String(duration);
    }
    const threads = options.rate !== undefined ? options.connections : 1;
    argv = ['wrk', `-t${threads}`, `-c${options.connections}`, `-d${duration}s`, '--timeout', '10s', '-s', path.join(ROOT, 'tests/bench/wrk.lua'), options.url];
  } else {
    const { generator: _g, cpus: _c, serverPids: _p, ...rest } = options;
    argv = [process.execPath, TSX, 'tests/bench/load.ts', JSON.stringify(rest)];
  }
  const serverBefore = pids.reduce((sum, pid) => sum + treeCpuSeconds(pid), 0);
  const machineBefore = machineBusySeconds();
  // The shell's `times` gives the CPU of the children it waited for: the generator's.
  const run = spawnSync('sh', ['-c', '"$@"; status=$?; times >&2; exit $status', 'sh', ...pinned(cpus, argv)], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const serverCpuSeconds = pids.length > 0 ? pids.reduce((sum, pid) => sum + treeCpuSeconds(pid), 0) - serverBefore : null;
  const machineAfter = machineBusySeconds();
  const machineCpuSeconds = machineBefore !== null && machineAfter !== null ? machineAfter - machineBefore : null;
  if (configDir) rmSync(configDir, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`${generator} failed (${run.status ?? run.signal}): ${run.stderr.slice(0, 2_000)}`);
  const figure = generator === 'wrk'
    ? (options.rate !== undefined ? parseWrkRateOutput(run.stdout) : parseWrkOutput(run.stdout))
    : ({
      ...(JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as LoadFigure),
      generator: 'autocannon',
      ...(options.rate !== undefined ? { fixedRate: { asked: options.rate, connections: options.connections, paced: 'autocannon', fromMeant: false } } : {}),
    } satisfies LoadFigure);
  return { ...figure, generatorCpus: cpus, generatorCpuSeconds: parseShellTimes(run.stderr), serverCpuSeconds, machineCpuSeconds };
}

/** One database to measure: its environment for the app, and how the harness got it. */
interface SizeTarget {
  /** The size asked for (`--sizes`), or null for the configured database as it is. */
  size: number | null;
  dbEnv: Record<string, string>;
  database: string;
  prepared: string;
  /** Seed it to exactly `size` posts before measuring. */
  seed: boolean;
}

/** What one size's measurement found, for the figures that run on the largest database only. */
interface SizeRun {
  figures: SizeFigures;
  baseEnv: Record<string, string>;
  databaseUrl: string | null;
  paths: Record<string, string>;
  topicId: number;
  boardSlug: string;
  hundred: { id: number; post_count: number };
  engineVersion: string | null;
  posting: { saturated: LoadFigure; fixed: LoadFigure; floor: (LoadFigure & { group: number }) | null } | null;
  generatorFloor: GeneratorFloor | null;
  generatorFloorFixed: GeneratorFloor | null;
  /** bare-server.ts's plan of this size's pages (kept until the run ends, for the size-ratio phase). */
  planFile: string;
}

/** Rounds of each generator on the same-bytes floor (wrk, autocannon, wrk, …). */
const FLOOR_ROUNDS = 3;

let tasksetFound: boolean | null = null;
/** Whether `taskset` (util-linux) is on the PATH. */
export function tasksetInstalled(): boolean {
  if (tasksetFound === null) tasksetFound = (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(path.join(dir, 'taskset')));
  return tasksetFound;
}

/** The report's sentence on the generator: what was asked and what ran. */
function generatorText(asked: GeneratorChoice, fixedRate: boolean): string {
  const { generator, why } = chooseGenerator(asked, wrkInstalled(), false);
  const paced = fixedRatePacing(asked, wrkInstalled()) === 'wrk';
  const reads = fixedRate ? (paced ? 'reads and searches at fixed rates: wrk paced by tests/bench/wrk.lua, latency from the meant time; ' : 'reads and searches at fixed rates: autocannon (overallRate); ') : '';
  const posting = paced ? 'wrk paced by tests/bench/wrk.lua' : 'autocannon (overallRate: a burst at the top of each second)';
  return `${generator} (${why}); ${reads}posting's fixed rate: ${posting}`;
}


/**
 * The server database of one size, `<db>_<size>`: reused when it holds exactly `size` seeded
 * posts, else dropped and made again (a half-finished or other-sized seed), or made when missing.
 */
async function prepareServerSize(databaseUrl: string, size: number): Promise<SizeTarget> {
  const target = sizeDatabase(databaseUrl, size);
  const admin = postgres(target.maintenanceUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin<{ one: number }[]>`select 1 as one from pg_database where datname = ${target.name}`;
    const base = { size, dbEnv: { DATABASE_URL: target.url }, database: `database ${target.name}` };
    if (exists) {
      const db = postgres(target.url, { max: 1, onnotice: () => {} });
      let seeded = 0;
      try {
        const [tables] = await db<{ ready: boolean }[]>`select to_regclass('public.posts') is not null and to_regclass('public.users') is not null as ready`;
        if (tables?.ready) seeded = Number((await db.unsafe<{ n: number }[]>(SEEDED_POSTS_SQL))[0]?.n ?? 0);
      } finally {
        await db.end({ timeout: 5 });
      }
      const plan = seedPlan({ posts: seeded, seeded }, size);
      if (plan.seed === null) return { ...base, prepared: plan.text, seed: false };
      await admin.unsafe(`drop database "${target.name}" with (force)`);
      await admin.unsafe(`create database "${target.name}"`);
      return { ...base, prepared: `dropped and seeded again (it held ${seeded.toLocaleString('en')} seeded posts, not ${size.toLocaleString('en')})`, seed: true };
    }
    await admin.unsafe(`create database "${target.name}"`);
    return { ...base, prepared: `created and seeded with ${size.toLocaleString('en')} posts`, seed: true };
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Measures everything on the configured database (or each size of it); the caller writes the report. */
export async function runHarness(env: Record<string, string | undefined>, options: HarnessOptions): Promise<BenchReport> {
  const loadBefore = os.loadavg();
  console.log('Building the production bundles (npm start does the same)…');
  execFileSync(process.execPath, [TSX, 'server/tools/build.ts'], { cwd: ROOT, stdio: 'inherit' });

  const tempDirs: string[] = [];
  const temp = (prefix: string) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    tempDirs.push(dir);
    return dir;
  };
  try {
    const runs: SizeRun[] = [];
    const sizes: (number | null)[] = options.sizes ?? [null];
    for (const [i, size] of sizes.entries()) {
      let target: SizeTarget;
      if (size === null) {
        target = env.DATABASE_URL
          ? { size, dbEnv: { DATABASE_URL: env.DATABASE_URL }, database: `database ${new URL(env.DATABASE_URL).pathname.slice(1)}`, prepared: 'as configured', seed: false }
          : { size, dbEnv: {}, database: env.DATA_DIR ? `DATA_DIR ${env.DATA_DIR}` : 'a temporary directory', prepared: 'as configured', seed: false };
      } else if (env.DATABASE_URL) {
        target = await prepareServerSize(env.DATABASE_URL, size);
      } else {
        target = { size, dbEnv: { DATA_DIR: temp(`gr-bench-${sizeName(size)}-`) }, database: 'a temporary directory', prepared: `a new embedded database seeded with ${size.toLocaleString('en')} posts`, seed: true };
      }
      console.log(`${size === null ? 'database' : `size ${sizeName(size)}`}: ${target.database}, ${target.prepared}`);
      runs.push(await measureSize(env, target, options, i === sizes.length - 1, temp));
    }
    const last = runs[runs.length - 1]!;
    const { baseEnv, paths } = last;

    // Read p99 at 1M against 10k in alternating rounds, both sizes' apps and floors running.
    let sizeRatio: BenchReport['sizeRatio'] = null;
    const low = runs.find((r) => r.figures.size === 10_000 && r.figures.name === '10k');
    const high = runs.find((r) => r.figures.size === 1_000_000 && r.figures.name === '1m');
    if (options.sizeRatio && options.sizeRatio.rounds > 0 && low && high) {
      const { runSizeRatioPhase } = await import('./size-ratio');
      const side = (r: SizeRun) => ({ name: r.figures.name, size: r.figures.size, baseEnv: r.baseEnv, planFile: r.planFile, paths: r.paths });
      console.log(`size ratio: ${options.sizeRatio.rounds} rounds per size, 10k and 1m in turn`);
      sizeRatio = await runSizeRatioPhase({
        low: side(low), high: side(high), rate: options.fixedRate?.reads || DEFAULT_READ_RATE,
        rounds: options.sizeRatio.rounds, duration: options.sizeRatio.duration, generator: options.generator,
      });
    }

    // One process against two (PostgreSQL only: the embedded database is one process's).
    let workers: BenchReport['workers'] = null;
    const workersPin = workersPinning();
    if (options.compareWorkers && last.databaseUrl) {
      const figure = async (n: number) => {
        const p = await freePort();
        // Nothing pinned, for one process and two alike (workersPinning): two workers need both cores.
        const cluster = await startChild([...CLUSTER_NODE_ARGS, 'dist/cluster.js'], { ...baseEnv, PORT: String(p), WORKERS: String(n), LOG_LEVEL: 'warn' }, `http://127.0.0.1:${p}`, 120_000, workersPin.server);
        try {
          // Let every worker come up before loading (each logs nothing at warn; give them time).
          await new Promise((r) => setTimeout(r, 4_000));
          console.log(`cluster of ${n}: ${paths.topic}`);
          const target = `${cluster.url}${paths.topic ?? ''}`;
          await fetch(target).then((r) => r.text());
          // A warm-up round, not counted, for one process and two alike: a worker still starting
          // (or compiling the hot path) would put its start-up CPU into the figure.
          load({ url: target, connections: options.connections, duration: 2, generator: options.generator, cpus: workersPin.generator });
          return load({ url: target, connections: options.connections, duration: options.duration, generator: options.generator, cpus: workersPin.generator, serverPids: cluster.child.pid ? [cluster.child.pid] : [] });
        } finally {
          await cluster.stop();
        }
      };
      const one = await figure(1);
      const two = await figure(2);
      workers = { one, two, ratio: two.rps / one.rps, pinning: workersPin.text };
    }

    // Posting on the embedded database (its own target, ≥ 300 posts/s), on a PostgreSQL report:
    // the built app on a temporary embedded database of 10,000 seeded posts, measured as above.
    let embeddedPosting: BenchReport['embeddedPosting'] = null;
    if (options.embeddedPosting && last.databaseUrl) {
      embeddedPosting = await measureEmbeddedPosting(baseEnv, options, temp('gr-bench-embedded-'));
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
      const served = await startChild([...APP_NODE_ARGS, 'dist/main.js'], { ...baseEnv, PORT: String(p) }, LISTENING);
      try {
        console.log(`browser: /t/${last.hundred.id}`);
        browser = await timeTopicInBrowser(served.url, last.hundred.id, last.hundred.post_count);
      } finally {
        await served.stop();
      }
    }

    // The realtime fan-out (1,000 subscribers by default): its own server and baseline.
    let realtime: BenchReport['realtime'] = null;
    if (options.realtime) {
      const { runRealtimeBench } = await import('./realtime.bench');
      console.log(`realtime: fan-out to ${options.subscribers} subscribers`);
      realtime = await runRealtimeBench({ subscribers: options.subscribers, posts: 30, ...(last.databaseUrl ? { databaseUrl: last.databaseUrl } : {}) });
    }

    // Idle sockets (10,000 by default) on the built app, each subscribed to the measured board's
    // room. Not a topic room: there each join sends the reader count to every reader of the room
    // (debounced to 300 ms), thousands of frames a time at 10,000 readers, and the sockets are not idle.
    let idleSockets: BenchReport['idleSockets'] = null;
    if (options.idleSockets > 0) {
      const { runIdleSocketsBench } = await import('./idle-sockets.bench');
      const p = await freePort();
      const served = await startChild([...APP_NODE_ARGS, 'dist/main.js'], { ...baseEnv, PORT: String(p), LOG_LEVEL: 'warn' }, `http://127.0.0.1:${p}`);
      try {
        console.log(`idle sockets: ${options.idleSockets} from a client process`);
        idleSockets = await runIdleSocketsBench({ url: served.url, serverPid: served.child.pid ?? 0, sockets: options.idleSockets, room: `board:${last.boardSlug}` });
      } finally {
        await served.stop();
      }
    }

    // The watched-word check (issue 10): 10,000 words against a 50,000-character post.
    const { runWatchedWordsBench } = await import('./watched-words.bench');
    console.log('watched words');
    const watchedWords = runWatchedWordsBench();

    const posting = last.posting!;
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
      versions: { node: process.version, postgres: last.engineVersion, pglite: pgliteVersion() },
      loadAverage: { before: rounded(loadBefore), after: rounded(os.loadavg()) },
      database: { driver: last.databaseUrl ? 'postgres' : 'pglite', posts: last.figures.posts, topics: last.figures.topics },
      settings: {
        duration: options.duration, connections: options.connections, writers: options.writers,
        generator: generatorText(options.generator, Boolean(options.fixedRate)), pinning: singleProcessPinning(os.cpus().length, tasksetInstalled()).text,
      },
      reads: last.figures.reads,
      posting: { ...posting.saturated, writers: options.writers },
      postingFixed: { ...posting.fixed, rate: options.rate },
      postingFloor: posting.floor,
      embeddedPosting,
      search: last.figures.search,
      sizes: options.sizes ? runs.map((r) => r.figures) : null,
      workers,
      generatorFloor: last.generatorFloor,
      generatorFloorFixed: last.generatorFloorFixed,
      sizeRatio,
      ...(last.figures.searchFixed ? { searchFixed: last.figures.searchFixed } : {}),
      firstJs: { files, gzipBytes },
      browser,
      realtime,
      idleSockets,
      watchedWords,
      targets: [],
    };
    report.targets = judge(report);
    return report;
  } finally {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  }
}

const rounded = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100);

/** Posts the embedded database's posting figures are measured on (as bench:posting seeds). */
const EMBEDDED_POSTING_POSTS = 10_000;

/**
 * Posting on a new embedded database in `dataDir`: seeded with 10,000 posts in this process, then
 * the built app as a child process (pinned as the single-process figures are) and
 * measurePosting's two figures on its busiest board.
 */
async function measureEmbeddedPosting(serverEnv: Record<string, string>, options: HarnessOptions, dataDir: string): Promise<NonNullable<BenchReport['embeddedPosting']>> {
  const { DATABASE_URL: _server, ...rest } = serverEnv;
  const env = { ...rest, DATA_DIR: dataDir };
  console.log(`embedded posting: seeding ${EMBEDDED_POSTING_POSTS.toLocaleString('en')} posts in ${dataDir}`);
  const probe = await buildApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }), { logger: false });
  let boardSlug: string;
  let posts: number;
  try {
    await seedDatabase(probe.db, { posts: EMBEDDED_POSTING_POSTS });
    const [board] = await queryRows<{ slug: string }>(probe.db, sql`select slug from boards order by topic_count desc limit 1`);
    if (!board) throw new Error('embedded posting: no board to post in');
    boardSlug = board.slug;
    posts = Number((await queryRows<{ n: unknown }>(probe.db, sql`select count(*) as n from posts`))[0]?.n ?? 0);
  } finally {
    await probe.close();
  }
  const pin = singleProcessPinning(os.cpus().length, tasksetInstalled());
  const port = await freePort();
  const app = await startChild([...APP_NODE_ARGS, 'dist/main.js'], { ...env, PORT: String(port) }, LISTENING, 120_000, pin.server);
  try {
    const { measurePosting } = await import('./posting-load');
    const posted = await measurePosting(app.url, {
      boardSlug, writers: options.writers, duration: options.duration, rate: options.rate,
      adminUsername: options.adminUsername, adminPassword: options.adminPassword,
      log: (line) => console.log(`embedded: ${line}`), cpus: pin.generator, generator: options.generator,
      serverPids: app.child.pid ? [app.child.pid] : [],
    });
    return { posts, saturated: { ...posted.saturated, writers: options.writers }, fixed: { ...posted.fixed, rate: options.rate } };
  } finally {
    await app.stop();
  }
}

function pgliteVersion(): string | null {
  try {
    return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

/**
 * One database: seed it if asked (or, as configured, when it holds fewer than 5,000 posts),
 * pick the pages and capture their SQL, then measure the reads and searches on the app and the
 * reads on both baselines; on the last (largest) database also posting, while the app is up.
 */
async function measureSize(env: Record<string, string | undefined>, target: SizeTarget, options: HarnessOptions, last: boolean, temp: (prefix: string) => string): Promise<SizeRun> {
  const dataDir = target.dbEnv.DATA_DIR ?? env.DATA_DIR ?? temp('gr-bench-');
  const databaseUrl = target.dbEnv.DATABASE_URL ?? null;
  const baseEnv: Record<string, string> = {
    DATA_DIR: dataDir,
    ADMIN_USERNAME: options.adminUsername,
    ADMIN_PASSWORD: options.adminPassword,
    POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', REGISTRATION_RATE_LIMIT: '0', TOKEN_RATE_LIMIT: '0',
    LOG_LEVEL: 'info',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  // The probe reads with the cache of public reads off: the SQL it captures for the same-SQL
  // baseline is what a read that misses runs (a repeated read would capture none).
  const config: AppConfig = loadConfig({ ...baseEnv, LOG_LEVEL: 'silent', CACHE_MAX_BYTES: '0' });

  // In-process app (statement log on): seed, pick the pages, capture their SQL.
  const probe = await buildApp(config, { logger: false, countStatements: true });
  const countRows = async () => (await queryRows<{ posts: unknown; topics: unknown }>(probe.db, sql`select (select count(*) from posts) as posts, (select count(*) from topics) as topics`))[0];
  let counts = await countRows();
  // A size is seeded to exactly its count when made (a reused one never); the database as
  // configured gets 10,000 posts when it holds fewer than 5,000.
  const seedTo = target.size !== null ? (target.seed ? target.size : null) : Number(counts?.posts) < 5_000 ? 10_000 : null;
  if (seedTo !== null) {
    console.log(target.seed ? `Seeding ${seedTo.toLocaleString('en')} posts…` : 'The database holds fewer than 5,000 posts: seeding 10,000 (npm run seed -- --posts 10k)…');
    const started = performance.now();
    let shown = 0;
    await seedDatabase(probe.db, {
      posts: seedTo,
      onProgress: (done, total) => {
        if (done === total || performance.now() - shown > 5_000) {
          shown = performance.now();
          console.log(progressLine(done, total, performance.now() - started));
        }
      },
    });
    counts = await countRows();
  }
  const [version] = await queryRows<{ server_version: string }>(probe.db, sql`show server_version`);
  const { topic, board, hundred, paths, pages } = await readPages(probe);
  // The searches' answers, for bare Fastify sending the same bytes at the searches' fixed rates.
  const searchQueries = { chinese: '群众', english: 'visiting' };
  const searchPages: typeof pages = [];
  if (options.fixedRate) {
    for (const [name, q] of Object.entries(searchQueries)) {
      const p = `/api/search?q=${encodeURIComponent(q)}`;
      const result = await probe.inject({ method: 'GET', url: p });
      if (result.statusCode !== 200) throw new Error(`${p}: ${result.statusCode} ${result.body}`);
      searchPages.push({ name, path: p, contentType: String(result.headers['content-type']), body: result.body, statements: [] });
    }
  }
  // What the posting phase (the last size only) will add, so that it can be removed after:
  // this database is measured again by the next run (undoPosting).
  const postingMark = last ? await (await import('./posting-load')).markPosting(probe.db, board.slug) : null;
  await probe.close();
  const planFile = path.join(temp('gr-bench-plan-'), 'plan.json');
  writeFileSync(planFile, JSON.stringify({ database: { url: databaseUrl, dataDir }, pages: [...pages, ...searchPages] }));

  const label = target.size === null ? '' : ` [${sizeName(target.size)}]`;
  // Single-process figures: the server on CPU 0, the generator on CPU 1 (singleProcessPinning).
  const pin = singleProcessPinning(os.cpus().length, tasksetInstalled());
  const measure = (server: Child, p: string, generator: GeneratorChoice = options.generator, duration = options.duration) =>
    load({ url: `${server.url}${p}`, connections: options.connections, duration, generator, cpus: pin.generator, serverPids: server.child.pid ? [server.child.pid] : [] });
  let generatorFloor: GeneratorFloor | null = null;
  let generatorFloorFixed: GeneratorFloor | null = null;
  const appFigures: Record<string, LoadFigure> = {};
  const search: Record<string, LoadFigure> = {};
  // Below saturation: wrk paced by wrk.lua when it runs at all, else autocannon's overallRate.
  const paced: GeneratorChoice = fixedRatePacing(options.generator, wrkInstalled());
  const measureAt = (server: Child, p: string, rate: number, generator: GeneratorChoice = paced, duration = options.duration) =>
    load({ url: `${server.url}${p}`, connections: fixedRateConnections(rate), duration, rate, generator, cpus: pin.generator, serverPids: server.child.pid ? [server.child.pid] : [] });
  const appFixed: Record<string, FixedRateRead[]> = {};
  const searchFixed: Record<string, FixedRateRead[]> = {};
  const atFixedRates = (server: Child, p: string, saturated: LoadFigure, absolute: number, what: string): FixedRateRead[] =>
    fixedRates(saturated.ok > 0 ? saturated.rps : 0, absolute).map(({ rate, basis }) => {
      console.log(`${what}: ${p} at ${rate} req/s (${basis})`);
      return { rate, basis, app: measureAt(server, p, rate) };
    });
  let posting: SizeRun['posting'] = null;

  // The app, one process.
  const port = await freePort();
  const app = await startChild([...APP_NODE_ARGS, 'dist/main.js'], { ...baseEnv, PORT: String(port) }, LISTENING, 120_000, pin.server);
  try {
    for (const page of pages) {
      console.log(`app${label}: ${page.path}`);
      appFigures[page.name] = measure(app, page.path);
      if (options.fixedRate) appFixed[page.name] = atFixedRates(app, page.path, appFigures[page.name]!, options.fixedRate.reads, `app${label}`);
    }
    for (const [name, q] of Object.entries(searchQueries)) {
      console.log(`app${label}: search ${q}`);
      search[name] = measure(app, `/api/search?q=${encodeURIComponent(q)}`);
      if (options.fixedRate) searchFixed[name] = atFixedRates(app, `/api/search?q=${encodeURIComponent(q)}`, search[name]!, options.fixedRate.searches, `app${label}`);
    }
    if (last) {
      // Posting (tests/bench/posting-load.ts): writers on their own topics of one board, as the admin.
      // The generator pinned as for the reads, and on the PostgreSQL server the posting floor (bare Fastify, the same SQL) right after, pinned alike.
      const { measurePosting, measurePostingFloor } = await import('./posting-load');
      const posted = await measurePosting(app.url, { boardSlug: board.slug, writers: options.writers, duration: options.duration, rate: options.rate, adminUsername: options.adminUsername, adminPassword: options.adminPassword, log: (line) => console.log(`app${label}: ${line}`), cpus: pin.generator, generator: options.generator, serverPids: app.child.pid ? [app.child.pid] : [] });
      const floor = databaseUrl
        ? await measurePostingFloor({ env: baseEnv, databaseUrl, boardSlug: board.slug, writers: options.writers, duration: options.duration, adminUsername: options.adminUsername, adminPassword: options.adminPassword, serverCpus: pin.server, generatorCpus: pin.generator, log: (line) => console.log(`baseline${label}: ${line}`) })
        : null;
      posting = { ...posted, floor };
    }
  } finally {
    await app.stop();
    if (postingMark) await removePosting(config, postingMark);
  }

  // Baselines, same run: the same bytes, then the same SQL and the same bytes.
  const sameBytes: Record<string, LoadFigure> = {};
  const sameSql: Record<string, LoadFigure> = {};
  for (const [mode, into] of [['bytes', sameBytes], ['sql', sameSql]] as const) {
    const bare = await startChild([TSX, 'tests/bench/bare-server.ts', mode, planFile], {}, LISTENING, 120_000, pin.server);
    try {
      for (const page of pages) {
        console.log(`baseline ${mode}${label}: ${page.path}`);
        into[page.name] = measure(bare, page.path);
        // The same bytes at each fixed rate the app was measured at.
        if (mode === 'bytes') {
          for (const entry of appFixed[page.name] ?? []) {
            console.log(`baseline bytes${label}: ${page.path} at ${entry.rate} req/s (${entry.basis})`);
            entry.sameBytes = measureAt(bare, page.path, entry.rate);
          }
        }
      }
      if (mode === 'bytes') {
        for (const page of searchPages) {
          for (const entry of searchFixed[page.name] ?? []) {
            console.log(`baseline bytes${label}: ${page.path} at ${entry.rate} req/s (${entry.basis})`);
            entry.sameBytes = measureAt(bare, page.path, entry.rate);
          }
        }
      }
      // How much of the floor's p99 is the generator's: wrk and autocannon in alternating
      // rounds on the same server, same pinning, same path (the last size only).
      const floorPage = pages[0];
      if (mode === 'bytes' && last && floorPage && wrkInstalled() && options.generator !== 'autocannon') {
        const rounds: LoadFigure[] = [];
        for (let round = 1; round <= FLOOR_ROUNDS; round += 1) {
          for (const generator of ['wrk', 'autocannon'] as const) {
            console.log(`baseline bytes${label}: ${floorPage.path} with ${generator}, round ${round} of ${FLOOR_ROUNDS}`);
            rounds.push(measure(bare, floorPage.path, generator, Math.min(3, options.duration)));
          }
        }
        generatorFloor = { path: floorPage.path, pinning: pin.text, rounds };
      }
      // The same at one fixed rate (the reads' absolute one): wrk.lua's schedule against
      // autocannon's overallRate, so the report shows each pacing's own share of a p99.
      const floorRate = options.fixedRate?.reads ?? 0;
      if (mode === 'bytes' && last && floorPage && floorRate > 0 && wrkInstalled() && options.generator !== 'autocannon') {
        const rounds: LoadFigure[] = [];
        for (let round = 1; round <= FLOOR_ROUNDS; round += 1) {
          for (const generator of ['wrk', 'autocannon'] as const) {
            console.log(`baseline bytes${label}: ${floorPage.path} at ${floorRate} req/s by ${generator}, round ${round} of ${FLOOR_ROUNDS}`);
            rounds.push(measureAt(bare, floorPage.path, floorRate, generator, Math.min(3, options.duration)));
          }
        }
        generatorFloorFixed = { path: floorPage.path, pinning: pin.text, rounds, rate: floorRate };
      }
    } finally {
      await bare.stop();
    }
  }
  const reads: Record<string, ReadFigures> = {};
  for (const page of pages) {
    reads[page.name] = {
      path: page.path, app: appFigures[page.name]!, sameBytes: sameBytes[page.name]!, sameSql: sameSql[page.name]!, statements: page.statements.length, bytes: Buffer.byteLength(page.body),
      ...(appFixed[page.name] ? { fixed: appFixed[page.name] } : {}),
    };
  }
  return {
    figures: {
      name: target.size === null ? 'as configured' : sizeName(target.size),
      size: target.size ?? Number(counts?.posts),
      posts: Number(counts?.posts),
      topics: Number(counts?.topics),
      database: target.database,
      prepared: target.prepared,
      reads,
      search,
      ...(options.fixedRate ? { searchFixed } : {}),
    },
    baseEnv,
    databaseUrl,
    paths,
    topicId: topic.id,
    boardSlug: board.slug,
    hundred,
    engineVersion: version?.server_version ?? null,
    posting,
    generatorFloor,
    generatorFloorFixed,
    planFile,
  };
}

/** Removes the posting phase's topics and replies from the database of `config` (undoPosting), in this process. */
async function removePosting(config: AppConfig, mark: PostingMark): Promise<void> {
  const { undoPosting } = await import('./posting-load');
  const app = await buildApp(config, { logger: false });
  try {
    const removed = await undoPosting(app.db, mark);
    console.log(`posting: removed its ${removed.topics} topics and ${removed.posts.toLocaleString('en')} posts, and put the board's counters back`);
  } finally {
    await app.close();
  }
}

/** A page the bench reads: its path, and the answer and statements the app gave for it. */
export interface ReadPage { name: string; path: string; contentType: string; body: string; statements: { sql: string; params: unknown[] }[] }

/**
 * The reads the bench measures on a database, picked the same way at every size: the topic of
 * about 26 posts, the board with the most topics, the largest topic, its first tree page and
 * its page 100 by cursor; each answered once by the probe (an app built with countStatements,
 * its cache off), so the same-bytes floor sends the app's bytes and the same-SQL one its SQL.
 */
export async function readPages(probe: FastifyInstance): Promise<{ topic: { id: number }; board: { slug: string }; hundred: { id: number; post_count: number }; paths: Record<string, string>; pages: ReadPage[] }> {
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
  const pages: ReadPage[] = [];
  for (const [name, p] of Object.entries(paths)) {
    const { result, statements } = await probe.statementLog!.record(() => probe.inject({ method: 'GET', url: p }));
    if (result.statusCode !== 200) throw new Error(`${p}: ${result.statusCode} ${result.body}`);
    pages.push({ name, path: p, contentType: String(result.headers['content-type']), body: result.body, statements: statements.map((s) => ({ sql: s.sql, params: s.params })) });
  }
  return { topic, board, hundred, paths, pages };
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


/** Writes bench/results/<date>-<commit>-<driver>.json and .md (`-sizes` with --sizes); answers the Markdown file's path. */
export function writeReport(r: BenchReport): string {
  const dir = path.join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const base = unusedResultBase(path.join(dir, `${r.date.slice(0, 10)}-${r.commit}-${r.database.driver}${r.sizes ? '-sizes' : ''}`), existsSync);
  writeFileSync(`${base}.json`, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdown(r));
  return `${base}.md`;
}
