import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx, type Tx } from '../../db/client';
import { jsonValue, rowFrom } from '../../db/rows';
import { boards, notifications, posts, topics, type NotificationRow, type PostRow, type TopicRow, type UserRow } from '../../db/schema';
import { JOURNAL_KINDS, topicDraftScope, type JournalKind, type TopicKind } from '../../domain/forum';
import { TITLE_MAX_LENGTH } from '../../domain/limits';
import type { Viewer } from '../../domain/roles';
import { fail } from '../../errors';
import { badCursor, cutPage, decodeCursor, type PageQuery } from '../../lib/keyset-cursor';
import type { LivePage, Page } from '../../presenters/page.presenter';
import type { PostView } from '../../presenters/post.presenter';
import type { NewTopicView, TopicPageView, TopicView, VisitSummaryView } from '../../presenters/topic.presenter';
import { presentUserRef } from '../../presenters/user.presenter';
import type { RealtimeEvent } from '../../realtime/events';
import { currentSeq } from '../../realtime/replay';
import { rooms } from '../../realtime/rooms';
import type { ServiceContext } from '../service-context';
import { getBoardBySlug } from './board.service';
import { assertHeldVisible, getPostRow, postColumns, postsVisibleTo, topicsVisibleTo, presentNewPost, presentOneTopic, presentTopics, selectPresentedPosts, selectPresentedTopics } from './forum.loader';
import { notificationEvents, notificationInsert, type NotifyTargets } from './notification.service';
import { holdsByRule, openHeldItem } from '../moderation/held.service';
import { assertNotSilenced } from '../moderation/people.service';
import { assertClaimableKind, assertOwnVisit, openClaim } from '../moderation/visit-claim.service';
import { checkPostText } from '../moderation/watched-word.service';
import { recordUploadUses, renderPostBody } from '../media/upload.service';
import { MAX_PATH_LENGTH, cleanBody, pathLiteral, presentWrittenTopic, searchVectorSql, visitSummaryJson, type FirstPostStart } from './post.service';

/*
 * Topics: opening one with its first post, and the pages of a board, a topic and a thread.
 * A page that a realtime room keeps current comes with the room's seq, read before the data,
 * so a client subscribing from it misses nothing that changed while the answer travelled.
 */

/** A new topic as a member writes it. */
export interface NewTopicInput {
  title: string;
  body: string;
  kind?: TopicKind;
  visitId?: number | null;
}

/** Trims a title and checks its length (1–TITLE_MAX_LENGTH after trimming). */
export function cleanTitle(title: string): string {
  const trimmed = title.trim();
  if (trimmed === '') throw fail.validation('title', 'title must not be blank.', '标题不能为空。');
  if (trimmed.length > TITLE_MAX_LENGTH) {
    throw fail.validation('title', `title must be at most ${TITLE_MAX_LENGTH} characters.`, `标题最多 ${TITLE_MAX_LENGTH} 个字符。`);
  }
  return trimmed;
}

/**
 * Opens a topic with its first post in a board: counters, the first post, the cleared
 * draft, mention notifications and events in one transaction; events published after commit.
 */
export async function createTopic(ctx: ServiceContext, user: UserRow, slug: string, input: NewTopicInput): Promise<NewTopicView> {
  assertNotSilenced(user);
  const board = await getBoardBySlug(ctx.db, slug);
  const kind = input.kind ?? 'discussion';
  const visitId = input.visitId ?? null;
  if (visitId !== null) {
    // A note claims only a visit its writer logged or took part in; the claim waits for a
    // moderator (never the claimant, even a moderator) to confirm it.
    assertClaimableKind(kind);
    await assertOwnVisit(ctx.db, user, visitId);
  }
  const checked = await checkPostText(ctx.db, { title: cleanTitle(input.title), body: cleanBody(input.body) });
  const title = cleanTitle(checked.title);
  const body = checked.body;
  const held = checked.hold || (await holdsByRule(ctx.db, ctx, user, board));
  const rendered = await renderPostBody(ctx.db, body);
  const now = new Date();
  // The lock order of post.service: topic row, post rows, topic room, user rooms, board row, board room.
  const { topicRow, postRow, visit } = await ctx.posts.commit(async (tx) => {
    const written = await writeTopic(tx, {
      board, title, kind, author: user, visitId, held, body, html: rendered.html, now,
      notify: { replyTo: null, mentions: held ? [] : rendered.mentions },
    });
    const { topic: created, post } = written;
    await recordUploadUses(tx, post.id, body, now);
    const recorded: RealtimeEvent[] = [];
    if (visitId !== null) recorded.push(...(await openClaim(tx, created, visitId)));
    const result = { topicRow: created, postRow: post, visit: written.visit };
    if (held) {
      // Held: counted nowhere, sent to no room, notifying nobody until a moderator approves it.
      recorded.push(...(await openHeldItem(tx, post, created)));
      return { result, events: recorded, later: [], board: null };
    }
    const view = presentWrittenTopic(created, { slug: board.slug, author: presentUserRef(user), first: firstStart(post), visit: written.visit });
    const topicRoom = rooms.topic(created.id);
    // The topic room, the mentioned users' rooms, then the board's counters and room, last
    // (recorded by the committer): the shared lock order.
    return {
      result,
      events: recorded,
      later: [
        { room: topicRoom, type: 'post:created', data: presentNewPost(post, user, null) },
        { room: topicRoom, type: 'topic:updated', data: view },
        ...notificationEvents(written.notifications, user, created.title),
      ],
      board: { boardId: board.id, topics: 1, now, event: { room: rooms.board(board.slug), type: 'topic:updated', data: view } },
    };
  });
  return {
    topic: presentWrittenTopic(topicRow, { slug: board.slug, author: presentUserRef(user), first: firstStart(postRow), visit }, user),
    post: presentNewPost(postRow, user, user),
  };
}

/** The start of a new first post, as the excerpt reads it (its first 600 characters, as SQL's left()). */
function firstStart(post: PostRow): FirstPostStart {
  return { authorId: post.authorId, hidden: post.hidden, start: Array.from(post.body).slice(0, 600).join('') };
}

/**
 * Writes a topic and its first post in one statement (the post's id first, so the topic
 * names it and the post's path is written with it), the cleared draft and the mention
 * notifications, and reads back the linked visit's summary.
 */
async function writeTopic(
  tx: Tx,
  input: {
    board: { id: number; slug: string }; title: string; kind: TopicKind; author: UserRow; visitId: number | null; held: boolean;
    body: string; html: string; now: Date; notify: NotifyTargets;
  },
): Promise<{ topic: TopicRow; post: PostRow; notifications: NotificationRow[]; visit: VisitSummaryView | null }> {
  const at = sql`${input.now.toISOString()}::timestamptz`;
  const notify = notificationInsert(sql`(select id from ins)`, sql`(select id from t)`, input.author.id, input.notify);
  const [raw] = await queryRows<{ topic: unknown; post: unknown; notifications: unknown; visit: unknown }>(tx, sql`
    with n as (select nextval(pg_get_serial_sequence('posts', 'id'))::int as id),
    t as (
      insert into topics (board_id, title, kind, author_id, visit_id, visit_claim, post_count, last_post_at, created_at, first_post_id, held)
      select ${input.board.id}::int, ${input.title}::text, ${input.kind}::text, ${input.author.id}::int, ${input.visitId}::int,
        ${input.visitId !== null ? 'claimed' : 'none'}::text, 1, ${at}, ${at}, n.id, ${input.held}::boolean
      from n
      returning *),
    ins as (
      insert into posts (id, topic_id, parent_id, author_id, body, html, depth, path, search_vector, created_at, held)
      select n.id, t.id, null, ${input.author.id}::int, ${input.body}::text, ${input.html}::text, 0, array[n.id],
        ${searchVectorSql(input.title, input.body)}, ${at}, ${input.held}::boolean
      from n, t
      returning ${sql.raw(Object.values(postColumns).map((c) => `"${c.name}"`).join(', '))}),
    pf as (insert into post_filters (post_id, board_id, kind) select ins.id, t.board_id, t.kind from ins, t),
    dr as (delete from drafts where user_id = ${input.author.id}::int and scope = ${topicDraftScope(input.board.slug)}::text)
    ${notify ? sql`, notif as (${notify})` : sql``}
    select
      (select row_to_json(t) from t) as topic,
      (select row_to_json(ins) from ins) as post,
      ${notify ? sql`(select coalesce(json_agg(notif), '[]'::json) from notif)` : sql`'[]'::json`} as notifications,
      ${input.visitId !== null ? visitSummaryJson(sql`${input.visitId}::int`) : sql`null::json`} as visit`);
  if (!raw || raw.topic === null || raw.post === null) throw new Error('topic insert returned nothing');
  return {
    topic: rowFrom(topics, jsonValue(raw.topic)),
    post: rowFrom<typeof posts, PostRow>(posts, jsonValue(raw.post)),
    notifications: jsonValue<Record<string, unknown>[]>(raw.notifications).map((r) => rowFrom<typeof notifications, NotificationRow>(notifications, r)),
    visit: jsonValue<VisitSummaryView | null>(raw.visit),
  };
}

/**
 * A board's topics: pinned first, then newest activity, keyset-paged over (pinned, lastPostAt,
 * id), with the board room's seq — two statements: the board with its room's seq, then the
 * topics presented in one (selectPresentedTopics).
 */
export async function listBoardTopics(db: DbOrTx, slug: string, page: PageQuery, viewer: Viewer): Promise<LivePage<TopicView>> {
  const [board] = await db
    .select({ id: boards.id, seq: sql<number>`coalesce((select rr.seq from realtime_rooms rr where rr.room = ${rooms.board(slug)}), 0)` })
    .from(boards)
    .where(eq(boards.slug, slug));
  if (!board) throw fail.notFound(`There is no board "${slug}".`, `没有“${slug}”这个版块。`);
  const where = [eq(topics.boardId, board.id), topicsVisibleTo(viewer)];
  if (page.cursor) {
    const [pinned, at, id] = decodeCursor('topics', page.cursor, ['n', 't', 'n']) as [number, string, number];
    if (pinned !== 0 && pinned !== 1) throw badCursor();
    where.push(sql`(${topics.pinned}, ${topics.lastPostAt}, ${topics.id}) < (${pinned === 1}, ${new Date(at).toISOString()}::timestamptz, ${id})`);
  }
  const { topics: rows } = await selectPresentedTopics(db, where, [desc(topics.pinned), desc(topics.lastPostAt), desc(topics.id)], page.limit + 1, viewer);
  const { rows: items, nextCursor } = cutPage(rows, page.limit, 'topics', (r) => [r.row.pinned ? 1 : 0, r.row.lastPostAt.toISOString(), r.row.id]);
  return { items: items.map((r) => r.view), nextCursor, seq: Number(board.seq) };
}

/**
 * A topic with the first page of its posts (oldest first) and the topic room's seq: two
 * statements whatever the page's size — the topic presented with its room's seq, then the
 * posts presented with their authors, reactions and the viewer's own marks.
 */
export async function getTopic(db: DbOrTx, topicId: number, page: PageQuery, viewer: Viewer): Promise<TopicPageView> {
  const { topics: [found], seq } = await selectPresentedTopics(db, [eq(topics.id, topicId)], [asc(topics.id)], 1, viewer, rooms.topic(topicId), true);
  if (!found) throw fail.notFound('There is no such topic.', '该主题不存在。');
  assertHeldVisible(found.row, viewer, 'topic');
  return { topic: found.view, posts: await listTopicPosts(db, topicId, page, viewer), seq, usedIn: found.usedIn };
}

/** The posts of a topic, oldest first, keyset-paged over id. */
async function listTopicPosts(db: DbOrTx, topicId: number, page: PageQuery, viewer: Viewer): Promise<Page<PostView>> {
  const where = [eq(posts.topicId, topicId), postsVisibleTo(viewer)];
  if (page.cursor) {
    const [id] = decodeCursor('posts', page.cursor, ['n']) as [number];
    where.push(gt(posts.id, id));
  }
  const rows = await selectPresentedPosts(db, where, asc(posts.id), page.limit + 1, viewer);
  const { rows: items, nextCursor } = cutPage(rows, page.limit, 'posts', (r) => [r.id]);
  return { items, nextCursor };
}

/** A topic's held state and author with its room's seq, in one statement (or 404). */
async function topicWithSeq(db: DbOrTx, topicId: number): Promise<{ id: number; held: boolean; authorId: number; seq: number }> {
  const [row] = await db
    .select({
      id: topics.id, held: topics.held, authorId: topics.authorId,
      seq: sql<number>`coalesce((select rr.seq from realtime_rooms rr where rr.room = ${rooms.topic(topicId)}), 0)`,
    })
    .from(topics)
    .where(eq(topics.id, topicId));
  if (!row) throw fail.notFound('There is no such topic.', '该主题不存在。');
  return { ...row, seq: Number(row.seq) };
}

/** A page of a topic's whole thread in depth-first order, with the topic room's seq. */
export async function getThread(db: DbOrTx, topicId: number, page: PageQuery, viewer: Viewer): Promise<LivePage<PostView>> {
  const row = await topicWithSeq(db, topicId);
  assertHeldVisible(row, viewer, 'topic');
  return { ...(await listThread(db, row.id, page, viewer, null)), seq: row.seq };
}

/**
 * A page of the replies below one post ("continue this thread"), in thread order, with the
 * topic room's seq; and the topic's id (whose room keeps the page current).
 */
export async function loadReplies(db: DbOrTx, postId: number, page: PageQuery, viewer: Viewer): Promise<{ page: LivePage<PostView>; topicId: number }> {
  const row = await getPostRow(db, postId);
  assertHeldVisible(row, viewer, 'post');
  const seq = await currentSeq(db, rooms.topic(row.topicId));
  return { page: { ...(await listThread(db, row.topicId, page, viewer, { id: row.id, path: row.path })), seq }, topicId: row.topicId };
}

/**
 * A page of a topic's thread in depth-first order (each reply after its parent, siblings
 * oldest first): one ordered range scan of (topic_id, path), however long the topic is. The
 * cursor names the last post of the previous page; `under` limits the page to the replies
 * below one post.
 */
async function listThread(
  db: DbOrTx,
  topicId: number,
  page: PageQuery,
  viewer: Viewer,
  under: { id: number; path: number[] } | null,
): Promise<Page<PostView>> {
  const tag = under ? 'replies' : 'tree';
  const where = [eq(posts.topicId, topicId), postsVisibleTo(viewer)];
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
  const rows = await selectPresentedPosts(db, where, asc(posts.path), page.limit + 1, viewer);
  const { rows: items, nextCursor } = cutPage(rows, page.limit, tag, (r) => [r.id]);
  return { items, nextCursor };
}

/** Field notes, editor's diaries and field impressions of one author, newest first. */
export async function listJournal(db: DbOrTx, authorId: number, page: PageQuery, viewer: Viewer, kind?: JournalKind): Promise<Page<TopicView>> {
  const where = [eq(topics.authorId, authorId), kind ? eq(topics.kind, kind) : inArray(topics.kind, JOURNAL_KINDS), topicsVisibleTo(viewer)];
  if (page.cursor) {
    const [id] = decodeCursor('journal', page.cursor, ['n']) as [number];
    where.push(lt(topics.id, id));
  }
  const rows = await db.select().from(topics).where(and(...where)).orderBy(desc(topics.id)).limit(page.limit + 1);
  const { rows: items, nextCursor } = cutPage(rows, page.limit, 'journal', (r) => [r.id]);
  return { items: await presentTopics(db, items, viewer), nextCursor };
}
