import type { UserRow } from '../db/schema';
import type { Role } from '../domain/roles';

/** A user as posts, topics, notifications, visits and plans name them: no roles, no unit. */
export interface UserRef {
  id: number;
  username: string;
  displayName: string;
}

/** Presents a user as a short reference. */
export function presentUserRef(row: Pick<UserRow, 'id' | 'username' | 'displayName'>): UserRef {
  return { id: row.id, username: row.username, displayName: row.displayName };
}

/** The reference of a user who is no longer found (kept so a list never breaks). */
export function unknownUserRef(id: number): UserRef {
  return { id, username: '', displayName: '' };
}

/** The public shape of a user (API.md `user`): never the password hash. */
export interface UserView {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  unitId: number | null;
  createdAt: string;
  /** Silenced (禁言) until this time; null when not silenced (or the time has passed). */
  silencedUntil: string | null;
  /** Suspended (封禁) until this time; null when not suspended (or the time has passed). */
  suspendedUntil: string | null;
}

/** The end of a measure still in force at `now`, as ISO, or null. */
export function inForce(until: Date | null, now: Date = new Date()): string | null {
  return until !== null && until.getTime() > now.getTime() ? until.toISOString() : null;
}

/** Presents a user row for REST bodies and socket payloads. */
export function presentUser(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles: row.roles as Role[],
    unitId: row.unitId,
    createdAt: row.createdAt.toISOString(),
    silencedUntil: inForce(row.silencedUntil),
    suspendedUntil: inForce(row.suspendedUntil),
  };
}

/** `{user, csrfToken}`: the answer of register, login and GET /api/me. */
export interface SessionAnswerView {
  user: UserView;
  /** Null when the request authenticated with a personal API token rather than a session. */
  csrfToken: string | null;
}
