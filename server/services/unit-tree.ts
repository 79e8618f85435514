import type { DbOrTx } from '../db/client';
import type { UnitRow } from '../db/schema';
import { listUnits } from './units';

/** The unit tree in memory (it is short: a city's departments), for subtree questions. */
export interface UnitTree {
  units: UnitRow[];
  byId: Map<number, UnitRow>;
  children: Map<number, UnitRow[]>;
  /** The ids of a unit and every unit below it. */
  subtree(unitId: number): number[];
  /** Is `unitId` the unit `rootId` or below it? */
  contains(rootId: number, unitId: number): boolean;
}

/** Loads every unit and indexes the tree. */
export async function loadUnitTree(db: DbOrTx): Promise<UnitTree> {
  const units = await listUnits(db);
  const byId = new Map(units.map((u) => [u.id, u]));
  const children = new Map<number, UnitRow[]>();
  for (const u of units) {
    if (u.parentId === null) continue;
    const list = children.get(u.parentId) ?? [];
    list.push(u);
    children.set(u.parentId, list);
  }
  const subtree = (unitId: number): number[] => {
    const out: number[] = [];
    const stack = [unitId];
    while (stack.length > 0) {
      const id = stack.pop() as number;
      if (!byId.has(id) || out.includes(id)) continue;
      out.push(id);
      for (const c of children.get(id) ?? []) stack.push(c.id);
    }
    return out;
  };
  const contains = (rootId: number, unitId: number): boolean => {
    let cursor: number | null | undefined = unitId;
    for (let guard = 0; cursor != null && guard < 100; guard += 1) {
      if (cursor === rootId) return true;
      cursor = byId.get(cursor)?.parentId;
    }
    return false;
  };
  return { units, byId, children, subtree, contains };
}
