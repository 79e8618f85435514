import type { Db, Tx } from './client';

/*
 * Retrying a whole transaction that PostgreSQL aborted to resolve a conflict: a deadlock
 * (40P01, after deadlock_timeout one of the waiting transactions is chosen and rolled back)
 * or a serialization failure (40001). Nothing of an aborted transaction was committed, so
 * running its function again from the start is safe, as long as the function does nothing
 * outside the database before it returns (writers publish their events after commit).
 */

/** The SQLSTATEs after which the whole transaction may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);

/** The SQLSTATE of a database error, looking through drizzle's wrapper (DrizzleQueryError's `cause`). */
export function sqlState(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** True when an error is a deadlock or a serialization failure: the transaction may run again. */
export function isRetryableConflict(error: unknown): boolean {
  const state = sqlState(error);
  return state !== null && RETRYABLE.has(state);
}

/** How often and how patiently to retry. */
export interface RetryOptions {
  /** Tries in all, the first included (default 4). */
  attempts?: number;
  /** The first pause's upper bound in ms; each later one doubles it (default 10). The pause is a random fraction of it (full jitter). */
  baseDelayMs?: number;
  /** Told of each retry (logging, tests). */
  onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * Runs `work` in a transaction; when PostgreSQL aborts it for a deadlock or a serialization
 * failure, runs it again in a new one after a short random pause, at most `attempts` times in
 * all; any other error, or the last conflict, is thrown as it came. For writers that lock
 * several rows other writers lock too (a group of new posts, a topic moved between boards).
 */
export async function transactionWithRetry<T>(db: Db, work: (tx: Tx) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, Math.floor(options.attempts ?? 4));
  const base = Math.max(0, options.baseDelayMs ?? 10);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
      options.onRetry?.(error, attempt);
      const pause = Math.random() * base * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
