/*
 * The shapes of the boards API (API.md "Boards, topics, posts") as the web app reads them,
 * following server/presenters/*.presenter.ts and server/routes/*\/*.schema.ts.
 */

// The shapes come from the server's presenters, the one definition of what the API sends.
import type { AuthorRef, PostView } from '../../server/presenters/post.presenter';
import type { TopicView } from '../../server/presenters/topic.presenter';
export type { AuthorRef, PostView, TopicView };
export type { BoardView } from '../../server/presenters/board.presenter';
export type { NotificationView } from '../../server/presenters/notification.presenter';

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
