import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { queryRows } from '../../server/db/client';
import { seedDatabase } from '../../server/tools/seed-data';
import { freePort } from '../helpers/nginx';
import { cpuSeconds } from './proc-cpu';
import { LISTENING, load, startChild, treeCpuSeconds, wrkInstalled, type LoadFigure } from './harness';
import { fixedRatePacing, singleProcessPinning, type GeneratorChoice } from './generator';
import { capturePostingFloor } from './posting-floor';
import { REPLY_BODY } from './posting-load';
import { otherWorkText, SEEDED_POSTS_SQL, seedPlan, unusedResultBase } from './report';
import { APP_NODE_ARGS } from './node-args';

/**
 * `npm run bench:posting [-- --duration S --writers W --rate R --rounds N --compare-group
 * --app-dir DIR --profile DIR --generator auto|wrk|autocannon]`: the posting figures of issue
 * 14 alone, so a change to the write path can be measured before and after in the same
 * conditions without the whole report: W writers as fast as they go (posts/s, p50/p99), then a
 * fixed rate of R posts/s (p99 at a load the server is not saturated by; paced by wrk.lua when
 * wrk is installed, `--generator autocannon` for autocannon's bursts as reports before
 * 2026-12-03 had them: generator.ts's fixedRatePacing). The built app (dist/main.js) runs as a child
 * process against DATABASE_URL, or a temporary embedded database seeded with 10,000 posts;
 * autocannon runs in its own process.
 *
 * Beside each figure: the CPU time the app process used per post (from /proc), and on the
 * PostgreSQL server the CPU time of its backends too: CPU per post holds better than posts/s
 * on shared cores. Several variants run in alternating rounds, so a change in the machine's
 * load falls on all of them alike: `--app-dir DIR` (repeatable) runs DIR/dist/main.js (an
 * older build beside this one), `--compare-group` runs each build with POST_COMMIT_GROUP=1
 * (one transaction per post) and with 32 (group commit). On the embedded database
 * each variant gets its own copy of the seeded database. `--profile DIR` runs the apps under
 * `node --cpu-prof` (summarise with tests/bench/posting-profile.ts). Writes
 * bench/results/<date>-<commit>-<driver>-posting.json and .md.
 *
 * On the PostgreSQL server the floor runs in the same rounds: bare Fastify with the same
 * `postgres` driver running the statements one reply of this build ran (the same SQL text and
 * parameters, prepared alike, grouped as the app's POST_COMMIT_GROUP groups them;
 * tests/bench/posting-floor-server.ts), loaded by the same generator with the same writers,
 * so the report can say what share of that floor the app reaches, and what the machine's
 * cores allow at all (each variant's CPU per post: its server, the database's backends and the
 * load generator). The servers run on CPU 0 and the generator on CPU 1 (taskset, when there
 * are two CPUs), as in the full bench; PostgreSQL is not pinned.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

/** One measured load, with the CPU time spent per post by the app (or floor), the database server and the load generator. */
type Figure = LoadFigure & { appCpuMicros: number; dbCpuMicros: number | null; generatorCpuMicros?: number | null };

interface Row {
  round: number;
  variant: string;
  loadAverage: string;
  saturated: Figure;
  fixedRate: Figure;
}

interface PostingReport {
  date: string;
  commit: string;
  driver: 'postgres' | 'pglite';
  posts: number;
  /** The database's size by its seeded posts (report.ts's seedPlan: `10k` for a copy of the 10k seed), and how the bench found it. */
  size?: string;
  prepared?: string;
  loadAverage: number[];
  writers: number;
  duration: number;
  rate: number;
  variants: { name: string; dir: string; env: Record<string, string> }[];
  /** Where the servers and the generator ran. */
  pinning: string;
  /** What paced the fixed rate (absent in reports before 2026-12-03: autocannon's bursts). */
  pacing?: 'wrk' | 'autocannon';
  rows: Row[];
  /** The first variant's median figures (as earlier reports had them). */
  saturated: Figure;
  fixedRate: Figure & { rate: number };
}

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    writers: { type: 'string', default: '20' },
    rate: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '1' },
    'compare-group': { type: 'boolean', default: false },
    'app-dir': { type: 'string', multiple: true },
    profile: { type: 'string' },
    generator: { type: 'string', default: 'auto' },
  },
});
const bounded = (raw: string, min: number, max: number) => Math.min(max, Math.max(min, Math.round(Number(raw)) || min));
const duration = bounded(values.duration, 1, 60);
const writers = bounded(values.writers, 1, 100);
const rate = bounded(values.rate, 1, 5000);
const rounds = bounded(values.rounds, 1, 10);
if (!['auto', 'wrk', 'autocannon'].includes(values.generator)) throw new Error(`--generator must be auto, wrk or autocannon, got "${values.generator}"`);
// The fixed rate's pacing (generator.ts's fixedRatePacing); the saturated figures take wrk when installed.
const pacing = fixedRatePacing(values.generator as GeneratorChoice, wrkInstalled());
const adminUsername = process.env.BENCH_ADMIN_USERNAME ?? 'admin';
const adminPassword = process.env.BENCH_ADMIN_PASSWORD ?? 'bench-admin-password';

console.log('Building the production bundles…');
execFileSync(process.execPath, [TSX, 'server/tools/build.ts'], { cwd: ROOT, stdio: 'inherit' });
const databaseUrl = process.env.DATABASE_URL;
// A temporary embedded database (and its copies for the other variants) is removed at the end; DATA_DIR is kept.
const temporary = !process.env.DATA_DIR;
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
// Counted as every bench counts a database (report.ts's seedPlan): its posts, and the seed's among them.
const counts = async () => {
  const [row] = await queryRows<{ posts: unknown; seeded: unknown }>(probe.db, sql.raw(`select (select count(*) from posts) as posts, (${SEEDED_POSTS_SQL}) as seeded`));
  return { posts: Number(row?.posts), seeded: Number(row?.seeded) };
};
const plan = seedPlan(await counts());
console.log(`database: ${plan.size}, ${plan.text}`);
if (plan.seed !== null) await seedDatabase(probe.db, { posts: plan.seed });
const held = await counts();
const posts = held.posts;
const size = seedPlan(held).size;
const [board] = await queryRows<{ slug: string }>(probe.db, sql`select slug from boards order by topic_count desc limit 1`);
await probe.close();
if (!board) throw new Error('no board to post in');

const floorGroups = databaseUrl ? (values['compare-group'] ? [1, 32] : [Number(process.env.POST_COMMIT_GROUP ?? 32) || 32]) : [];
const floors = [];
for (const group of floorGroups) {
  console.log(`Capturing the statements of ${writers} replies for the floor (group ${group})…`);
  floors.push({ group, ...(await capturePostingFloor({ env, databaseUrl: databaseUrl!, boardSlug: board.slug, writers, group, adminUsername, adminPassword, body: REPLY_BODY })) });
}
const taskset = (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(path.join(dir, 'taskset')));
const pin = singleProcessPinning(os.cpus().length, taskset);

const appDirs = values['app-dir'] && values['app-dir'].length > 0 ? values['app-dir'].map((d) => path.resolve(d)) : [ROOT];
const groupings: { label: string; env: Record<string, string> }[] = values['compare-group']
  ? [{ label: 'one transaction per post', env: { POST_COMMIT_GROUP: '1' } }, { label: 'group commit', env: { POST_COMMIT_GROUP: '32' } }]
  : [{ label: '', env: {} }];
const variants = appDirs.flatMap((dir) => groupings.map((g) => ({
  name: [appDirs.length > 1 ? path.basename(dir) : '', g.label].filter(Boolean).join(', ') || 'app',
  dir,
  env: g.env,
})));

// The PostgreSQL server's backends serving the apps (application_name grassroots), by pid.
const pg = databaseUrl ? postgres(databaseUrl, { max: 1, onnotice: () => {} }) : null;
async function backendCpu(): Promise<Map<number, number> | null> {
  if (!pg) return null;
  const rows = await pg<{ pid: number }[]>`select pid from pg_stat_activity where application_name = 'grassroots'`;
  return new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)]));
}

interface Running {
  name: string;
  url: string;
  pid: number;
  headers: Record<string, string>;
  topicPaths: string[];
  /** Posts it has taken (topics included), for a profile's per-post figures. */
  taken: number;
  stop(): Promise<void>;
}

async function measured(app: Running, fixed: number | null): Promise<Figure> {
  // The process tree: the floor runs under tsx, whose server is a child of the pid started.
  const beforeApp = treeCpuSeconds(app.pid);
  const beforeDb = await backendCpu();
  const figure = load({
    url: `${app.url}${app.topicPaths[0]}`, connections: writers, duration, method: 'POST', headers: app.headers, body: REPLY_BODY, paths: app.topicPaths,
    cpus: pin.generator, ...(fixed !== null ? { rate: fixed, generator: pacing } : {}), serverPids: [app.pid],
  });
  app.taken += figure.ok;
  const afterDb = await backendCpu();
  const perPost = (seconds: number) => Math.round((seconds * 1e6) / Math.max(1, figure.ok));
  let dbCpuMicros: number | null = null;
  if (beforeDb && afterDb) {
    let used = 0;
    for (const [pid, after] of afterDb) used += after - (beforeDb.get(pid) ?? 0);
    dbCpuMicros = perPost(used);
  }
  return {
    ...figure, appCpuMicros: perPost(treeCpuSeconds(app.pid) - beforeApp), dbCpuMicros,
    generatorCpuMicros: typeof figure.generatorCpuSeconds === 'number' ? perPost(figure.generatorCpuSeconds) : null,
  };
}

const profileArgs = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : [];
const apps: Running[] = [];
const rows: Row[] = [];
const loadAverage = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
try {
  for (const [i, variant] of variants.entries()) {
    // Two processes cannot share an embedded database: each variant past the first gets a copy.
    let variantDataDir = dataDir;
    if (!databaseUrl && i > 0) {
      variantDataDir = `${dataDir}-${i}`;
      cpSync(dataDir, variantDataDir, { recursive: true });
    }
    const port = await freePort();
    const child = await startChild([...profileArgs, ...APP_NODE_ARGS, path.join(variant.dir, 'dist/main.js')], { ...env, ...variant.env, DATA_DIR: variantDataDir, PORT: String(port) }, LISTENING, 120_000, pin.server);
    const login = await fetch(`${child.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: adminUsername, password: adminPassword }) });
    if (login.status !== 200) throw new Error(`bench sign-in failed: ${login.status} ${await login.text()}`);
    const headers = { 'content-type': 'application/json', cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
    const topicPaths: string[] = [];
    for (let t = 0; t < writers; t += 1) {
      const created = await fetch(`${child.url}/api/boards/${board.slug}/topics`, { method: 'POST', headers, body: JSON.stringify({ title: `基准测试 ${i}-${t}`, body: '并发写入的主题' }) });
      topicPaths.push(`/api/topics/${((await created.json()) as { topic: { id: number } }).topic.id}/posts`);
    }
    apps.push({ name: variant.name, url: child.url, pid: child.child.pid ?? 0, headers, topicPaths, taken: writers, stop: child.stop });
  }
  for (const floor of floors) {
    const port = await freePort();
    const child = await startChild([TSX, 'tests/bench/posting-floor-server.ts', floor.planFile], { PORT: String(port) }, LISTENING, 120_000, pin.server);
    apps.push({ name: floorName(floor.group), url: child.url, pid: child.child.pid ?? 0, headers: apps[0]?.headers ?? { 'content-type': 'application/json' }, topicPaths: floor.topicPaths, taken: 0, stop: child.stop });
  }
  // A warm-up on each, not counted: the JIT compiles the hot paths first.
  for (const app of apps) {
    app.taken += load({ url: `${app.url}${app.topicPaths[0]}`, connections: writers, duration: 2, method: 'POST', headers: app.headers, body: JSON.stringify({ body: 'warm-up' }), paths: app.topicPaths, cpus: pin.generator }).ok;
  }
  for (let round = 1; round <= rounds; round += 1) {
    for (const app of apps) {
      const before = loadAverage();
      console.log(`round ${round}, ${app.name}: ${writers} writers for ${duration} s, then ${rate} posts/s for ${duration} s`);
      const saturated = await measured(app, null);
      const fixedRate = await measured(app, rate);
      rows.push({ round, variant: app.name, loadAverage: before, saturated, fixedRate });
      const show = (f: Figure) => `${Math.round(f.rps)} posts/s p50 ${f.p50} ms p99 ${f.p99} ms, ${f.non2xx} non-2xx, ` +
        `CPU/post server ${f.appCpuMicros} µs${f.dbCpuMicros !== null ? ` + database ${f.dbCpuMicros} µs` : ''}${typeof f.generatorCpuMicros === 'number' ? ` + generator ${f.generatorCpuMicros} µs` : ''}${otherWorkText(f)}`;
      console.log(`  (load ${before}) saturated: ${show(saturated)}\n  fixed ${rate}/s: ${show(fixedRate)}`);
    }
  }
} finally {
  for (const app of apps) {
    await app.stop();
    console.log(`${app.name} (pid ${app.pid}) took ${app.taken} posts`);
  }
  await pg?.end({ timeout: 5 });
  if (temporary) for (const i of variants.keys()) rmSync(i === 0 ? dataDir : `${dataDir}-${i}`, { recursive: true, force: true });
}

const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
/** The median of each field over a variant's rounds. */
function medianFigure(figures: Figure[]): Figure {
  const pick = (f: (x: Figure) => number) => medianOf(figures.map(f));
  const db = figures.map((f) => f.dbCpuMicros).filter((x): x is number => x !== null);
  return {
    rps: pick((f) => f.rps), p50: pick((f) => f.p50), p99: pick((f) => f.p99), total: pick((f) => f.total), ok: pick((f) => f.ok),
    non2xx: pick((f) => f.non2xx), errors: pick((f) => f.errors), appCpuMicros: pick((f) => f.appCpuMicros), dbCpuMicros: db.length > 0 ? medianOf(db) : null,
    generatorCpuMicros: figures.every((f) => typeof f.generatorCpuMicros === 'number') ? pick((f) => f.generatorCpuMicros ?? 0) : null,
  };
}
const medians = [...variants.map((v) => v.name), ...floors.map((f) => floorName(f.group))].map((name) => ({ name })).map((v) => {
  const mine = rows.filter((r) => r.variant === v.name);
  return { name: v.name, saturated: medianFigure(mine.map((r) => r.saturated)), fixedRate: medianFigure(mine.map((r) => r.fixedRate)) };
});
const first = medians[0];
if (!first) throw new Error('nothing measured');
const report: PostingReport = {
  date: new Date().toISOString(),
  commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
  driver: databaseUrl ? 'postgres' : 'pglite',
  posts,
  size,
  prepared: plan.text,
  loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  writers,
  duration,
  rate,
  variants,
  pinning: pin.text,
  pacing,
  rows,
  saturated: first.saturated,
  fixedRate: { ...first.fixedRate, rate },
};
const target = report.driver === 'postgres' ? 1000 : 300;
const cpu = (f: Figure) => `${f.appCpuMicros} µs${f.dbCpuMicros !== null ? ` + ${f.dbCpuMicros} µs` : ''}${typeof f.generatorCpuMicros === 'number' ? ` + ${f.generatorCpuMicros} µs` : ''}`;
const md = [
  `# Posting benchmark ${report.date.slice(0, 10)} · ${report.commit} · ${report.driver} (${size}: ${posts.toLocaleString('en')} posts; ${plan.text})`,
  '',
  `Machine: ${os.cpus().length} cores, load average ${report.loadAverage.join(' ')} at the end (other work shares the cores). ` +
    `${rounds} round(s) of ${duration} s per figure, variants in turn; medians over the rounds. CPU per post: the server process (app or floor)` +
    `${report.driver === 'postgres' ? ' + the PostgreSQL backends serving it' : ''} + the load generator. Pinning: ${pin.text}. ` +
    `The fixed rate: ${pacing === 'wrk' ? 'wrk paced by tests/bench/wrk.lua (an even schedule per connection; latency from the time a post was meant to leave)' : "autocannon's overallRate (each writer's share of a second sent at once at the top of the second)"}.`,
  '',
  '| variant | run | posts/s | p50 | p99 | non-2xx | CPU per post | target |',
  '|---|---|---|---|---|---|---|---|',
  ...medians.flatMap((m) => [
    `| ${m.name} | ${writers} writers, as fast as they go | ${Math.round(m.saturated.rps)} | ${m.saturated.p50} ms | ${m.saturated.p99} ms | ${m.saturated.non2xx} | ${cpu(m.saturated)} | ≥ ${target} posts/s: ${m.saturated.rps >= target ? 'met' : 'not met'} |`,
    `| ${m.name} | fixed ${rate} posts/s | ${Math.round(m.fixedRate.rps)} | ${m.fixedRate.p50} ms | ${m.fixedRate.p99} ms | ${m.fixedRate.non2xx} | ${cpu(m.fixedRate)} | p99 < 50 ms: ${m.fixedRate.p99 < 50 ? 'met' : 'not met'} |`,
  ]),
  '',
  ...floorLines(medians),
  'Rounds:',
  '',
  ...rows.map((r) => `- round ${r.round}, ${r.variant} (load ${r.loadAverage}): saturated ${Math.round(r.saturated.rps)} posts/s p99 ${r.saturated.p99} ms CPU ${cpu(r.saturated)}${otherWorkText(r.saturated)}; ` +
    `fixed ${Math.round(r.fixedRate.rps)} posts/s p99 ${r.fixedRate.p99} ms CPU ${cpu(r.fixedRate)}${otherWorkText(r.fixedRate)}`),
  '',
].join('\n');
const dir = path.join(ROOT, 'bench/results');
mkdirSync(dir, { recursive: true });
const file = unusedResultBase(path.join(dir, `${report.date.slice(0, 10)}-${report.commit}-${report.driver}-posting`), existsSync);
writeFileSync(`${file}.json`, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(`${file}.md`, md);
console.log(md);
console.log(`Written: ${file}.json (and .md)`);
process.exit(0);

/** The name of the floor variant of a group size. */
function floorName(group: number): string {
  return `floor: bare Fastify, the same SQL${group > 1 ? ` (groups of up to ${group})` : ' (each reply alone)'}`;
}

/**
 * What the floor says: each app variant's share of the floor with the same grouping (the
 * group commit floor when the app's grouping is not named), and the posts/s the machine's
 * cores would allow each at its measured CPU per post (server + database + generator), that
 * is whether 1,000 posts/s is reachable here at all.
 */
function floorLines(medians: { name: string; saturated: Figure }[]): string[] {
  const floor = (name: string) => medians.find((m) => m.name.startsWith('floor:') && (name.includes('one transaction per post') ? m.name.includes('alone') : !m.name.includes('alone')));
  if (!medians.some((m) => m.name.startsWith('floor:'))) return [];
  const cores = os.cpus().length;
  const ceiling = (f: Figure) => {
    const micros = f.appCpuMicros + (f.dbCpuMicros ?? 0) + (f.generatorCpuMicros ?? 0);
    return micros > 0 ? Math.round((cores * 1e6) / micros) : null;
  };
  const lines = ['The floor, same run (saturated, medians):', ''];
  for (const m of medians) {
    const f = floor(m.name);
    const share = !m.name.startsWith('floor:') && f && f.saturated.rps > 0 ? `; ${(m.saturated.rps / f.saturated.rps).toFixed(2)} of "${f.name}" (${Math.round(f.saturated.rps)} posts/s)` : '';
    const c = ceiling(m.saturated);
    lines.push(`- ${m.name}: ${Math.round(m.saturated.rps)} posts/s${share}; at its CPU per post (${cpu(m.saturated)}) ${cores} cores allow at most ${c ?? '?'} posts/s` +
      `${c !== null ? ` (1,000 posts/s ${c >= 1000 ? 'within' : 'beyond'} what the cores allow)` : ''}`);
  }
  return [...lines, ''];
}
