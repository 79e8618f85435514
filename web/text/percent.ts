/** The percentage of `done` in `target`, rounded to a whole number; 0 when there is no target. */
export function percent(done: number, target: number): number {
  return target > 0 ? Math.round((done / target) * 100) : 0;
}
