import { AppError } from '../errors';
import { MAX_ID, isCalendarDate, isMomentInRange, textProblem } from '../domain/text';

/** `limit` and `cursor` of a list request (the schema has checked and defaulted `limit`). */
export interface PageQuery {
  limit: number;
  cursor?: string;
}

/**
 * Cuts a page from `limit + 1` rows read in list order: the first `limit` rows, and the
 * cursor of the last of them when there were more (null on the last page).
 */
export function cutPage<R>(rows: R[], limit: number, tag: string, key: (row: R) => (string | number)[]): { rows: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(tag, key(last)) : null };
}

/**
 * Encodes the sort key of the last row of a page as an opaque cursor: base64url JSON with
 * a tag naming the list, so a cursor of one list is refused by another.
 */
export function encodeCursor(tag: string, key: (string | number)[]): string {
  return Buffer.from(JSON.stringify([tag, ...key]), 'utf8').toString('base64url');
}

/** The 400 BAD_CURSOR answer to a cursor this server did not issue. */
export function badCursor(): AppError {
  return new AppError('BAD_CURSOR', undefined, 'cursor');
}

/**
 * The kinds of value a cursor's key holds: 's' text, 'n' an integer in the database's range
 * (ids, flags), 'd' a calendar date (YYYY-MM-DD), 't' an ISO timestamp. Dates and times are
 * held to the years the rest of the API accepts, text to the same text rules as requests.
 */
export type CursorPart = 's' | 'n' | 'd' | 't';

const valid: Record<CursorPart, (value: unknown) => boolean> = {
  s: (value) => typeof value === 'string' && value.length <= 200 && textProblem(value) === null,
  n: (value) => Number.isInteger(value) && Math.abs(value as number) <= MAX_ID,
  d: (value) => typeof value === 'string' && isCalendarDate(value),
  t: (value) => typeof value === 'string' && value.length <= 40 && isMomentInRange(Date.parse(value)),
};

/**
 * Decodes a cursor this server issued for the list `tag` whose key has the given kinds of
 * value; anything else is a 400 BAD_CURSOR. What comes out is as safe as validated input.
 */
export function decodeCursor(tag: string, cursor: string, types: CursorPart[]): (string | number)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== types.length + 1 || parsed[0] !== tag) throw badCursor();
  const key = parsed.slice(1) as unknown[];
  key.forEach((value, i) => {
    const type = types[i];
    if (type === undefined || !valid[type](value)) throw badCursor();
  });
  return key as (string | number)[];
}
