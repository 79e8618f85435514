import { and, desc, eq, inArray, notExists } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { appeals, modLog, posts, topics, users, type QueueItemRow, type UserRow } from '../../db/schema';
import { APPEALABLE_ACTIONS } from '../../domain/moderation';
import { AppError, fail } from '../../errors';
import { presentAppeal, type AppealView, type ModLogView } from '../../presenters/moderation.presenter';
import type { RealtimeEvent } from '../../realtime/events';
import type { ServiceContext } from '../service-context';
import { postColumns } from '../forum/forum.loader';
import { applyUnhidden } from './content.service';
import { approveHeld } from './held.service';
import { logAction, presentModLogRows } from './mod-log.service';
import { notifyModeration } from './notify';
import { openItem, type ItemHandler } from './queue.service';

/*
 * Appeals (申诉): the member a hide, a rejection or a silence concerned may appeal it once,
 * with a text. The appeal waits in the queue for a moderator other than the one who acted;
 * the outcome (upheld, or overturned — which reverses the action) is logged, notified, and
 * listed on GET /api/appeals/mine.
 */

/** POST /api/appeals: 404 unknown action, 403 not one's own or not appealable, 409 ALREADY_APPEALED. */
export async function createAppeal(ctx: ServiceContext, user: UserRow, modLogId: number, text: string): Promise<AppealView> {
  const body = text.trim();
  if (body === '') throw fail.validation('text', 'Say why the decision should change.', '请说明申诉理由。');
  const [action] = await ctx.db.select().from(modLog).where(eq(modLog.id, modLogId));
  if (!action) throw fail.notFound('There is no such moderation action.', '没有这项处理记录。');
  if (action.targetUserId !== user.id || !(APPEALABLE_ACTIONS as readonly string[]).includes(action.action)) {
    throw fail.forbidden('You can appeal only a hide, a rejection or a silence that concerned you.', '只能对涉及您本人的隐藏、驳回或禁言提出申诉。');
  }
  const { row, events } = await ctx.db.transaction(async (tx) => {
    const [created] = await tx.insert(appeals).values({ modLogId, userId: user.id, text: body }).onConflictDoNothing().returning();
    if (!created) throw new AppError('ALREADY_APPEALED');
    let postId: number | null = null;
    let topicId: number | null = null;
    let boardId: number | null = null;
    if (action.targetType === 'post') {
      const [post] = await tx.select({ id: posts.id, topicId: posts.topicId }).from(posts).where(eq(posts.id, action.targetId));
      if (post) {
        postId = post.id;
        topicId = post.topicId;
      }
    }
    if (topicId !== null) {
      const [topic] = await tx.select({ boardId: topics.boardId }).from(topics).where(eq(topics.id, topicId));
      boardId = topic?.boardId ?? null;
    }
    const opened = await openItem(tx, { type: 'appeal', appealId: created.id, subjectUserId: user.id, postId, topicId, boardId });
    return { row: created, events: opened.events };
  });
  ctx.realtime.publish(events);
  const [view] = await presentModLogRows(ctx.db, [action]);
  return presentAppeal(row, view as NonNullable<typeof view>);
}

/** GET /api/appeals/mine: the member's appeals, newest first, with their outcomes. */
export async function listMyAppeals(db: DbOrTx, user: UserRow): Promise<AppealView[]> {
  const rows = await db.select().from(appeals).where(eq(appeals.userId, user.id)).orderBy(desc(appeals.id)).limit(200);
  if (rows.length === 0) return [];
  const logs = await db.select().from(modLog).where(inArray(modLog.id, rows.map((r) => r.modLogId)));
  const views = new Map((await presentModLogRows(db, logs)).map((v) => [v.id, v]));
  return rows.flatMap((r) => {
    const action = views.get(r.modLogId);
    return action ? [presentAppeal(r, action)] : [];
  });
}

/** How many of the member's still-open appealable actions GET /api/appeals/mine lists. */
const APPEALABLE_LIST_MAX = 50;

/**
 * The actions the member may still appeal, newest first: hides, rejections and silences that
 * concerned them, not yet appealed, and still in force (a post shown again or a silence that
 * ended or was lifted has nothing left to appeal).
 */
export async function listAppealableActions(db: DbOrTx, user: UserRow, now: Date): Promise<AppealableView[]> {
  const rows = await db.select().from(modLog)
    .where(and(
      eq(modLog.targetUserId, user.id),
      inArray(modLog.action, [...APPEALABLE_ACTIONS]),
      notExists(db.select({ id: appeals.id }).from(appeals).where(eq(appeals.modLogId, modLog.id))),
    ))
    .orderBy(desc(modLog.id))
    .limit(APPEALABLE_LIST_MAX);
  const postIds = rows.filter((r) => r.targetType === 'post').map((r) => r.targetId);
  // The member's own posts these actions concern, with their topics' titles to say which.
  const subjects = postIds.length === 0 ? [] : await db
    .select({ id: posts.id, hidden: posts.hidden, topicId: posts.topicId, title: topics.title })
    .from(posts).innerJoin(topics, eq(topics.id, posts.topicId))
    .where(and(inArray(posts.id, postIds), eq(posts.authorId, user.id)));
  const subjectOf = new Map(subjects.map((p) => [p.id, p]));
  const stillHidden = new Set(subjects.filter((p) => p.hidden).map((p) => p.id));
  const silenced = user.silencedUntil !== null && user.silencedUntil > now;
  // Only the newest silence is in force; an older one was replaced by it.
  const newestSilence = rows.find((r) => r.action === 'silence')?.id;
  const open = rows.filter((r) => {
    if (r.action === 'hide') return stillHidden.has(r.targetId);
    if (r.action === 'silence') return silenced && r.id === newestSilence;
    return true;
  });
  return (await presentModLogRows(db, open)).map((view) => {
    const post = view.targetType === 'post' ? subjectOf.get(view.targetId) : undefined;
    return { ...view, subject: post ? { postId: post.id, topicId: post.topicId, title: post.title } : null };
  });
}

/** An action the member may appeal, with the post it concerns (null for a silence). */
export type AppealableView = ModLogView & { subject: { postId: number; topicId: number; title: string } | null };

/** The queue's uphold / overturn of an appeal: never by the moderator who acted (403). */
export const decideAppeal: ItemHandler = async (tx, mod, item: QueueItemRow, input) => {
  if (item.appealId === null) return [];
  const [appeal] = await tx.select().from(appeals).where(eq(appeals.id, item.appealId)).for('update');
  if (!appeal) return [];
  const [action] = await tx.select().from(modLog).where(eq(modLog.id, appeal.modLogId));
  if (!action) return [];
  if (action.moderatorId === mod.id) {
    throw fail.forbidden('Another moderator must decide an appeal of your own action.', '对您本人处理的申诉须由其他版主裁决。');
  }
  const overturn = input.action === 'overturn';
  const note = input.note ?? null;
  const events: RealtimeEvent[] = [];
  if (overturn) {
    if (action.action === 'hide') {
      const [post] = await tx.update(posts).set({ hidden: false }).where(eq(posts.id, action.targetId)).returning(postColumns);
      if (post) events.push(...(await applyUnhidden(tx, mod, post, note, 'overturn')));
    } else if (action.action === 'reject') {
      events.push(...(await approveHeld(tx, mod, { ...item, postId: action.targetId }, input)));
    } else if (action.action === 'silence') {
      await tx.update(users).set({ silencedUntil: null, silenceReason: null }).where(eq(users.id, action.targetId));
    }
  }
  const now = new Date();
  await tx.update(appeals).set({ status: overturn ? 'overturned' : 'upheld', decidedBy: mod.id, decisionNote: note, decidedAt: now }).where(eq(appeals.id, appeal.id));
  const log = await logAction(tx, {
    action: overturn ? 'overturn' : 'uphold', moderatorId: mod.id, targetType: 'appeal', targetId: appeal.id, targetUserId: appeal.userId, note,
    before: { appealedAction: action.action, appealedLogId: action.id }, after: { status: overturn ? 'overturned' : 'upheld' },
  });
  events.push(...(await notifyModeration(tx, mod, {
    userId: appeal.userId, type: 'appeal_decided', postId: item.postId, topicId: item.topicId,
    data: { modLogId: log.id, outcome: overturn ? 'overturned' : 'upheld', ...(note ? { note } : {}) },
  })));
  return events;
};
