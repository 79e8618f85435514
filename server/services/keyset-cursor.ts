import { AppError } from '../errors';

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
 * Decodes a cursor this server issued for the list `tag` whose key has the given element
 * types ('s' string, 'n' integer); anything else is a 400 BAD_CURSOR.
 */
export function decodeCursor(tag: string, cursor: string, types: ('s' | 'n')[]): (string | number)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== types.length + 1 || parsed[0] !== tag) throw badCursor();
  const key = parsed.slice(1) as unknown[];
  key.forEach((value, i) => {
    const ok = types[i] === 'n'
      ? Number.isInteger(value) && Math.abs(value as number) < 2 ** 31
      : typeof value === 'string' && value.length <= 200;
    if (!ok) throw badCursor();
  });
  return key as (string | number)[];
}
