import type { BoardRow } from '../db/schema';

/** The public shape of a board. */
export interface BoardView {
  id: number;
  slug: string;
  name: string;
  description: string;
  topicCount: number;
  postCount: number;
  lastPostAt: string | null;
  /** 先审后发: new topics and replies wait for a moderator's approval. */
  reviewBeforePublish: boolean;
}

/** Presents a board row. */
export function presentBoard(row: BoardRow): BoardView {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    topicCount: row.topicCount,
    postCount: row.postCount,
    lastPostAt: row.lastPostAt ? row.lastPostAt.toISOString() : null,
    reviewBeforePublish: row.reviewBeforePublish,
  };
}
