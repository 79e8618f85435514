import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { drafts, type DraftRow } from '../db/schema';

/** A draft as the composer gets it back. */
export interface DraftView {
  scope: string;
  title: string;
  body: string;
  updatedAt: string;
}

/** The pattern of a draft scope: `topic:<id>` for a reply, `board:<slug>` for a new topic. */
export const DRAFT_SCOPE_PATTERN = '^(topic:[1-9][0-9]{0,9}|board:[a-z0-9-]{2,40})$';

function present(row: DraftRow): DraftView {
  return { scope: row.scope, title: row.title, body: row.body, updatedAt: row.updatedAt.toISOString() };
}

/** The user's draft for a scope, or null. */
export async function getDraft(db: DbOrTx, userId: number, scope: string): Promise<DraftView | null> {
  const [row] = await db.select().from(drafts).where(and(eq(drafts.userId, userId), eq(drafts.scope, scope)));
  return row ? present(row) : null;
}

/** Saves (creates or replaces) the user's draft for a scope. */
export async function saveDraft(db: DbOrTx, userId: number, scope: string, input: { title?: string; body: string }): Promise<DraftView> {
  const values = { title: input.title ?? '', body: input.body, updatedAt: new Date() };
  const [row] = await db
    .insert(drafts)
    .values({ userId, scope, ...values })
    .onConflictDoUpdate({ target: [drafts.userId, drafts.scope], set: values })
    .returning();
  if (!row) throw new Error('draft upsert returned nothing');
  return present(row);
}

/** Deletes the user's draft for a scope (nothing happens when there is none). */
export async function deleteDraft(db: DbOrTx, userId: number, scope: string): Promise<void> {
  await db.delete(drafts).where(and(eq(drafts.userId, userId), eq(drafts.scope, scope)));
}
