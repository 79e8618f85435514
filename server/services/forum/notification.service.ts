import { and, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx, type Tx } from '../../db/client';
import { rowFrom } from '../../db/rows';
import { notifications, topics, type NotificationRow, type PostRow, type TopicRow, type UserRow } from '../../db/schema';
import { usernameKey } from '../../domain/text';
import { fail } from '../../errors';
import { cutPage, decodeCursor, type PageQuery } from '../../lib/keyset-cursor';
import { presentNotification, type NotificationPageView, type UnreadCountView } from '../../presenters/notification.presenter';
import { presentUserRef } from '../../presenters/user.presenter';
import { recordEvents, type EventToRecord, type RealtimeEvent } from '../../realtime/events';
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
 * The insert of the notifications a post causes, as one set-based statement (a CTE of a
 * writer's statement, or a statement of its own): one per user and post (a reply outranks a
 * mention), never to the post's author, never again to a user this post already notified;
 * mentioned users found by username in the same statement. `postId` is the post's id or, in a
 * CTE, the SQL that selects it. Null when nobody could be notified. Answers `returning *`.
 */
export function notificationInsert(postId: number | SQL, topicId: number | SQL, actorId: number, targets: NotifyTargets): SQL | null {
  const keys = [...new Set(targets.mentions.slice(0, MAX_MENTIONS).map(usernameKey))];
  const wanted: SQL[] = [];
  if (targets.replyTo !== null && targets.replyTo !== actorId) wanted.push(sql`select ${targets.replyTo}::int as user_id, 'reply'::text as type, 0 as rank`);
  if (keys.length > 0) {
    wanted.push(sql`select id as user_id, 'mention'::text as type, 1 as rank from users where username_key in (${sql.join(keys.map((k) => sql`${k}::text`), sql`, `)})`);
  }
  if (wanted.length === 0) return null;
  const post = typeof postId === 'number' ? sql`${postId}::int` : postId;
  const topic = typeof topicId === 'number' ? sql`${topicId}::int` : topicId;
  return sql`insert into notifications (user_id, type, post_id, topic_id, actor_id)
    select distinct on (w.user_id) w.user_id, w.type, ${post}, ${topic}, ${actorId}::int
    from (${sql.join(wanted, sql` union all `)}) w
    where w.user_id <> ${actorId}::int
      and not exists (select 1 from notifications n where n.post_id = ${post} and n.user_id = w.user_id)
    order by w.user_id, w.rank
    on conflict do nothing
    returning *`;
}

/** The `notification` events of inserted notifications, by user id (the shared lock order of user rooms). */
export function notificationEvents(inserted: NotificationRow[], actor: UserRow, topicTitle: string): EventToRecord[] {
  const actorRef = presentUserRef(actor);
  return [...inserted]
    .sort((a, b) => a.userId - b.userId)
    .map((row) => ({ room: rooms.user(row.userId), type: 'notification' as const, data: presentNotification(row, actorRef, topicTitle) }));
}

/**
 * Records the notifications a post causes, inside the writer's transaction (see
 * notificationInsert): one statement for the rows, one for their events. Returns the events
 * to publish after commit.
 */
export async function notifyForPost(
  tx: Tx,
  post: PostRow,
  topic: Pick<TopicRow, 'id' | 'title'>,
  actor: UserRow,
  targets: NotifyTargets,
): Promise<RealtimeEvent[]> {
  const insert = notificationInsert(post.id, topic.id, actor.id, targets);
  if (!insert) return [];
  const inserted = (await queryRows(tx, insert)).map((raw) => rowFrom<typeof notifications, NotificationRow>(notifications, raw));
  return recordEvents(tx, notificationEvents(inserted, actor, topic.title));
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
    topicIds.length ? db.select({ id: topics.id, title: topics.title, kind: topics.kind }).from(topics).where(inArray(topics.id, topicIds)) : Promise.resolve([]),
  ]);
  const titleMap = new Map(titles.map((t) => [t.id, t.title]));
  const kindMap = new Map(titles.map((t) => [t.id, t.kind]));
  return {
    items: items.map((r) => presentNotification(
      r,
      r.actorId === null ? null : actors.get(r.actorId) ?? null,
      r.topicId === null ? null : titleMap.get(r.topicId) ?? null,
      r.type === 'post_used' && r.topicId !== null ? kindMap.get(r.topicId) ?? null : null,
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
