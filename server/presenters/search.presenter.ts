import type { UserRef } from './user.presenter';

/** One search hit (GET /api/search): a post, its topic and a highlighted snippet. */
export interface SearchHitView {
  topicId: number;
  postId: number;
  title: string;
  /** Escaped HTML: the text around the first match, each match wrapped in <mark>. */
  snippet: string;
  boardSlug: string;
  author: UserRef;
  createdAt: string;
}
