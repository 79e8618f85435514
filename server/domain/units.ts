/** The unit tree's vocabulary: its levels and which level may sit under which. */

/** The levels of the unit tree: city, county/city/district, township, and city-level agencies. */
export const UNIT_LEVELS = ['city', 'county', 'township', 'agency'] as const;
/** One of UNIT_LEVELS. */
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** Which parent levels each level accepts; null means a root. */
export const UNIT_PARENT_LEVELS: Record<UnitLevel, readonly (UnitLevel | null)[]> = {
  city: [null],
  county: ['city'],
  township: ['county'],
  agency: ['city', 'county'],
};

/** May a unit of `level` sit under a parent of `parentLevel` (null: be a root)? */
export function fitsUnder(level: UnitLevel, parentLevel: UnitLevel | null): boolean {
  return UNIT_PARENT_LEVELS[level].includes(parentLevel);
}
