import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { oncePerDatabase, queryRows, type Db, type DbOrTx, type Tx } from '../../db/client';
import { jsonValue, rowFrom } from '../../db/rows';
import {
  boards, drafts, notifications, postFilters, postReactions, postRevisions, posts, topics, users,
  type BoardRow, type NotificationRow, type PostRow, type TopicRow, type UserRow,
} from '../../db/schema';
import { replyDraftScope, type ReactionKind, type TopicKind } from '../../domain/forum';
import { BODY_MAX_LENGTH } from '../../domain/limits';
import { canEditPost, canSeeHidden, hasRole, type Viewer } from '../../domain/roles';
import { AppError, fail } from '../../errors';
import { renderMarkdown } from '../../markdown/render-markdown';
import { presentPost, type PostView, type PreviewView, type ReactorView, type RevisionView } from '../../presenters/post.presenter';
import { presentTopic, type TopicView, type VisitSummaryView } from '../../presenters/topic.presenter';
import { presentUserRef, unknownUserRef, type UserRef } from '../../presenters/user.presenter';
import { recordEvent, type RealtimeEvent } from '../../realtime/events';
import { rooms } from '../../realtime/rooms';
import { indexTokens, plainText } from '../../search/tokenize';
import type { SessionAlong } from '../accounts/session.service';
import type { ServiceContext } from '../service-context';
import { assertHeldVisible, getPostRow, getTopicRow, loadAuthors, postColumns, presentNewPost, presentOnePost, presentOneTopic } from './forum.loader';
import { notificationEvents, notificationInsert, notifyForPost, type NotifyTargets } from './notification.service';
import { holdsByRule, openHeldItem } from '../moderation/held.service';
import { assertNotSilenced } from '../moderation/people.service';
import { checkPostText, watchedWordsVersionSql } from '../moderation/watched-word.service';
import { recordUploadUses, renderPostBody } from '../media/upload.service';

/*
 * Writing a post, top to bottom: a reply (createPost), an edit (editPost), a reaction
 * (setReaction); then the pieces every post write shares (a new post's id and thread path,
 * its search vector, the events after it), which topic.service also uses for a topic's first
 * post; then the reads of one post (revisions, reactors, preview).
 *
 * Lock order shared by every writer: topic row, post rows, topic room, user rooms, board row,
 * board room. The board row (shared by every post of a board) is taken last, so it is held
 * only for the end of the transaction.
 */

/** Trims a post body and checks its length (1–BODY_MAX_LENGTH after trimming). */
export function cleanBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed === '') throw fail.validation('body', 'body must not be blank.', '正文不能为空。');
  if (trimmed.length > BODY_MAX_LENGTH) {
    throw fail.validation('body', `body must be at most ${BODY_MAX_LENGTH} characters.`, `正文最多 ${BODY_MAX_LENGTH} 个字符。`);
  }
  return trimmed;
}

/** A reply as a member writes it: to the topic, or to one of its posts. */
export interface NewPostInput {
  body: string;
  parentId?: number | null;
}

/**
 * Adds a reply to a topic (to the topic, or to any post of it with `parentId`): counters,
 * the reply, the cleared draft, reply and mention notifications and events in one
 * transaction; events published after commit. A locked topic takes replies from moderators only.
 *
 * Rendering, sanitising and the watched-words check run before the transaction, which is
 * two statements: writeReply, then the PostCommitter's closing one (the events, the board's
 * counters and its room's event; it may commit several concurrent posts in one
 * transaction). With the session and the one read of the topic, its board, the parent and
 * the watched words' version, a reply runs four; three for a reply to the topic signed in
 * by cookie, whose route reads that context in the session lookup's statement.
 */
export async function createPost(
  ctx: ServiceContext, user: UserRow, topicId: number, input: NewPostInput, preRead: { value: unknown } | null = null,
): Promise<PostView> {
  const send = await prepareReply(ctx, user, topicId, input, preRead);
  return send();
}

/**
 * The first half of createPost: checks the reply, reads what it needs and renders it (or
 * throws its 4xx), and answers the function that writes and commits it. Calling several of
 * those in one turn of the event loop puts them in one group of the PostCommitter.
 * `preRead`: what replyContextAlong answered in the session lookup's statement (the route
 * asks for it), used for a reply to the topic; a reply to a post reads its context itself.
 */
export async function prepareReply(
  ctx: ServiceContext, user: UserRow, topicId: number, input: NewPostInput, preRead: { value: unknown } | null = null,
): Promise<() => Promise<PostView>> {
  assertNotSilenced(user);
  const body = cleanBody(input.body);
  const parentId = input.parentId ?? null;
  const { topic, board, parent, firstAuthorId, wordsVersion } = preRead && parentId === null
    ? replyContextFrom(preRead.value)
    : await replyContext(ctx.db, topicId, parentId);
  assertHeldVisible(topic, user, 'topic');
  if (topic.held) {
    throw new AppError('CONFLICT', { en: 'This topic waits for approval; replies open once it is published.', zh: '该主题尚在审核中，发布后才能回复。' });
  }
  if (topic.locked && !hasRole(user, 'moderator')) throw lockedError(topic.lockReason);
  if (input.parentId != null && (!parent || (parent.held && !canSeeHidden(user, parent.authorId)))) {
    throw fail.validation('parentId', 'parentId must be a post of the same topic.', '所回复的帖子必须属于同一主题。');
  }
  const checked = await checkPostText(ctx.db, { body }, { version: wordsVersion });
  const held = checked.hold || (await holdsByRule(ctx.db, ctx, user, board));
  const rendered = await renderPostBody(ctx.db, checked.body);
  const now = new Date();
  if (held) return () => writeHeldReply(ctx, user, { topic, parent, body: checked.body, html: rendered.html, now });
  return async () => presentNewPost(await ctx.posts.commit(async (tx) => {
    const written = await writeReply(tx, {
      topicId: topic.id, parent, author: user, body: checked.body, html: rendered.html, now,
      notify: { replyTo: parent ? parent.authorId : firstAuthorId ?? topic.authorId, mentions: rendered.mentions },
    });
    if (!written) throw fail.notFound('There is no such topic.', '该主题不存在。');
    // A moderator may have locked the topic since it was read above; the row is locked now,
    // and nothing was written for a locked topic.
    if (written.topic.locked && !hasRole(user, 'moderator')) throw lockedError(written.topic.lockReason);
    if (!written.post) throw new Error('reply insert returned nothing');
    await recordUploadUses(tx, written.post.id, checked.body, now);
    const topicView = presentWrittenTopic(written.topic, { slug: board.slug, author: written.topicAuthor, first: written.firstPost, visit: written.visit });
    const topicRoom = rooms.topic(topic.id);
    // The topic room, the user rooms, then the board row (shared by every post of a board)
    // and its room, at the end of the transaction (the committer records them): the shared lock order.
    return {
      result: written.post,
      events: [],
      later: [
        { room: topicRoom, type: 'post:created', data: presentNewPost(written.post, user, null) },
        ...(written.parent ? [{ room: topicRoom, type: 'post:updated' as const, data: written.parent }] : []),
        { room: topicRoom, type: 'topic:updated', data: topicView },
        ...notificationEvents(written.notifications, user, written.topic.title),
      ],
      board: { boardId: board.id, topics: 0, now, event: { room: rooms.board(board.slug), type: 'topic:updated', data: topicView } },
    };
  }, topic.id), user, user);
}

/** A held reply: saved and queued, but counted nowhere, sent nowhere, notifying nobody until approved. */
async function writeHeldReply(
  ctx: ServiceContext,
  user: UserRow,
  input: { topic: TopicRow; parent: PostRow | null; body: string; html: string; now: Date },
): Promise<PostView> {
  const { topic, parent, now } = input;
  const { row, events } = await ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(topics).where(eq(topics.id, topic.id)).for('update');
    if (!current) throw fail.notFound('There is no such topic.', '该主题不存在。');
    if (current.locked && !hasRole(user, 'moderator')) throw lockedError(current.lockReason);
    const id = await nextPostId(tx);
    // The board and kind from the locked row: a move waits on the same lock (moveTopic).
    const post = await insertPost(tx, { id, topicId: topic.id, boardId: current.boardId, kind: current.kind, parent, authorId: user.id, body: input.body, html: input.html, title: null, now, held: true });
    await recordUploadUses(tx, post.id, input.body, now);
    await tx.delete(drafts).where(and(eq(drafts.userId, user.id), eq(drafts.scope, replyDraftScope(topic.id))));
    return { row: post, events: await openHeldItem(tx, post, current) };
  });
  ctx.realtime.publish(events);
  return presentNewPost(row, user, user);
}

/** What a reply needs read before it is written: the topic, its board, the parent post (when named and of this topic) and the first post's author. */
interface ReplyContext {
  topic: TopicRow;
  board: Pick<BoardRow, 'id' | 'slug' | 'reviewBeforePublish'>;
  parent: PostRow | null;
  firstAuthorId: number | null;
  /** The watched words' version, read in the same statement (checkPostText need not read it). */
  wordsVersion: number;
}

const parentPost = alias(posts, 'parent_post');
const firstPost = alias(posts, 'first_post');

/** The statement of replyContext, with or without a parent, built once per database and prepared (see queryRows). */
function buildReplyContext(db: Db, withParent: boolean) {
  return db
    .select({
      topic: topics,
      board: { id: boards.id, slug: boards.slug, reviewBeforePublish: boards.reviewBeforePublish },
      parent: {
        id: parentPost.id, topicId: parentPost.topicId, parentId: parentPost.parentId, authorId: parentPost.authorId, body: parentPost.body,
        html: parentPost.html, hidden: parentPost.hidden, held: parentPost.held, depth: parentPost.depth, path: parentPost.path,
        replyCount: parentPost.replyCount, createdAt: parentPost.createdAt, editedAt: parentPost.editedAt,
      },
      firstAuthorId: firstPost.authorId,
      wordsVersion: watchedWordsVersionSql(),
    })
    .from(topics)
    .innerJoin(boards, eq(boards.id, topics.boardId))
    .leftJoin(firstPost, eq(firstPost.id, topics.firstPostId))
    .leftJoin(parentPost, withParent
      ? and(eq(parentPost.id, sql`${sql.placeholder('parentId')}::int`), eq(parentPost.topicId, topics.id))
      : sql`false`)
    .where(eq(topics.id, sql`${sql.placeholder('topicId')}::int`))
    .prepare(withParent ? 'reply_context_parent' : 'reply_context');
}

/** Each database's two replyContext statements, built on first use (drizzle builds their SQL once). */
const replyContextStatements = oncePerDatabase((db) => ({ plain: buildReplyContext(db, false), withParent: buildReplyContext(db, true) }));

/** The topic (or 404), its board, the parent (null when it is not a post of this topic), the first post's author and the watched words' version, in one statement. */
async function replyContext(db: Db, topicId: number, parentId: number | null): Promise<ReplyContext> {
  const statements = replyContextStatements(db);
  const [row] = parentId === null
    ? await statements.plain.execute({ topicId })
    : await statements.withParent.execute({ topicId, parentId });
  if (!row) throw fail.notFound('There is no such topic.', '该主题不存在。');
  return { topic: row.topic, board: row.board, parent: row.parent, firstAuthorId: row.firstAuthorId, wordsVersion: Number(row.wordsVersion) };
}

/**
 * A reply's context without a parent (the topic, its board, the first post's author, the
 * watched words' version) as one json value, for the session lookup to read in its statement
 * (resolveSession's `along`): a reply to a topic then costs one statement fewer.
 */
export function replyContextAlong(topicId: number): SessionAlong {
  return {
    value: sql`(select json_build_object('topic', row_to_json(t), 'board', json_build_object('id', b.id, 'slug', b.slug, 'reviewBeforePublish', b.review_before_publish),
        'firstAuthorId', fp.author_id, 'wordsVersion', ${watchedWordsVersionSql()})
      from topics t join boards b on b.id = t.board_id left join posts fp on fp.id = t.first_post_id
      where t.id = ${topicId}::int)`,
  };
}

/** What replyContextAlong answered, as replyContext answers it (404 when there is no such topic). */
function replyContextFrom(value: unknown): ReplyContext {
  if (value === null || value === undefined) throw fail.notFound('There is no such topic.', '该主题不存在。');
  const read = value as { topic: Record<string, unknown>; board: ReplyContext['board']; firstAuthorId: number | null; wordsVersion: unknown };
  return { topic: rowFrom(topics, read.topic), board: read.board, parent: null, firstAuthorId: read.firstAuthorId, wordsVersion: Number(read.wordsVersion) };
}

/** The column names of a post row, for a raw statement's `returning`. */
const POST_COLUMN_LIST = sql.raw(Object.values(postColumns).map((c) => `"${c.name}"`).join(', '));

/** What writeReply wrote and read back, all from the rows its statement returned. */
interface WrittenReply {
  topic: TopicRow;
  /** Null when the topic is locked (and the writer no moderator): nothing was written. */
  post: PostRow | null;
  /** The parent as presented publicly after its reply count went up; null for a reply to the topic. */
  parent: PostView | null;
  notifications: NotificationRow[];
  topicAuthor: UserRef | null;
  firstPost: FirstPostStart | null;
  visit: VisitSummaryView | null;
}

/** The start of a topic's first post, for its excerpt. */
export interface FirstPostStart {
  authorId: number;
  hidden: boolean;
  start: string;
}

/**
 * Writes a published reply in one statement: the topic's counters (locking its row), the
 * post with its id and thread path, the parent's reply count, the cleared draft and the
 * notifications, and reads back what presenting them needs (the topic's author and first
 * post, the parent's author and reactions). Answers null when the topic is gone; the post is
 * written only when the topic is unlocked or the author a moderator.
 */
async function writeReply(
  tx: Tx,
  input: { topicId: number; parent: PostRow | null; author: UserRow; body: string; html: string; now: Date; notify: NotifyTargets },
): Promise<WrittenReply | null> {
  const { topicId, parent, author, now } = input;
  const at = sql`${now.toISOString()}::timestamptz`;
  const prefix = parent ? pathLiteral(childPath(parent, 0).slice(0, -1)) : '{}';
  const mayWrite = hasRole(author, 'moderator') ? sql`true` : sql`not upd.locked`;
  const notify = notificationInsert(sql`(select id from ins)`, topicId, author.id, input.notify);
  // Prepared (queryRows): its text takes a few dozen shapes at most (a parent or not, a
  // moderator or not, whom it notifies: the reply's target and up to MAX_MENTIONS mentions).
  const parts: SQL[] = [
    sql`upd as (
      update topics set post_count = post_count + 1, last_post_at = greatest(last_post_at, ${at})
      where id = ${topicId}::int
      returning *)`,
    sql`ins as (
      insert into posts (id, topic_id, parent_id, author_id, body, html, depth, path, search_vector, created_at)
      select n.id, upd.id, ${parent?.id ?? null}::int, ${author.id}::int, ${input.body}::text, ${input.html}::text,
        ${parent ? parent.depth + 1 : 0}::int, ${prefix}::int[] || n.id, ${searchVectorSql(null, input.body)}, ${at}
      from upd, (select nextval(pg_get_serial_sequence('posts', 'id'))::int as id) n
      where ${mayWrite}
      returning ${POST_COLUMN_LIST})`,
    sql`pf as (insert into post_filters (post_id, board_id, kind) select ins.id, upd.board_id, upd.kind from ins, upd)`,
    sql`dr as (
      delete from drafts where user_id = ${author.id}::int and scope = ${replyDraftScope(topicId)}::text and exists (select 1 from ins))`,
  ];
  if (parent) {
    parts.push(sql`par as (
      update posts set reply_count = reply_count + 1 where id = ${parent.id}::int and exists (select 1 from ins)
      returning ${POST_COLUMN_LIST})`);
  }
  if (notify) parts.push(sql`notif as (${notify})`);
  const [raw] = await queryRows<{
    topic: unknown; post: unknown; parent: unknown; parent_author: unknown; parent_reactions: unknown;
    notifications: unknown; topic_author: unknown; first_post: unknown; visit: unknown;
  }>(tx, sql`with ${sql.join(parts, sql`, `)}
    select
      (select row_to_json(upd) from upd) as topic,
      (select row_to_json(ins) from ins) as post,
      ${parent ? sql`(select row_to_json(par) from par)` : sql`null::json`} as parent,
      ${parent ? userRefJson(sql`${parent.authorId}::int`) : sql`null::json`} as parent_author,
      ${parent ? reactionCountsJson(sql`${parent.id}::int`) : sql`null::json`} as parent_reactions,
      ${notify ? sql`(select coalesce(json_agg(notif), '[]'::json) from notif)` : sql`'[]'::json`} as notifications,
      ${userRefJson(sql`(select author_id from upd)`)} as topic_author,
      ${firstPostJson(sql`(select first_post_id from upd)`)} as first_post,
      ${visitSummaryJson(sql`(select visit_id from upd)`)} as visit`, { prepared: true });
  if (!raw || raw.topic === null) return null;
  const post = raw.post === null ? null : rowFrom<typeof posts, PostRow>(posts, jsonValue(raw.post));
  let parentView: PostView | null = null;
  if (parent && raw.parent !== null) {
    const parentRow = rowFrom<typeof posts, PostRow>(posts, jsonValue(raw.parent));
    const ref = jsonValue<UserRef | null>(raw.parent_author);
    parentView = presentPost(parentRow, {
      authors: new Map(ref ? [[ref.id, ref]] : []),
      reactions: new Map([[parentRow.id, jsonValue<Partial<Record<ReactionKind, number>>>(raw.parent_reactions)]]),
    }, null);
  }
  return {
    topic: rowFrom(topics, jsonValue(raw.topic)),
    post,
    parent: parentView,
    notifications: jsonValue<Record<string, unknown>[]>(raw.notifications).map((n) => rowFrom<typeof notifications, NotificationRow>(notifications, n)),
    topicAuthor: jsonValue<UserRef | null>(raw.topic_author),
    firstPost: jsonValue<FirstPostStart | null>(raw.first_post),
    visit: jsonValue<VisitSummaryView | null>(raw.visit),
  };
}

/** A user's reference (`{id, username, displayName}`) as json, or null. */
export function userRefJson(id: SQL): SQL {
  return sql`(select json_build_object('id', u.id, 'username', u.username, 'displayName', u.display_name) from users u where u.id = ${id})`;
}

/** A post's reaction counts by kind as a json object. */
function reactionCountsJson(postId: SQL): SQL {
  return sql`(select coalesce(json_object_agg(r.kind, r.n), '{}'::json) from (
    select kind, count(*)::int as n from post_reactions where post_id = ${postId} group by kind) r)`;
}

/** The start of a first post (author, hidden, its first 600 characters) as json, or null. */
function firstPostJson(postId: SQL): SQL {
  return sql`(select json_build_object('authorId', p.author_id, 'hidden', p.hidden, 'start', left(p.body, 600)) from posts p where p.id = ${postId})`;
}

/** A linked visit's summary (place and date, never its findings) as json, or null. */
export function visitSummaryJson(visitId: SQL): SQL {
  return sql`(select json_build_object('id', v.id, 'placeId', v.place_id, 'placeName', pl.name, 'visitedOn', v.visited_on::text, 'activity', v.activity)
    from visits v join places pl on pl.id = v.place_id where v.id = ${visitId})`;
}

/** An int[] literal PostgreSQL reads the same way on both drivers. */
export function pathLiteral(path: number[]): string {
  return `{${path.map((n) => Math.trunc(n)).join(',')}}`;
}

const EXCERPT_LENGTH = 160;

/**
 * Presents a topic just written, as the public sees it (the payload of `topic:updated`), from
 * the rows the write returned: the same shape and excerpt rule as the loader's presentTopics.
 */
export function presentWrittenTopic(
  row: TopicRow,
  parts: { slug: string; author: UserRef | null; first: FirstPostStart | null; visit: VisitSummaryView | null },
  viewer: Viewer = null,
): TopicView {
  let excerpt: string | null = null;
  if (parts.first && !(parts.first.hidden && !canSeeHidden(viewer, parts.first.authorId))) {
    const chars = Array.from(plainText(parts.first.start));
    excerpt = chars.length > EXCERPT_LENGTH ? `${chars.slice(0, EXCERPT_LENGTH).join('')}…` : chars.join('');
  }
  return presentTopic(row, {
    boardSlugs: new Map([[row.boardId, parts.slug]]),
    authors: new Map(parts.author ? [[parts.author.id, parts.author]] : []),
    excerpts: new Map([[row.id, excerpt]]),
    visits: new Map(parts.visit ? [[parts.visit.id, parts.visit]] : []),
  }, viewer);
}

/** 423 TOPIC_LOCKED: a locked topic takes no new replies or edits (but from moderators); the message gives the reason. */
export function lockedError(reason: string | null): AppError {
  return new AppError('TOPIC_LOCKED', reason
    ? { en: `This topic is locked: no new replies or edits. Reason: ${reason}`, zh: `该主题已锁定，不能回复或编辑。原因：${reason}` }
    : { en: 'This topic is locked: no new replies or edits.', zh: '该主题已锁定，不能回复或编辑。' });
}

/** Whom a reply to the topic itself answers: the author of its first post (also for a held reply approved later). */
export async function firstPostAuthor(db: DbOrTx, topic: TopicRow): Promise<number | null> {
  if (topic.firstPostId === null) return topic.authorId;
  const [first] = await db.select({ authorId: posts.authorId }).from(posts).where(eq(posts.id, topic.firstPostId));
  return first?.authorId ?? topic.authorId;
}

/**
 * Thread paths keep at most this many ids. Replies deeper than that share their ancestor's
 * prefix and follow one another by id: the thread flattens there, and index entries stay
 * small (a B-tree entry must fit in a third of a page).
 */
export const MAX_PATH_LENGTH = 100;

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

/** What inserting a post needs; the caller has updated the topic's and board's counters. */
export interface PostInsert {
  id: number;
  topicId: number;
  /** The topic's board and kind, copied into post_filters for filtered search. */
  boardId: number;
  kind: TopicKind;
  parent: PostRow | null;
  authorId: number;
  body: string;
  html: string;
  /** The topic's title, for a first post (indexed with weight A); null for a reply. */
  title: string | null;
  now: Date;
  /** Saved to wait for approval (先审后发). */
  held?: boolean;
}

/** Inserts a post row and answers it without its search vector. */
export async function insertPost(tx: Tx, input: PostInsert): Promise<PostRow> {
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
      held: input.held ?? false,
    })
    .returning(postColumns);
  if (!row) throw new Error('post insert returned nothing');
  await tx.insert(postFilters).values({ postId: row.id, boardId: input.boardId, kind: input.kind });
  return row;
}

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

/**
 * Records `post:created`, `post:updated` or `post:hidden` in the topic's room with the public
 * presentation (a hidden post travels without its body), inside the writer's transaction.
 */
export async function recordPostEvent(
  tx: Tx,
  type: 'post:created' | 'post:updated' | 'post:hidden',
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

/**
 * Edits a post (its author or a moderator): keeps the old body as a revision, re-renders,
 * re-indexes, notifies users newly mentioned, and records `post:updated`.
 */
export async function editPost(ctx: ServiceContext, user: UserRow, postId: number, input: { body: string }): Promise<PostView> {
  assertNotSilenced(user);
  const post = await getPostRow(ctx.db, postId);
  assertHeldVisible(post, user, 'post');
  const body = (await checkPostText(ctx.db, { body: cleanBody(input.body) }, { holdBlocks: true })).body;
  if (!canEditPost(user, post.authorId)) {
    throw fail.forbidden('Only the author or a moderator may edit this post.', '只有作者或版主可以编辑这个帖子。');
  }
  const topic = await getTopicRow(ctx.db, post.topicId);
  if (topic.locked && !hasRole(user, 'moderator')) throw lockedError(topic.lockReason);
  if (body === post.body) return presentOnePost(ctx.db, post, user);
  const rendered = await renderPostBody(ctx.db, body);
  const now = new Date();
  const { row, events } = await ctx.db.transaction(async (tx) => {
    await tx.insert(postRevisions).values({ postId: post.id, body: post.body, editedAt: now, editorId: user.id });
    const [updated] = await tx
      .update(posts)
      .set({
        body,
        html: rendered.html,
        editedAt: now,
        searchVector: searchVectorSql(topic.firstPostId === post.id ? topic.title : null, body),
      })
      .where(eq(posts.id, post.id))
      .returning(postColumns);
    if (!updated) throw fail.notFound('There is no such post.', '该帖子不存在。');
    await recordUploadUses(tx, updated.id, body, now);
    // A held post is sent to no room and notifies nobody until it is approved.
    if (updated.held || topic.held) return { row: updated, events: [] };
    const recorded: RealtimeEvent[] = [await recordPostEvent(tx, 'post:updated', updated)];
    // Only mentions: a reply notified its parent's author when it was written. Users this
    // post already notified are skipped inside notifyForPost.
    if (!updated.hidden) {
      const author = updated.authorId === user.id ? user : await findUser(tx, updated.authorId);
      if (author) recorded.push(...(await notifyForPost(tx, updated, topic, author, { replyTo: null, mentions: rendered.mentions })));
    }
    if (topic.firstPostId === post.id) {
      // The topic's excerpt comes from its first post. (Board room last: the shared lock order.)
      const [board] = await tx.select({ slug: boards.slug }).from(boards).where(eq(boards.id, topic.boardId));
      recorded.push(...(await recordTopicUpdated(tx, topic.id, board?.slug ?? '')));
    }
    return { row: updated, events: recorded };
  });
  ctx.realtime.publish(events);
  return presentOnePost(ctx.db, row, user);
}

async function findUser(db: DbOrTx, id: number): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

/**
 * Gives (`on`) or takes back a reaction; idempotent. A change records `post:updated` with the
 * new counts. A hidden post takes reactions only from those who may see it.
 */
export async function setReaction(
  ctx: ServiceContext,
  user: UserRow,
  postId: number,
  kind: ReactionKind,
  on: boolean,
): Promise<PostView> {
  assertNotSilenced(user);
  const post = await getPostRow(ctx.db, postId);
  assertHeldVisible(post, user, 'post');
  if (post.hidden && !canSeeHidden(user, post.authorId)) {
    throw fail.forbidden('This post is hidden.', '该帖子已被隐藏。');
  }
  if (post.held) throw new AppError('CONFLICT', { en: 'This post waits for approval.', zh: '该帖子尚在审核中。' });
  const events = await ctx.db.transaction(async (tx) => {
    const changed = on
      ? await tx.insert(postReactions).values({ postId, userId: user.id, kind }).onConflictDoNothing().returning({ postId: postReactions.postId })
      : await tx
        .delete(postReactions)
        .where(and(eq(postReactions.postId, postId), eq(postReactions.userId, user.id), eq(postReactions.kind, kind)))
        .returning({ postId: postReactions.postId });
    if (changed.length === 0) return [];
    return [await recordPostEvent(tx, 'post:updated', post)];
  });
  ctx.realtime.publish(events);
  return presentOnePost(ctx.db, post, user);
}

/** One post as the viewer may see it (permalinks, quoting). */
export async function getPost(db: DbOrTx, postId: number, viewer: Viewer): Promise<PostView> {
  const row = await getPostRow(db, postId);
  assertHeldVisible(row, viewer, 'post');
  return presentOnePost(db, row, viewer);
}

/** A post's revisions, newest first; a hidden post's only to its author and moderators. */
export async function listRevisions(db: DbOrTx, postId: number, viewer: Viewer): Promise<RevisionView[]> {
  const post = await getPostRow(db, postId);
  assertHeldVisible(post, viewer, 'post');
  if (post.hidden && !canSeeHidden(viewer, post.authorId)) {
    throw fail.forbidden('This post is hidden; its history is visible only to its author and moderators.', '该帖子已被隐藏，只有作者和版主可以查看其修改记录。');
  }
  const rows = await db
    .select({ body: postRevisions.body, editedAt: postRevisions.editedAt, editorId: postRevisions.editorId })
    .from(postRevisions)
    .where(eq(postRevisions.postId, postId))
    .orderBy(desc(postRevisions.id));
  const editors = await loadAuthors(db, rows.map((r) => r.editorId));
  return rows.map((r) => ({
    body: r.body,
    editedAt: r.editedAt.toISOString(),
    editor: editors.get(r.editorId) ?? unknownUserRef(r.editorId),
  }));
}

/** Who reacted to a post, and how (oldest first). */
export async function listReactors(db: DbOrTx, postId: number): Promise<ReactorView[]> {
  await getPostRow(db, postId);
  const rows = await db
    .select({ kind: postReactions.kind, id: users.id, username: users.username, displayName: users.displayName })
    .from(postReactions)
    .innerJoin(users, eq(users.id, postReactions.userId))
    .where(eq(postReactions.postId, postId))
    .orderBy(asc(postReactions.createdAt), asc(postReactions.userId))
    .limit(1000);
  return rows.map((r) => ({ kind: r.kind, user: presentUserRef(r) }));
}

/** The composer's live preview: the same renderer posts are stored with, held to the same length. */
export function previewMarkdown(body: string): PreviewView {
  if (body.length > BODY_MAX_LENGTH) {
    throw fail.validation('body', `body must be at most ${BODY_MAX_LENGTH} characters.`, `正文最多 ${BODY_MAX_LENGTH} 个字符。`);
  }
  return renderMarkdown(body);
}
