import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client';
import { boards, posts, topics, users, type BoardRow, type PostRow, type QueueItemRow, type TopicRow, type UserRow } from '../../db/schema';
import { hasRole } from '../../domain/roles';
import { renderMarkdown } from '../../markdown/render-markdown';
import { recordEvent, type RealtimeEvent } from '../../realtime/events';
import { rooms } from '../../realtime/rooms';
import type { ServiceContext } from '../service-context';
import { postColumns, presentOnePost } from '../forum/forum.loader';
import { notifyForPost } from '../forum/notification.service';
import { firstPostAuthor, latest, recordPostEvent, recordTopicUpdated } from '../forum/post.service';
import { logAction } from './mod-log.service';
import { notifyModeration } from './notify';
import { openItem, type ItemHandler } from './queue.service';

/*
 * Review before publication (先审后发). A post is held when its board reviews before
 * publishing, when its author is a new account within its first N posts
 * (HOLD_NEW_ACCOUNT_POSTS), or when it contains a watched word of the `hold` kind. A held post
 * is saved but counted nowhere, found by no search, sent to no room and notifies nobody;
 * only its author and moderators see it. Approval publishes it at that moment (counts,
 * events, notifications, search); rejection keeps it unpublished and tells the author why.
 */

/** Why a post would be held, before any watched word is looked at. Moderators are never held. */
export async function holdsByRule(db: DbOrTx, ctx: Pick<ServiceContext, 'moderation'>, author: UserRow, board: Pick<BoardRow, 'reviewBeforePublish'>): Promise<boolean> {
  if (hasRole(author, 'moderator')) return false;
  if (board.reviewBeforePublish) return true;
  const n = ctx.moderation.holdNewAccountPosts;
  if (n <= 0) return false;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(posts)
    .where(and(eq(posts.authorId, author.id), eq(posts.held, false)));
  return Number(row?.n ?? 0) < n;
}

/** Opens the queue item of a held post inside its writer's transaction. */
export async function openHeldItem(tx: Tx, post: PostRow, topic: Pick<TopicRow, 'id' | 'boardId'>): Promise<RealtimeEvent[]> {
  const { events } = await openItem(tx, { type: 'held_post', postId: post.id, topicId: topic.id, boardId: topic.boardId, subjectUserId: post.authorId });
  return events;
}

/** Publishes a held post now: the counts, the search, the events and the notifications it held back. */
export const approveHeld: ItemHandler = async (tx, mod, item: QueueItemRow) => {
  if (item.postId === null) return [];
  const [post] = await tx.update(posts).set({ held: false }).where(and(eq(posts.id, item.postId), eq(posts.held, true))).returning(postColumns);
  if (!post) return [];
  const [topic] = await tx.select().from(topics).where(eq(topics.id, post.topicId)).for('update');
  const [author] = await tx.select().from(users).where(eq(users.id, post.authorId));
  if (!topic || !author) return [];
  const now = new Date();
  const mentions = renderMarkdown(post.body).mentions;
  const events: RealtimeEvent[] = [];
  let boardSlug = '';
  if (topic.firstPostId === post.id) {
    await tx.update(topics).set({ held: false, lastPostAt: now }).where(eq(topics.id, topic.id));
    events.push(await recordEvent(tx, rooms.topic(topic.id), 'post:created', await presentOnePost(tx, post, null)));
    events.push(...(await notifyForPost(tx, post, topic, author, { replyTo: null, mentions })));
    const [board] = await tx
      .update(boards)
      .set({ topicCount: sql`${boards.topicCount} + 1`, postCount: sql`${boards.postCount} + 1`, lastPostAt: latest(boards.lastPostAt, now) })
      .where(eq(boards.id, topic.boardId))
      .returning({ slug: boards.slug });
    boardSlug = board?.slug ?? '';
  } else {
    const [current] = await tx
      .update(topics)
      .set({ postCount: sql`${topics.postCount} + 1`, lastPostAt: latest(topics.lastPostAt, now) })
      .where(eq(topics.id, topic.id))
      .returning();
    let parentRow: PostRow | undefined;
    if (post.parentId !== null) {
      [parentRow] = await tx.update(posts).set({ replyCount: sql`${posts.replyCount} + 1` }).where(eq(posts.id, post.parentId)).returning(postColumns);
    }
    events.push(await recordEvent(tx, rooms.topic(topic.id), 'post:created', await presentOnePost(tx, post, null)));
    if (parentRow) events.push(await recordPostEvent(tx, 'post:updated', parentRow));
    const answered = parentRow ? parentRow.authorId : await firstPostAuthor(tx, current ?? topic);
    events.push(...(await notifyForPost(tx, post, topic, author, { replyTo: answered, mentions })));
    const [board] = await tx
      .update(boards)
      .set({ postCount: sql`${boards.postCount} + 1`, lastPostAt: latest(boards.lastPostAt, now) })
      .where(eq(boards.id, topic.boardId))
      .returning({ slug: boards.slug });
    boardSlug = board?.slug ?? '';
  }
  events.push(...(await recordTopicUpdated(tx, topic.id, boardSlug)));
  const log = await logAction(tx, {
    action: 'approve', moderatorId: mod.id, targetType: 'post', targetId: post.id, targetUserId: post.authorId,
    before: { held: true }, after: { held: false },
  });
  events.push(...(await notifyModeration(tx, mod, {
    userId: post.authorId, type: 'post_approved', postId: post.id, topicId: topic.id, data: { modLogId: log.id },
  })));
  return events;
};

/** Rejects a held post: it stays unpublished; the author is told why (and may appeal). */
export const rejectHeld: ItemHandler = async (tx, mod, item: QueueItemRow, input) => {
  if (item.postId === null) return [];
  const [post] = await tx.select(postColumns).from(posts).where(eq(posts.id, item.postId));
  if (!post) return [];
  const note = input.note ?? null;
  const log = await logAction(tx, {
    action: 'reject', moderatorId: mod.id, targetType: 'post', targetId: post.id, targetUserId: post.authorId, note,
    before: { held: true }, after: { held: true, rejected: true },
  });
  return notifyModeration(tx, mod, {
    userId: post.authorId, type: 'post_rejected', postId: post.id, topicId: post.topicId, data: { modLogId: log.id, ...(note ? { note } : {}) },
  });
};
