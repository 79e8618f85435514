import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client';
import { boards, flags, places, postReactions, posts, topics, users, visits, type PostRow, type TopicRow, type UserRow } from '../../db/schema';
import type { ReactionKind } from '../../domain/forum';
import { canSeeHidden, hasRole, type Viewer } from '../../domain/roles';
import { fail } from '../../errors';
import { plainText } from '../../search/tokenize';
import { presentPost, type MyFlagView, type PostView } from '../../presenters/post.presenter';
import { loadHiddenActions } from '../moderation/hidden-action.loader';
import { presentTopic, type TopicView, type VisitSummaryView } from '../../presenters/topic.presenter';
import { presentUserRef, type UserRef } from '../../presenters/user.presenter';
import type { UsedInView } from '../../presenters/column.presenter';
import { usedInFromJson, usedInSubquery } from '../columns/column-usage.service';

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

/**
 * Presents post rows for one viewer: authors, reaction counts, the viewer's own reactions and
 * flags in four queries (and a fifth when a hidden post is among them for its author or a moderator).
 */
export async function presentPosts(db: DbOrTx, rows: PostRow[], viewer: Viewer): Promise<PostView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [authors, counts, mine, flagged, hiddenActions] = await Promise.all([
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
    loadHiddenActions(db, rows, viewer),
  ]);
  const myFlags = new Map<number, MyFlagView>(
    flagged.map((f) => [f.postId, { id: f.id, reason: f.reason, note: f.note, createdAt: f.createdAt.toISOString() }]),
  );
  const reactions = new Map<number, Partial<Record<ReactionKind, number>>>();
  for (const c of counts) reactions.set(c.postId, { ...reactions.get(c.postId), [c.kind]: Number(c.n) });
  const mineMap = new Map<number, ReactionKind[]>();
  for (const m of mine) mineMap.set(m.postId, [...(mineMap.get(m.postId) ?? []), m.kind]);
  return rows.map((row) => presentPost(row, {
    authors, reactions, mine: viewer ? mineMap : undefined, myFlags: viewer ? myFlags : undefined, hiddenActions,
  }, viewer));
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
    excerpts.set(f.topicId, f.hidden && !canSeeHidden(viewer, f.authorId) ? null : excerptOf(f.start));
  }
  const boardSlugs = new Map(boardRows.map((b) => [b.id, b.slug]));
  return rows.map((row) => presentTopic(row, { boardSlugs, authors, excerpts, visits: visitSummaries }, viewer));
}

/** Presents one topic row for one viewer. */
export async function presentOneTopic(db: DbOrTx, row: TopicRow, viewer: Viewer): Promise<TopicView> {
  const [view] = await presentTopics(db, [row], viewer);
  return view as TopicView;
}

/*
 * Reads that present in the same statement (issue 14 item 2): a page of posts with their
 * authors, reaction counts and, for a signed-in viewer, their own reactions and open flag;
 * topics with their board's slug, author, first-post excerpt and visit summary. A topic page
 * is then two statements (three with the session), whatever its size.
 */

/** A json column as the driver hands it: parsed already (both drivers parse json), or text. */
function parsedJson<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/**
 * Posts matching `where`, in `order`, at most `limit`, each presented for `viewer` — in one
 * statement: the author joined, the reaction counts, the viewer's reactions and open flag as
 * correlated subqueries over their primary-key and unique indexes (and a second one only when
 * the viewer may see a hidden post's hide: its author or a moderator).
 */
export async function selectPresentedPosts(
  db: DbOrTx,
  where: (SQL | undefined)[],
  order: SQL,
  limit: number,
  viewer: Viewer,
): Promise<PostView[]> {
  const viewerId = viewer?.id ?? null;
  const rows = await db
    .select({
      ...postColumns,
      authorUsername: users.username,
      authorDisplayName: users.displayName,
      reactions: sql<unknown>`(select json_object_agg(k.kind, k.n) from (select r.kind, count(*)::int as n from post_reactions r where r.post_id = ${posts.id} group by r.kind) k)`,
      mine: viewerId === null
        ? sql<unknown>`null`
        : sql<unknown>`(select json_agg(r.kind order by r.kind) from post_reactions r where r.post_id = ${posts.id} and r.user_id = ${viewerId})`,
      myFlag: viewerId === null
        ? sql<unknown>`null`
        : sql<unknown>`(select json_build_object('id', f.id, 'reason', f.reason, 'note', f.note, 'createdAt', f.created_at) from flags f where f.post_id = ${posts.id} and f.user_id = ${viewerId} and f.status = 'open' order by f.id desc limit 1)`,
    })
    .from(posts)
    .leftJoin(users, eq(users.id, posts.authorId))
    .where(and(...where))
    .orderBy(order)
    .limit(limit);
  const authors = new Map<number, UserRef>();
  const reactions = new Map<number, Partial<Record<ReactionKind, number>>>();
  const mine = new Map<number, ReactionKind[]>();
  const myFlags = new Map<number, MyFlagView>();
  for (const r of rows) {
    if (r.authorUsername !== null && r.authorDisplayName !== null) {
      authors.set(r.authorId, presentUserRef({ id: r.authorId, username: r.authorUsername, displayName: r.authorDisplayName }));
    }
    const counts = parsedJson<Partial<Record<ReactionKind, number>>>(r.reactions);
    if (counts) reactions.set(r.id, counts);
    const own = parsedJson<ReactionKind[]>(r.mine);
    if (own) mine.set(r.id, own);
    const flag = parsedJson<{ id: number; reason: MyFlagView['reason']; note: string | null; createdAt: string }>(r.myFlag);
    if (flag) myFlags.set(r.id, { ...flag, createdAt: new Date(flag.createdAt).toISOString() });
  }
  // A hidden post's hide, for its author and moderators only (a query only when such a post is here).
  const hiddenActions = await loadHiddenActions(db, rows, viewer);
  const rel = { authors, reactions, mine: viewer ? mine : undefined, myFlags: viewer ? myFlags : undefined, hiddenActions };
  return rows.map((r) => presentPost(r, rel, viewer));
}

const firstPosts = alias(posts, 'first_posts');

/** A topic row with what presenting it needs, as selectPresentedTopics reads it. */
export interface JoinedTopic {
  row: TopicRow;
  view: TopicView;
  /** The published column editions that used its posts; read only when asked for (`withUsedIn`). */
  usedIn: UsedInView[];
}

/**
 * Topics matching `where`, in `order`, at most `limit`, presented for `viewer` in one
 * statement: board slug, author, the start of the first post and the linked visit joined.
 * `seqRoom` adds that room's current seq to the same statement (same snapshot as the rows).
 */
export async function selectPresentedTopics(
  db: DbOrTx,
  where: (SQL | undefined)[],
  order: SQL[],
  limit: number,
  viewer: Viewer,
  seqRoom: string | null = null,
  withUsedIn = false,
): Promise<{ topics: JoinedTopic[]; seq: number }> {
  const rows = await db
    .select({
      topic: topics,
      boardSlug: boards.slug,
      authorUsername: users.username,
      authorDisplayName: users.displayName,
      firstAuthorId: firstPosts.authorId,
      firstHidden: firstPosts.hidden,
      firstStart: sql<string | null>`left(${firstPosts.body}, 600)`,
      visitPlaceId: visits.placeId,
      visitPlaceName: places.name,
      visitedOn: visits.visitedOn,
      visitActivity: visits.activity,
      seq: seqRoom === null ? sql<number>`0` : sql<number>`coalesce((select rr.seq from realtime_rooms rr where rr.room = ${seqRoom}), 0)`,
      usedIn: withUsedIn ? usedInSubquery(topics.id) : sql<unknown>`null`,
    })
    .from(topics)
    .leftJoin(boards, eq(boards.id, topics.boardId))
    .leftJoin(users, eq(users.id, topics.authorId))
    .leftJoin(firstPosts, eq(firstPosts.id, topics.firstPostId))
    .leftJoin(visits, eq(visits.id, topics.visitId))
    .leftJoin(places, eq(places.id, visits.placeId))
    .where(and(...where))
    .orderBy(...order)
    .limit(limit);
  const boardSlugs = new Map<number, string>();
  const authors = new Map<number, UserRef>();
  const excerpts = new Map<number, string | null>();
  const visitSummaries = new Map<number, VisitSummaryView>();
  for (const r of rows) {
    const t = r.topic;
    if (r.boardSlug !== null) boardSlugs.set(t.boardId, r.boardSlug);
    if (r.authorUsername !== null && r.authorDisplayName !== null) {
      authors.set(t.authorId, presentUserRef({ id: t.authorId, username: r.authorUsername, displayName: r.authorDisplayName }));
    }
    if (r.firstAuthorId !== null && r.firstStart !== null) {
      excerpts.set(t.id, r.firstHidden && !canSeeHidden(viewer, r.firstAuthorId) ? null : excerptOf(r.firstStart));
    }
    if (t.visitId !== null && r.visitPlaceId !== null && r.visitPlaceName !== null && r.visitedOn !== null && r.visitActivity !== null) {
      visitSummaries.set(t.visitId, { id: t.visitId, placeId: r.visitPlaceId, placeName: r.visitPlaceName, visitedOn: r.visitedOn, activity: r.visitActivity });
    }
  }
  const rel = { boardSlugs, authors, excerpts, visits: visitSummaries };
  return {
    topics: rows.map((r) => ({ row: r.topic, view: presentTopic(r.topic, rel, viewer), usedIn: usedInFromJson(r.usedIn) })),
    seq: Number(rows[0]?.seq ?? 0),
  };
}

/** The plain-text excerpt of a first post's start (EXCERPT_LENGTH characters, then an ellipsis). */
function excerptOf(start: string): string {
  const chars = Array.from(plainText(start));
  return chars.length > EXCERPT_LENGTH ? `${chars.slice(0, EXCERPT_LENGTH).join('')}…` : chars.join('');
}
