import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import type { Database } from '../db/client';
import type { AppServer } from './types';

/** The adapter between processes: present with a PostgreSQL server, absent with the embedded database. */
export interface CrossProcess {
  /** Closes the adapter and its pool (after io's adapter closed), letting its last NOTIFY go out. */
  close(): Promise<void>;
}

/**
 * With a PostgreSQL server, attaches @socket.io/postgres-adapter (on a pool of its own, as
 * the adapter uses `pg`), so events and reader counts reach the sockets of every process on
 * the database; waits for its LISTEN connection before answering. Null for the embedded
 * database, which has no LISTEN/NOTIFY across processes. `onGap` is told when notices from
 * other processes may have been lost (the LISTEN connection dropped, and again when it is back).
 */
export async function attachAdapter(
  io: AppServer,
  database: Database,
  log: { warn(obj: object, msg: string): void },
  onGap: () => void = () => {},
): Promise<CrossProcess | null> {
  if (database.driver !== 'postgres' || !database.url) return null;
  const pool = new pg.Pool({ connectionString: database.url, max: 3 });
  const clients = new Set<pg.PoolClient>();
  let closing = false;
  let watch: NodeJS.Timeout | null = null;
  // The adapter says nothing when its LISTEN connection drops (it only reconnects, after
  // 1–3 s): notices sent meanwhile never arrive. Its listening client is the one with a
  // 'notification' listener; when that client ends, tell onGap at once, and again once a new
  // listening client has run its LISTEN (a query of ours queued after it answers), so that
  // whatever was stored during the gap is dropped too.
  const watchForListener = (lost: pg.PoolClient) => {
    if (watch !== null) return;
    watch = setInterval(() => {
      const next = [...clients].find((c) => c !== lost && c.listenerCount('notification') > 0);
      if (!next || closing) return;
      if (watch !== null) clearInterval(watch);
      watch = null;
      next.query('select 1').then(() => { if (!closing) onGap(); }, () => undefined);
    }, 50);
    watch.unref();
  };
  pool.on('connect', (client) => {
    clients.add(client);
    // A checked-out client has no error listener of the pool's, and the adapter adds none to
    // its LISTEN client: without this, a dropped connection (a server restart, a terminated
    // backend) is an unhandled 'error' event that ends the process. The adapter reconnects.
    client.on('error', (err) => log.warn({ err }, 'realtime adapter connection error'));
    client.on('end', () => {
      clients.delete(client);
      if (closing || client.listenerCount('notification') === 0) return;
      log.warn({}, 'realtime adapter lost its LISTEN connection: notices from other processes are lost until it listens again');
      // The adapter forgets the dead client without releasing it: the pool would count it as
      // checked out for ever, and pool.end() (closing the app) would wait for it for ever.
      try {
        client.release(true);
      } catch {
        // already released
      }
      onGap();
      watchForListener(client);
    });
  });
  pool.on('error', (err) => log.warn({ err }, 'realtime adapter pool error'));
  io.adapter(createAdapter(pool, { tableName: 'socket_io_attachments', errorHandler: (err) => log.warn({ err }, 'realtime adapter') }));
  // Wait for the adapter's LISTEN connection, so events from other processes arrive from
  // the first request on, and so closing never races a half-open connection.
  for (let i = 0; i < 100 && clients.size === 0; i += 1) await pause(50);
  return {
    async close() {
      closing = true;
      if (watch !== null) clearInterval(watch);
      // The adapter's close tells the other processes this one is gone (a NOTIFY sent
      // without waiting): let it go out, or they wait for this process's answers to reader
      // counts until its heartbeat times out.
      for (let i = 0; i < 40 && pool.idleCount < pool.totalCount; i += 1) await pause(25);
      // The adapter can keep clients checked out (its LISTEN connection); end them so the
      // pool can close instead of waiting for releases that never come.
      // Let connections still being opened finish, or the pool waits for them forever.
      for (let i = 0; i < 50 && pool.totalCount > clients.size; i += 1) await pause(50);
      const ended = pool.end();
      await Promise.all([...clients].map((client) => client.end().catch(() => undefined)));
      await ended;
    },
  };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
