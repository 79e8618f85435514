import type { EditionLogRow, EditionRow, MediaColumnRow } from '../db/schema';
import type { EditionLogAction, EditionState, Outlet } from '../domain/columns';
import type { PostView } from './post.presenter';
import type { UserRef } from './user.presenter';

/** A media column (专栏) as the API shows it; `mine` says the viewer is one of its editors. */
export interface ColumnView {
  id: number;
  slug: string;
  name: string;
  description: string;
  outlet: Outlet;
  /** The outlet's own name with its brackets: 《衢州日报》. */
  outletName: string;
  createdAt: string;
  updatedAt: string;
  mine: boolean;
}

/** Presents a column row; `mine` when the viewer edits it. */
export function presentColumn(row: MediaColumnRow, mine: boolean): ColumnView {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    outlet: row.outlet,
    outletName: row.outletName,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    mine,
  };
}

/** An edition (期) of a column, with its state and how many items it holds. */
export interface EditionView {
  id: number;
  columnId: number;
  columnSlug: string;
  number: number;
  title: string;
  /** 编者按. */
  note: string;
  state: EditionState;
  publishAt: string | null;
  publishedAt: string | null;
  itemCount: number;
  createdAt: string;
  updatedAt: string;
}

/** Presents an edition row with its column's slug and its item count. */
export function presentEdition(row: EditionRow, columnSlug: string, itemCount: number): EditionView {
  return {
    id: row.id,
    columnId: row.columnId,
    columnSlug,
    number: row.number,
    title: row.title,
    note: row.note,
    state: row.state,
    publishAt: row.publishAt ? row.publishAt.toISOString() : null,
    publishedAt: row.publishedAt ? row.publishedAt.toISOString() : null,
    itemCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** An item's author: who wrote the post, with their unit. */
export interface EditionItemAuthorView extends UserRef {
  unit: { id: number; name: string } | null;
}

/** The visit behind an item's topic, as the builder shows it (the 实地走访 mark when confirmed). */
export interface EditionItemVisitView {
  confirmed: boolean;
  placeName: string;
  visitedOn: string;
}

/**
 * One item of an edition: its position and note, the post as the viewer may see it (a hidden
 * post's body is null unless the viewer is its author or a moderator), and what the page
 * shows of it. `withdrawn` when the post is gone (deleted): the item keeps its place under
 * the title it had.
 */
export interface EditionItemView {
  id: number;
  position: number;
  note: string;
  postId: number | null;
  topicId: number | null;
  title: string;
  withdrawn: boolean;
  post: PostView | null;
  author: EditionItemAuthorView | null;
  visit: EditionItemVisitView | null;
}

/** GET /api/editions/:id: the edition, its column and its items in order. */
export interface EditionPageView {
  edition: EditionView;
  column: ColumnView;
  items: EditionItemView[];
}

/** GET /api/columns/:slug: the column, its editors and the editions the viewer may see. */
export interface ColumnPageView {
  column: ColumnView;
  editors: UserRef[];
  editions: EditionView[];
}

/** One row of an edition's log: who changed its state, when and why. */
export interface EditionLogView {
  id: number;
  action: EditionLogAction;
  reason: string | null;
  /** Null when the scheduler published it. */
  actor: UserRef | null;
  createdAt: string;
}

/** Presents an edition log row with its actor. */
export function presentEditionLog(row: EditionLogRow, actor: UserRef | null): EditionLogView {
  return { id: row.id, action: row.action, reason: row.reason, actor, createdAt: row.createdAt.toISOString() };
}

/** Where a post was used: one published edition (the topic's "被《…》采用" line, the profile's 用稿 list). */
export interface UsedInView {
  columnSlug: string;
  columnName: string;
  outletName: string;
  editionNumber: number;
  editionTitle: string;
  publishedAt: string;
  /** The edition's public page: /columns/<slug>/editions/<n>. */
  url: string;
}

/** The `column:changed` event in room `column:<id>`: an edition was published or taken back. Ids and states only. */
export interface ColumnChangedView {
  columnSlug: string;
  editionId: number;
  state: EditionState;
}
