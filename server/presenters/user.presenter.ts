import type { UserRow } from '../db/schema';
import type { Role } from '../domain/roles';

/** The public shape of a user: never the password hash. */
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
