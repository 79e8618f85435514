import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { units, type UnitRow } from '../../db/schema';
import { UNIT_PARENT_LEVELS, fitsUnder, type UnitLevel } from '../../domain/units';
import { fail } from '../../errors';

/** Every unit, parents before children within a level order. */
export function listUnits(db: DbOrTx): Promise<UnitRow[]> {
  return db.select().from(units).orderBy(asc(units.id));
}

const LEVEL_ZH: Record<UnitLevel, string> = { city: '市级', county: '县（市、区）级', township: '乡镇级', agency: '机构' };

/** Creates a unit, checking that it fits the tree: city → county → township, agencies under a city or county. */
export async function createUnit(
  db: DbOrTx,
  input: { name: string; level: UnitLevel; parentId?: number | null },
): Promise<UnitRow> {
  const name = input.name.trim();
  if (name === '') throw fail.validation('name', 'name must not be blank.', '名称不能为空。');
  const allowed = UNIT_PARENT_LEVELS[input.level];
  let parentLevel: UnitLevel | null = null;
  if (input.parentId != null) {
    const [parent] = await db.select().from(units).where(eq(units.id, input.parentId));
    if (!parent) throw fail.validation('parentId', 'The parent unit does not exist.', '上级单位不存在。');
    parentLevel = parent.level;
  }
  if (!fitsUnder(input.level, parentLevel)) {
    const en = input.level === 'city'
      ? 'A city unit is the root of the tree and has no parent.'
      : `A ${input.level} unit must sit under a ${allowed.filter(Boolean).join(' or ')} unit.`;
    const zh = input.level === 'city'
      ? '市级单位是顶级单位，不能有上级单位。'
      : `${LEVEL_ZH[input.level]}单位的上级必须是${allowed.filter((l): l is UnitLevel => l !== null).map((l) => LEVEL_ZH[l]).join('或')}单位。`;
    throw fail.validation('parentId', en, zh);
  }
  const [row] = await db.insert(units).values({ name, level: input.level, parentId: input.parentId ?? null }).returning();
  if (!row) throw new Error('unit insert returned nothing');
  return row;
}

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
