import { mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DrizzleQueryError, sql, type Logger, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { AppConfig } from '../config';
import * as schema from './schema';
import { PgliteProtocolClient, PgliteProtocolTransaction } from './pglite-client';
import type { StatementLog } from './statement-log';

/** The drizzle database, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle, as passed to `db.transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Query functions take either the database or a transaction as their first argument. */
export type DbOrTx = Db | Tx;

/** Which engine serves the database. */
export type Driver = 'pglite' | 'postgres';

/** An open database: the drizzle handle, the driver's name and how to close it. */
export interface Database {
  db: Db;
  /**
   * Where reads that tolerate lag go (search; public lists in part two of issue 14): the pool
   * of DATABASE_REPLICA_URL when set, otherwise the same handle as `db`.
   */
  replica: Db;
  driver: Driver;
  /** The PostgreSQL server URL, when the driver is postgres. */
  url: string | null;
  /** The embedded engine, when the driver is pglite. */
  pglite: PGlite | null;
  /** Answers when the database can serve a trivial query (the health check). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Options for tests and tools: an already open embedded database to use instead of DATA_DIR. */
export interface OpenOptions {
  pglite?: PGlite;
  /** Close the given embedded database when the app closes (tests hand over a private copy). */
  ownsPglite?: boolean;
  log?: (message: string) => void;
  /** Record every statement into this log (tests' statement counts; see statement-log.ts). */
  statementLog?: StatementLog;
}

/**
 * Opens the database the configuration names: the PostgreSQL server at DATABASE_URL, or the
 * embedded PGlite database under DATA_DIR.
 */
export async function openDatabase(config: AppConfig, options: OpenOptions = {}): Promise<Database> {
  if (config.databaseUrl) {
    const client = postgres(config.databaseUrl, {
      max: 10,
      onnotice: () => {},
      connection: { application_name: 'grassroots' },
    });
    const db = drizzlePostgres(client, { schema, casing: 'snake_case', ...logger(options) }) as unknown as Db;
    const replicaClient = config.databaseReplicaUrl
      ? postgres(config.databaseReplicaUrl, {
        max: 10,
        onnotice: () => {},
        connection: { application_name: 'grassroots-replica' },
      })
      : null;
    const replica = replicaClient
      ? drizzlePostgres(replicaClient, { schema, casing: 'snake_case', ...logger(options, 'replica') }) as unknown as Db
      : db;
    return {
      db,
      replica,
      driver: 'postgres',
      url: config.databaseUrl,
      pglite: null,
      ping: () => pingDatabase(db),
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), replicaClient?.end({ timeout: 5 })]);
      },
    };
  }
  let engine = options.pglite;
  const owned = !engine || options.ownsPglite === true;
  if (!engine) {
    const dir = path.join(config.dataDir, 'pglite');
    // PGlite does not create parent folders, and its first start (initdb in WebAssembly) is slow.
    mkdirSync(config.dataDir, { recursive: true });
    if (!existsSync(path.join(dir, 'PG_VERSION'))) {
      options.log?.(`Creating the embedded database in ${dir} (first start only; this takes 10–30 seconds)…`);
    }
    engine = await PGlite.create(dir);
  }
  // drizzle's PGlite driver runs its statements through this client rather than PGlite's own
  // query() (fewer round trips into the engine; prepared statements: see pglite-client.ts).
  const client = new PgliteProtocolClient(engine);
  const db = drizzlePglite(client as unknown as PGlite, { schema, casing: 'snake_case', ...logger(options) }) as unknown as Db;
  const pglite = engine;
  return {
    db,
    replica: db,
    driver: 'pglite',
    url: null,
    pglite,
    ping: () => pingDatabase(db),
    close: async () => {
      if (owned && !pglite.closed) await pglite.close();
    },
  };
}

/** drizzle's logger option: the statement log when one is given, nothing otherwise. */
function logger(options: OpenOptions, target: 'primary' | 'replica' = 'primary'): { logger?: Logger } {
  return options.statementLog ? { logger: options.statementLog.loggerFor(target) } : {};
}

/**
 * `build(db)` made on first use and kept with that database: for statements drizzle should
 * build once and the server should prepare (the session lookup, the reply's context).
 */
export function oncePerDatabase<T>(build: (db: Db) => T): (db: Db) => T {
  const made = new WeakMap<Db, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = build(db);
      made.set(db, value);
    }
    return value;
  };
}

/** The parts of a drizzle database or transaction that run a statement as a named prepared statement. */
interface PreparingHandle {
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  session: {
    prepareQuery(query: { sql: string; params: unknown[] }, fields: undefined, name: string, arrayMode: boolean): { execute(): Promise<unknown> };
    /** The driver's client: on the embedded database, a PgliteProtocolClient or one of its transactions. */
    client?: unknown;
    logger?: Logger;
  };
}

/**
 * Runs a raw SQL statement and returns its rows, the same way on both drivers.
 *
 * `prepared`: on the PostgreSQL server, as a named prepared statement of the connection
 * (postgres.js keeps one per statement text and connection), so the server parses it once
 * and, after a few runs, reuses a generic plan instead of planning it on every run: for the
 * big statements of the posting path, planning cost more CPU than executing. Only for
 * statements whose text takes a handful of shapes (each shape is kept for the connection's
 * life). On the embedded database, as a named prepared statement of the engine
 * (PgliteProtocolClient.queryPrepared: parsed once per text, kept for the 64 most recently
 * used texts), logged to drizzle's logger as drizzle would.
 */
export async function queryRows<T extends Record<string, unknown>>(db: DbOrTx, query: SQL, options: { prepared?: boolean } = {}): Promise<T[]> {
  let result: unknown;
  if (options.prepared) {
    const handle = db as unknown as PreparingHandle;
    const client = handle.session.client;
    if (client instanceof PgliteProtocolClient || client instanceof PgliteProtocolTransaction) {
      const { sql: text, params } = handle.dialect.sqlToQuery(query);
      handle.session.logger?.logQuery(text, params);
      try {
        return (await client.queryPrepared<T>(text, params, PGLITE_ROW_OPTIONS)).rows;
      } catch (error) {
        // As drizzle wraps every driver error (retry.ts and the error handler look through it).
        throw new DrizzleQueryError(text, params, error as Error);
      }
    }
    result = await handle.session.prepareQuery(handle.dialect.sqlToQuery(query), undefined, 'prepared', false).execute();
  } else {
    result = await db.execute(query);
  }
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * The result options drizzle's PGlite driver gives a raw statement (`db.execute`): rows as
 * objects, and dates, timestamps, intervals and their arrays left as the engine's text, so a
 * prepared statement's rows are the same JS values as an unprepared one's.
 */
const PGLITE_ROW_OPTIONS = {
  rowMode: 'object' as const,
  parsers: Object.fromEntries([1082, 1114, 1184, 1186, 1231, 1115, 1185, 1187, 1182].map((oid) => [oid, (value: string) => value])),
};

/** Answers when the database can serve a trivial query. */
async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
