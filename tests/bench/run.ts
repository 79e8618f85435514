import { parseArgs } from 'node:util';
import { runRealtimeBench } from './realtime.bench';
import { runWatchedWordsBench } from './watched-words.bench';

/**
 * `npm run bench [-- --subscribers N --posts M]`: runs the benchmarks on 127.0.0.1 and prints
 * each with its baseline from the same run. Set DATABASE_URL to measure on a PostgreSQL server.
 */
const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000' },
    posts: { type: 'string', default: '30' },
  },
});
const subscribers = Math.min(5000, Math.max(1, Number(values.subscribers)));
const posts = Math.min(500, Math.max(1, Number(values.posts)));
console.log(runWatchedWordsBench());
const databaseUrl = process.env.DATABASE_URL;
console.log(await runRealtimeBench({ subscribers, posts, ...(databaseUrl ? { databaseUrl } : {}) }));
process.exit(0);
