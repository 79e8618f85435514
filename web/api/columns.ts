import type { ColumnPageView, ColumnView, EditionPageView, EditionView } from '../../server/presenters/column.presenter';
import type { UserRef } from '../../server/presenters/user.presenter';
import type { TopicKind } from '../../server/domain/forum';
import { api, apiPath } from './client';

/*
 * The shapes of the columns API (issue 12's contract, API.md from POST /api/columns on), as the
 * web reads them, and the few look-ups several column pages share.
 */

export type { ColumnView, EditionView, EditionItemView, EditionLogView, UsedInView } from '../../server/presenters/column.presenter';
/** GET /api/columns/:slug */
export type ColumnDetailView = ColumnPageView;
/** GET /api/editions/:id */
export type EditionDetailView = EditionPageView;
/** A user as the columns API names editors. */
export type ColumnUserView = UserRef;

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
