import { parseArgs } from 'node:util';
import { markdown, runHarness, writeReport } from './harness';

/**
 * `npm run bench [-- --duration S --connections C --writers W --workers --no-browser
 * --subscribers N --no-realtime]`: the benchmark report (tests/bench/harness.ts) on the database
 * DATABASE_URL names (a PostgreSQL server, seeded with `npm run seed`), or on an embedded one
 * in DATA_DIR (a temporary one, seeded with 10,000 posts, when unset). Writes
 * bench/results/<date>-<commit>-<driver>.json and .md, and prints the Markdown.
 */
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '50' },
    writers: { type: 'string', default: '20' },
    workers: { type: 'boolean', default: false },
    'no-browser': { type: 'boolean', default: false },
    'no-realtime': { type: 'boolean', default: false },
    subscribers: { type: 'string', default: '1000' },
  },
});
const bounded = (raw: string, min: number, max: number) => Math.min(max, Math.max(min, Math.round(Number(raw)) || min));
const env: Record<string, string | undefined> = {
  DATABASE_URL: process.env.DATABASE_URL,
  DATA_DIR: process.env.DATA_DIR,
  BENCH_REALTIME: values['no-realtime'] ? '0' : '1',
  BENCH_SUBSCRIBERS: String(bounded(values.subscribers, 1, 10_000)),
};
const report = await runHarness(env, {
  duration: bounded(values.duration, 1, 60),
  connections: bounded(values.connections, 1, 200),
  writers: bounded(values.writers, 1, 100),
  compareWorkers: values.workers,
  browser: !values['no-browser'],
  adminUsername: process.env.BENCH_ADMIN_USERNAME ?? 'admin',
  adminPassword: process.env.BENCH_ADMIN_PASSWORD ?? 'bench-admin-password',
});
const file = writeReport(report);
console.log(markdown(report));
console.log(`Written: ${file} (and .json)`);
process.exit(0);
