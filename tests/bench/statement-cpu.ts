import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { capturePostingFloor } from './posting-floor';
import type { PostingFloorPlan } from './posting-floor-server';

/*
 * Where PostgreSQL's CPU per reply goes, statement by statement, without pg_stat_statements:
 * `DATABASE_URL=… npx tsx tests/bench/statement-cpu.ts [--writers W] [--replies N] [--groups 1,10,20]`.
 * Captures the statements of one reply to each of W new topics as the posting floor does
 * (tests/bench/posting-floor.ts: an app in this process, its statement log on), then runs
 * them on one connection of its own, N replies for each group size g: the reads before the
 * transaction, `begin`, the g writes (pipelined, as the PostCommitter sends them), one
 * closing statement for the g replies, `commit`; and reads the backend's CPU time
 * (/proc/<pid>/schedstat, in ns) around each step, so the server must run on this machine.
 * Prints µs of backend CPU per reply for each step and the WAL bytes per reply. It writes
 * real replies: run it on a copy of a seeded database.
 */

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL must name a copy of a seeded database');
const writers = Number(option('writers', '20'));
const replies = Number(option('replies', '400'));
const groups = option('groups', '1,10,20').split(',').map(Number);

const { planFile } = await capturePostingFloor({
  env: { ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: process.env.BENCH_ADMIN_PASSWORD ?? 'bench-admin-password', POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' },
  databaseUrl, boardSlug: option('board', 'qunzhong'), writers, group: 32,
  adminUsername: process.env.BENCH_ADMIN_USERNAME ?? 'admin', adminPassword: process.env.BENCH_ADMIN_PASSWORD ?? 'bench-admin-password',
  body: JSON.stringify({ body: '群众在我心中，我在群众当中。benchmark reply' }),
});
const plan = JSON.parse(readFileSync(planFile, 'utf8')) as PostingFloorPlan;
const statements = Object.values(plan.replies).map((r) => r.statements);

// As drizzle's postgres-js driver sets the client up (as the floor does).
const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
const passThrough = (value: unknown) => value;
for (const type of [1184, 1082, 1083, 1114, 1182, 1185, 1115, 1231]) {
  client.options.parsers[type] = passThrough;
  client.options.serializers[type] = passThrough;
}
client.options.serializers[114] = passThrough;
client.options.serializers[3802] = passThrough;
const run = (s: { sql: string; params: unknown[] }) => client.unsafe(s.sql, s.params as never[], { prepare: true });

const [backend] = await client<{ pid: number }[]>`select pg_backend_pid() as pid`;
const cpu = (): bigint => BigInt(readFileSync(`/proc/${backend!.pid}/schedstat`, 'utf8').split(' ')[0] ?? '0');
const lsn = async (): Promise<string> => String((await client<{ l: string }[]>`select pg_current_wal_lsn()::text as l`)[0]!.l);

for (const g of groups) {
  const group = statements.slice(0, g);
  if (group.length < g) throw new Error(`--groups ${g} needs at least ${g} writers`);
  const reads = (group[0] ?? []).length - 2;
  const closeSql = group[0]![reads + 1]!.sql;
  const closeInput = JSON.stringify(group.flatMap((s) => JSON.parse(String(s[reads + 1]!.params[0])) as unknown[]));
  const steps: [string, () => Promise<unknown>][] = [
    ...Array.from({ length: reads }, (_, i): [string, () => Promise<unknown>] => [`read ${i + 1}`, () => Promise.all(group.map((s) => run(s[i]!)))]),
    ['begin', () => client.unsafe('begin')],
    ['writes', () => Promise.all(group.map((s) => run(s[reads]!)))],
    ['closing', () => client.unsafe(closeSql, [closeInput], { prepare: true })],
    ['commit', () => client.unsafe('commit')],
  ];
  const spent = new Map<string, bigint>(steps.map(([name]) => [name, 0n]));
  const rounds = Math.max(1, Math.round(replies / g));
  const warm = 5;
  let walFrom = '';
  for (let k = 0; k < rounds + warm; k += 1) {
    if (k === warm) walFrom = await lsn();
    for (const [name, step] of steps) {
      const before = cpu();
      await step();
      if (k >= warm) spent.set(name, (spent.get(name) ?? 0n) + cpu() - before);
    }
  }
  const [wal] = await client<{ d: string }[]>`select pg_wal_lsn_diff(pg_current_wal_lsn(), ${walFrom}::pg_lsn)::text as d`;
  const perReply = (ns: bigint) => Math.round(Number(ns) / (rounds * g) / 1000);
  const total = [...spent.values()].reduce((a, b) => a + b, 0n);
  console.log(`group ${g}: backend CPU per reply ${[...spent].map(([name, ns]) => `${name} ${perReply(ns)} µs`).join(', ')}; total ${perReply(total)} µs; WAL ${Math.round(Number(wal!.d) / (rounds * g))} bytes per reply (the whole server's)`);
}
await client.end();
