import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { boards, drafts, postReactions, postRevisions, posts, topics, users, type PostRow, type TopicRow, type UserRow } from '../db/schema';
import type { ReactionKind } from '../domain/forum';
import { AppError, fail } from '../errors';
import { hasRole } from '../domain/roles';
import { renderMarkdown } from '../markdown/render-markdown';
import { presentAuthor, type AuthorRef, type PostView } from '../presenters/post.presenter';
import { canSeeHidden, type Viewer } from '../domain/roles';
import { loadAuthors, postColumns, presentOnePost } from './forum-present';
import { insertPost, latest, nextPostId, notifyForPost, presentNewPost, recordPostEvent, recordTopicUpdated, searchVectorSql } from './forum-write';
import { recordEvent, rooms, type RealtimeEvent } from '../realtime/events';
import { cleanBody, getTopicRow } from './topics';
import type { ServiceContext } from './service-context';

/** A post row by id, or 404. */
export async function getPostRow(db: DbOrTx, id: number): Promise<PostRow> {
  const [row] = await db.select(postColumns).from(posts).where(eq(posts.id, id));
  if (!row) throw fail.notFound('There is no such post.', '该帖子不存在。');
  return row;
}

function lockedError(): AppError {
  return new AppError('TOPIC_LOCKED', { en: 'This topic is locked: no new replies or edits.', zh: '该主题已锁定，不能回复或编辑。' });
}

/**
 * Adds a reply to a topic (to the topic, or to any post of it with `parentId`): counters,
 * the reply, the cleared draft, reply and mention notifications and events in one
 * transaction; events published after commit. A locked topic takes replies from moderators only.
 */
export async function createPost(
  ctx: ServiceContext,
  user: UserRow,
  topicId: number,
  input: { body: string; parentId?: number | null },
): Promise<PostView> {
  const body = cleanBody(input.body);
  const topic = await getTopicRow(ctx.db, topicId);
  if (topic.locked && !hasRole(user, 'moderator')) throw lockedError();
  let parent: PostRow | null = null;
  if (input.parentId != null) {
    const [found] = await ctx.db.select(postColumns).from(posts).where(eq(posts.id, input.parentId));
    if (!found || found.topicId !== topic.id) {
      throw fail.validation('parentId', 'parentId must be a post of the same topic.', '所回复的帖子必须属于同一主题。');
    }
    parent = found;
  }
  const rendered = renderMarkdown(body);
  const now = new Date();
  // Lock order shared by every writer: topic row, post rows, topic room, user rooms, board
  // row, board room; the board row (shared by every post of a board) is held only at the end.
  const { row, events } = await ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .update(topics)
      .set({ postCount: sql`${topics.postCount} + 1`, lastPostAt: latest(topics.lastPostAt, now) })
      .where(eq(topics.id, topic.id))
      .returning();
    if (!current) throw fail.notFound('There is no such topic.', '该主题不存在。');
    // A moderator may have locked the topic since it was read above; the row is locked now.
    if (current.locked && !hasRole(user, 'moderator')) throw lockedError();
    const id = await nextPostId(tx);
    const post = await insertPost(tx, { id, topicId: topic.id, parent, authorId: user.id, body, html: rendered.html, title: null, now });
    let parentRow: PostRow | undefined;
    if (parent) {
      [parentRow] = await tx
        .update(posts)
        .set({ replyCount: sql`${posts.replyCount} + 1` })
        .where(eq(posts.id, parent.id))
        .returning(postColumns);
    }
    await tx.delete(drafts).where(and(eq(drafts.userId, user.id), eq(drafts.scope, `topic:${topic.id}`)));
    const recorded: RealtimeEvent[] = [await recordEvent(tx, rooms.topic(topic.id), 'post:created', presentNewPost(post, user, null))];
    if (parentRow) recorded.push(await recordPostEvent(tx, 'post:updated', parentRow));
    const answered = parent ? parent.authorId : await firstPostAuthor(tx, current);
    recorded.push(...(await notifyForPost(tx, post, current, user, { replyTo: answered, mentions: rendered.mentions })));
    const [board] = await tx
      .update(boards)
      .set({ postCount: sql`${boards.postCount} + 1`, lastPostAt: latest(boards.lastPostAt, now) })
      .where(eq(boards.id, current.boardId))
      .returning({ slug: boards.slug });
    recorded.push(...(await recordTopicUpdated(tx, topic.id, board?.slug ?? '')));
    return { row: post, events: recorded };
  });
  ctx.realtime.publish(events);
  return presentNewPost(row, user, user);
}

async function firstPostAuthor(db: DbOrTx, topic: TopicRow): Promise<number | null> {
  if (topic.firstPostId === null) return topic.authorId;
  const [first] = await db.select({ authorId: posts.authorId }).from(posts).where(eq(posts.id, topic.firstPostId));
  return first?.authorId ?? topic.authorId;
}

/**
 * Edits a post (its author or a moderator): keeps the old body as a revision, re-renders,
 * re-indexes, notifies users newly mentioned, and records `post:updated`.
 */
export async function editPost(ctx: ServiceContext, user: UserRow, postId: number, input: { body: string }): Promise<PostView> {
  const body = cleanBody(input.body);
  const post = await getPostRow(ctx.db, postId);
  const moderator = hasRole(user, 'moderator');
  if (post.authorId !== user.id && !moderator) {
    throw fail.forbidden('Only the author or a moderator may edit this post.', '只有作者或版主可以编辑这个帖子。');
  }
  const topic = await getTopicRow(ctx.db, post.topicId);
  if (topic.locked && !moderator) throw lockedError();
  if (body === post.body) return presentOnePost(ctx.db, post, user);
  const rendered = renderMarkdown(body);
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

/** One revision of a post: the body as it was before an edit, when and by whom it was edited. */
export interface RevisionView {
  body: string;
  editedAt: string;
  editor: AuthorRef;
}

/** A post's revisions, newest first; a hidden post's only to its author and moderators. */
export async function listRevisions(db: DbOrTx, postId: number, viewer: Viewer): Promise<RevisionView[]> {
  const post = await getPostRow(db, postId);
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
    editor: editors.get(r.editorId) ?? { id: r.editorId, username: '', displayName: '' },
  }));
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
  const post = await getPostRow(ctx.db, postId);
  if (post.hidden && !canSeeHidden(user, post.authorId)) {
    throw fail.forbidden('This post is hidden.', '该帖子已被隐藏。');
  }
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

/** Who reacted to a post, and how (oldest first). */
export async function listReactors(db: DbOrTx, postId: number): Promise<{ kind: ReactionKind; user: AuthorRef }[]> {
  await getPostRow(db, postId);
  const rows = await db
    .select({ kind: postReactions.kind, id: users.id, username: users.username, displayName: users.displayName })
    .from(postReactions)
    .innerJoin(users, eq(users.id, postReactions.userId))
    .where(eq(postReactions.postId, postId))
    .orderBy(asc(postReactions.createdAt), asc(postReactions.userId))
    .limit(1000);
  return rows.map((r) => ({ kind: r.kind, user: presentAuthor(r) }));
}

/** The composer's live preview: the same renderer posts are stored with. */
export function previewMarkdown(body: string): { html: string; mentions: string[] } {
  return renderMarkdown(body);
}
