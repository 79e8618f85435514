import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'drizzle-orm';

/** One SQL statement the app ran, as drizzle sent it (parameters left out). */
export interface RecordedStatement {
  sql: string;
  /** Its parameters, as drizzle passed them (the benchmark replays statements with them). */
  params: unknown[];
  /** The pool it went to: the primary (DATABASE_URL) or the replica (DATABASE_REPLICA_URL). */
  target: 'primary' | 'replica';
}

/**
 * Counts the SQL statements one piece of work runs, for the integration tests' query-count
 * assertions (an N+1 regression fails CI). It is drizzle's logger, installed on the db client
 * only when buildApp is given `countStatements: true`; production builds never carry it.
 *
 * Statements are attributed through AsyncLocalStorage to the `record()` call whose work
 * started them, so a timer or another request running at the same time is not counted.
 * Savepoint statements are left out: PGlite's driver sends them as SQL and postgres.js does
 * not, and the counts must be the same on both databases. BEGIN and COMMIT are not counted
 * on either driver (both open transactions outside drizzle's logger).
 */
export class StatementLog {
  private readonly storage = new AsyncLocalStorage<RecordedStatement[]>();

  /** The drizzle logger of one pool: it records each statement drizzle sends through it. */
  loggerFor(target: RecordedStatement['target']): Logger {
    return {
      logQuery: (query: string, params: unknown[]) => {
        const into = this.storage.getStore();
        if (!into || /^\s*(savepoint|release savepoint|rollback to savepoint)\b/i.test(query)) return;
        into.push({ sql: query, params, target });
      },
    };
  }

  /** Runs `work` and returns its result with the statements it ran, in order. */
  async record<T>(work: () => Promise<T>): Promise<{ result: T; statements: RecordedStatement[] }> {
    const statements: RecordedStatement[] = [];
    // Awaited inside the context: a lazy thenable (app.inject's chain) starts its work only
    // when awaited, and must start it here to be counted.
    const result = await this.storage.run(statements, async () => await work());
    return { result, statements };
  }
}
