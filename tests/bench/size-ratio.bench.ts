import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { queryRows } from '../../server/db/client';
import { readPages } from './harness';
import { runSizeRatioPhase, type SizeRatioSide } from './size-ratio';
import { DEFAULT_RATIO_DURATION, DEFAULT_RATIO_ROUNDS, DEFAULT_READ_RATE, sizeName, sizeRatioMarkdown, sizeRatioTarget, unusedResultBase, type SizeRatioPhase, type SizeRatioReport } from './report';

/**
 * `npx tsx tests/bench/size-ratio.bench.ts --low URL --high URL [--rounds N --duration S --rate R
 * --app-dir DIR]`: the full bench's size-ratio phase alone (tests/bench/size-ratio.ts) on two
 * PostgreSQL databases already seeded (copies of the 10k and 1M seeds, say): the built app on
 * each and bare Fastify sending each one's bytes, the five reads the bench reports at R req/s
 * (1,000) in N alternating rounds per size (3, ABBA) of S s per figure (2), judged as the full
 * bench judges "read p99 at 1M within 1.5× of 10k" (report.ts, sizeRatioTarget). Nothing is
 * seeded or written to the databases but what the app writes at start. Writes
 * bench/results/<date>-<commit>-postgres-size-ratio.json and .md.
 */
const { values } = parseArgs({
  options: {
    low: { type: 'string' },
    high: { type: 'string' },
    rounds: { type: 'string', default: String(DEFAULT_RATIO_ROUNDS) },
    duration: { type: 'string', default: String(DEFAULT_RATIO_DURATION) },
    rate: { type: 'string', default: String(DEFAULT_READ_RATE) },
    'app-dir': { type: 'string' },
  },
});
if (!values.low || !values.high) {
  console.error('usage: tsx tests/bench/size-ratio.bench.ts --low postgres://…/db_10k --high postgres://…/db_1m [--rounds N] [--duration S] [--rate R] [--app-dir DIR]');
  process.exit(2);
}
const bounded = (raw: string, min: number, max: number) => Math.min(max, Math.max(min, Math.round(Number(raw)) || min));
const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const appDir = values['app-dir'] ? path.resolve(values['app-dir']) : ROOT;
const loadBefore = os.loadavg();

if (appDir === ROOT) execFileSync(process.execPath, [TSX, 'server/tools/build.ts'], { cwd: ROOT, stdio: 'inherit' });
const temp = mkdtempSync(path.join(os.tmpdir(), 'gr-size-ratio-'));
/** One database: its posts, the reads picked as the full bench picks them, and the plan for the same-bytes floor. */
async function side(url: string, name: string): Promise<SizeRatioSide & { posts: number }> {
  const dataDir = path.join(temp, name);
  mkdirSync(dataDir);
  const baseEnv: Record<string, string> = {
    DATABASE_URL: url, DATA_DIR: dataDir, ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: process.env.BENCH_ADMIN_PASSWORD ?? 'bench-admin-password', LOG_LEVEL: 'info',
  };
  const probe = await buildApp(loadConfig({ ...baseEnv, LOG_LEVEL: 'silent', CACHE_MAX_BYTES: '0' }), { logger: false, countStatements: true });
  try {
    const [counts] = await queryRows<{ posts: unknown }>(probe.db, sql`select count(*) as posts from posts`);
    const posts = Number(counts?.posts);
    const { paths, pages } = await readPages(probe);
    const planFile = path.join(temp, `${name}-plan.json`);
    writeFileSync(planFile, JSON.stringify({ database: { url: null, dataDir: null }, pages }));
    return { name: sizeName(roundSize(posts)), size: roundSize(posts), baseEnv, planFile, paths, posts };
  } finally {
    await probe.close();
  }
}
/** The size a database stands for: its posts to two significant figures (10,000 → 10k; 1,000,312 → 1m). */
function roundSize(posts: number): number {
  if (posts < 100) return posts;
  const unit = 10 ** (Math.floor(Math.log10(posts)) - 1);
  return Math.round(posts / unit) * unit;
}

try {
  const low = await side(values.low, 'low');
  const high = await side(values.high, 'high');
  console.log(`low: ${low.posts.toLocaleString('en')} posts (${low.name}); high: ${high.posts.toLocaleString('en')} posts (${high.name})`);
  const phase: SizeRatioPhase = await runSizeRatioPhase({
    low, high, rate: bounded(values.rate, 1, 20_000), rounds: bounded(values.rounds, 1, 20), duration: bounded(values.duration, 1, 30),
    generator: 'auto', appDir,
  });
  const target = sizeRatioTarget(phase);
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const date = new Date().toISOString();
  const loadAfter = os.loadavg();
  const report: SizeRatioReport = {
    date, commit, appDir, machine: { cores: os.cpus().length, node: process.version }, loadAverage: { before: loadBefore, after: loadAfter },
    posts: { low: low.posts, high: high.posts }, sizeRatio: phase, target,
  };
  const md = sizeRatioMarkdown(report, appDir === ROOT);
  const dir = path.join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const base = unusedResultBase(path.join(dir, `${date.slice(0, 10)}-${commit}-postgres-size-ratio`), existsSync);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.md`, md);
  console.log(md);
  console.log(`Written: ${base}.md (and .json)`);
} finally {
  rmSync(temp, { recursive: true, force: true });
}
process.exit(0);
