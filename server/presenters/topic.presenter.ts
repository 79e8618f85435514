import type { TopicRow } from '../db/schema';
import type { TopicKind } from '../domain/forum';
import type { Page } from './page.presenter';
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
  locked: boolean;
  pinned: boolean;
  postCount: number;
  lastPostAt: string;
  createdAt: string;
  /** The start of the first post as plain text; null when that post is hidden from the viewer. */
  excerpt: string | null;
}

/** What presenting a topic needs besides its row. */
export interface TopicRelations {
  boardSlugs: Map<number, string>;
  authors: Map<number, UserRef>;
  /** Excerpts per topic id, already checked against the viewer. */
  excerpts: Map<number, string | null>;
}

/** Presents a topic row. */
export function presentTopic(row: TopicRow, rel: TopicRelations): TopicView {
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
    locked: row.locked,
    pinned: row.pinned,
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
}

/** POST /api/boards/:slug/topics: the new topic and its first post. */
export interface NewTopicView {
  topic: TopicView;
  post: PostView;
}
