import type { Db } from '../db/client';
import { liveSessionIds } from '../services/accounts/session.service';
import { pruneEvents } from './replay';
import type { AppServer } from './types';

/** How long events are kept for replay (API.md: at least 10 minutes). */
export const RETENTION_MS = 15 * 60_000;

/**
 * Disconnects this process's sockets whose session was revoked or expired while they were
 * open (one query for all of them; when the database does not answer, nobody is dropped),
 * then prunes events past retention.
 */
export async function sweepSessions(io: AppServer, db: Db, log: { warn(obj: object, msg: string): void }): Promise<void> {
  const sockets = await io.local.fetchSockets();
  const signedIn = sockets.filter((s) => s.data.sessionId);
  const alive = signedIn.length > 0
    ? await liveSessionIds(db, signedIn.map((s) => s.data.sessionId ?? '')).catch((err: unknown) => {
      log.warn({ err }, 'session sweep failed');
      return null;
    })
    : null;
  if (alive) for (const s of signedIn) if (!alive.has(s.data.sessionId ?? '')) s.disconnect(true);
  await pruneEvents(db, RETENTION_MS).catch((err: unknown) => log.warn({ err }, 'event prune failed'));
}
