import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/client';
import { notifications, posts, topics, users, type PostRow, type TopicRow, type UserRow } from '../db/schema';
import { indexTokens, plainText } from '../search/tokenize';
import { usernameKey } from '../domain/text';
import { recordEvent, rooms, type RealtimeEvent } from '../realtime/events';
import { presentAuthor, presentPost, type PostView } from '../presenters/post.presenter';
import type { Viewer } from '../domain/roles';
import { presentNotification } from '../presenters/notification.presenter';
import { postColumns, presentOnePost, presentOneTopic } from './forum-present';

/**
 * Thread paths keep at most this many ids. Replies deeper than that share their ancestor's
 * prefix and follow one another by id: the thread flattens there, and index entries stay
 * small (a B-tree entry must fit in a third of a page).
 */
export const MAX_PATH_LENGTH = 100;

/** The search vector of a post: the title (weight A, first posts only) and the body (weight B). */
export function searchVectorSql(title: string | null, body: string): SQL {
  const bodyTokens = indexTokens(plainText(body));
  if (title === null) return sql`setweight(to_tsvector('simple', ${bodyTokens}), 'B')`;
  return sql`setweight(to_tsvector('simple', ${indexTokens(title)}), 'A') || setweight(to_tsvector('simple', ${bodyTokens}), 'B')`;
}

/**
 * The later of a stored time and `now`: writers that commit out of order never move a
 * topic's or board's last activity back. (Millisecond values, so keyset cursors round-trip.)
 */
export function latest(column: AnyPgColumn, now: Date): SQL {
  return sql`greatest(${column}, ${now.toISOString()}::timestamptz)`;
}

/** Takes the next post id, so the post's thread path can be written with it in one insert. */
export async function nextPostId(tx: Tx): Promise<number> {
  const result: unknown = await tx.execute(sql`select nextval(pg_get_serial_sequence('posts', 'id')) as id`);
  const rows = Array.isArray(result) ? result : (result as { rows: { id: unknown }[] }).rows;
  return Number((rows[0] as { id: unknown }).id);
}

/** The thread path of a new post under `parent` (or of a new root). */
export function childPath(parent: Pick<PostRow, 'path'> | null, id: number): number[] {
  if (!parent) return [id];
  const prefix = parent.path.length >= MAX_PATH_LENGTH ? parent.path.slice(0, MAX_PATH_LENGTH - 1) : parent.path;
  return [...prefix, id];
}

/** Inserts a post row (the caller has updated the counters) and answers it without its vector. */
export async function insertPost(
  tx: Tx,
  input: { id: number; topicId: number; parent: PostRow | null; authorId: number; body: string; html: string; title: string | null; now: Date },
): Promise<PostRow> {
  const [row] = await tx
    .insert(posts)
    .values({
      id: input.id,
      topicId: input.topicId,
      parentId: input.parent?.id ?? null,
      authorId: input.authorId,
      body: input.body,
      html: input.html,
      depth: input.parent ? input.parent.depth + 1 : 0,
      path: childPath(input.parent, input.id),
      searchVector: searchVectorSql(input.title, input.body),
      createdAt: input.now,
    })
    .returning(postColumns);
  if (!row) throw new Error('post insert returned nothing');
  return row;
}

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
  const wanted = new Map<number, 'reply' | 'mention'>();
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
  const actorRef = presentAuthor(actor);
  for (const row of inserted.sort((a, b) => a.userId - b.userId)) {
    events.push(await recordEvent(tx, rooms.user(row.userId), 'notification', presentNotification(row, actorRef, topic.title)));
  }
  return events;
}

/**
 * Presents a post just written by `author`, without a query: it has no reactions yet. For
 * a null viewer this is the public presentation events carry.
 */
export function presentNewPost(row: PostRow, author: UserRow, viewer: Viewer): PostView {
  return presentPost(row, { authors: new Map([[author.id, presentAuthor(author)]]), reactions: new Map(), mine: viewer ? new Map() : undefined }, viewer);
}

/**
 * Records `post:created` or `post:updated` in the topic's room with the public presentation
 * (a hidden post travels without its body), inside the writer's transaction.
 */
export async function recordPostEvent(
  tx: Tx,
  type: 'post:created' | 'post:updated',
  row: PostRow,
): Promise<RealtimeEvent> {
  return recordEvent(tx, rooms.topic(row.topicId), type, await presentOnePost(tx, row, null));
}

/** Records `topic:updated` in the topic's room and its board's room. */
export async function recordTopicUpdated(tx: Tx, topicId: number, boardSlug: string): Promise<RealtimeEvent[]> {
  const [row] = await tx.select().from(topics).where(eq(topics.id, topicId));
  if (!row) return [];
  const view = await presentOneTopic(tx, row, null);
  return [
    await recordEvent(tx, rooms.topic(topicId), 'topic:updated', view),
    await recordEvent(tx, rooms.board(boardSlug), 'topic:updated', view),
  ];
}
