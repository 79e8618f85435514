import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { boards, drafts, posts, topics, visits, type TopicRow, type UserRow } from '../db/schema';
import { JOURNAL_KINDS, type TopicKind } from '../domain/forum';
import { fail } from '../errors';
import { BODY_MAX_LENGTH, TITLE_MAX_LENGTH } from '../domain/limits';
import { renderMarkdown } from '../markdown/render-markdown';
import type { PostView } from '../presenters/post.presenter';
import type { Viewer } from '../domain/roles';
import type { TopicView } from '../presenters/topic.presenter';
import { badCursor, decodeCursor, encodeCursor } from './keyset-cursor';
import { getBoardBySlug } from './boards';
import { postColumns, presentOneTopic, presentPosts, presentTopics } from './forum-present';
import { MAX_PATH_LENGTH, insertPost, latest, nextPostId, notifyForPost, presentNewPost, recordTopicUpdated } from './forum-write';
import { recordEvent, rooms, type RealtimeEvent } from '../realtime/events';
import type { ServiceContext } from './service-context';

/** A page of a keyset-paged list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `limit` and `cursor` of a list request. */
export interface PageQuery {
  limit: number;
  cursor?: string;
}

/** A new topic as a member writes it. */
export interface NewTopicInput {
  title: string;
  body: string;
  kind?: TopicKind;
  visitId?: number | null;
}

/** Trims a title and checks its length (1–200 after trimming). */
export function cleanTitle(title: string): string {
  const trimmed = title.trim();
  if (trimmed === '') throw fail.validation('title', 'title must not be blank.', '标题不能为空。');
  if (trimmed.length > TITLE_MAX_LENGTH) {
    throw fail.validation('title', `title must be at most ${TITLE_MAX_LENGTH} characters.`, `标题最多 ${TITLE_MAX_LENGTH} 个字符。`);
  }
  return trimmed;
}

/** Trims a post body and checks its length (1–50,000 after trimming). */
export function cleanBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed === '') throw fail.validation('body', 'body must not be blank.', '正文不能为空。');
  if (trimmed.length > BODY_MAX_LENGTH) {
    throw fail.validation('body', `body must be at most ${BODY_MAX_LENGTH} characters.`, `正文最多 ${BODY_MAX_LENGTH} 个字符。`);
  }
  return trimmed;
}

/**
 * Opens a topic with its first post in a board: counters, the first post, the cleared
 * draft, mention notifications and events in one transaction; events published after commit.
 */
export async function createTopic(
  ctx: ServiceContext,
  user: UserRow,
  slug: string,
  input: NewTopicInput,
): Promise<{ topic: TopicView; post: PostView }> {
  const title = cleanTitle(input.title);
  const body = cleanBody(input.body);
  const board = await getBoardBySlug(ctx.db, slug);
  if (input.visitId != null) {
    // A note may name only a visit that was logged; whether it is really the writer's visit
    // is for the moderators' visit-link review to confirm.
    const [visit] = await ctx.db.select({ id: visits.id }).from(visits).where(eq(visits.id, input.visitId)).limit(1);
    if (!visit) throw fail.validation('visitId', 'That visit does not exist.', '所选走访记录不存在。');
  }
  const rendered = renderMarkdown(body);
  const now = new Date();
  // Lock order shared by every writer: topic row, post rows, topic room, user rooms, board
  // row, board room. The board row (every post of a board touches it) is taken last, so it
  // is held only for the end of the transaction.
  const { topicRow, postRow, events } = await ctx.db.transaction(async (tx) => {
    const id = await nextPostId(tx);
    const [created] = await tx
      .insert(topics)
      .values({
        boardId: board.id, title, kind: input.kind ?? 'discussion', authorId: user.id, visitId: input.visitId ?? null,
        postCount: 1, lastPostAt: now, createdAt: now, firstPostId: id,
      })
      .returning();
    if (!created) throw new Error('topic insert returned nothing');
    const post = await insertPost(tx, { id, topicId: created.id, parent: null, authorId: user.id, body, html: rendered.html, title, now });
    await tx.delete(drafts).where(and(eq(drafts.userId, user.id), eq(drafts.scope, `board:${board.slug}`)));
    const recorded: RealtimeEvent[] = [await recordEvent(tx, rooms.topic(created.id), 'post:created', presentNewPost(post, user, null))];
    recorded.push(...(await notifyForPost(tx, post, created, user, { replyTo: null, mentions: rendered.mentions })));
    await tx
      .update(boards)
      .set({ topicCount: sql`${boards.topicCount} + 1`, postCount: sql`${boards.postCount} + 1`, lastPostAt: latest(boards.lastPostAt, now) })
      .where(eq(boards.id, board.id));
    recorded.push(...(await recordTopicUpdated(tx, created.id, board.slug)));
    return { topicRow: created, postRow: post, events: recorded };
  });
  ctx.realtime.publish(events);
  return {
    topic: await presentOneTopic(ctx.db, topicRow, user),
    post: presentNewPost(postRow, user, user),
  };
}

/** A topic row by id, or 404. */
export async function getTopicRow(db: DbOrTx, id: number): Promise<TopicRow> {
  const [row] = await db.select().from(topics).where(eq(topics.id, id));
  if (!row) throw fail.notFound('There is no such topic.', '该主题不存在。');
  return row;
}

/** A board's topics: pinned first, then newest activity, keyset-paged over (pinned, lastPostAt, id). */
export async function listBoardTopics(db: DbOrTx, slug: string, page: PageQuery, viewer: Viewer): Promise<Page<TopicView>> {
  const board = await getBoardBySlug(db, slug);
  const where = [eq(topics.boardId, board.id)];
  if (page.cursor) {
    const [pinned, at, id] = decodeCursor('topics', page.cursor, ['n', 't', 'n']) as [number, string, number];
    if (pinned !== 0 && pinned !== 1) throw badCursor();
    where.push(sql`(${topics.pinned}, ${topics.lastPostAt}, ${topics.id}) < (${pinned === 1}, ${new Date(at).toISOString()}::timestamptz, ${id})`);
  }
  const rows = await db
    .select()
    .from(topics)
    .where(and(...where))
    .orderBy(desc(topics.pinned), desc(topics.lastPostAt), desc(topics.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items: await presentTopics(db, items, viewer),
    nextCursor: rows.length > page.limit && last
      ? encodeCursor('topics', [last.pinned ? 1 : 0, last.lastPostAt.toISOString(), last.id])
      : null,
  };
}

/** The posts of a topic, oldest first, keyset-paged over id. */
export async function listTopicPosts(db: DbOrTx, topicId: number, page: PageQuery, viewer: Viewer): Promise<Page<PostView>> {
  const where = [eq(posts.topicId, topicId)];
  if (page.cursor) {
    const [id] = decodeCursor('posts', page.cursor, ['n']) as [number];
    where.push(gt(posts.id, id));
  }
  const rows = await db.select(postColumns).from(posts).where(and(...where)).orderBy(asc(posts.id)).limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items: await presentPosts(db, items, viewer),
    nextCursor: rows.length > page.limit && last ? encodeCursor('posts', [last.id]) : null,
  };
}

/**
 * A page of a topic's thread in depth-first order (each reply after its parent, siblings
 * oldest first): one ordered range scan of (topic_id, path), however long the topic is. The
 * cursor names the last post of the previous page; `under` limits the page to the replies
 * below one post (for "continue this thread").
 */
export async function listThread(
  db: DbOrTx,
  topicId: number,
  page: PageQuery,
  viewer: Viewer,
  under: { id: number; path: number[] } | null = null,
): Promise<Page<PostView>> {
  const tag = under ? 'replies' : 'tree';
  const where = [eq(posts.topicId, topicId)];
  if (under && under.path.length >= MAX_PATH_LENGTH) {
    // Past the path limit the thread is flat: a post's replies do not sit under its path, so
    // they are found through parent_id (rare, and only this deep). Their order is by id.
    where.push(sql`${posts.id} in (
      with recursive below(id) as (
        select id from posts where parent_id = ${under.id}
        union all
        select p.id from posts p join below b on p.parent_id = b.id
      )
      select id from below)`);
  } else if (under) {
    const prefix = pathLiteral(under.path);
    const upper = pathLiteral([...under.path, 2147483647]);
    where.push(sql`${posts.path} > ${prefix}::int[]`, sql`${posts.path} < ${upper}::int[]`);
  }
  if (page.cursor) {
    const [afterId] = decodeCursor(tag, page.cursor, ['n']) as [number];
    const [after] = await db.select({ path: posts.path }).from(posts).where(and(eq(posts.id, afterId), eq(posts.topicId, topicId)));
    if (!after) throw badCursor();
    where.push(sql`${posts.path} > ${pathLiteral(after.path)}::int[]`);
  }
  const rows = await db.select(postColumns).from(posts).where(and(...where)).orderBy(asc(posts.path)).limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items: await presentPosts(db, items, viewer),
    nextCursor: rows.length > page.limit && last ? encodeCursor(tag, [last.id]) : null,
  };
}

/** An int[] literal PostgreSQL reads the same way on both drivers. */
function pathLiteral(path: number[]): string {
  return `{${path.map((n) => Math.trunc(n)).join(',')}}`;
}

/** Field notes, editor's diaries and field impressions of one author, newest first. */
export async function listJournal(db: DbOrTx, authorId: number, page: PageQuery, viewer: Viewer): Promise<Page<TopicView>> {
  const where = [eq(topics.authorId, authorId), inArray(topics.kind, JOURNAL_KINDS)];
  if (page.cursor) {
    const [id] = decodeCursor('journal', page.cursor, ['n']) as [number];
    where.push(lt(topics.id, id));
  }
  const rows = await db.select().from(topics).where(and(...where)).orderBy(desc(topics.id)).limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items: await presentTopics(db, items, viewer),
    nextCursor: rows.length > page.limit && last ? encodeCursor('journal', [last.id]) : null,
  };
}
