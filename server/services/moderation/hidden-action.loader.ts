import { and, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { modLog, type PostRow } from '../../db/schema';
import { canSeeHidden, type Viewer } from '../../domain/roles';
import type { HiddenActionView } from '../../presenters/post.presenter';

/**
 * The latest hide of each hidden post among `rows` that the viewer may see in full (its
 * author, a moderator), by post id: what the author's banner names and appeals. No query
 * when there is none (the usual page), so the common reads keep their statement counts.
 */
export async function loadHiddenActions(db: DbOrTx, rows: PostRow[], viewer: Viewer): Promise<Map<number, HiddenActionView> | undefined> {
  const seen = rows.filter((r) => r.hidden && canSeeHidden(viewer, r.authorId));
  if (seen.length === 0) return undefined;
  // By target user first: the mod log's index on target_user_id finds these rows.
  const found = await db
    .select({ id: modLog.id, targetId: modLog.targetId, note: modLog.note, createdAt: modLog.createdAt })
    .from(modLog)
    .where(and(
      inArray(modLog.targetUserId, [...new Set(seen.map((r) => r.authorId))]),
      eq(modLog.action, 'hide'),
      eq(modLog.targetType, 'post'),
      inArray(modLog.targetId, seen.map((r) => r.id)),
    ))
    .orderBy(desc(modLog.id));
  const out = new Map<number, HiddenActionView>();
  for (const f of found) {
    if (!out.has(f.targetId)) out.set(f.targetId, { logId: f.id, reason: f.note, at: f.createdAt.toISOString() });
  }
  return out;
}
