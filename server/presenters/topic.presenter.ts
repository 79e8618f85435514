import type { TopicRow } from '../db/schema';
import type { TopicKind } from '../domain/forum';
import type { VisitClaimState } from '../domain/moderation';
import { canSeeHidden, type Viewer } from '../domain/roles';
import type { Page } from './page.presenter';
import type { UsedInView } from './column.presenter';
import type { PostView } from './post.presenter';
import { unknownUserRef, type UserRef } from './user.presenter';

/** A topic as API.md shows it, plus its board's slug, its author and an excerpt. */
export interface TopicView {
  id: number;
  boardId: number;
  boardSlug: string;
  title: string;
  kind: TopicKind;
  authorId: number;
  author: UserRef;
  visitId: number | null;
  visitConfirmed: boolean;
  /** The visit link's review: none, claimed (待核实), confirmed (实地走访), rejected. */
  visitClaim: VisitClaimState;
  /** What the page shows of the linked visit (never its findings); see TopicRelations.visits. */
  visit: VisitSummaryView | null;
  /** A moderator's note on the claim; only the author and moderators see it. */
  visitReviewNote: string | null;
  locked: boolean;
  /** Why the topic was locked, when a reason was given. */
  lockReason: string | null;
  pinned: boolean;
  /** The first post waits for approval; only its author and moderators ever receive a held topic. */
  held: boolean;
  postCount: number;
  lastPostAt: string;
  createdAt: string;
  /** The start of the first post as plain text; null when that post is hidden from the viewer. */
  excerpt: string | null;
}

/** The linked visit as a topic shows it: "实地走访 · <place> · <date>". */
export interface VisitSummaryView {
  id: number;
  placeId: number;
  placeName: string;
  visitedOn: string;
  /** The campaign activity id of the visit (a coordination fact, like its place and date). */
  activity: string;
}

/** What presenting a topic needs besides its row. */
export interface TopicRelations {
  boardSlugs: Map<number, string>;
  authors: Map<number, UserRef>;
  /** Excerpts per topic id, already checked against the viewer. */
  excerpts: Map<number, string | null>;
  /** Summaries of linked visits by visit id. */
  visits: Map<number, VisitSummaryView>;
}

/**
 * Presents a topic row for a viewer: the visit summary shows for a claimed or confirmed link
 * (to the author and moderators also for a rejected one); the review note only to them.
 */
export function presentTopic(row: TopicRow, rel: TopicRelations, viewer: Viewer): TopicView {
  const insider = canSeeHidden(viewer, row.authorId);
  const showVisit = row.visitId !== null && (row.visitClaim === 'claimed' || row.visitClaim === 'confirmed' || insider);
  return {
    id: row.id,
    boardId: row.boardId,
    boardSlug: rel.boardSlugs.get(row.boardId) ?? '',
    title: row.title,
    kind: row.kind,
    authorId: row.authorId,
    author: rel.authors.get(row.authorId) ?? unknownUserRef(row.authorId),
    visitId: row.visitId,
    visitConfirmed: row.visitConfirmed,
    visitClaim: row.visitClaim,
    visit: showVisit && row.visitId !== null ? rel.visits.get(row.visitId) ?? null : null,
    visitReviewNote: insider ? row.visitReviewNote : null,
    locked: row.locked,
    lockReason: row.locked ? row.lockReason : null,
    pinned: row.pinned,
    held: row.held,
    postCount: row.postCount,
    lastPostAt: row.lastPostAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    excerpt: rel.excerpts.get(row.id) ?? null,
  };
}

/** GET /api/topics/:id: the topic, the first page of its posts (oldest first) and its room's seq. */
export interface TopicPageView {
  topic: TopicView;
  posts: Page<PostView>;
  seq: number;
  /** The published media column editions that used its posts (被《…》采用), newest first. */
  usedIn: UsedInView[];
}

/** POST /api/boards/:slug/topics: the new topic and its first post. */
export interface NewTopicView {
  topic: TopicView;
  post: PostView;
}
