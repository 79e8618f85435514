import type { PostRow, UserRow } from '../db/schema';
import type { ReactionKind } from '../domain/forum';
import { REACTION_KINDS } from '../domain/forum';
import { canSeeHidden, type Viewer } from '../domain/roles';

/** A user as posts, topics and notifications name them. */
export interface AuthorRef {
  id: number;
  username: string;
  displayName: string;
}

/** Presents a user as a short reference. */
export function presentAuthor(row: Pick<UserRow, 'id' | 'username' | 'displayName'>): AuthorRef {
  return { id: row.id, username: row.username, displayName: row.displayName };
}

/** A post as API.md shows it, with the thread fields the topic tree needs. */
export interface PostView {
  id: number;
  topicId: number;
  parentId: number | null;
  author: AuthorRef;
  /** The markdown source; null when the post is hidden from this viewer. */
  body: string | null;
  /** Sanitised HTML; null when the post is hidden from this viewer. */
  html: string | null;
  reactions: Record<ReactionKind, number>;
  hidden: boolean;
  createdAt: string;
  editedAt: string | null;
  depth: number;
  replyCount: number;
  /** The reactions the signed-in viewer gave; absent for anonymous viewers and in events. */
  myReactions?: ReactionKind[];
}

/** What presenting a post needs besides its row. */
export interface PostRelations {
  authors: Map<number, AuthorRef>;
  /** Reaction counts per post id. */
  reactions: Map<number, Partial<Record<ReactionKind, number>>>;
  /** The viewer's own reactions per post id (only for a signed-in viewer). */
  mine?: Map<number, ReactionKind[]>;
}

/** Counts of every reaction kind, zero included. */
export function reactionCounts(counts: Partial<Record<ReactionKind, number>> | undefined): Record<ReactionKind, number> {
  const out = {} as Record<ReactionKind, number>;
  for (const kind of REACTION_KINDS) out[kind] = counts?.[kind] ?? 0;
  return out;
}

/**
 * Presents a post for one viewer. A hidden post keeps its place in the thread, but its body
 * and html are null for everyone but its author and moderators — in REST bodies and events.
 */
export function presentPost(row: PostRow, rel: PostRelations, viewer: Viewer): PostView {
  const visible = !row.hidden || canSeeHidden(viewer, row.authorId);
  const view: PostView = {
    id: row.id,
    topicId: row.topicId,
    parentId: row.parentId,
    author: rel.authors.get(row.authorId) ?? { id: row.authorId, username: '', displayName: '' },
    body: visible ? row.body : null,
    html: visible ? row.html : null,
    reactions: reactionCounts(rel.reactions.get(row.id)),
    hidden: row.hidden,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt ? row.editedAt.toISOString() : null,
    depth: row.depth,
    replyCount: row.replyCount,
  };
  if (viewer !== null && rel.mine) view.myReactions = rel.mine.get(row.id) ?? [];
  return view;
}
