import { chooseGenerator, GeneratorError } from './generator';
import { runHarness, writeReport, wrkInstalled } from './harness';
import { BenchArgsError, markdown, parseBenchArgs, type BenchArgs } from './report';

/**
 * `npm run bench [-- --sizes 10k,100k,1m --duration S --connections C --writers W --rate R
 * --subscribers N --idle-sockets N --workers --no-browser --no-realtime --generator auto|wrk|autocannon
 * --read-rate R --search-rate R --no-fixed-rate --ratio-rounds N --ratio-duration S --no-embedded-posting]`: the benchmark report
 * (tests/bench/harness.ts). On the database DATABASE_URL names (a PostgreSQL server, seeded with
 * `npm run seed`), or with --sizes on `<db>_<size>` databases of that server, made and seeded
 * when missing; on an embedded database in DATA_DIR, or temporary ones (seeded with 10,000 posts,
 * or each size) when unset. Writes bench/results/<date>-<commit>-<driver>[-sizes].json and .md,
 * and prints the Markdown. With 10k and 1m among the sizes, the size-ratio phase
 * (tests/bench/size-ratio.ts) judges "read p99 at 1M within 1.5× of 10k": `--ratio-rounds` rounds
 * per size (3; 0 turns it off) of `--ratio-duration` s per figure (2) at `--read-rate`. On the
 * PostgreSQL server it also measures posting on a temporary embedded database of 10,000 posts
 * (the embedded database's own posting targets), unless --no-embedded-posting.
 */
const databaseUrl = process.env.DATABASE_URL;
let args: BenchArgs;
try {
  args = parseBenchArgs(process.argv.slice(2), { embedded: !databaseUrl });
} catch (err) {
  if (!(err instanceof BenchArgsError)) throw err;
  console.error(err.message);
  process.exit(2);
}
try {
  // Refused before the build and the seed, not after them.
  chooseGenerator(args.generator, wrkInstalled(), false);
} catch (err) {
  if (!(err instanceof GeneratorError)) throw err;
  console.error(err.message);
  process.exit(2);
}
const report = await runHarness({ DATABASE_URL: databaseUrl, DATA_DIR: process.env.DATA_DIR }, {
  duration: args.duration,
  connections: args.connections,
  writers: args.writers,
  rate: args.rate,
  compareWorkers: args.workers,
  browser: args.browser,
  realtime: args.realtime,
  subscribers: args.subscribers,
  idleSockets: args.idleSockets,
  sizes: args.sizes,
  generator: args.generator,
  fixedRate: args.fixedRate,
  sizeRatio: args.sizeRatio,
  embeddedPosting: args.embeddedPosting,
  adminUsername: process.env.BENCH_ADMIN_USERNAME ?? 'admin',
  adminPassword: process.env.BENCH_ADMIN_PASSWORD ?? 'bench-admin-password',
});
const file = writeReport(report);
console.log(markdown(report));
console.log(`Written: ${file} (and .json)`);
process.exit(0);
