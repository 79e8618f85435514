import type { ApiTokenRow } from '../db/schema';

/** Presents a personal API token without its hash. */
export function presentToken(row: ApiTokenRow) {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
