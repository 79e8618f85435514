/** A session row as the session service lists it. */
export interface SessionListRow {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
}

/** One of the signed-in user's own sessions (a browser or device signed in). */
export interface SessionView {
  /** A handle to end the session with: the stored SHA-256 of the cookie's secret, not the cookie. */
  id: string;
  /** True for the session the request came with. */
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
}

/**
 * Presents one of the user's own sessions. The id is the stored SHA-256 of the cookie's
 * secret: a handle to end the session with, from which no cookie can be made.
 */
export function presentSession(row: SessionListRow, currentSessionId: string | null): SessionView {
  return {
    id: row.id,
    current: row.id === currentSessionId,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    userAgent: row.userAgent,
    ip: row.ip,
  };
}
