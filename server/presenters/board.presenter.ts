import type { BoardRow } from '../db/schema';
import { inLocale, type DataLocale, type LocalisedText } from '../domain/locale';

/**
 * The public shape of a board: `name` and `description` in the reader's language (English
 * falling back to Chinese), `names` and `descriptions` with both, for the board admin.
 */
export interface BoardView {
  id: number;
  slug: string;
  name: string;
  description: string;
  names: LocalisedText;
  descriptions: LocalisedText;
  topicCount: number;
  postCount: number;
  lastPostAt: string | null;
}

/** Presents a board row for a reader of `locale`. */
export function presentBoard(row: BoardRow, locale: DataLocale): BoardView {
  const names = { zh: row.name, en: row.nameEn };
  const descriptions = { zh: row.description, en: row.descriptionEn };
  return {
    id: row.id,
    slug: row.slug,
    name: inLocale(names, locale),
    description: inLocale(descriptions, locale),
    names,
    descriptions,
    topicCount: row.topicCount,
    postCount: row.postCount,
    lastPostAt: row.lastPostAt ? row.lastPostAt.toISOString() : null,
  };
}
