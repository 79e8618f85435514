import { and, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { oncePerDatabase, queryRows, type Db, type DbOrTx } from '../../db/client';
import { jsonValue, rowFrom } from '../../db/rows';
import { loginFailures, sessions, users, type SessionRow, type UserRow } from '../../db/schema';
import { fail } from '../../errors';
import { randomSecret, sha256 } from '../../lib/secrets';
import type { SessionListRow } from '../../presenters/session.presenter';
import type { ServiceContext } from '../service-context';

/*
 * Browser sessions: the cookie holds a random secret, the database only its SHA-256. Ending
 * a session commits, then drops its sockets through the service context.
 */

/** The name of the cookie that carries a session's secret (read by the auth hook and the socket handshake). */
export const SESSION_COOKIE = 'gr_session';

/** What a session records of the browser that opened it. */
export interface SessionMeta {
  userAgent?: string;
  ip?: string;
}

/** A freshly created session: the cookie secret (shown once) and its CSRF token. */
export interface NewSession {
  secret: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Creates a session for a user; the database keeps only the hash of the secret. */
export async function createSession(db: DbOrTx, userId: number, ttlMs: number, meta: SessionMeta): Promise<NewSession> {
  const secret = randomSecret();
  const csrfToken = randomSecret(24);
  const expiresAt = new Date(Date.now() + ttlMs);
  await db.insert(sessions).values({
    id: sha256(secret),
    userId,
    csrfToken,
    expiresAt,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
    ip: meta.ip ?? null,
  });
  return { secret, csrfToken, expiresAt };
}

/** A live session with its user. */
export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  user: UserRow;
}

/**
 * The statement that finds a live session with its user: it runs on every signed-in request,
 * so it is built once per database and prepared (the server plans it once per connection).
 * It still reads the database every time: an ended or expired session is not found at once.
 */
function buildSessionLookup(db: Db) {
  return db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql`${sql.placeholder('id')}::text`), gt(sessions.expiresAt, sql`${sql.placeholder('now')}::timestamptz`)))
    .limit(1)
    .prepare('session_lookup');
}

const sessionLookup = oncePerDatabase(buildSessionLookup);

/**
 * A read a route needs that does not depend on who asks (a reply's topic), run in the
 * session lookup's statement: one round trip and one statement instead of two. `value` is
 * one SQL expression (a scalar subquery answering json, or null), with the same text
 * whatever its parameters, since the statement is prepared.
 */
export interface SessionAlong {
  value: SQL;
}

/**
 * Finds the live session of a cookie secret. Expired sessions are not found; a session in
 * use has its expiry pushed forward (at most once an hour, to spare writes). With `along`,
 * that read runs in the same statement and its answer comes back as `along` (also when
 * no session is found).
 */
export async function resolveSession(db: Db, secret: string, ttlMs: number): Promise<ResolvedSession | null>;
export async function resolveSession(db: Db, secret: string, ttlMs: number, along: SessionAlong): Promise<{ session: ResolvedSession | null; along: unknown }>;
export async function resolveSession(
  db: Db, secret: string, ttlMs: number, along?: SessionAlong,
): Promise<ResolvedSession | null | { session: ResolvedSession | null; along: unknown }> {
  const id = sha256(secret);
  const now = new Date();
  let found: { session: SessionRow; user: UserRow } | undefined;
  let alongValue: unknown = null;
  if (along) {
    // The session and its user as json (rowFrom maps them as drizzle would have), beside the route's read.
    const [row] = await queryRows<{ auth: unknown; along: unknown }>(db, sql`select
      (select json_build_object('session', row_to_json(s), 'user', row_to_json(u)) from sessions s join users u on u.id = s.user_id
        where s.id = ${id}::text and s.expires_at > ${now.toISOString()}::timestamptz) as auth,
      ${along.value} as along`, { prepared: true });
    const auth = row?.auth == null ? null : jsonValue<{ session: Record<string, unknown>; user: Record<string, unknown> }>(row.auth);
    if (auth) found = { session: rowFrom<typeof sessions, SessionRow>(sessions, auth.session), user: rowFrom<typeof users, UserRow>(users, auth.user) };
    alongValue = row?.along == null ? null : jsonValue(row.along);
  } else {
    [found] = await sessionLookup(db).execute({ id, now: now.toISOString() });
  }
  const session = found ? await liveSession(db, id, found, now, ttlMs) : null;
  return along ? { session, along: alongValue } : session;
}

/** The session found, its expiry pushed forward when it was last seen over an hour ago. */
async function liveSession(db: Db, id: string, row: { session: SessionRow; user: UserRow }, now: Date, ttlMs: number): Promise<ResolvedSession> {
  if (now.getTime() - row.session.lastSeenAt.getTime() > 3_600_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + ttlMs) })
      .where(eq(sessions.id, id));
  }
  return { sessionId: id, csrfToken: row.session.csrfToken, user: row.user };
}

/** A user's live sessions, most recently active first. */
export async function listUserSessions(db: DbOrTx, userId: number): Promise<SessionListRow[]> {
  return db
    .select({
      id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt,
      userAgent: sessions.userAgent, ip: sessions.ip,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date())))
    .orderBy(sql`${sessions.lastSeenAt} desc`, sql`${sessions.id}`);
}

/** Ends one session (nothing happens when it has ended already). */
export async function revokeSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of the user but `keepSessionId` (none kept when null); returns the ids ended. */
export async function revokeOtherSessions(db: DbOrTx, userId: number, keepSessionId: string | null): Promise<string[]> {
  const gone = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keepSessionId ? sql`${sessions.id} <> ${keepSessionId}` : sql`true`))
    .returning({ id: sessions.id });
  return gone.map((row) => row.id);
}

/** Signs out the session a request came with, then drops that session's sockets. */
export async function signOut(ctx: ServiceContext, sessionId: string): Promise<void> {
  await revokeSession(ctx.db, sessionId);
  ctx.realtime.disconnectSession(sessionId);
}

/** Ends one of the user's own sessions, then drops its sockets; 404 when the user has no such session. */
export async function endSession(ctx: ServiceContext, userId: number, sessionId: string): Promise<void> {
  const gone = await ctx.db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  if (gone.length === 0) {
    throw fail.notFound('You have no such session (it may have ended already).', '没有这个登录会话（可能已经退出）。');
  }
  ctx.realtime.disconnectSession(sessionId);
}

/** Ends every session of the user but `keepSessionId`, then drops their sockets; returns how many ended. */
export async function endOtherSessions(ctx: ServiceContext, userId: number, keepSessionId: string | null): Promise<number> {
  const ended = await revokeOtherSessions(ctx.db, userId, keepSessionId);
  for (const id of ended) ctx.realtime.disconnectSession(id);
  return ended.length;
}

/**
 * Which of these session ids are still valid (not revoked, not expired): one query per
 * thousand ids, for the realtime sweep over every open socket.
 */
export async function liveSessionIds(db: DbOrTx, ids: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  const alive = new Set<string>();
  for (let i = 0; i < unique.length; i += 1000) {
    const chunk = unique.slice(i, i + 1000);
    const rows = await db
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(inArray(sessions.id, chunk), gt(sessions.expiresAt, new Date())));
    for (const row of rows) alive.add(row.id);
  }
  return alive;
}

/** Deletes expired sessions and forgotten failure counters (two windows: the longest wait, then one more). */
export async function pruneExpired(db: Db, failureWindowMs: number): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  await db.delete(loginFailures).where(lt(loginFailures.lastFailedAt, new Date(Date.now() - 2 * failureWindowMs)));
}
