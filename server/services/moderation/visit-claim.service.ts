import { and, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client';
import { modQueueItems, topics, visits, type QueueItemRow, type TopicRow, type UserRow } from '../../db/schema';
import { JOURNAL_KINDS, type TopicKind } from '../../domain/forum';
import { hasRole, isVisitParty } from '../../domain/roles';
import { fail } from '../../errors';
import type { TopicView } from '../../presenters/topic.presenter';
import type { RealtimeEvent } from '../../realtime/events';
import type { ServiceContext } from '../service-context';
import { getTopicRow, presentOneTopic } from '../forum/forum.loader';
import { recordTopicChanged } from './content.service';
import { logAction } from './mod-log.service';
import { notifyModeration } from './notify';
import { openItem, recordQueueChanged, type ItemHandler } from './queue.service';

/*
 * Visit claims, the design card's link: a field note, editor's diary or field impression
 * names the visit it came from. An author's claim waits in the queue (待核实) until another
 * moderator confirms it (实地走访) or rejects it with a note the author sees. A moderator may
 * link someone else's note to any visit, confirmed at once. The claimant never confirms their
 * own claim, even when they are a moderator: their claim waits for a colleague like anyone's.
 */

/** Only these kinds may claim a visit. */
export function assertClaimableKind(kind: TopicKind): void {
  if (!(JOURNAL_KINDS as readonly string[]).includes(kind)) {
    throw fail.validation('visitId', 'Only a field note, editor\'s diary or field impression can be linked to a visit.', '只有下乡心得、编辑手记或采风感怀可以关联走访记录。');
  }
}

/**
 * Checks that `author` may claim `visitId` for their own note: the visit exists and they
 * logged it or took part in it (400 naming visitId otherwise).
 */
export async function assertOwnVisit(db: DbOrTx, author: UserRow, visitId: number): Promise<void> {
  const [visit] = await db.select({ createdBy: visits.createdBy, participantIds: visits.participantIds }).from(visits).where(eq(visits.id, visitId));
  if (!visit) throw fail.validation('visitId', 'That visit does not exist.', '所选走访记录不存在。');
  if (!isVisitParty(author, visit)) {
    throw fail.validation('visitId', 'You can claim only a visit you logged or took part in.', '只能关联您本人记录或参与的走访。');
  }
}

/** Opens (or re-opens, with the new visit) the claim item of a topic, inside the caller's transaction. */
export async function openClaim(tx: Tx, topic: Pick<TopicRow, 'id' | 'boardId' | 'authorId' | 'firstPostId'>, visitId: number): Promise<RealtimeEvent[]> {
  const [open] = await tx
    .select()
    .from(modQueueItems)
    .where(and(eq(modQueueItems.type, 'visit_claim'), eq(modQueueItems.topicId, topic.id), eq(modQueueItems.status, 'open')))
    .for('update');
  if (open) {
    await tx.update(modQueueItems).set({ visitId, updatedAt: new Date(), claimedBy: null, claimedAt: null }).where(eq(modQueueItems.id, open.id));
    return [await recordQueueChanged(tx, open.id, 'updated')];
  }
  const { events } = await openItem(tx, {
    type: 'visit_claim', topicId: topic.id, postId: topic.firstPostId, boardId: topic.boardId, subjectUserId: topic.authorId, visitId,
  });
  return events;
}

/** Closes a topic's open claim item without a decision (the claim was withdrawn or superseded). */
async function closeOpenClaim(tx: Tx, topicId: number, mod: UserRow | null, note: string): Promise<RealtimeEvent[]> {
  const now = new Date();
  const closed = await tx
    .update(modQueueItems)
    .set({ status: 'resolved', resolvedBy: mod?.id ?? null, resolutionNote: note, resolvedAt: now, updatedAt: now })
    .where(and(eq(modQueueItems.type, 'visit_claim'), eq(modQueueItems.topicId, topicId), eq(modQueueItems.status, 'open')))
    .returning({ id: modQueueItems.id });
  const events: RealtimeEvent[] = [];
  for (const c of closed) events.push(await recordQueueChanged(tx, c.id, 'resolved'));
  return events;
}

/**
 * PUT /api/topics/:id/visit. The author claims a visit of theirs (or unlinks with null): the
 * claim waits in the queue, and changing it re-opens review. A moderator on someone else's
 * note links any visit, confirmed at once (logged as link_visit, the author notified).
 */
export async function setTopicVisit(ctx: ServiceContext, user: UserRow, topicId: number, visitId: number | null): Promise<TopicView> {
  const topic = await getTopicRow(ctx.db, topicId);
  const isAuthor = topic.authorId === user.id;
  const isMod = hasRole(user, 'moderator');
  if (!isAuthor && !isMod) throw fail.forbidden('Only the author or a moderator may link this note to a visit.', '只有作者或版主可以为这篇文章关联走访记录。');
  assertClaimableKind(topic.kind);
  if (visitId !== null) {
    if (isAuthor) await assertOwnVisit(ctx.db, user, visitId);
    else {
      const [visit] = await ctx.db.select({ id: visits.id }).from(visits).where(eq(visits.id, visitId));
      if (!visit) throw fail.validation('visitId', 'That visit does not exist.', '所选走访记录不存在。');
    }
  }
  const events = await ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(topics).where(eq(topics.id, topicId)).for('update');
    if (!current) throw fail.notFound('There is no such topic.', '该主题不存在。');
    if (visitId === null) {
      if (current.visitId === null) return [];
      await tx.update(topics).set({ visitId: null, visitClaim: 'none', visitConfirmed: false, visitReviewNote: null }).where(eq(topics.id, topicId));
      const recorded = await closeOpenClaim(tx, topicId, isAuthor ? null : user, 'unlinked');
      if (!isAuthor) {
        await logAction(tx, {
          action: 'link_visit', moderatorId: user.id, targetType: 'topic', targetId: topicId, targetUserId: current.authorId,
          before: { visitId: current.visitId, visitClaim: current.visitClaim }, after: { visitId: null, visitClaim: 'none' },
        });
      }
      recorded.push(...(await recordTopicChanged(tx, current)));
      return recorded;
    }
    if (isAuthor) {
      if (current.visitId === visitId && (current.visitClaim === 'claimed' || current.visitClaim === 'confirmed')) return [];
      await tx.update(topics).set({ visitId, visitClaim: 'claimed', visitConfirmed: false, visitReviewNote: null }).where(eq(topics.id, topicId));
      const recorded = await openClaim(tx, current, visitId);
      recorded.push(...(await recordTopicChanged(tx, current)));
      return recorded;
    }
    await tx.update(topics).set({ visitId, visitClaim: 'confirmed', visitConfirmed: true, visitReviewNote: null }).where(eq(topics.id, topicId));
    const log = await logAction(tx, {
      action: 'link_visit', moderatorId: user.id, targetType: 'topic', targetId: topicId, targetUserId: current.authorId,
      before: { visitId: current.visitId, visitClaim: current.visitClaim }, after: { visitId, visitClaim: 'confirmed' },
    });
    const recorded = await closeOpenClaim(tx, topicId, user, 'linked by a moderator');
    recorded.push(...(await recordTopicChanged(tx, current)));
    recorded.push(...(await notifyModeration(tx, user, {
      userId: current.authorId, type: 'visit_confirmed', postId: current.firstPostId, topicId, data: { modLogId: log.id },
    })));
    return recorded;
  });
  ctx.realtime.publish(events);
  return presentOneTopic(ctx.db, await getTopicRow(ctx.db, topicId), user);
}

/** The queue's confirm_visit / reject_visit: never by the claimant (403). */
export const decideVisitClaim: ItemHandler = async (tx, mod, item: QueueItemRow, input) => {
  if (item.topicId === null) return [];
  const [topic] = await tx.select().from(topics).where(eq(topics.id, item.topicId)).for('update');
  if (!topic) return [];
  if (topic.authorId === mod.id) {
    throw fail.forbidden('You cannot confirm or reject your own visit claim; another moderator must.', '不能核实自己的走访关联，须由其他版主处理。');
  }
  const confirm = input.action === 'confirm_visit';
  const note = input.note ?? null;
  await tx
    .update(topics)
    .set({ visitClaim: confirm ? 'confirmed' : 'rejected', visitConfirmed: confirm, visitReviewNote: note })
    .where(eq(topics.id, topic.id));
  const log = await logAction(tx, {
    action: confirm ? 'confirm_visit' : 'reject_visit', moderatorId: mod.id, targetType: 'topic', targetId: topic.id, targetUserId: topic.authorId, note,
    before: { visitId: topic.visitId, visitClaim: topic.visitClaim }, after: { visitId: topic.visitId, visitClaim: confirm ? 'confirmed' : 'rejected' },
  });
  const events = await recordTopicChanged(tx, topic);
  events.push(...(await notifyModeration(tx, mod, {
    userId: topic.authorId, type: confirm ? 'visit_confirmed' : 'visit_rejected', postId: topic.firstPostId, topicId: topic.id,
    data: { modLogId: log.id, ...(note ? { note } : {}) },
  })));
  return events;
};
