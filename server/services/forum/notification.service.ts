import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client';
import { notifications, topics, users, type PostRow, type TopicRow, type UserRow } from '../../db/schema';
import type { NotificationType } from '../../domain/forum';
import { usernameKey } from '../../domain/text';
import { fail } from '../../errors';
import { cutPage, decodeCursor, type PageQuery } from '../../lib/keyset-cursor';
import { presentNotification, type NotificationPageView, type UnreadCountView } from '../../presenters/notification.presenter';
import { presentUserRef } from '../../presenters/user.presenter';
import { recordEvent, type RealtimeEvent } from '../../realtime/events';
import { currentSeq } from '../../realtime/replay';
import { rooms } from '../../realtime/rooms';
import { loadAuthors } from './forum.loader';

/** Who a new or edited post notifies: the author it answers, and the users it mentions. */
export interface NotifyTargets {
  /** The author of the post this one answers, for a `reply` notification. */
  replyTo: number | null;
  /** Lower-cased usernames mentioned in the post. */
  mentions: string[];
}

/** At most this many mentions of one post notify anyone (a guard against mass pings). */
const MAX_MENTIONS = 30;

/**
 * Records the notifications a post causes, inside the writer's transaction: one per user
 * and post (a reply outranks a mention), never to the post's author, never again to a user
 * this post already notified. Returns the events to publish after commit.
 */
export async function notifyForPost(
  tx: Tx,
  post: PostRow,
  topic: Pick<TopicRow, 'id' | 'title'>,
  actor: UserRow,
  targets: NotifyTargets,
): Promise<RealtimeEvent[]> {
  const wanted = new Map<number, NotificationType>();
  if (targets.replyTo !== null && targets.replyTo !== actor.id) wanted.set(targets.replyTo, 'reply');
  const names = targets.mentions.slice(0, MAX_MENTIONS);
  if (names.length > 0) {
    const mentioned = await tx
      .select({ id: users.id })
      .from(users)
      .where(inArray(users.usernameKey, names.map(usernameKey)));
    for (const u of mentioned) if (u.id !== actor.id && !wanted.has(u.id)) wanted.set(u.id, 'mention');
  }
  if (wanted.size === 0) return [];
  const already = await tx
    .select({ userId: notifications.userId })
    .from(notifications)
    .where(and(eq(notifications.postId, post.id), inArray(notifications.userId, [...wanted.keys()])));
  for (const a of already) wanted.delete(a.userId);
  if (wanted.size === 0) return [];
  const inserted = await tx
    .insert(notifications)
    .values([...wanted].map(([userId, type]) => ({ userId, type, postId: post.id, topicId: topic.id, actorId: actor.id })))
    .onConflictDoNothing()
    .returning();
  const events: RealtimeEvent[] = [];
  const actorRef = presentUserRef(actor);
  for (const row of inserted.sort((a, b) => a.userId - b.userId)) {
    events.push(await recordEvent(tx, rooms.user(row.userId), 'notification', presentNotification(row, actorRef, topic.title)));
  }
  return events;
}

/** A page of a user's notifications, newest first, with the unread count. */
export async function listNotifications(db: DbOrTx, userId: number, page: PageQuery): Promise<NotificationPageView> {
  const where = [eq(notifications.userId, userId)];
  if (page.cursor) {
    const [id] = decodeCursor('notifications', page.cursor, ['n']) as [number];
    where.push(lt(notifications.id, id));
  }
  const [rows, unreadCount] = await Promise.all([
    db.select().from(notifications).where(and(...where)).orderBy(desc(notifications.id)).limit(page.limit + 1),
    countUnread(db, userId),
  ]);
  const { rows: items, nextCursor } = cutPage(rows, page.limit, 'notifications', (r) => [r.id]);
  const topicIds = [...new Set(items.map((r) => r.topicId).filter((id): id is number => id !== null))];
  const [actors, titles] = await Promise.all([
    loadAuthors(db, items.map((r) => r.actorId).filter((id): id is number => id !== null)),
    topicIds.length ? db.select({ id: topics.id, title: topics.title }).from(topics).where(inArray(topics.id, topicIds)) : Promise.resolve([]),
  ]);
  const titleMap = new Map(titles.map((t) => [t.id, t.title]));
  return {
    items: items.map((r) => presentNotification(
      r,
      r.actorId === null ? null : actors.get(r.actorId) ?? null,
      r.topicId === null ? null : titleMap.get(r.topicId) ?? null,
    )),
    nextCursor,
    unreadCount,
  };
}

/** How many of the user's notifications are unread (a partial index serves it). */
async function countUnread(db: DbOrTx, userId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/**
 * The unread count with the seq of the user's room. A counter is not an idempotent upsert:
 * the count and the seq come from one snapshot, or an event replayed from the seq would be
 * counted twice.
 */
export async function unreadCount(db: Db, userId: number): Promise<UnreadCountView> {
  return db.transaction(
    async (tx) => ({ seq: await currentSeq(tx, rooms.user(userId)), count: await countUnread(tx, userId) }),
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** Which notifications to mark read: `{ids}` or `{all: true}`. */
export interface MarkReadInput {
  ids?: number[];
  all?: boolean;
}

/** Marks the user's own notifications read: the given ids, or all of them; 400 when neither is named. */
export async function markRead(db: DbOrTx, userId: number, which: MarkReadInput): Promise<void> {
  if (which.all !== true && which.ids === undefined) {
    throw fail.validation('ids', 'Send {ids: [...]} or {all: true}.', '请提供要标记为已读的通知编号，或 all: true。');
  }
  const where = [eq(notifications.userId, userId), isNull(notifications.readAt)];
  if (which.all !== true) {
    if (!which.ids || which.ids.length === 0) return;
    where.push(inArray(notifications.id, which.ids));
  }
  await db.update(notifications).set({ readAt: new Date() }).where(and(...where));
}
