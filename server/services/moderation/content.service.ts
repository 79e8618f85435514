import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { transactionWithRetry } from '../../db/retry';
import { boards, postFilters, posts, realtimeEvents, topics, type PostRow, type TopicRow, type UserRow } from '../../db/schema';
import { fail } from '../../errors';
import type { PostView } from '../../presenters/post.presenter';
import type { TopicView } from '../../presenters/topic.presenter';
import { recordEvent, type RealtimeEvent } from '../../realtime/events';
import { rooms } from '../../realtime/rooms';
import type { ServiceContext } from '../service-context';
import { getBoardBySlug } from '../forum/board.service';
import { getPostRow, getTopicRow, postColumns, presentOnePost, presentOneTopic } from '../forum/forum.loader';
import { recordPostEvent } from '../forum/post.service';
import { recordFeaturedVisibility } from './featured.service';
import { logAction } from './mod-log.service';
import { notifyModeration } from './notify';
import { closeItemsOfPost } from './queue.service';

/*
 * Moderators' actions on content: hide and unhide a post, lock, unlock, pin, unpin and move
 * a topic. Each is one transaction holding the change, its log row, the author's notification
 * and the events; the events are published after commit. Doing what is already done (hiding
 * a hidden post) changes nothing and logs nothing.
 */

/**
 * Hides a post: its body and html become null for everyone but its author and moderators on
 * every read path. `post:hidden` carries the public view; the events already stored for
 * replay are rewritten to it, so a reconnecting reader never receives the old body. Open
 * flags on the post are closed as decided by this hide.
 */
export async function hidePost(ctx: ServiceContext, mod: UserRow, postId: number, note: string | null): Promise<PostView> {
  const before = await getPostRow(ctx.db, postId);
  const events = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(posts).set({ hidden: true }).where(and(eq(posts.id, postId), eq(posts.hidden, false))).returning(postColumns);
    if (!row) return [];
    return applyHidden(tx, mod, row, note);
  });
  ctx.realtime.publish(events);
  return presentOnePost(ctx.db, { ...before, hidden: true }, mod);
}

/**
 * The rest of hiding a post already marked hidden (inside the caller's transaction): the log
 * row, the queue, the author's notification, the events and the rewritten replay log.
 * Used by the hide route and by the queue's hide action.
 */
export async function applyHidden(tx: Tx, mod: UserRow, row: PostRow, note: string | null, options: { fromItemId?: number } = {}): Promise<RealtimeEvent[]> {
  const topic = await lockTopic(tx, row.topicId);
  const log = await logAction(tx, {
    action: 'hide', moderatorId: mod.id, targetType: 'post', targetId: row.id, targetUserId: row.authorId, note,
    before: { hidden: false }, after: { hidden: true },
  });
  const events: RealtimeEvent[] = [];
  if (!row.held && !topic.held) {
    const publicView = await presentOnePost(tx, row, null);
    events.push(await recordEvent(tx, rooms.topic(row.topicId), 'post:hidden', publicView));
    await scrubStoredPostEvents(tx, row.topicId, row.id, publicView);
  }
  if (topic.firstPostId === row.id) events.push(...(await recordTopicChanged(tx, topic)));
  events.push(...(await closeItemsOfPost(tx, row.id, 'hide', mod, note, options.fromItemId ?? null)));
  events.push(...(await recordFeaturedVisibility(tx, row.id, 'hidden')));
  events.push(...(await notifyModeration(tx, mod, {
    userId: row.authorId, type: 'post_hidden', postId: row.id, topicId: row.topicId, data: { modLogId: log.id, ...(note ? { note } : {}) },
  })));
  return events;
}

/** Shows a hidden post again; `post:updated` carries it with its body. */
export async function unhidePost(ctx: ServiceContext, mod: UserRow, postId: number, note: string | null): Promise<PostView> {
  const before = await getPostRow(ctx.db, postId);
  const events = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(posts).set({ hidden: false }).where(and(eq(posts.id, postId), eq(posts.hidden, true))).returning(postColumns);
    if (!row) return [];
    return applyUnhidden(tx, mod, row, note, 'unhide');
  });
  ctx.realtime.publish(events);
  return presentOnePost(ctx.db, { ...before, hidden: false }, mod);
}

/** The rest of showing a post again (the unhide route, and an overturned appeal of a hide). */
export async function applyUnhidden(tx: Tx, mod: UserRow, row: PostRow, note: string | null, action: 'unhide' | 'overturn'): Promise<RealtimeEvent[]> {
  const topic = await lockTopic(tx, row.topicId);
  const log = action === 'unhide'
    ? await logAction(tx, {
      action: 'unhide', moderatorId: mod.id, targetType: 'post', targetId: row.id, targetUserId: row.authorId, note,
      before: { hidden: true }, after: { hidden: false },
    })
    : null;
  const events: RealtimeEvent[] = [];
  if (!row.held && !topic.held) events.push(await recordPostEvent(tx, 'post:updated', row));
  events.push(...(await recordFeaturedVisibility(tx, row.id, 'shown')));
  if (topic.firstPostId === row.id) events.push(...(await recordTopicChanged(tx, topic)));
  if (log) {
    events.push(...(await notifyModeration(tx, mod, {
      userId: row.authorId, type: 'post_unhidden', postId: row.id, topicId: row.topicId, data: { modLogId: log.id },
    })));
  }
  return events;
}

/**
 * Rewrites the events kept for replay of one post to its public view, so that a client
 * replaying from an old seq receives the hidden post as everyone now sees it.
 */
async function scrubStoredPostEvents(tx: Tx, topicId: number, postId: number, publicView: PostView): Promise<void> {
  await tx
    .update(realtimeEvents)
    .set({ data: sql`${JSON.stringify(publicView)}::jsonb` })
    .where(and(
      eq(realtimeEvents.room, rooms.topic(topicId)),
      inArray(realtimeEvents.type, ['post:created', 'post:updated', 'post:hidden']),
      sql`${realtimeEvents.data}->>'id' = ${String(postId)}`,
    ));
}

/** Takes the topic's row lock (the shared lock order starts there) and answers the row. */
async function lockTopic(tx: Tx, topicId: number): Promise<TopicRow> {
  const [row] = await tx.select().from(topics).where(eq(topics.id, topicId)).for('update');
  if (!row) throw fail.notFound('There is no such topic.', '该主题不存在。');
  return row;
}

/**
 * Records `topic:updated` (public view) in the topic's room and its board's room — unless
 * the topic is held, whose changes no public room hears. Stored topic events are rewritten
 * too, so an excerpt of a hidden first post is not replayed.
 */
export async function recordTopicChanged(tx: Tx, topic: Pick<TopicRow, 'id'>, extraBoardSlugs: string[] = []): Promise<RealtimeEvent[]> {
  const [row] = await tx.select().from(topics).where(eq(topics.id, topic.id));
  if (!row || row.held) return [];
  const [board] = await tx.select({ slug: boards.slug }).from(boards).where(eq(boards.id, row.boardId));
  const view = await presentOneTopic(tx, row, null);
  const boardRooms = [...new Set([...extraBoardSlugs, board?.slug ?? ''].filter((s) => s !== ''))].map((s) => rooms.board(s));
  await tx
    .update(realtimeEvents)
    .set({ data: sql`${JSON.stringify(view)}::jsonb` })
    .where(and(
      inArray(realtimeEvents.room, [rooms.topic(row.id), ...boardRooms]),
      eq(realtimeEvents.type, 'topic:updated'),
      sql`${realtimeEvents.data}->>'id' = ${String(row.id)}`,
    ));
  const events: RealtimeEvent[] = [await recordEvent(tx, rooms.topic(row.id), 'topic:updated', view)];
  for (const room of boardRooms) events.push(await recordEvent(tx, room, 'topic:updated', view));
  return events;
}

type TopicFlag = 'lock' | 'unlock' | 'pin' | 'unpin';

/**
 * Locks, unlocks, pins or unpins a topic. A locked topic refuses replies and edits from
 * members with 423 TOPIC_LOCKED and shows its reason; pinned topics come first on the board.
 */
export async function setTopicFlag(ctx: ServiceContext, mod: UserRow, topicId: number, action: TopicFlag, note: string | null): Promise<TopicView> {
  await getTopicRow(ctx.db, topicId);
  const events = await ctx.db.transaction(async (tx) => applyTopicFlag(tx, mod, topicId, action, note));
  ctx.realtime.publish(events);
  return presentOneTopic(ctx.db, await getTopicRow(ctx.db, topicId), mod);
}

/** The lock/pin change inside the caller's transaction (the route, and the queue's lockTopic). */
export async function applyTopicFlag(tx: Tx, mod: UserRow, topicId: number, action: TopicFlag, note: string | null): Promise<RealtimeEvent[]> {
  const current = await lockTopic(tx, topicId);
  const change = {
    lock: { locked: true, lockReason: note },
    unlock: { locked: false, lockReason: null },
    pin: { pinned: true },
    unpin: { pinned: false },
  }[action];
  const unchanged = action === 'lock' || action === 'unlock' ? current.locked === (action === 'lock') : current.pinned === (action === 'pin');
  if (unchanged) return [];
  await tx.update(topics).set(change).where(eq(topics.id, topicId));
  const before = action === 'lock' || action === 'unlock'
    ? { locked: current.locked, lockReason: current.lockReason }
    : { pinned: current.pinned };
  const log = await logAction(tx, {
    action, moderatorId: mod.id, targetType: 'topic', targetId: topicId, targetUserId: current.authorId, note, before, after: change,
  });
  const events = await recordTopicChanged(tx, current);
  if (action === 'lock' || action === 'unlock') {
    events.push(...(await notifyModeration(tx, mod, {
      userId: current.authorId, type: action === 'lock' ? 'topic_locked' : 'topic_unlocked', postId: current.firstPostId, topicId,
      data: { modLogId: log.id, ...(note ? { note } : {}) },
    })));
  }
  return events;
}

/**
 * Moves a topic to another board: both boards' counts change (a held topic is counted on
 * neither), and `topic:updated` reaches the topic's room and both boards' rooms.
 */
export async function moveTopic(ctx: ServiceContext, mod: UserRow, topicId: number, boardSlug: string, note: string | null): Promise<TopicView> {
  const target = await getBoardBySlug(ctx.db, boardSlug);
  const topic = await getTopicRow(ctx.db, topicId);
  if (topic.boardId === target.id) throw fail.validation('boardSlug', 'The topic is already in that board.', '该主题已在这个版块中。');
  // It locks two board rows and then rooms, where a group of new posts takes rooms and then
  // boards: the two can deadlock, and PostgreSQL aborts one of them. Then it runs again.
  const events = await transactionWithRetry(ctx.db, async (tx) => {
    const current = await lockTopic(tx, topicId);
    if (current.boardId === target.id) return [];
    const [from] = await tx.select().from(boards).where(eq(boards.id, current.boardId));
    await tx.update(topics).set({ boardId: target.id }).where(eq(topics.id, topicId));
    // The posts' copy of the board (filtered search reads it), in the same transaction.
    await tx.update(postFilters).set({ boardId: target.id }).where(inArray(postFilters.postId, tx.select({ id: posts.id }).from(posts).where(eq(posts.topicId, topicId))));
    if (!current.held) {
      // Both board rows, in id order (two moves the other way never wait on each other).
      const [visiblePosts] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(posts)
        .where(and(eq(posts.topicId, topicId), eq(posts.held, false)));
      const n = Number(visiblePosts?.n ?? 0);
      for (const id of [current.boardId, target.id].sort((a, b) => a - b)) {
        const sign = id === target.id ? 1 : -1;
        await tx
          .update(boards)
          .set({
            topicCount: sql`${boards.topicCount} + ${sign}`,
            postCount: sql`${boards.postCount} + ${sign * n}`,
            ...(sign > 0 ? { lastPostAt: sql`greatest(${boards.lastPostAt}, ${current.lastPostAt.toISOString()}::timestamptz)` } : {}),
          })
          .where(eq(boards.id, id));
      }
    }
    const log = await logAction(tx, {
      action: 'move', moderatorId: mod.id, targetType: 'topic', targetId: topicId, targetUserId: current.authorId, note,
      before: { boardSlug: from?.slug ?? null }, after: { boardSlug: target.slug },
    });
    const recorded = await recordTopicChanged(tx, current, from ? [from.slug] : []);
    recorded.push(...(await notifyModeration(tx, mod, {
      userId: current.authorId, type: 'topic_moved', postId: current.firstPostId, topicId,
      data: { modLogId: log.id, boardSlug: target.slug, ...(note ? { note } : {}) },
    })));
    return recorded;
  });
  ctx.realtime.publish(events);
  return presentOneTopic(ctx.db, await getTopicRow(ctx.db, topicId), mod);
}
