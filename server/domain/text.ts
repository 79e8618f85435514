/**
 * The rules every piece of text, id and date that arrives from outside must meet before the
 * database sees it. Pure functions that import nothing: the validation layer applies them
 * to every request, and keyset cursors to what they decode.
 */

/** The largest id the database holds (PostgreSQL `integer`, which `serial` ids are). */
export const MAX_ID = 2_147_483_647;

/** Is `value` an id the database can hold: a whole number from 1 to MAX_ID? */
export function isDatabaseId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_ID;
}

/**
 * Reads an id written as text (in a room name, say): digits without a leading zero and within
 * the database's range. Anything else is null, so `topic:007` and `topic:9999999999` are no ids.
 */
export function parseId(text: string): number | null {
  if (!/^[1-9][0-9]{0,9}$/.test(text)) return null;
  const id = Number(text);
  return isDatabaseId(id) ? id : null;
}

/** The earliest year a date may name (visits, plans, follow-ups, phases, filters). */
export const EARLIEST_YEAR = 1900;
/** The latest year a date may name. */
export const LATEST_YEAR = 2200;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Is `value` a real calendar date written YYYY-MM-DD (no 2026-02-30) between EARLIEST_YEAR
 * and LATEST_YEAR? Far dates are refused: date arithmetic on them leaves what PostgreSQL holds.
 */
export function isCalendarDate(value: string): boolean {
  const m = CALENDAR_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return false;
  const d = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Is `ms` (milliseconds since 1970) a moment within the years EARLIEST_YEAR to LATEST_YEAR? */
export function isMomentInRange(ms: number): boolean {
  if (!Number.isFinite(ms)) return false;
  const year = new Date(ms).getUTCFullYear();
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR;
}

/** Why a string may not be stored. */
export type TextProblem = 'control' | 'surrogate';

/** Control characters (Unicode Cc) other than tab, newline and carriage return. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What is wrong with a string, or null: NUL and the other control characters (except tab,
 * newline and carriage return) and lone surrogates (broken UTF-16) are refused, since
 * PostgreSQL cannot store NUL and UTF-8 cannot encode a lone surrogate.
 */
export function textProblem(value: string): TextProblem | null {
  if (CONTROL.test(value)) return 'control';
  if (LONE_SURROGATE.test(value)) return 'surrogate';
  return null;
}

/** Text as it is stored: Unicode NFC, so `é` typed as e + accent and `é` are the same text. */
export function normaliseText(value: string): string {
  return value.normalize('NFC');
}

/** A value that breaks the rules, and where (property names and array indexes from the root). */
export interface TextIssue {
  path: (string | number)[];
  /** `number`: a number that is not finite (JSON's 1e400 parses as Infinity). */
  problem: TextProblem | 'number';
}

/** The outcome of applyTextRules: the value with its text normalised, or the first issue. */
export interface TextRulesResult {
  value: unknown;
  /** Whether any string (or property name) was changed by normalisation. */
  changed: boolean;
  issue: TextIssue | null;
}

/**
 * Applies the text rules to a parsed request part (a JSON body, a query, path parameters):
 * every string and property name is checked (textProblem) and normalised to NFC in place,
 * every number must be finite. Walks without recursion, so no nesting can overflow the stack.
 */
export function applyTextRules(root: unknown): TextRulesResult {
  let changed = false;
  /** Where a value sits, as a chain to the root: paths are spelled out only for an issue. */
  interface Place { key: string | number; up: Place | null }
  const pathOf = (place: Place | null): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let p = place; p; p = p.up) path.push(p.key);
    return path.reverse();
  };
  /** The value after the rules (a string normalised), or the issue it raises. */
  const rule = (node: unknown, place: Place | null): { value: unknown } | { issue: TextIssue } => {
    if (typeof node === 'string') {
      const problem = textProblem(node);
      if (problem) return { issue: { path: pathOf(place), problem } };
      const normal = normaliseText(node);
      if (normal !== node) changed = true;
      return { value: normal };
    }
    if (typeof node === 'number' && !Number.isFinite(node)) return { issue: { path: pathOf(place), problem: 'number' } };
    return { value: node };
  };
  const isContainer = (node: unknown): node is object => node !== null && typeof node === 'object';

  const top = rule(root, null);
  if ('issue' in top) return { value: root, changed, issue: top.issue };
  const value = top.value;
  const stack: { node: object; place: Place | null }[] = isContainer(value) ? [{ node: value, place: null }] : [];
  while (stack.length > 0) {
    const { node, place } = stack.pop() as { node: object; place: Place | null };
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i += 1) {
        const here: Place = { key: i, up: place };
        const item = rule(node[i], here);
        if ('issue' in item) return { value, changed, issue: item.issue };
        node[i] = item.value;
        if (isContainer(item.value)) stack.push({ node: item.value, place: here });
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const name = rule(key, { key, up: place });
      if ('issue' in name) return { value, changed, issue: name.issue };
      const normalKey = name.value as string;
      const here: Place = { key: normalKey, up: place };
      const item = rule(record[key], here);
      if ('issue' in item) return { value, changed, issue: item.issue };
      if (normalKey !== key) delete record[key];
      record[normalKey] = item.value;
      if (isContainer(item.value)) stack.push({ node: item.value, place: here });
    }
  }
  return { value, changed, issue: null };
}

/**
 * The one normalisation of usernames, for looking an account up and for keying its sign-in
 * counters alike. Usernames are ASCII letters, digits, `_` and `-`, unique without regard to
 * case, so only A–Z are folded: `tİny` (Turkish dotted İ) stays itself and names no account,
 * where a locale's lower() would have made it `tiny`.
 */
export function usernameKey(username: string): string {
  return username.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
