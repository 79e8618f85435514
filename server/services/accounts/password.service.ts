import { eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { loginFailures, users, type UserRow } from '../../db/schema';
import { usernameKey } from '../../domain/text';
import { AppError, fail } from '../../errors';
import { assertNotSuspended } from '../moderation/people.service';
import { hashPassword, verifyDecoy, verifyPassword } from '../../lib/password-hash';
import type { ServiceContext } from '../service-context';
import { createSession, revokeOtherSessions, revokeSession, type NewSession, type SessionMeta } from './session.service';
import { revokeUserTokens } from './token.service';
import { findUserByUsername } from './user.service';

/*
 * Passwords: checking one (sign-in, and confirming the current one before a change) with
 * failures counted per account-and-address and per address; signing in with one; changing
 * one, which ends whatever access the old one gave.
 */

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

/** A sign-in as it arrives: the credentials, where from, and the session the browser already had. */
export interface SignIn {
  username: string;
  password: string;
  address: string;
  meta: SessionMeta;
  /** The session this browser had (it is replaced), or null. */
  previousSessionId: string | null;
}

/** Checks the password (see authenticate), replaces any session this browser had, and opens a new one. */
export async function signIn(db: Db, input: SignIn, limits: LoginLimits, sessionTtlMs: number): Promise<{ user: UserRow; session: NewSession }> {
  const user = await authenticate(db, input.username, input.password, input.address, limits);
  // Only after the password is right: a suspension is not revealed to whoever merely guesses a name.
  assertNotSuspended(user);
  if (input.previousSessionId !== null) await revokeSession(db, input.previousSessionId);
  const session = await createSession(db, user.id, sessionTtlMs, input.meta);
  return { user, session };
}

/**
 * Ends what lets someone act as the user: every session but `keepSessionId` (none kept when
 * null) and every personal API token. Call it inside the transaction of the change that
 * requires it (a password change, a suspension), so the change and the revocation are one.
 * Returns the ids of the sessions ended, for their sockets to be dropped after commit.
 */
export async function endUserAccess(tx: DbOrTx, userId: number, keepSessionId: string | null): Promise<string[]> {
  const ended = await revokeOtherSessions(tx, userId, keepSessionId);
  await revokeUserTokens(tx, userId);
  return ended;
}

/** A password change as a member asks it, from the address the request came from. */
export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  address: string;
  /** The session the request came with, which stays signed in (null with a personal API token). */
  keepSessionId: string | null;
}

/**
 * Changes a user's password after checking the current one (failures count like sign-in
 * failures), and in the same transaction ends every other session of theirs and revokes
 * every personal API token: whoever knew the old password, or minted a token with it, is
 * out. After commit, the ended sessions' sockets are dropped.
 */
export async function changePassword(ctx: ServiceContext, user: UserRow, change: PasswordChange, limits: LoginLimits): Promise<void> {
  try {
    // The member is signed in: an address failing against other accounts does not stop them here.
    await authenticate(ctx.db, user.username, change.currentPassword, change.address, limits, { countAddress: false });
  } catch (err) {
    if (err instanceof AppError && err.code === 'BAD_CREDENTIALS') {
      throw fail.validation('currentPassword', 'The current password is wrong.', '当前密码不正确。');
    }
    throw err;
  }
  const passwordHash = await hashPassword(change.newPassword);
  const ended = await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    return endUserAccess(tx, user.id, change.keepSessionId);
  });
  for (const sessionId of ended) ctx.realtime.disconnectSession(sessionId);
}
