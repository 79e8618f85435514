import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx, Tx } from '../../db/client';
import { boards, drafts, postReactions, postRevisions, posts, topics, users, type PostRow, type TopicRow, type UserRow } from '../../db/schema';
import { replyDraftScope, type ReactionKind } from '../../domain/forum';
import { BODY_MAX_LENGTH } from '../../domain/limits';
import { canEditPost, canSeeHidden, hasRole, type Viewer } from '../../domain/roles';
import { AppError, fail } from '../../errors';
import { renderMarkdown } from '../../markdown/render-markdown';
import type { PostView, PreviewView, ReactorView, RevisionView } from '../../presenters/post.presenter';
import { presentUserRef, unknownUserRef } from '../../presenters/user.presenter';
import { recordEvent, type RealtimeEvent } from '../../realtime/events';
import { rooms } from '../../realtime/rooms';
import { indexTokens, plainText } from '../../search/tokenize';
import type { ServiceContext } from '../service-context';
import { assertHeldVisible, getPostRow, getTopicRow, loadAuthors, postColumns, presentNewPost, presentOnePost, presentOneTopic } from './forum.loader';
import { notifyForPost } from './notification.service';
import { holdsByRule, openHeldItem } from '../moderation/held.service';
import { assertNotSilenced } from '../moderation/people.service';
import { checkPostText } from '../moderation/watched-word.service';
import { renderPostBody } from '../media/upload.service';

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
 */
export async function createPost(ctx: ServiceContext, user: UserRow, topicId: number, input: NewPostInput): Promise<PostView> {
  assertNotSilenced(user);
  const body = cleanBody(input.body);
  const topic = await getTopicRow(ctx.db, topicId);
  assertHeldVisible(topic, user, 'topic');
  if (topic.held) {
    throw new AppError('CONFLICT', { en: 'This topic waits for approval; replies open once it is published.', zh: '该主题尚在审核中，发布后才能回复。' });
  }
  if (topic.locked && !hasRole(user, 'moderator')) throw lockedError(topic.lockReason);
  let parent: PostRow | null = null;
  if (input.parentId != null) {
    const [found] = await ctx.db.select(postColumns).from(posts).where(eq(posts.id, input.parentId));
    if (!found || found.topicId !== topic.id || (found.held && !canSeeHidden(user, found.authorId))) {
      throw fail.validation('parentId', 'parentId must be a post of the same topic.', '所回复的帖子必须属于同一主题。');
    }
    parent = found;
  }
  const [board] = await ctx.db.select().from(boards).where(eq(boards.id, topic.boardId));
  const checked = await checkPostText(ctx.db, { body });
  const held = checked.hold || (board ? await holdsByRule(ctx.db, ctx, user, board) : false);
  const rendered = await renderPostBody(ctx.db, checked.body);
  const now = new Date();
  if (held) {
    // Held: saved and queued, but counted nowhere, sent nowhere, notifying nobody until approved.
    const { row: heldRow, events: heldEvents } = await ctx.db.transaction(async (tx) => {
      const [current] = await tx.select().from(topics).where(eq(topics.id, topic.id)).for('update');
      if (!current) throw fail.notFound('There is no such topic.', '该主题不存在。');
      if (current.locked && !hasRole(user, 'moderator')) throw lockedError(current.lockReason);
      const id = await nextPostId(tx);
      const post = await insertPost(tx, { id, topicId: topic.id, parent, authorId: user.id, body: checked.body, html: rendered.html, title: null, now, held: true });
      await tx.delete(drafts).where(and(eq(drafts.userId, user.id), eq(drafts.scope, replyDraftScope(topic.id))));
      return { row: post, events: await openHeldItem(tx, post, current) };
    });
    ctx.realtime.publish(heldEvents);
    return presentNewPost(heldRow, user, user);
  }
  const { row, events } = await ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .update(topics)
      .set({ postCount: sql`${topics.postCount} + 1`, lastPostAt: latest(topics.lastPostAt, now) })
      .where(eq(topics.id, topic.id))
      .returning();
    if (!current) throw fail.notFound('There is no such topic.', '该主题不存在。');
    // A moderator may have locked the topic since it was read above; the row is locked now.
    if (current.locked && !hasRole(user, 'moderator')) throw lockedError(current.lockReason);
    const id = await nextPostId(tx);
    const post = await insertPost(tx, { id, topicId: topic.id, parent, authorId: user.id, body: checked.body, html: rendered.html, title: null, now });
    let parentRow: PostRow | undefined;
    if (parent) {
      [parentRow] = await tx
        .update(posts)
        .set({ replyCount: sql`${posts.replyCount} + 1` })
        .where(eq(posts.id, parent.id))
        .returning(postColumns);
    }
    await tx.delete(drafts).where(and(eq(drafts.userId, user.id), eq(drafts.scope, replyDraftScope(topic.id))));
    const recorded: RealtimeEvent[] = [await recordEvent(tx, rooms.topic(topic.id), 'post:created', presentNewPost(post, user, null))];
    if (parentRow) recorded.push(await recordPostEvent(tx, 'post:updated', parentRow));
    const answered = parent ? parent.authorId : await firstPostAuthor(tx, current);
    recorded.push(...(await notifyForPost(tx, post, current, user, { replyTo: answered, mentions: rendered.mentions })));
    const [boardRow] = await tx
      .update(boards)
      .set({ postCount: sql`${boards.postCount} + 1`, lastPostAt: latest(boards.lastPostAt, now) })
      .where(eq(boards.id, current.boardId))
      .returning({ slug: boards.slug });
    recorded.push(...(await recordTopicUpdated(tx, topic.id, boardRow?.slug ?? '')));
    return { row: post, events: recorded };
  });
  ctx.realtime.publish(events);
  return presentNewPost(row, user, user);
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
