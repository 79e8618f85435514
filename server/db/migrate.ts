import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import postgres from 'postgres';
import type { Database } from './client';

/** An arbitrary but fixed key for the advisory lock that serialises migrations. */
const MIGRATION_LOCK_KEY = 727_274_001;

/**
 * Applies the drizzle-kit migrations in `folder`. Against a PostgreSQL server it holds an
 * advisory lock on a dedicated connection, so a second process starting at the same time
 * waits for the first one's migration instead of failing.
 */
export async function runMigrations(database: Database, folder: string): Promise<void> {
  if (database.driver === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: folder });
    return;
  }
  const client = postgres(database.url ?? '', { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migratePostgres(drizzlePostgres(client), { migrationsFolder: folder });
    } finally {
      await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
