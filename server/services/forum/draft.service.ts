import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { drafts, posts } from '../../db/schema';
import { fail } from '../../errors';
import { presentDraft, type DraftView } from '../../presenters/draft.presenter';
import { referenceUploads } from '../media/upload.service';

/*
 * Composer drafts kept on the server, one per member and scope (see DRAFT_SCOPE_PATTERN of
 * server/domain/forum.ts). Sending a topic or reply clears the matching draft, inside the
 * transaction that writes it (topic.service, post.service).
 */

/** The user's draft for a scope, or null. */
export async function getDraft(db: DbOrTx, userId: number, scope: string): Promise<DraftView | null> {
  const [row] = await db.select().from(drafts).where(and(eq(drafts.userId, userId), eq(drafts.scope, scope)));
  return row ? presentDraft(row) : null;
}

/**
 * Saves (creates or replaces) the user's draft for a scope. A reply draft may name the post
 * it answers, which must be a post of that topic; a new topic's draft answers nothing.
 */
export async function saveDraft(
  db: DbOrTx, userId: number, scope: string, input: { title?: string; body: string; parentId?: number | null },
): Promise<DraftView> {
  const parentId = input.parentId ?? null;
  if (parentId !== null) {
    const topicId = scope.startsWith('topic:') ? Number(scope.slice('topic:'.length)) : null;
    const [parent] = topicId === null ? [] : await db.select({ id: posts.id }).from(posts).where(and(eq(posts.id, parentId), eq(posts.topicId, topicId)));
    if (!parent) throw fail.validation('parentId', 'The post a reply draft answers must be a post of that topic.', '草稿所回复的帖子必须属于该主题。');
  }
  // A photo in a draft is kept past the day an unreferenced upload has.
  await referenceUploads(db, input.body);
  const values = { title: input.title ?? '', body: input.body, parentId, updatedAt: new Date() };
  const [row] = await db
    .insert(drafts)
    .values({ userId, scope, ...values })
    .onConflictDoUpdate({ target: [drafts.userId, drafts.scope], set: values })
    .returning();
  if (!row) throw new Error('draft upsert returned nothing');
  return presentDraft(row);
}

/** Deletes the user's draft for a scope (nothing happens when there is none). */
export async function deleteDraft(db: DbOrTx, userId: number, scope: string): Promise<void> {
  await db.delete(drafts).where(and(eq(drafts.userId, userId), eq(drafts.scope, scope)));
}
