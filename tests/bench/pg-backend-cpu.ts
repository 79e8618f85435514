import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { cpuSeconds } from './proc-cpu';

/*
 * `npx tsx tests/bench/pg-backend-cpu.ts --seconds S [--interval MS]` with DATABASE_URL set:
 * while something else loads the app (the posting bench), samples every PostgreSQL backend
 * of the database (whatever its application_name: the app's pool, the realtime adapter's
 * `pg` pool and its LISTEN connection, this sampler) and the server's own processes
 * (autovacuum, WAL writer, checkpointer, background writer; those serve every database of
 * the server, so neighbours' work is in them too), and prints the CPU seconds each group
 * used over the window. Connections that end inside the window count up to their last sample.
 */

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' }, interval: { type: 'string', default: '200' } } });
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is needed');
const seconds = Math.min(600, Math.max(1, Number(values.seconds) || 20));
const interval = Math.min(2000, Math.max(50, Number(values.interval) || 200));
const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'pg-backend-cpu' } });

interface Seen { group: string; first: number; last: number }
const seen = new Map<number, Seen>();
const until = Date.now() + seconds * 1000;
while (Date.now() < until) {
  const rows = await sql<{ pid: number; datname: string | null; application_name: string | null; backend_type: string; query: string | null }[]>`
    select pid, datname, application_name, backend_type, left(query, 40) as query from pg_stat_activity
    where datname = current_database() or datname is null`;
  for (const r of rows) {
    const cpu = cpuSeconds(r.pid);
    const known = seen.get(r.pid);
    const group = r.datname === null
      ? `server: ${r.backend_type}`
      : `${r.backend_type} app=${r.application_name || '(none)'}${/^listen/i.test(r.query ?? '') ? ' (LISTEN)' : ''}`;
    if (known) {
      known.last = cpu;
      if (group.includes('(LISTEN)')) known.group = group;
    } else seen.set(r.pid, { group, first: cpu, last: cpu });
  }
  await new Promise((resolve) => setTimeout(resolve, interval));
}
await sql.end({ timeout: 5 });
const byGroup = new Map<string, { seconds: number; pids: number }>();
for (const s of seen.values()) {
  const g = byGroup.get(s.group) ?? { seconds: 0, pids: 0 };
  g.seconds += s.last - s.first;
  g.pids += 1;
  byGroup.set(s.group, g);
}
for (const [group, g] of [...byGroup].sort((a, b) => b[1].seconds - a[1].seconds)) {
  console.log(`${g.seconds.toFixed(2).padStart(8)} s  ${String(g.pids).padStart(3)} backend(s)  ${group}`);
}
