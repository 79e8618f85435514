import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { Sql } from 'postgres';

/*
 * CPU time from /proc, for benchmarks on shared cores: a busy neighbour slows the clock, not
 * the work a request takes, so CPU per request holds better than requests/s or wall time.
 */

const TICKS = 100;

/** CPU seconds (user + system) a process has used so far (0 once it is gone). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds every core of the machine has spent busy so far (user, nice, system, irq,
 * softirq and steal from /proc/stat's first line), or null where /proc/stat cannot be read.
 * Over a figure, less the server's and the generator's own, it is what else ran on the cores.
 */
export function machineBusySeconds(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    if (line.startsWith('cpu ') === false || f.length < 8 || f.some((x) => !Number.isFinite(x))) return null;
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
    return (user + nice + system + irq + softirq + steal) / TICKS;
  } catch {
    return null;
  }
}

/** The inodes of a process's open sockets. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // the descriptor closed meanwhile
    }
  }
  return inodes;
}

/** The local TCP ports of a process's open sockets. */
function localPorts(pid: number): Set<number> {
  const inodes = socketInodes(pid);
  const ports = new Set<number>();
  for (const file of ['tcp', 'tcp6']) {
    let table = '';
    try {
      table = readFileSync(`/proc/${pid}/net/${file}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of table.split('\n').slice(1)) {
      const parts = line.trim().split(/\s+/);
      const local = parts[1];
      const inode = parts[9];
      if (local && inode && inodes.has(inode)) ports.add(Number.parseInt(local.split(':')[1] ?? '0', 16));
    }
  }
  return ports;
}

/**
 * The PostgreSQL backends serving a process's connections (by the client port of each
 * backend in pg_stat_activity), asked through `admin`, a connection of another pool.
 */
export async function backendPidsOf(admin: Sql, pid: number): Promise<number[]> {
  const rows = await admin<{ pid: number; port: number | null }[]>`select pid, client_port as port from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
  const ports = localPorts(pid);
  return rows.filter((r) => r.port !== null && ports.has(Number(r.port))).map((r) => Number(r.pid));
}
