import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { boards, flags, places, postReactions, posts, topics, users, visits, type PostRow, type TopicRow, type UserRow } from '../../db/schema';
import type { ReactionKind } from '../../domain/forum';
import { canSeeHidden, hasRole, type Viewer } from '../../domain/roles';
import { fail } from '../../errors';
import { plainText } from '../../search/tokenize';
import { presentPost, type MyFlagView, type PostView } from '../../presenters/post.presenter';
import { presentTopic, type TopicView, type VisitSummaryView } from '../../presenters/topic.presenter';
import { presentUserRef, type UserRef } from '../../presenters/user.presenter';

/*
 * The forum's shared reads: a post or topic by id (or 404), and posts and topics presented
 * for one viewer with what presenting them needs, loaded in a few batched queries. Every
 * forum service (and the visit and place pages) presents posts and topics through here, so
 * what a viewer may not see stays hidden on every path.
 */

/** The columns of a post row (everything but the search vector, which is never read back). */
export const postColumns = {
  id: posts.id,
  topicId: posts.topicId,
  parentId: posts.parentId,
  authorId: posts.authorId,
  body: posts.body,
  html: posts.html,
  hidden: posts.hidden,
  held: posts.held,
  depth: posts.depth,
  path: posts.path,
  replyCount: posts.replyCount,
  createdAt: posts.createdAt,
  editedAt: posts.editedAt,
};

/**
 * The condition for the posts a viewer may receive in lists: a held post (先审后发) only by
 * its author and moderators; hidden posts stay listed (their bodies are nulled by the presenter).
 */
export function postsVisibleTo(viewer: Viewer): SQL | undefined {
  if (viewer !== null && hasRole(viewer, 'moderator')) return undefined;
  return viewer === null ? eq(posts.held, false) : or(eq(posts.held, false), eq(posts.authorId, viewer.id));
}

/** The condition for the topics a viewer may receive: a held topic only by its author and moderators. */
export function topicsVisibleTo(viewer: Viewer): SQL | undefined {
  if (viewer !== null && hasRole(viewer, 'moderator')) return undefined;
  return viewer === null ? eq(topics.held, false) : or(eq(topics.held, false), eq(topics.authorId, viewer.id));
}

/** 404 for a held post or topic the viewer may not see, as if it did not exist. */
export function assertHeldVisible(row: { held: boolean; authorId: number }, viewer: Viewer, what: 'post' | 'topic'): void {
  if (row.held && !canSeeHidden(viewer, row.authorId)) {
    throw what === 'post' ? fail.notFound('There is no such post.', '该帖子不存在。') : fail.notFound('There is no such topic.', '该主题不存在。');
  }
}

/** A post row by id, or 404. */
export async function getPostRow(db: DbOrTx, id: number): Promise<PostRow> {
  const [row] = await db.select(postColumns).from(posts).where(eq(posts.id, id));
  if (!row) throw fail.notFound('There is no such post.', '该帖子不存在。');
  return row;
}

/** A topic row by id, or 404. */
export async function getTopicRow(db: DbOrTx, id: number): Promise<TopicRow> {
  const [row] = await db.select().from(topics).where(eq(topics.id, id));
  if (!row) throw fail.notFound('There is no such topic.', '该主题不存在。');
  return row;
}

/** Loads short references of users by id, in one query. */
export async function loadAuthors(db: DbOrTx, ids: number[]): Promise<Map<number, UserRef>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map(rows.map((u) => [u.id, presentUserRef(u)]));
}

/** Presents post rows for one viewer: authors, reaction counts and the viewer's own reactions in three queries. */
export async function presentPosts(db: DbOrTx, rows: PostRow[], viewer: Viewer): Promise<PostView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [authors, counts, mine, flagged] = await Promise.all([
    loadAuthors(db, rows.map((r) => r.authorId)),
    db
      .select({ postId: postReactions.postId, kind: postReactions.kind, n: sql<number>`count(*)::int` })
      .from(postReactions)
      .where(inArray(postReactions.postId, ids))
      .groupBy(postReactions.postId, postReactions.kind),
    viewer
      ? db
        .select({ postId: postReactions.postId, kind: postReactions.kind })
        .from(postReactions)
        .where(and(inArray(postReactions.postId, ids), eq(postReactions.userId, viewer.id)))
      : Promise.resolve([]),
    viewer
      ? db
        .select({ id: flags.id, postId: flags.postId, reason: flags.reason, note: flags.note, createdAt: flags.createdAt })
        .from(flags)
        .where(and(inArray(flags.postId, ids), eq(flags.userId, viewer.id), eq(flags.status, 'open')))
      : Promise.resolve([]),
  ]);
  const myFlags = new Map<number, MyFlagView>(
    flagged.map((f) => [f.postId, { id: f.id, reason: f.reason, note: f.note, createdAt: f.createdAt.toISOString() }]),
  );
  const reactions = new Map<number, Partial<Record<ReactionKind, number>>>();
  for (const c of counts) reactions.set(c.postId, { ...reactions.get(c.postId), [c.kind]: Number(c.n) });
  const mineMap = new Map<number, ReactionKind[]>();
  for (const m of mine) mineMap.set(m.postId, [...(mineMap.get(m.postId) ?? []), m.kind]);
  return rows.map((row) => presentPost(row, { authors, reactions, mine: viewer ? mineMap : undefined, myFlags: viewer ? myFlags : undefined }, viewer));
}

/** Presents one post row for one viewer. */
export async function presentOnePost(db: DbOrTx, row: PostRow, viewer: Viewer): Promise<PostView> {
  const [view] = await presentPosts(db, [row], viewer);
  return view as PostView;
}

/**
 * Presents a post just written by `author`, without a query: it has no reactions yet. For
 * a null viewer this is the public presentation events carry.
 */
export function presentNewPost(row: PostRow, author: UserRow, viewer: Viewer): PostView {
  return presentPost(row, {
    authors: new Map([[author.id, presentUserRef(author)]]),
    reactions: new Map(),
    mine: viewer ? new Map() : undefined,
    myFlags: viewer ? new Map() : undefined,
  }, viewer);
}

const EXCERPT_LENGTH = 160;

/** Presents topic rows for one viewer: board slugs, authors and excerpts of first posts. */
export async function presentTopics(db: DbOrTx, rows: TopicRow[], viewer: Viewer): Promise<TopicView[]> {
  if (rows.length === 0) return [];
  const boardIds = [...new Set(rows.map((r) => r.boardId))];
  const firstIds = rows.map((r) => r.firstPostId).filter((id): id is number => id !== null);
  const visitIds = [...new Set(rows.map((r) => r.visitId).filter((id): id is number => id !== null))];
  const [boardRows, authors, firsts, visitRows] = await Promise.all([
    db.select({ id: boards.id, slug: boards.slug }).from(boards).where(inArray(boards.id, boardIds)),
    loadAuthors(db, rows.map((r) => r.authorId)),
    firstIds.length
      ? db
        .select({ id: posts.id, topicId: posts.topicId, authorId: posts.authorId, hidden: posts.hidden, start: sql<string>`left(${posts.body}, 600)` })
        .from(posts)
        .where(inArray(posts.id, firstIds))
      : Promise.resolve([]),
    visitIds.length
      ? db
        .select({ id: visits.id, placeId: visits.placeId, placeName: places.name, visitedOn: visits.visitedOn, activity: visits.activity })
        .from(visits)
        .innerJoin(places, eq(places.id, visits.placeId))
        .where(inArray(visits.id, visitIds))
      : Promise.resolve([]),
  ]);
  const visitSummaries = new Map<number, VisitSummaryView>(visitRows.map((v) => [v.id, v]));
  const excerpts = new Map<number, string | null>();
  for (const f of firsts) {
    if (f.hidden && !canSeeHidden(viewer, f.authorId)) excerpts.set(f.topicId, null);
    else {
      const chars = Array.from(plainText(f.start));
      excerpts.set(f.topicId, chars.length > EXCERPT_LENGTH ? `${chars.slice(0, EXCERPT_LENGTH).join('')}…` : chars.join(''));
    }
  }
  const boardSlugs = new Map(boardRows.map((b) => [b.id, b.slug]));
  return rows.map((row) => presentTopic(row, { boardSlugs, authors, excerpts, visits: visitSummaries }, viewer));
}

/** Presents one topic row for one viewer. */
export async function presentOneTopic(db: DbOrTx, row: TopicRow, viewer: Viewer): Promise<TopicView> {
  const [view] = await presentTopics(db, [row], viewer);
  return view as TopicView;
}
