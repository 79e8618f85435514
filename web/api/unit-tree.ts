import type { UnitView } from '../../server/presenters/unit.presenter';

/** A unit with the units directly below it. */
export interface UnitNode {
  unit: UnitView;
  children: UnitNode[];
}

/** A unit and how deep it sits in the tree (0 for a top-level unit). */
export interface UnitRow {
  unit: UnitView;
  depth: number;
}

/**
 * Builds the unit tree from GET /api/units's flat list. Siblings keep the server's order;
 * a unit whose parent is missing is shown at the top level rather than lost.
 */
export function buildUnitTree(units: readonly UnitView[]): UnitNode[] {
  const nodes = new Map<number, UnitNode>();
  for (const unit of units) nodes.set(unit.id, { unit, children: [] });
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId === null ? undefined : nodes.get(node.unit.parentId);
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The tree in reading order (depth first), each unit with its depth: for selects and lists. */
export function flattenUnitTree(units: readonly UnitView[]): UnitRow[] {
  const rows: UnitRow[] = [];
  const seen = new Set<number>();
  const visit = (node: UnitNode, depth: number): void => {
    if (seen.has(node.unit.id)) return; // a cycle in bad data must not loop forever
    seen.add(node.unit.id);
    rows.push({ unit: node.unit, depth });
    for (const child of node.children) visit(child, depth + 1);
  };
  for (const root of buildUnitTree(units)) visit(root, 0);
  return rows;
}
