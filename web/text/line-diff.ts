import { diffArrays } from 'diff';

/** One line of a line diff: kept, added in the newer text, or removed from the older one. */
export interface DiffLine {
  op: 'same' | 'add' | 'del';
  text: string;
}

/**
 * Past this many changed lines a diff would take long to find and be no help to read:
 * the whole older text is shown removed and the newer added.
 */
const MAX_EDIT_LENGTH = 1000;

/**
 * A line diff of `older` → `newer` (jsdiff's Myers diff over the lines), removed lines
 * before the lines that replace them. Only the post history uses it, and it loads this
 * module (and jsdiff) when a history is opened.
 */
export function lineDiff(older: string, newer: string): DiffLine[] {
  const a = older.split('\n');
  const b = newer.split('\n');
  const changes = diffArrays(a, b, { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) {
    return [...a.map((text): DiffLine => ({ op: 'del', text })), ...b.map((text): DiffLine => ({ op: 'add', text }))];
  }
  return changes.flatMap((change) => {
    const op: DiffLine['op'] = change.added ? 'add' : change.removed ? 'del' : 'same';
    return change.value.map((text) => ({ op, text }));
  });
}
