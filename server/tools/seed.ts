import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { runMigrations } from '../db/migrate';
import { seedDefaults } from '../services/seed.service';
import { parseSeedArgs, progressLine } from './seed-args';
import { seedDatabase } from './seed-data';

/**
 * `npm run seed -- --posts N [--seed S] [--batch B]`: fills the configured database (the
 * embedded one in DATA_DIR, or DATABASE_URL) with realistic content for benchmarks. N takes
 * k and m (`--posts 100k`, `--posts 1m`). Migrates and seeds the first-start defaults first.
 */
try {
  const args = parseSeedArgs(process.argv.slice(2));
  const config = loadConfig();
  const database = await openDatabase(config, { log: console.log });
  try {
    await runMigrations(database, config.migrationsDir);
    await seedDefaults(database.db, config, console.log);
    const started = performance.now();
    const tty = process.stderr.isTTY === true;
    let lastLine = 0;
    const result = await seedDatabase(database.db, {
      posts: args.posts,
      seed: args.seed,
      batchSize: args.batch,
      onProgress: (done, total) => {
        const line = progressLine(done, total, performance.now() - started);
        if (tty) process.stderr.write(`\r${line}`);
        else if (done === total || performance.now() - lastLine > 5_000) {
          lastLine = performance.now();
          process.stderr.write(`${line}\n`);
        }
      },
    });
    if (tty) process.stderr.write('\n');
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `Seeded ${result.posts.count.toLocaleString('en')} posts in ${result.topics.count.toLocaleString('en')} topics ` +
        `(largest ${result.largestTopic.posts.toLocaleString('en')} posts, topic ${result.largestTopic.id}; deepest reply at depth ${result.maxDepth}), ` +
        `${result.users.count.toLocaleString('en')} members (password "${result.users.password}", usernames s${result.tag}_0…), ` +
        `${result.reactions.toLocaleString('en')} reactions, ${result.places} places, ${result.visits} visits, ` +
        `${result.templates} rendered bodies, on ${database.driver} in ${seconds.toFixed(1)} s ` +
        `(${Math.round(result.posts.count / seconds).toLocaleString('en')} posts/s).`,
    );
  } finally {
    await database.close();
  }
} catch (err) {
  console.error(err instanceof ConfigError || (err instanceof Error && err.name === 'SeedArgsError') ? err.message : err);
  process.exitCode = 1;
}
