import type { PostRow } from '../db/schema';
import { REACTION_KINDS, type ReactionKind } from '../domain/forum';
import type { FlagReason } from '../domain/moderation';
import { canSeeHidden, type Viewer } from '../domain/roles';
import { unknownUserRef, type UserRef } from './user.presenter';

/** A post as API.md shows it, with the thread fields the topic tree needs. */
export interface PostView {
  id: number;
  topicId: number;
  parentId: number | null;
  author: UserRef;
  /** The markdown source; null when the post is hidden from this viewer. */
  body: string | null;
  /** Sanitised HTML; null when the post is hidden from this viewer. */
  html: string | null;
  reactions: Record<ReactionKind, number>;
  hidden: boolean;
  /** Waits for a moderator's approval; only its author and moderators ever receive a held post. */
  held: boolean;
  createdAt: string;
  editedAt: string | null;
  depth: number;
  replyCount: number;
  /** The reactions the signed-in viewer gave; absent for anonymous viewers and in events. */
  myReactions?: ReactionKind[];
  /** The signed-in viewer's open flag on this post, or null; absent for anonymous viewers and in events. */
  myFlag?: MyFlagView | null;
  /**
   * The hide of a hidden post (its mod-log id, to appeal it, with the reason and time), for its
   * author and moderators only; absent for everyone else, for posts not hidden, and in events.
   */
  hiddenAction?: HiddenActionView | null;
}

/** The moderation action that hid a post, as its author and moderators see it. */
export interface HiddenActionView {
  logId: number;
  reason: string | null;
  at: string;
}

/** The viewer's own open flag on a post. */
export interface MyFlagView {
  id: number;
  reason: FlagReason;
  note: string | null;
  createdAt: string;
}

/** What presenting a post needs besides its row. */
export interface PostRelations {
  authors: Map<number, UserRef>;
  /** Reaction counts per post id. */
  reactions: Map<number, Partial<Record<ReactionKind, number>>>;
  /** The viewer's own reactions per post id (only for a signed-in viewer). */
  mine?: Map<number, ReactionKind[]>;
  /** The viewer's own open flags per post id (only for a signed-in viewer). */
  myFlags?: Map<number, MyFlagView>;
  /** The latest hide per hidden post id the viewer may see (author or moderator); loaded only when there is one. */
  hiddenActions?: Map<number, HiddenActionView>;
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
    author: rel.authors.get(row.authorId) ?? unknownUserRef(row.authorId),
    body: visible ? row.body : null,
    html: visible ? row.html : null,
    reactions: reactionCounts(rel.reactions.get(row.id)),
    hidden: row.hidden,
    held: row.held,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt ? row.editedAt.toISOString() : null,
    depth: row.depth,
    replyCount: row.replyCount,
  };
  if (viewer !== null && rel.mine) view.myReactions = rel.mine.get(row.id) ?? [];
  if (viewer !== null && rel.myFlags) view.myFlag = rel.myFlags.get(row.id) ?? null;
  if (row.hidden && visible && viewer !== null && rel.hiddenActions) view.hiddenAction = rel.hiddenActions.get(row.id) ?? null;
  return view;
}

/** One revision of a post: the body as it was before an edit, when and by whom it was edited. */
export interface RevisionView {
  body: string;
  editedAt: string;
  editor: UserRef;
}

/** Who gave a post a reaction, and which. */
export interface ReactorView {
  kind: ReactionKind;
  user: UserRef;
}

/** The composer's live preview: the HTML exactly as the post would be stored, and who it mentions. */
export interface PreviewView {
  html: string;
  /** Mentioned usernames, lower-cased. */
  mentions: string[];
}
