import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { apiTokens, users, type ApiTokenRow, type UserRow } from '../../db/schema';
import { fail } from '../../errors';
import { randomSecret, sha256 } from '../../lib/secrets';
import { presentToken, type NewTokenView } from '../../presenters/token.presenter';

/** The prefix of personal API token secrets, so they are recognisable in a leaked file. */
export const TOKEN_PREFIX = 'grt_';

/** Creates a personal API token (a blank name is a 400); the secret is answered once and only its hash is kept. */
export async function createApiToken(db: DbOrTx, userId: number, name: string): Promise<NewTokenView> {
  const trimmed = name.trim();
  if (trimmed === '') throw fail.validation('name', 'name must not be blank.', '名称不能为空。');
  const secret = TOKEN_PREFIX + randomSecret();
  const [row] = await db.insert(apiTokens).values({ userId, name: trimmed, tokenHash: sha256(secret) }).returning();
  if (!row) throw new Error('token insert returned nothing');
  return { token: presentToken(row), secret };
}

/** The live (not revoked) tokens of a user, newest first. */
export async function listApiTokens(db: DbOrTx, userId: number): Promise<ApiTokenRow[]> {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(sql`${apiTokens.id} desc`);
}

/** Revokes one of a user's tokens; 404 when it is not theirs or already revoked. */
export async function revokeApiToken(db: DbOrTx, userId: number, tokenId: number): Promise<void> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (rows.length === 0) throw fail.notFound('No such token.', '没有这个令牌。');
}

/** Revokes every live token of a user (inside the caller's transaction). */
export async function revokeUserTokens(db: DbOrTx, userId: number): Promise<void> {
  await db.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
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
