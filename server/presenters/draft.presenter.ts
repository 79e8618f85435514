import type { DraftRow } from '../db/schema';

/** A composer draft as the composer gets it back. */
export interface DraftView {
  scope: string;
  title: string;
  body: string;
  /** The post a reply draft answers; null: the topic (or a new topic). */
  parentId: number | null;
  updatedAt: string;
}

/** Presents a draft row. */
export function presentDraft(row: DraftRow): DraftView {
  return { scope: row.scope, title: row.title, body: row.body, parentId: row.parentId, updatedAt: row.updatedAt.toISOString() };
}
