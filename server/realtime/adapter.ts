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
 * database, which has no LISTEN/NOTIFY across processes.
 */
export async function attachAdapter(io: AppServer, database: Database, log: { warn(obj: object, msg: string): void }): Promise<CrossProcess | null> {
  if (database.driver !== 'postgres' || !database.url) return null;
  const pool = new pg.Pool({ connectionString: database.url, max: 3 });
  const clients = new Set<pg.PoolClient>();
  pool.on('connect', (client) => {
    clients.add(client);
    client.on('end', () => clients.delete(client));
  });
  pool.on('error', (err) => log.warn({ err }, 'realtime adapter pool error'));
  io.adapter(createAdapter(pool, { tableName: 'socket_io_attachments', errorHandler: (err) => log.warn({ err }, 'realtime adapter') }));
  // Wait for the adapter's LISTEN connection, so events from other processes arrive from
  // the first request on, and so closing never races a half-open connection.
  for (let i = 0; i < 100 && clients.size === 0; i += 1) await pause(50);
  return {
    async close() {
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
