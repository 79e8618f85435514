import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { queryRows } from '../../server/db/client';
import { seedDatabase } from '../../server/tools/seed-data';
import { freePort } from '../helpers/nginx';
import { LISTENING, load, startChild, wrkInstalled, type LoadFigure } from './harness';
import { fixedRateConnections } from './generator';
import { SEEDED_POSTS_SQL, seedPlan } from './report';
import { APP_NODE_ARGS } from './node-args';

/**
 * `npx tsx tests/bench/read-path.bench.ts [--duration S --connections C --rounds N --path P
 * --gzip --signed-in --profile DIR --rate R]` (`--rate`, repeatable: also the bare server and each
 * app at R req/s in every round, paced by tests/bench/wrk.lua, latency from the meant time): one cached anonymous read (the topic page of about 26 posts by
 * default) on the built app (dist/main.js at LOG_LEVEL info, as production runs it) against
 * bare Fastify sending the same bytes, in alternating rounds, so the answer holds as a ratio
 * on a shared machine (the median of the rounds' ratios). The load average is printed beside
 * each round. `--gzip` sends Accept-Encoding as browsers do (the bare server still sends
 * the uncompressed bytes). `--app-dir DIR` (repeatable) runs DIR/dist/main.js instead: with an
 * older build and this one, each round loads the bare server and then each app in turn, a
 * before/after in the same conditions. `--profile DIR` runs the app under
 * `node --cpu-prof` (summarise with tests/bench/cpu-profile-summary.ts). `--signed-in` also
 * loads each app, in the same round, as a signed-in member (a session cookie of a member
 * registered for the run, who gave the page's first post a reaction): the shared entry plus
 * that member's overlay, against the anonymous read and the bare server. The database is
 * DATABASE_URL's (seeded with 10,000 posts when it holds fewer than 5,000) or an embedded
 * one in DATA_DIR.
 */
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '6' },
    connections: { type: 'string', default: '50' },
    path: { type: 'string' },
    profile: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    gzip: { type: 'boolean', default: false },
    'signed-in': { type: 'boolean', default: false },
    'app-dir': { type: 'string', multiple: true },
    rate: { type: 'string', multiple: true },
  },
});
const bounded = (raw: string, min: number, max: number) => Math.min(max, Math.max(min, Math.round(Number(raw)) || min));
const duration = bounded(values.duration, 1, 30);
const connections = bounded(values.connections, 1, 200);
const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

execFileSync(process.execPath, [TSX, 'server/tools/build.ts'], { cwd: ROOT, stdio: 'inherit' });
const dataDir = process.env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'gr-read-bench-'));
const baseEnv: Record<string, string> = {
  DATA_DIR: dataDir,
  ADMIN_USERNAME: 'admin',
  ADMIN_PASSWORD: 'bench-admin-password',
  LOG_LEVEL: 'info',
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
};

const probe = await buildApp(loadConfig({ ...baseEnv, LOG_LEVEL: 'silent', CACHE_MAX_BYTES: '0' }), { logger: false });
// Counted as every bench counts a database (report.ts's seedPlan): its posts, and the seed's among them.
const [counts] = await queryRows<{ posts: unknown; seeded: unknown }>(probe.db, sql.raw(`select (select count(*) from posts) as posts, (${SEEDED_POSTS_SQL}) as seeded`));
const plan = seedPlan({ posts: Number(counts?.posts), seeded: Number(counts?.seeded) });
console.log(`database: ${plan.size}, ${plan.text}`);
if (plan.seed !== null) await seedDatabase(probe.db, { posts: plan.seed });
const [topic] = await queryRows<{ id: number }>(probe.db, sql`select id from topics order by abs(post_count - 26), id desc limit 1`);
const readPath = values.path ?? `/api/topics/${topic?.id ?? 1}`;
const page = await probe.inject({ method: 'GET', url: readPath });
await probe.close();
if (page.statusCode !== 200) throw new Error(`${readPath}: ${page.statusCode} ${page.body}`);
const planFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'gr-read-bench-plan-')), 'plan.json');
writeFileSync(planFile, JSON.stringify({
  database: { url: null, dataDir: null },
  pages: [{ path: readPath, contentType: String(page.headers['content-type']), body: page.body, statements: [] }],
}));

/**
 * CPU seconds (user + system) a process and its descendants have used so far, from /proc:
 * the per-request CPU cost holds better than requests/s on shared cores (a busy neighbour
 * slows the clock, not the work a request takes).
 */
const TICKS = 100;
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = (Number(fields[11]) + Number(fields[12])) / TICKS;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return own + children.reduce((sum, child) => sum + cpuSeconds(child), 0);
  } catch {
    return 0;
  }
}
/** Fixed rates (`--rate`, repeatable) each round also loads the bare server and each app at, paced by tests/bench/wrk.lua. */
const rates = (values.rate ?? []).map((r) => bounded(r, 1, 20_000));
/** Loads one server and answers its figure with the CPU microseconds it spent per request (at a fixed rate when `rate` is given). */
function measured(server: { url: string; child: { pid?: number } }, cookie: string | null = null, rate?: number): LoadFigure & { cpuMicros: number } {
  const pid = server.child.pid ?? 0;
  const before = cpuSeconds(pid);
  const headers: Record<string, string> = {
    ...(values.gzip ? { 'accept-encoding': 'gzip, deflate, br' } : {}),
    ...(cookie === null ? {} : { cookie }),
  };
  const figure = rate === undefined
    ? load({ url: `${server.url}${readPath}`, connections, duration, headers })
    : load({ url: `${server.url}${readPath}`, connections: fixedRateConnections(rate), duration, headers, rate, generator: wrkInstalled() ? 'wrk' : 'autocannon' });
  return { ...figure, cpuMicros: Math.round(((cpuSeconds(pid) - before) * 1e6) / Math.max(1, figure.total)) };
}

const loadAverage = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const rounds = bounded(values.rounds, 1, 10);

/**
 * Registers a member on a running app for `--signed-in` and answers their session cookie;
 * the member reacts to the first post the read path shows, so their overlay has a mark to set.
 */
async function signedInMember(url: string): Promise<string> {
  const username = `bench${Date.now().toString(36)}${process.pid.toString(36)}`.slice(0, 32);
  const res = await fetch(`${url}/api/auth/register`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'bench-member-password', displayName: '压测读者' }),
  });
  const answer = (await res.json()) as { csrfToken?: string };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (res.status !== 201 || !cookie.startsWith('gr_session=') || !answer.csrfToken) throw new Error(`register: ${res.status}`);
  const page = JSON.parse(await (await fetch(`${url}${readPath}`)).text()) as { posts?: { items: { id: number }[] }; items?: { id: number }[] };
  const first = (page.posts?.items ?? page.items ?? [])[0];
  if (first && readPath.startsWith('/api/topics/')) {
    const reacted = await fetch(`${url}/api/posts/${first.id}/reactions/like`, { method: 'PUT', headers: { cookie, 'x-csrf-token': answer.csrfToken } });
    if (reacted.status !== 200) throw new Error(`reaction: ${reacted.status}`);
  }
  return cookie;
}
const signedIn = values['signed-in'];
console.log(`${readPath}: ${Buffer.byteLength(page.body)} bytes, ${connections} connections, ${rounds} rounds of ${duration} s on each server`);
// Both servers listen for the whole run; the load goes to one at a time, in turns, so a
// change in the machine's load (other work on the shared cores) falls on both alike.
const bare = await startChild([TSX, 'tests/bench/bare-server.ts', 'bytes', planFile], {}, LISTENING);
const profileArgs = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : [];
const appDirs = values['app-dir'] && values['app-dir'].length > 0 ? values['app-dir'].map((d) => path.resolve(d)) : [ROOT];
const apps: { dir: string; url: string; child: { pid?: number }; stop(): Promise<void>; cookie: string | null }[] = [];
type Measured = ReturnType<typeof measured>;
const rows: {
  round: number; dir: string; bare: Measured; app: Measured; ratio: number; cpuRatio: number; load: string;
  /** With --signed-in: the same read as a signed-in member, and its ratios to the bare server and to the anonymous read. */
  member?: { figure: Measured; ratio: number; cpuRatio: number; toAnonymous: number };
}[] = [];
try {
  for (const dir of appDirs) {
    const port = await freePort();
    const started = await startChild([...profileArgs, ...APP_NODE_ARGS, path.join(dir, 'dist/main.js')], { ...baseEnv, PORT: String(port) }, LISTENING);
    apps.push({ dir, ...started, cookie: signedIn ? await signedInMember(started.url) : null });
  }
  // One read fills each cache; what is measured is the cached answer. Then a warm-up round
  // on each server, not counted: the JIT compiles the hot paths first.
  load({ url: `${bare.url}${readPath}`, connections, duration: 3 });
  for (const app of apps) {
    await fetch(`${app.url}${readPath}`).then((r) => r.text());
    load({ url: `${app.url}${readPath}`, connections, duration: 3 });
    if (app.cookie !== null) load({ url: `${app.url}${readPath}`, connections, duration: 3, headers: { cookie: app.cookie } });
  }
  for (let round = 1; round <= rounds; round += 1) {
    const before = loadAverage();
    const bareFigure = measured(bare);
    for (const app of apps) {
      const appFigure = measured(app);
      const ratio = appFigure.rps / bareFigure.rps;
      const cpuRatio = bareFigure.cpuMicros / Math.max(1, appFigure.cpuMicros);
      let member: (typeof rows)[number]['member'];
      if (app.cookie !== null) {
        const figure = measured(app, app.cookie);
        member = { figure, ratio: figure.rps / bareFigure.rps, cpuRatio: bareFigure.cpuMicros / Math.max(1, figure.cpuMicros), toAnonymous: figure.rps / appFigure.rps };
      }
      rows.push({ round, dir: app.dir, bare: bareFigure, app: appFigure, ratio, cpuRatio, load: before, ...(member ? { member } : {}) });
      console.log(`round ${round} ${app.dir} (load ${before}): bare ${Math.round(bareFigure.rps)} req/s p99 ${bareFigure.p99} ms ${bareFigure.cpuMicros} µs CPU/req; ` +
        `app ${Math.round(appFigure.rps)} req/s p50 ${appFigure.p50} ms p99 ${appFigure.p99} ms ${appFigure.cpuMicros} µs CPU/req, ${appFigure.non2xx} non-2xx; ` +
        `app/bare ${ratio.toFixed(3)} by req/s, ${cpuRatio.toFixed(3)} by CPU per request`);
      for (const rate of rates) {
        // Below saturation, bare and app in turn at the same rate: p50/p99 from the meant time (wrk.lua).
        const bareAt = measured(bare, null, rate);
        const appAt = measured(app, null, rate);
        const text = (f: Measured) => `${Math.round(f.rps)} of ${rate} req/s, p50 ${f.p50} ms p99 ${f.p99} ms${f.fixedRate?.fromMeant ? ` (from the send p99 ${f.fixedRate.serviceP99} ms)` : ''} ${f.cpuMicros} µs CPU/req`;
        console.log(`round ${round} ${app.dir} at ${rate} req/s (load ${loadAverage()}): bare ${text(bareAt)}; app ${text(appAt)}`);
      }
      if (member) {
        console.log(`round ${round} ${app.dir} signed in: ${Math.round(member.figure.rps)} req/s p50 ${member.figure.p50} ms p99 ${member.figure.p99} ms ` +
          `${member.figure.cpuMicros} µs CPU/req, ${member.figure.non2xx} non-2xx; signed-in/bare ${member.ratio.toFixed(3)} by req/s, ` +
          `${member.cpuRatio.toFixed(3)} by CPU per request; signed-in/anonymous ${member.toAnonymous.toFixed(3)} by req/s`);
      }
    }
  }
} finally {
  for (const app of apps) await app.stop();
  await bare.stop();
  // The temporary folders it made: the plan's, and the embedded database's when DATA_DIR was not given.
  rmSync(path.dirname(planFile), { recursive: true, force: true });
  if (!process.env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
}
const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
for (const dir of appDirs) {
  const mine = rows.filter((r) => r.dir === dir);
  console.log(`${dir}: app / same-bytes floor, median of ${mine.length} rounds: ${medianOf(mine.map((r) => r.ratio)).toFixed(3)} by req/s, ` +
    `${medianOf(mine.map((r) => r.cpuRatio)).toFixed(3)} by CPU per request; app CPU per request ${medianOf(mine.map((r) => r.app.cpuMicros))} µs`);
  const members = mine.flatMap((r) => (r.member ? [r.member] : []));
  if (members.length > 0) {
    console.log(`${dir}: signed in, median of ${members.length} rounds: ${medianOf(members.map((m) => m.ratio)).toFixed(3)} of the floor by req/s, ` +
      `${medianOf(members.map((m) => m.cpuRatio)).toFixed(3)} by CPU per request, ${medianOf(members.map((m) => m.toAnonymous)).toFixed(3)} of the anonymous read by req/s; ` +
      `CPU per request ${medianOf(members.map((m) => m.figure.cpuMicros))} µs`);
  }
}
console.log(`load average now ${loadAverage()}`);
console.log(JSON.stringify({ path: readPath, connections, duration, rows }));
process.exit(0);
