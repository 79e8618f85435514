import type { EditionState, Outlet } from '../../server/domain/columns';
import type { TopicKind } from '../../server/domain/forum';
import type { PostView } from '../../server/presenters/post.presenter';
import { api, apiPath } from './client';

/*
 * The shapes of the columns API (issue 12's contract, API.md from POST /api/columns on), as the
 * web reads them, and the few look-ups several column pages share.
 */

/** A column (专栏) of an outlet. */
export interface ColumnView {
  id: number;
  slug: string;
  name: string;
  description: string;
  outlet: Outlet;
  outletName: string;
  /** The viewer edits it. */
  mine?: boolean;
  createdAt: string;
  updatedAt: string;
}

/** An edition (期) of a column. */
export interface EditionView {
  id: number;
  columnId: number;
  columnSlug: string;
  number: number;
  title: string;
  note: string;
  state: EditionState;
  publishAt: string | null;
  publishedAt: string | null;
  itemCount: number;
  createdAt: string;
  updatedAt: string;
}

/** A user as the columns API names editors and authors. */
export interface ColumnUserView {
  id: number;
  username: string;
  displayName: string;
  unit?: { id: number; name: string } | null;
}

/** One item of an edition. */
export interface EditionItemView {
  id: number;
  position: number;
  note: string;
  postId: number | null;
  topicId: number | null;
  title: string;
  withdrawn: boolean;
  post: PostView | null;
  author: ColumnUserView | null;
  visit: { confirmed: boolean; placeName: string; visitedOn: string } | null;
}

/** One row of an edition's log. */
export interface EditionLogView {
  id: number;
  action: 'schedule' | 'unschedule' | 'publish' | 'unpublish';
  reason: string | null;
  actor: ColumnUserView | null;
  createdAt: string;
}

/** GET /api/columns/:slug */
export interface ColumnDetailView {
  column: ColumnView;
  editors: ColumnUserView[];
  editions: EditionView[];
}

/** GET /api/editions/:id */
export interface EditionDetailView {
  edition: EditionView;
  column: ColumnView;
  items: EditionItemView[];
}

/** Where a post was used, on the topic and profile answers (published editions only). */
export interface UsedInView {
  columnSlug: string;
  columnName: string;
  outletName: string;
  editionNumber: number;
  editionTitle: string;
  publishedAt: string;
  url: string;
}

/** A draft edition the editor may add material to, with its column. */
export interface DraftEditionChoice {
  edition: EditionView;
  column: ColumnView;
}

/** The columns the viewer edits. */
export async function loadMyColumns(signal?: AbortSignal): Promise<ColumnView[]> {
  const answer = await api.get<{ items: ColumnView[] }>('/api/columns', signal ? { signal } : undefined);
  return answer.items.filter((c) => c.mine === true);
}

/** The draft editions of the viewer's columns, newest first: the desk's "add to" picker. */
export async function loadMyDraftEditions(signal?: AbortSignal): Promise<DraftEditionChoice[]> {
  const columns = await loadMyColumns(signal);
  const details = await Promise.all(
    columns.map((c) => api.get<ColumnDetailView>(apiPath`/api/columns/${c.slug}`, signal ? { signal } : undefined)),
  );
  return details
    .flatMap((d) => d.editions.filter((e) => e.state === 'draft').map((edition) => ({ edition, column: d.column })))
    .sort((a, b) => b.edition.updatedAt.localeCompare(a.edition.updatedAt));
}

/** The public page of one edition. */
export function editionHref(slug: string, number: number): string {
  return `/columns/${encodeURIComponent(slug)}/editions/${number}`;
}

/** What a credit calls a post of each kind (你的下乡心得…). */
export function creditKindKey(kind: TopicKind | string | null | undefined): 'credit.kind.field_note' | 'credit.kind.editor_diary' | 'credit.kind.field_impression' | 'credit.kind.post' {
  if (kind === 'field_note' || kind === 'editor_diary' || kind === 'field_impression') return `credit.kind.${kind}`;
  return 'credit.kind.post';
}
