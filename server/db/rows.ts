import { getTableColumns, type InferSelectModel, type Table } from 'drizzle-orm';

/**
 * A row a raw statement answered (`returning *`, or `row_to_json` of a CTE's rows) as drizzle
 * would have read it: keys from the column names (snake_case) to the table's keys, values
 * through each column's own driver mapping (timestamps to Date, arrays, json). Columns the
 * answer does not hold (a post's search vector) are left out, so callers name the row type
 * they selected.
 */
export function rowFrom<T extends Table, R = InferSelectModel<T>>(table: T, raw: Record<string, unknown>): R {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (!(column.name in raw)) continue;
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as R;
}

/** A json value a driver answered: parsed already (postgres.js, PGlite) or as text. */
export function jsonValue<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
