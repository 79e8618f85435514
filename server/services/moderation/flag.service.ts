import { and, eq, sql } from 'drizzle-orm';
import { flags, modQueueItems, posts, type UserRow } from '../../db/schema';
import { flagNeedsNote, type FlagReason } from '../../domain/moderation';
import { canSeeHidden } from '../../domain/roles';
import { AppError, fail } from '../../errors';
import { presentFlag, type FlagView } from '../../presenters/moderation.presenter';
import type { PostView } from '../../presenters/post.presenter';
import type { RealtimeEvent } from '../../realtime/events';
import type { ServiceContext } from '../service-context';
import { getPostRow, getTopicRow, postColumns, presentOnePost } from '../forum/forum.loader';
import { assertNotSilenced } from './people.service';
import { openItem, openItemOfPost, recordQueueChanged } from './queue.service';

/*
 * Flags: a member tells moderators a post needs a look. One open flag per member and post;
 * every open flag of a post gathers on one queue item. The flagger sees their flag on the
 * post (myFlag) and may withdraw it while it is open.
 */

/** A flag as a member sends it. */
export interface FlagInput {
  reason: FlagReason;
  note?: string | null;
}

/**
 * Flags a post: 400 for `other` without a note, 403 on one's own post or when silenced, 404
 * for a post the member cannot see, 409 ALREADY_FLAGGED for a second open flag.
 */
export async function flagPost(ctx: ServiceContext, user: UserRow, postId: number, input: FlagInput): Promise<{ flag: FlagView; post: PostView }> {
  assertNotSilenced(user);
  const note = input.note?.trim() ? input.note.trim() : null;
  if (flagNeedsNote(input.reason) && note === null) {
    throw fail.validation('note', 'Say what is wrong in a note when the reason is "other".', '选择“其他”原因时请在备注中说明问题。');
  }
  const post = await getPostRow(ctx.db, postId);
  const topic = await getTopicRow(ctx.db, post.topicId);
  if (((post.hidden || post.held || topic.held) && !canSeeHidden(user, post.authorId))) throw fail.notFound('There is no such post.', '该帖子不存在。');
  if (post.authorId === user.id) throw fail.forbidden('You cannot flag your own post.', '不能举报自己的帖子。');
  const { flag, events } = await ctx.db.transaction(async (tx) => {
    // The post's row lock serialises its flaggers, so its one open item is opened once.
    await tx.select({ id: posts.id }).from(posts).where(eq(posts.id, postId)).for('update');
    const [row] = await tx.insert(flags).values({ postId, userId: user.id, reason: input.reason, note }).onConflictDoNothing().returning();
    if (!row) throw new AppError('ALREADY_FLAGGED');
    const recorded: RealtimeEvent[] = [];
    let item = await openItemOfPost(tx, 'flag', postId);
    if (!item) {
      const opened = await openItem(tx, { type: 'flag', postId, topicId: topic.id, boardId: topic.boardId, subjectUserId: post.authorId });
      item = opened.row;
      recorded.push(...opened.events);
    }
    await tx.update(modQueueItems).set({ flagCount: sql`${modQueueItems.flagCount} + 1`, updatedAt: new Date() }).where(eq(modQueueItems.id, item.id));
    const [linked] = await tx.update(flags).set({ queueItemId: item.id }).where(eq(flags.id, row.id)).returning();
    if (recorded.length === 0) recorded.push(await recordQueueChanged(tx, item.id, 'updated'));
    return { flag: linked ?? row, events: recorded };
  });
  ctx.realtime.publish(events);
  return { flag: presentFlag(flag), post: await presentOnePost(ctx.db, post, user) };
}

/**
 * Withdraws the member's open flag on a post (404 when there is none). An item left with no
 * open flag is closed as dismissed, by nobody.
 */
export async function withdrawFlag(ctx: ServiceContext, user: UserRow, postId: number): Promise<PostView> {
  const post = await getPostRow(ctx.db, postId);
  const events = await ctx.db.transaction(async (tx) => {
    await tx.select({ id: posts.id }).from(posts).where(eq(posts.id, postId)).for('update');
    const [row] = await tx
      .update(flags)
      .set({ status: 'withdrawn' })
      .where(and(eq(flags.postId, postId), eq(flags.userId, user.id), eq(flags.status, 'open')))
      .returning();
    if (!row) throw fail.notFound('You have no open flag on this post.', '您没有对这个帖子的待处理举报。');
    if (row.queueItemId === null) return [];
    const [item] = await tx
      .update(modQueueItems)
      .set({ flagCount: sql`greatest(${modQueueItems.flagCount} - 1, 0)`, updatedAt: new Date() })
      .where(and(eq(modQueueItems.id, row.queueItemId), eq(modQueueItems.status, 'open')))
      .returning();
    if (!item) return [];
    if (item.flagCount === 0) {
      await tx
        .update(modQueueItems)
        .set({ status: 'resolved', resolution: 'dismiss', resolutionNote: 'withdrawn', resolvedAt: new Date() })
        .where(eq(modQueueItems.id, item.id));
      return [await recordQueueChanged(tx, item.id, 'resolved')];
    }
    return [await recordQueueChanged(tx, item.id, 'updated')];
  });
  ctx.realtime.publish(events);
  const [fresh] = await ctx.db.select(postColumns).from(posts).where(eq(posts.id, post.id));
  return presentOnePost(ctx.db, fresh ?? post, user);
}

