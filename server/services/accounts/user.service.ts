import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { units, users, type UserRow } from '../../db/schema';
import { losesRole, normaliseRoles, type Role } from '../../domain/roles';
import { usernameKey } from '../../domain/text';
import { AppError, fail } from '../../errors';
import { checkPostText } from '../moderation/watched-word.service';
import { hashPassword } from '../../lib/password-hash';
import type { ServiceContext } from '../service-context';
import { createSession, revokeOtherSessions, type NewSession, type SessionMeta } from './session.service';

/** Finds a user by username, without regard to case (usernameKey, as sign-in counters key it). */
export async function findUserByUsername(db: DbOrTx, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.usernameKey, usernameKey(username))).limit(1);
  return row;
}

/** A user by username (any letter case), or 404. */
export async function getUserByUsername(db: DbOrTx, username: string): Promise<UserRow> {
  const user = await findUserByUsername(db, username);
  if (!user) throw fail.notFound('No such user.', '没有这个用户。');
  return user;
}

/** The input of registration, already validated for shape by the route schema. */
export interface NewUserInput {
  username: string;
  password: string;
  displayName: string;
  unitId?: number | null;
  roles?: Role[];
}

/** Creates an account; a blank display name or unknown unit is a 400, a name taken in any letter case a 409 USERNAME_TAKEN. */
export async function createUser(db: DbOrTx, input: NewUserInput): Promise<UserRow> {
  const trimmed = input.displayName.trim();
  if (trimmed === '') throw fail.validation('displayName', 'displayName must not be blank.', '显示名称不能为空。');
  // Watched words apply to display names (a hold word is refused like a block).
  const { displayName } = await checkPostText(db, { displayName: trimmed }, { holdBlocks: true });
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
      displayName,
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

/** Registers a member and signs them in: the account, then its first session. */
export async function register(
  db: DbOrTx,
  input: Omit<NewUserInput, 'roles'>,
  meta: SessionMeta,
  sessionTtlMs: number,
): Promise<{ user: UserRow; session: NewSession }> {
  const user = await createUser(db, input);
  const session = await createSession(db, user.id, sessionTtlMs, meta);
  return { user, session };
}

/**
 * An admin replaces a user's roles (`member` always kept). Taking any role away also ends
 * every session of the user, in the same transaction (a demoted user is never left signed in
 * with old powers), and then drops their sockets. An admin may not remove their own admin role.
 */
export async function changeRoles(ctx: ServiceContext, admin: UserRow, userId: number, roles: Role[]): Promise<UserRow> {
  const next = normaliseRoles(roles);
  const { updated, lost } = await ctx.db.transaction(async (tx) => {
    const [target] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!target) throw fail.notFound('No such user.', '没有这个用户。');
    if (target.id === admin.id && !next.includes('admin')) {
      // An admin cannot lock everyone out by removing their own last admin role by mistake.
      throw new AppError('CONFLICT', {
        en: 'You cannot remove your own admin role. Ask another admin.',
        zh: '不能移除自己的管理员角色，请让其他管理员操作。',
      });
    }
    const [row] = await tx.update(users).set({ roles: next }).where(eq(users.id, target.id)).returning();
    if (!row) throw fail.notFound('No such user.', '没有这个用户。');
    const roleLost = losesRole(target.roles, row.roles);
    if (roleLost) await revokeOtherSessions(tx, target.id, null);
    return { updated: row, lost: roleLost };
  });
  if (lost) ctx.realtime.disconnectUser(updated.id);
  return updated;
}
