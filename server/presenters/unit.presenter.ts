import type { UnitRow } from '../db/schema';
import type { UnitLevel } from '../domain/units';

/** The public shape of a unit. */
export interface UnitView {
  id: number;
  name: string;
  level: UnitLevel;
  parentId: number | null;
}

/** Presents a unit row. */
export function presentUnit(row: UnitRow): UnitView {
  return { id: row.id, name: row.name, level: row.level, parentId: row.parentId };
}
