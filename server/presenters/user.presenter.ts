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
  };
}

/** `{user, csrfToken}`: the answer of register, login and GET /api/me. */
export interface SessionAnswerView {
  user: UserView;
  /** Null when the request authenticated with a personal API token rather than a session. */
  csrfToken: string | null;
}

/** A person as the people search shows them (GET /api/users?q=): public fields only. */
export interface PersonView extends UserView {
  /** The name of their unit in the reader's language, or null. */
  unitName: string | null;
}

/** Presents a user row found by the people search, with the name of their unit. */
export function presentPerson(row: UserRow, unitName: string | null): PersonView {
  return { ...presentUser(row), unitName };
}
