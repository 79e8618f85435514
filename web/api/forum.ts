/*
 * The shapes of the boards API (API.md "Boards, topics, posts") as the web app reads them,
 * following server/presenters/*.presenter.ts and server/routes/*\/*.schema.ts.
 */

/** The topic kinds: plain discussion and the three kinds of field writing. */
export const TOPIC_KINDS = ['discussion', 'field_note', 'editor_diary', 'field_impression'] as const;

/** One of TOPIC_KINDS. */
export type TopicKind = (typeof TOPIC_KINDS)[number];

/** The reactions a member may give a post. */
export const REACTION_KINDS = ['like', 'thanks', 'insightful'] as const;

/** One of REACTION_KINDS. */
export type ReactionKind = (typeof REACTION_KINDS)[number];

/** The most characters a post body may have (API.md "Text limits"). */
export const MAX_BODY_LENGTH = 50_000;

/** The most characters a title may have. */
export const MAX_TITLE_LENGTH = 200;

/** A user as posts, topics and notifications name them. */
export interface AuthorRef {
  id: number;
  username: string;
  displayName: string;
}

/** A board of GET /api/boards. */
export interface BoardView {
  id: number;
  slug: string;
  name: string;
  description: string;
  topicCount: number;
  postCount: number;
  lastPostAt: string | null;
}

/** A topic, with its board's slug, its author and an excerpt of its first post. */
export interface TopicView {
  id: number;
  boardId: number;
  boardSlug: string;
  title: string;
  kind: TopicKind;
  authorId: number;
  author: AuthorRef;
  visitId: number | null;
  visitConfirmed: boolean;
  locked: boolean;
  pinned: boolean;
  postCount: number;
  lastPostAt: string;
  createdAt: string;
  excerpt: string | null;
}

/** A post, with its place in the thread. `body` and `html` are null when hidden from the viewer. */
export interface PostView {
  id: number;
  topicId: number;
  parentId: number | null;
  author: AuthorRef;
  body: string | null;
  html: string | null;
  reactions: Record<ReactionKind, number>;
  hidden: boolean;
  createdAt: string;
  editedAt: string | null;
  depth: number;
  replyCount: number;
  /** The viewer's own reactions (signed-in viewers; absent in realtime events). */
  myReactions?: ReactionKind[];
}

/** One revision: the body as it was before an edit. */
export interface RevisionView {
  body: string;
  editedAt: string;
  editor: AuthorRef;
}

/** A server-side composer draft. */
export interface DraftView {
  scope: string;
  title: string;
  body: string;
  updatedAt: string;
}

/** A notification. */
export interface NotificationView {
  id: number;
  type: string;
  postId: number | null;
  topicId: number | null;
  actor: AuthorRef | null;
  createdAt: string;
  readAt: string | null;
  topicTitle: string | null;
}

/** One search hit; `snippet` is server-escaped HTML with <mark>. */
export interface SearchHit {
  topicId: number;
  postId: number;
  title: string;
  snippet: string;
  boardSlug: string;
  author: AuthorRef;
  createdAt: string;
}

/** GET /api/users/:username/profile */
export interface ProfileAnswer {
  user: { id: number; username: string; displayName: string; roles: string[]; unitId: number | null; createdAt: string };
  unit: { id: number; name: string } | null;
  postCount: number;
  topicCount: number;
  recentTopics: TopicView[];
  recentPosts: Array<PostView & { topicTitle: string }>;
}

/** The link to a post inside its topic page. */
export function postHref(topicId: number, postId: number | null): string {
  return postId === null ? `/t/${topicId}` : `/t/${topicId}#post-${postId}`;
}
