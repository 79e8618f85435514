import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { notifications, topics } from '../db/schema';
import { presentNotification, type NotificationView } from '../presenters/notification.presenter';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import { loadAuthors } from './forum-present';
import type { PageQuery } from './topics';

/** A page of a user's notifications, newest first, with the unread count. */
export async function listNotifications(
  db: DbOrTx,
  userId: number,
  page: PageQuery,
): Promise<{ items: NotificationView[]; nextCursor: string | null; unreadCount: number }> {
  const where = [eq(notifications.userId, userId)];
  if (page.cursor) {
    const [id] = decodeCursor('notifications', page.cursor, ['n']) as [number];
    where.push(lt(notifications.id, id));
  }
  const [rows, unreadCount] = await Promise.all([
    db.select().from(notifications).where(and(...where)).orderBy(desc(notifications.id)).limit(page.limit + 1),
    countUnread(db, userId),
  ]);
  const items = rows.slice(0, page.limit);
  const topicIds = [...new Set(items.map((r) => r.topicId).filter((id): id is number => id !== null))];
  const [actors, titles] = await Promise.all([
    loadAuthors(db, items.map((r) => r.actorId).filter((id): id is number => id !== null)),
    topicIds.length ? db.select({ id: topics.id, title: topics.title }).from(topics).where(inArray(topics.id, topicIds)) : Promise.resolve([]),
  ]);
  const titleMap = new Map(titles.map((t) => [t.id, t.title]));
  const last = items[items.length - 1];
  return {
    items: items.map((r) => presentNotification(
      r,
      r.actorId === null ? null : actors.get(r.actorId) ?? null,
      r.topicId === null ? null : titleMap.get(r.topicId) ?? null,
    )),
    nextCursor: rows.length > page.limit && last ? encodeCursor('notifications', [last.id]) : null,
    unreadCount,
  };
}

/** How many of the user's notifications are unread (a partial index serves it). */
export async function countUnread(db: DbOrTx, userId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** Marks the user's own notifications read: the given ids, or all of them. */
export async function markRead(db: DbOrTx, userId: number, which: { ids?: number[]; all?: boolean }): Promise<void> {
  const where = [eq(notifications.userId, userId), isNull(notifications.readAt)];
  if (!which.all) {
    if (!which.ids || which.ids.length === 0) return;
    where.push(inArray(notifications.id, which.ids));
  }
  await db.update(notifications).set({ readAt: new Date() }).where(and(...where));
}
