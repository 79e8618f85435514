import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync, spawnSync } from 'node:child_process';
import postgres from 'postgres';
import { pathToFileURL } from 'node:url';
import type { buildApp as BuildApp } from '../../server/app';
import type { loadConfig as LoadConfig } from '../../server/config';
import { freePort } from '../helpers/nginx';
import { fixedRateConnections, singleProcessPinning } from './generator';
import { LISTENING, load, startChild, wrkInstalled, type LoadFigure } from './harness';
import { backendPidsOf, cpuSeconds } from './proc-cpu';
import { APP_NODE_ARGS } from './node-args';

/**
 * `DATABASE_URL=… npx tsx tests/bench/search.bench.ts [--duration S --connections C --rounds N
 * --app-dir DIR --rate R …]`: GET /api/search as the benchmark harness loads it (anonymous, 50
 * connections, `?q=群众` and `?q=visiting`; a `--query` that starts with `q=` is sent as the whole
 * query string, e.g. `q=群众&board=qunzhong&kind=field_note`) on the built app (dist/main.js at LOG_LEVEL info,
 * as production runs it), in alternating rounds over one or more builds (`--app-dir`, each a
 * checkout with its own dist/), so a before/after holds on a shared machine. Beside requests/s
 * and latency it reports the CPU each search cost, from /proc: the app process's and the
 * PostgreSQL backends serving its pool (found by the client ports of its connections), over
 * the requests of the round. `--rate R` (repeatable) also measures each search at R req/s in
 * every round, paced by tests/bench/wrk.lua as the harness's fixed-rate figures are (latency
 * from the meant time; autocannon's overallRate without wrk). The database must already be
 * seeded; it is only read.
 */
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '2' },
    query: { type: 'string', multiple: true },
    'app-dir': { type: 'string', multiple: true },
    'no-build': { type: 'boolean', default: false },
    'no-same-sql': { type: 'boolean', default: false },
    // Fixed rates (req/s) each search is also measured at in every round, paced by tests/bench/wrk.lua (harness.ts's load()).
    rate: { type: 'string', multiple: true },
  },
});
const url = process.env.DATABASE_URL;
if (!url) throw new Error('search.bench needs DATABASE_URL (a seeded PostgreSQL database)');
const bounded = (raw: string, min: number, max: number) => Math.min(max, Math.max(min, Math.round(Number(raw)) || min));
const duration = bounded(values.duration, 1, 30);
const connections = bounded(values.connections, 1, 200);
const rounds = bounded(values.rounds, 1, 10);
const queries = values.query && values.query.length > 0 ? values.query : ['群众', 'visiting'];
const rates = (values.rate ?? []).map((r) => bounded(r, 1, 5_000));
const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
if (!values['no-build']) execFileSync(process.execPath, [TSX, 'server/tools/build.ts'], { cwd: ROOT, stdio: 'inherit' });

const admin = postgres(url, { max: 1, onnotice: () => {} });
const pin = singleProcessPinning(os.cpus().length, spawnSync('taskset', ['-V']).status === 0);

type Server = { dir: string; url: string; child: { pid?: number }; stop(): Promise<void>; backends: number[] };
type Figure = LoadFigure & { appCpuMs: number; dbCpuMs: number };
function measured(server: Server, q: string, rate?: number): Figure {
  const pid = server.child.pid ?? 0;
  const app0 = cpuSeconds(pid);
  const db0 = server.backends.map(cpuSeconds);
  const figure = rate === undefined
    ? load({ url: searchUrl(server.url, q), connections, duration, cpus: pin.generator })
    : load({ url: searchUrl(server.url, q), connections: fixedRateConnections(rate), duration, rate, generator: wrkInstalled() ? 'wrk' : 'autocannon', cpus: pin.generator });
  const appCpu = cpuSeconds(pid) - app0;
  const dbCpu = server.backends.reduce((sum, b, i) => sum + Math.max(0, cpuSeconds(b) - (db0[i] ?? 0)), 0);
  const n = Math.max(1, figure.total);
  return { ...figure, appCpuMs: (appCpu * 1000) / n, dbCpuMs: (dbCpu * 1000) / n };
}

/** The search path of one `--query`: the words, or (starting with `q=`) a whole query string. */
function searchPath(q: string): string {
  return `/api/search?${q.startsWith('q=') ? new URLSearchParams(q).toString() : `q=${encodeURIComponent(q)}`}`;
}
function searchUrl(base: string, q: string): string {
  return `${base}${searchPath(q)}`;
}

/**
 * The same-SQL baseline's plan (tests/bench/bare-server.ts): each query's answer as an
 * anonymous reader gets it and the statements the app ran for it, with their parameters,
 * recorded by an in-process app built from the sources of `dir` (each build its own SQL) with
 * its statement log on and the cache of public reads off (a cached answer would record none).
 */
async function sameSqlPlan(dir: string, databaseUrl: string, qs: string[]): Promise<string> {
  const { buildApp } = (await import(pathToFileURL(path.join(dir, 'server/app.ts')).href)) as { buildApp: typeof BuildApp };
  const { loadConfig } = (await import(pathToFileURL(path.join(dir, 'server/config.ts')).href)) as { loadConfig: typeof LoadConfig };
  const { PRESENTING_STATEMENT: presenting } = (await import(pathToFileURL(path.join(dir, 'server/services/forum/search.service.ts')).href)) as { PRESENTING_STATEMENT?: string };
  const probe = await buildApp(loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', CACHE_MAX_BYTES: '0', ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'search-bench-admin-password' }), { logger: false, countStatements: true });
  try {
    const pages = [];
    for (const q of qs) {
      const { result, statements } = await probe.statementLog!.record(() => probe.inject({ method: 'GET', url: searchPath(q) }));
      if (result.statusCode !== 200) throw new Error(`${searchPath(q)}: ${result.statusCode} ${result.body}`);
      // The presenting statement (where a build has one) runs prepared, as the app runs it.
      const prepared = (text: string) => presenting !== undefined && text.startsWith(presenting);
      pages.push({ path: searchPath(q), contentType: String(result.headers['content-type']), body: result.body, statements: statements.map((s) => ({ sql: s.sql, params: s.params, prepared: prepared(s.sql) })) });
      console.log(`same-SQL baseline of ${dir} for q=${q}: ${statements.length} statement(s) (${statements.filter((s) => prepared(s.sql)).length} prepared), ${Buffer.byteLength(result.body)} bytes`);
    }
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'gr-search-bench-plan-')), 'plan.json');
    writeFileSync(file, JSON.stringify({ database: { url: databaseUrl, dataDir: null }, pages }));
    return file;
  } finally {
    await probe.close();
  }
}

const loadAverage = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const appDirs = values['app-dir'] && values['app-dir'].length > 0 ? values['app-dir'].map((d) => path.resolve(d)) : [ROOT];
/** The label of a build's same-SQL baseline among the servers (its `dir`). */
const sameSqlOf = (dir: string) => `same SQL as ${dir} (bare Fastify)`;
const servers: Server[] = [];
const rows: { round: number; dir: string; q: string; rate?: number; figure: Figure; load: string }[] = [];
try {
  for (const dir of appDirs) {
    const port = await freePort();
    const env = { DATABASE_URL: url, PORT: String(port), LOG_LEVEL: 'info', ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'search-bench-admin-password', DATA_DIR: path.join(os.tmpdir(), 'gr-search-bench') };
    servers.push({ dir, backends: [], ...(await startChild([...APP_NODE_ARGS, path.join(dir, 'dist/main.js')], env, LISTENING, 120_000, pin.server)) });
  }
  for (const dir of values['no-same-sql'] ? [] : appDirs) {
    // Run by node with `--import tsx`, not by tsx's CLI (which would run it in a child): its
    // pid is the server's, for its CPU and its connections' backends.
    const plan = await sameSqlPlan(dir, url, queries);
    servers.push({ dir: sameSqlOf(dir), backends: [], ...(await startChild(['--import', 'tsx', 'tests/bench/bare-server.ts', 'sql', plan], {}, LISTENING, 120_000, pin.server)) });
  }
  // A warm-up on each server, not counted: the JIT compiles the hot paths, the pool opens all its connections.
  for (const server of servers) {
    for (const q of queries) load({ url: searchUrl(server.url, q), connections, duration: 2, cpus: pin.generator });
    server.backends = await backendPidsOf(admin, server.child.pid ?? 0);
  }
  console.log(`pinning: ${pin.text}`);
  for (let round = 1; round <= rounds; round += 1) {
    for (const server of servers) {
      for (const q of queries) {
        const before = loadAverage();
        const figure = measured(server, q);
        rows.push({ round, dir: server.dir, q, figure, load: before });
        console.log(`round ${round} ${server.dir} q=${q} (load ${before}): ${Math.round(figure.rps)} req/s, p50 ${figure.p50} ms, p99 ${figure.p99} ms, ` +
          `${figure.non2xx} non-2xx; CPU per search: app ${figure.appCpuMs.toFixed(2)} ms + PostgreSQL ${figure.dbCpuMs.toFixed(2)} ms (${server.backends.length} backends)`);
        for (const rate of rates) {
          const at = loadAverage();
          const f = measured(server, q, rate);
          rows.push({ round, dir: server.dir, q, rate, figure: f, load: at });
          console.log(`round ${round} ${server.dir} q=${q} at ${rate} req/s (load ${at}): ${Math.round(f.rps)} of ${rate} req/s reached, p50 ${f.p50} ms, p99 ${f.p99} ms ` +
            `(${f.fixedRate?.fromMeant ? `from the meant time; from the send p99 ${f.fixedRate.serviceP99} ms` : 'from the send'}), ${f.non2xx} non-2xx; CPU per search: app ${f.appCpuMs.toFixed(2)} ms + PostgreSQL ${f.dbCpuMs.toFixed(2)} ms`);
        }
      }
    }
  }
} finally {
  for (const server of servers) await server.stop();
  await admin.end();
}
const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
for (const dir of [...appDirs, ...(values['no-same-sql'] ? [] : appDirs.map(sameSqlOf))]) {
  for (const q of queries) {
    const mine = rows.filter((r) => r.dir === dir && r.q === q && r.rate === undefined).map((r) => r.figure);
    console.log(`${dir} q=${q}, median of ${mine.length} rounds: ${Math.round(medianOf(mine.map((f) => f.rps)))} req/s, p50 ${medianOf(mine.map((f) => f.p50))} ms, ` +
      `p99 ${medianOf(mine.map((f) => f.p99))} ms; CPU per search ${dir.startsWith('same SQL') ? 'bare Fastify' : 'app'} ${medianOf(mine.map((f) => f.appCpuMs)).toFixed(2)} ms + PostgreSQL ${medianOf(mine.map((f) => f.dbCpuMs)).toFixed(2)} ms`);
    for (const rate of rates) {
      const at = rows.filter((r) => r.dir === dir && r.q === q && r.rate === rate).map((r) => r.figure);
      console.log(`${dir} q=${q} at ${rate} req/s, median of ${at.length} rounds: ${Math.round(medianOf(at.map((f) => f.rps)))} req/s reached, p50 ${medianOf(at.map((f) => f.p50))} ms, p99 ${medianOf(at.map((f) => f.p99))} ms`);
    }
  }
}
console.log(`load average now ${loadAverage()}`);
console.log(JSON.stringify({ connections, duration, pinning: pin.text, rows }));
process.exit(0);
