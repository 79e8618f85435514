/*
 * The shapes of API.md that the web app reads. The server's presenters are the source of
 * truth; these may later be replaced by `import type` from server/presenters.
 */

/** The roles of API.md; a user may hold several. */
export const ROLES = ['member', 'moderator', 'editor', 'supervisor', 'admin'] as const;

/** One of ROLES. */
export type Role = (typeof ROLES)[number];

/** The levels of the unit tree: city, county/district, township, and city-level agencies. */
export const UNIT_LEVELS = ['city', 'county', 'township', 'agency'] as const;

/** One of UNIT_LEVELS. */
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** A user as the API presents it: never a password hash. */
export interface User {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  unitId: number | null;
  createdAt: string;
}

/** A unit of the propaganda and culture system. */
export interface Unit {
  id: number;
  name: string;
  level: UnitLevel;
  parentId: number | null;
}

/** A discussion board, as GET /api/boards lists it. */
export interface Board {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  topicCount: number;
  postCount: number;
}

/** A personal API token, without its secret. */
export interface ApiToken {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** `{items}`: a short fixed list (units, boards, tokens). */
export interface ItemList<T> {
  items: T[];
}

/** `{items, nextCursor}`: one page of a paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A first page of a view a realtime room keeps current, with the room's seq read before it. */
export interface LivePage<T> extends Page<T> {
  seq: number;
}

/** `{user, csrfToken}`: the answer of register, login and GET /api/me. */
export interface SessionAnswer {
  user: User;
  /** Null when the request authenticated with an API token rather than a session. */
  csrfToken: string | null;
}

/** The error body of every failed request (API.md, "Conventions"). */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  /** For validation errors, the field at fault (a dotted path), when the server can name it. */
  field?: string;
}

/** A person as the people search shows them (GET /api/users?q=): public fields only. */
export interface PersonView {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  unitId: number | null;
  /** The name of their unit (in the reader's language), or null. */
  unitName: string | null;
  createdAt: string;
}
