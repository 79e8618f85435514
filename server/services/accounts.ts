import { and, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { apiTokens, loginFailures, sessions, users, units, type UserRow } from '../db/schema';
import type { Role } from '../domain/roles';
import { AppError, fail } from '../errors';
import { hashPassword, verifyDecoy, verifyPassword } from './password';
import { randomSecret, sha256 } from './secrets';
import { usernameKey } from '../domain/text';

/** Finds a user by username, without regard to case (usernameKey, as sign-in counters key it). */
export async function findUserByUsername(db: DbOrTx, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.usernameKey, usernameKey(username))).limit(1);
  return row;
}

/** Finds a user by id. */
export async function findUserById(db: DbOrTx, id: number): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** The input of registration, already validated for shape by the route schema. */
export interface RegisterInput {
  username: string;
  password: string;
  displayName: string;
  unitId?: number | null;
  roles?: Role[];
}

/** Creates an account; 409 USERNAME_TAKEN when the name exists in any letter case. */
export async function createUser(db: Db, input: RegisterInput): Promise<UserRow> {
  if (input.unitId != null) {
    const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.id, input.unitId));
    if (!unit) throw fail.validation('unitId', 'That unit does not exist.', '所选单位不存在。');
  }
  const passwordHash = await hashPassword(input.password);
  const rows = await db
    .insert(users)
    .values({
      username: input.username,
      usernameKey: usernameKey(input.username),
      displayName: input.displayName,
      passwordHash,
      unitId: input.unitId ?? null,
      roles: input.roles ?? ['member'],
    })
    .onConflictDoNothing()
    .returning();
  const row = rows[0];
  if (!row) throw new AppError('USERNAME_TAKEN', undefined, 'username');
  return row;
}

/** Limits and clock for counting failed sign-ins. */
export interface LoginLimits {
  /** Failures of one account from one address before that address waits for it. */
  perAccount: number;
  /** Failures from one address, to any accounts, before the address waits. */
  perAddress: number;
  /** The longest wait; failures are forgotten once this much time passes after the wait. */
  windowMs: number;
}

/** The first wait, once the free failures are spent; each further failure doubles it. */
export const FIRST_LOGIN_WAIT_MS = 30_000;

/**
 * How long the next attempt must wait after `count` failures of a counter that allows
 * `limit` of them: nothing before the limit, then 30 s, 60 s, 120 s… up to the window.
 */
export function loginWaitMs(count: number, limit: number, windowMs: number): number {
  if (count < limit) return 0;
  return Math.min(windowMs, FIRST_LOGIN_WAIT_MS * 2 ** Math.min(count - limit, 20));
}

/** The counter of one account from one address; the name goes through usernameKey, as the lookup does. */
function accountAddressKey(username: string, address: string): string {
  return `pair:${address}|${usernameKey(username)}`;
}

/** The counter of one address, whatever accounts it tries. */
function addressKey(address: string): string {
  return `address:${address}`;
}

/** One counter taking part in a sign-in, and how many failures it allows before waits begin. */
interface Counter {
  key: string;
  limit: number;
}

/**
 * Counts an attempt as a failure before the password is checked, on every counter at once,
 * unless one of them must still wait (then nothing is counted and the answer is 429 with
 * Retry-After). Counting first, under row locks, means parallel guesses cannot all slip in
 * before the first failure is written. A success takes its count back (see settleAttempt).
 */
async function reserveAttempt(db: Db, counters: Counter[], windowMs: number): Promise<void> {
  const now = new Date();
  const waitMs = await db.transaction(async (tx) => {
    await tx.insert(loginFailures).values(counters.map((c) => ({ key: c.key, count: 0, lastFailedAt: now }))).onConflictDoNothing();
    const rows = await tx.select().from(loginFailures)
      .where(inArray(loginFailures.key, counters.map((c) => c.key))).for('update');
    let wait = 0;
    const counts = new Map<string, number>();
    for (const counter of counters) {
      const row = rows.find((r) => r.key === counter.key);
      if (!row) continue;
      const since = now.getTime() - row.lastFailedAt.getTime();
      const due = loginWaitMs(row.count, counter.limit, windowMs);
      // Failures are forgotten a window after their wait ended, not sooner: waiting out the
      // longest wait does not buy a fresh set of guesses.
      if (since > due + windowMs) continue;
      counts.set(counter.key, row.count);
      wait = Math.max(wait, due - since);
    }
    if (wait > 0) return wait;
    for (const counter of counters) {
      await tx.update(loginFailures).set({ count: (counts.get(counter.key) ?? 0) + 1, lastFailedAt: now })
        .where(eq(loginFailures.key, counter.key));
    }
    return 0;
  });
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    throw new AppError('RATE_LIMITED', {
      en: `Too many failed sign-ins from this address. Please wait ${seconds} seconds and try again.`,
      zh: `此地址登录失败次数过多，请 ${seconds} 秒后再试。`,
    }, undefined, seconds);
  }
}

/**
 * After a correct password: the account-and-address counter is cleared, and the attempt is
 * taken back from the address's counter (it was counted as a failure in advance).
 */
async function settleAttempt(db: Db, pairKey: string, otherKeys: string[]): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.key, pairKey));
  if (otherKeys.length > 0) {
    await db.update(loginFailures).set({ count: sql`greatest(${loginFailures.count} - 1, 0)` })
      .where(inArray(loginFailures.key, otherKeys));
  }
}

/**
 * Checks a username and password. Failures are counted in the database (so every server
 * process sees them) per account-and-address and per address. Past its limit a counter
 * makes the next attempt wait, 30 s and doubling with each further failure up to the
 * window: the address that keeps failing gets 429 with Retry-After, while the right
 * password from an address that has not been failing still signs in, so nobody can lock
 * an account (or `admin`) out for everyone. `countAddress: false` (a signed-in member
 * confirming their password) leaves the address counter out.
 */
export async function authenticate(
  db: Db,
  username: string,
  password: string,
  address: string,
  limits: LoginLimits,
  options: { countAddress?: boolean } = {},
): Promise<UserRow> {
  const pair = { key: accountAddressKey(username, address), limit: limits.perAccount };
  const others = options.countAddress === false ? [] : [{ key: addressKey(address), limit: limits.perAddress }];
  await reserveAttempt(db, [pair, ...others], limits.windowMs);
  const user = await findUserByUsername(db, username);
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await verifyDecoy(password), false);
  if (!ok || !user) throw new AppError('BAD_CREDENTIALS');
  await settleAttempt(db, pair.key, others.map((c) => c.key));
  return user;
}

/** A freshly created session: the cookie secret (shown once) and its CSRF token. */
export interface NewSession {
  secret: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Creates a session for a user; the database keeps only the hash of the secret. */
export async function createSession(
  db: Db,
  userId: number,
  ttlMs: number,
  meta: { userAgent?: string; ip?: string },
): Promise<NewSession> {
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

/** A user's live sessions, most recently active first. */
export async function listUserSessions(db: DbOrTx, userId: number) {
  return db
    .select({
      id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt,
      userAgent: sessions.userAgent, ip: sessions.ip,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date())))
    .orderBy(sql`${sessions.lastSeenAt} desc`, sql`${sessions.id}`);
}

/** Ends one of the user's own sessions; false when the user has no such session. */
export async function revokeUserSession(db: DbOrTx, userId: number, sessionId: string): Promise<boolean> {
  const gone = await db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  return gone.length > 0;
}

/** Ends every session of the user but `keepSessionId` (none kept when null); returns the ids ended. */
export async function revokeOtherSessions(db: DbOrTx, userId: number, keepSessionId: string | null): Promise<string[]> {
  const gone = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keepSessionId ? sql`${sessions.id} <> ${keepSessionId}` : sql`true`))
    .returning({ id: sessions.id });
  return gone.map((row) => row.id);
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

/**
 * Finds the live session of a cookie secret. Expired sessions are not found; a session in
 * use has its expiry pushed forward (at most once an hour, to spare writes).
 */
export async function resolveSession(db: Db, secret: string, ttlMs: number): Promise<ResolvedSession | null> {
  const id = sha256(secret);
  const now = new Date();
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)))
    .limit(1);
  if (!row) return null;
  if (now.getTime() - row.session.lastSeenAt.getTime() > 3_600_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + ttlMs) })
      .where(eq(sessions.id, id));
  }
  return { sessionId: id, csrfToken: row.session.csrfToken, user: row.user };
}

/** Ends one session. */
export async function revokeSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user (after a password change or an admin's action). */
export async function revokeUserSessions(db: Db, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Deletes expired sessions and forgotten failure counters (two windows: the longest wait, then one more). */
export async function pruneExpired(db: Db, failureWindowMs: number): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  await db.delete(loginFailures).where(lt(loginFailures.lastFailedAt, new Date(Date.now() - 2 * failureWindowMs)));
}

/** The prefix of personal API token secrets, so they are recognisable in a leaked file. */
export const TOKEN_PREFIX = 'grt_';

/** Creates a personal API token; the secret is returned once and only its hash is kept. */
export async function createApiToken(db: Db, userId: number, name: string) {
  const secret = TOKEN_PREFIX + randomSecret();
  const [row] = await db.insert(apiTokens).values({ userId, name, tokenHash: sha256(secret) }).returning();
  if (!row) throw new Error('token insert returned nothing');
  return { row, secret };
}

/** The live (not revoked) tokens of a user, newest first. */
export async function listApiTokens(db: Db, userId: number) {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(sql`${apiTokens.id} desc`);
}

/** Revokes one of a user's tokens; 404 when it is not theirs or already revoked. */
export async function revokeApiToken(db: Db, userId: number, tokenId: number): Promise<void> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (rows.length === 0) throw fail.notFound('No such token.', '没有这个令牌。');
}

/** Finds the user of a bearer secret, marking the token used (at most once a minute). */
export async function resolveApiToken(db: Db, secret: string): Promise<{ tokenId: number; user: UserRow } | null> {
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sha256(secret)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return null;
  const now = Date.now();
  if (!row.token.lastUsedAt || now - row.token.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date(now) }).where(eq(apiTokens.id, row.token.id));
  }
  return { tokenId: row.token.id, user: row.user };
}

/** Replaces a user's roles; `member` is always kept. */
export async function setUserRoles(db: Db, userId: number, roles: Role[]): Promise<UserRow> {
  const next = Array.from(new Set<Role>(['member', ...roles]));
  const [row] = await db.update(users).set({ roles: next }).where(eq(users.id, userId)).returning();
  if (!row) throw fail.notFound('No such user.', '没有这个用户。');
  return row;
}

/**
 * Ends what lets someone act as the user: every session but `keepSessionId` (none kept when
 * null) and every personal API token. Call it inside the transaction of the change that
 * requires it (a password change, a suspension), so the change and the revocation are one.
 * Returns the ids of the sessions ended, for their sockets to be dropped after commit.
 */
export async function endUserAccess(tx: DbOrTx, userId: number, keepSessionId: string | null): Promise<string[]> {
  const ended = await revokeOtherSessions(tx, userId, keepSessionId);
  await tx.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
  return ended;
}

/**
 * Changes a user's password after checking the current one (failures count like sign-in
 * failures), and in the same transaction ends every other session of theirs and revokes
 * every personal API token: whoever knew the old password, or minted a token with it, is out.
 */
export async function changePassword(
  db: Db,
  user: UserRow,
  current: string,
  next: string,
  address: string,
  limits: LoginLimits,
  keepSessionId: string | null,
): Promise<void> {
  try {
    // The member is signed in: an address failing against other accounts does not stop them here.
    await authenticate(db, user.username, current, address, limits, { countAddress: false });
  } catch (err) {
    if (err instanceof AppError && err.code === 'BAD_CREDENTIALS') {
      throw fail.validation('currentPassword', 'The current password is wrong.', '当前密码不正确。');
    }
    throw err;
  }
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await endUserAccess(tx, user.id, keepSessionId);
  });
}
