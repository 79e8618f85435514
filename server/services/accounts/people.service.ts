import { and, asc, eq, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { units, users, type UserRow } from '../../db/schema';
import type { Role } from '../../domain/roles';
import { cutPage, decodeCursor, type PageQuery } from '../../lib/keyset-cursor';
import { escapeLike } from '../../lib/sql-like';
import { loadUnitTree } from './unit.service';

/** What the people search filters by (GET /api/users?q=&role=&unitId=). */
export interface PeopleQuery extends PageQuery {
  /** Part of a display name, a username or a unit's name (Chinese inside names too). */
  q?: string;
  /** Only people holding this role. */
  role?: Role;
  /** Only people of this unit or a unit below it. */
  unitId?: number;
}

/** A person found, with the name of their unit (null without one). */
export interface FoundPerson {
  user: UserRow;
  unitName: string | null;
}

/**
 * The people search: by display name, username or unit name, each matched anywhere inside
 * (a plain substring, so 小娜 finds 李小娜 without any word splitting), optionally held to a
 * role and a unit's subtree. Ordered by display name then id, keyset-paged on both.
 */
export async function searchPeople(db: DbOrTx, query: PeopleQuery): Promise<{ rows: FoundPerson[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  const q = query.q?.trim().replace(/^@/, '');
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    where.push(or(ilike(users.displayName, pattern), ilike(users.username, pattern), ilike(units.name, pattern)) as SQL);
  }
  if (query.role) where.push(sql`${query.role} = any(${users.roles})`);
  if (query.unitId) {
    const tree = await loadUnitTree(db);
    where.push(inArray(users.unitId, tree.subtree(query.unitId).concat(-1)));
  }
  if (query.cursor) {
    const [name, id] = decodeCursor('people', query.cursor, ['s', 'n']) as [string, number];
    where.push(or(gt(users.displayName, name), and(eq(users.displayName, name), gt(users.id, id))) as SQL);
  }
  const rows = await db
    .select({ user: users, unitName: units.name })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(...where))
    .orderBy(asc(users.displayName), asc(users.id))
    .limit(query.limit + 1);
  return cutPage(rows, query.limit, 'people', (r) => [r.user.displayName, r.user.id]);
}
