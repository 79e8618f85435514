import type { DraftRow } from '../db/schema';

/** A composer draft as the composer gets it back. */
export interface DraftView {
  scope: string;
  title: string;
  body: string;
  updatedAt: string;
}

/** Presents a draft row. */
export function presentDraft(row: DraftRow): DraftView {
  return { scope: row.scope, title: row.title, body: row.body, updatedAt: row.updatedAt.toISOString() };
}
