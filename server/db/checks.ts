import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** A string as an SQL literal: single quotes doubled. For constants of server/domain, never for input. */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * `column in ('a', 'b', …)` for a check constraint, built from one of the vocabulary lists of
 * server/domain, so the table accepts exactly the words the API does.
 */
export function isOneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  return sql`${column} in (${sql.raw(values.map(literal).join(', '))})`;
}

/** `column ~ 'pattern'` for a check constraint, the pattern being one of server/domain's. */
export function matches(column: AnyPgColumn, pattern: string): SQL {
  return sql`${column} ~ ${sql.raw(literal(pattern))}`;
}

/** `char_length(column) between min and max` for a check constraint (limits of server/domain). */
export function lengthBetween(column: AnyPgColumn, min: number, max: number): SQL {
  return sql`char_length(${column}) between ${sql.raw(String(min))} and ${sql.raw(String(max))}`;
}
