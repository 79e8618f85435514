/** A session row as listSessions reads it. */
export interface SessionListRow {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
}

/**
 * Presents one of the user's own sessions. The id is the stored SHA-256 of the cookie's
 * secret: a handle to end the session with, from which no cookie can be made.
 */
export function presentSession(row: SessionListRow, currentSessionId: string | null) {
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

/** A session as the API presents it. */
export type SessionView = ReturnType<typeof presentSession>;
