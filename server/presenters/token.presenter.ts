import type { ApiTokenRow } from '../db/schema';

/** A personal API token as the API shows it: never its hash, and its secret only once. */
export interface TokenView {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Presents a personal API token without its hash. */
export function presentToken(row: ApiTokenRow): TokenView {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** POST /api/tokens: the new token and its secret, shown in this answer only. */
export interface NewTokenView {
  token: TokenView;
  secret: string;
}
