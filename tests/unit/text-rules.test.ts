import { describe, expect, it } from 'vitest';
import {
  MAX_ID, applyTextRules, isCalendarDate, isDatabaseId, isMomentInRange, normaliseText, parseId, textProblem, usernameKey,
} from '../../server/domain/text';

describe('textProblem', () => {
  it.each([
    ['NUL', 'a\u0000b', 'control'],
    ['BEL', '\u0007', 'control'],
    ['vertical tab', 'a\u000bb', 'control'],
    ['escape', '\u001b[31m', 'control'],
    ['DEL', 'a\u007f', 'control'],
    ['a C1 control (NEL)', 'a\u0085b', 'control'],
    ['a lone high surrogate', 'a\ud800', 'surrogate'],
    ['a lone low surrogate', '\udc00a', 'surrogate'],
    ['two high surrogates', '\ud800\ud800\udc00', 'surrogate'],
  ])('refuses %s', (_name, text, problem) => {
    expect(textProblem(text)).toBe(problem);
  });

  it.each([
    ['tab, newline and carriage return', 'a\tb\nc\r\n'],
    ['Chinese', '走基层、转作风、改文风'],
    ['an emoji (a surrogate pair)', '好\ud83d\ude00'],
    ['the empty string', ''],
    ['U+00A0 and U+2028 (not controls)', 'a\u00a0b\u2028c'],
  ])('accepts %s', (_name, text) => {
    expect(textProblem(text)).toBeNull();
  });
});

describe('normaliseText', () => {
  it('writes text in NFC', () => {
    expect(normaliseText('Cafe\u0301')).toBe('Caf\u00e9');
    expect(normaliseText('\u0958')).toBe('\u0915\u093c');
    expect(normaliseText('已经是 NFC')).toBe('已经是 NFC');
  });
});

describe('applyTextRules', () => {
  it('normalises every string and property name in place and says so', () => {
    const body = { name: 'Cafe\u0301', list: ['e\u0301', { deep: ['o\u0308'] }], ['ke\u0301y']: 1 };
    const result = applyTextRules(body);
    expect(result.issue).toBeNull();
    expect(result.changed).toBe(true);
    expect(result.value).toBe(body);
    expect(body).toEqual({ name: 'Caf\u00e9', list: ['\u00e9', { deep: ['\u00f6'] }], ['k\u00e9y']: 1 });
  });

  it('reports the path of the first string that breaks the rules', () => {
    expect(applyTextRules({ a: { b: [{ c: 'x' }, { c: 'y\u0000' }] } }).issue).toEqual({ path: ['a', 'b', 1, 'c'], problem: 'control' });
    expect(applyTextRules({ findings: { problems: '\udc00' } }).issue).toEqual({ path: ['findings', 'problems'], problem: 'surrogate' });
    expect(applyTextRules({ ['bad\u0000key']: 1 }).issue).toEqual({ path: ['bad\u0000key'], problem: 'control' });
  });

  it('refuses numbers that are not finite (JSON 1e400 is Infinity)', () => {
    expect(applyTextRules({ parentId: Number.POSITIVE_INFINITY }).issue).toEqual({ path: ['parentId'], problem: 'number' });
    expect(applyTextRules([1, -Infinity]).issue).toEqual({ path: [1], problem: 'number' });
  });

  it('handles a root string and values that are not text', () => {
    expect(applyTextRules('e\u0301')).toEqual({ value: '\u00e9', changed: true, issue: null });
    expect(applyTextRules(null)).toEqual({ value: null, changed: false, issue: null });
    expect(applyTextRules({ n: 1, ok: true, none: null })).toEqual({ value: { n: 1, ok: true, none: null }, changed: false, issue: null });
  });

  it('walks nesting far deeper than a recursive walk could', () => {
    let deep: unknown = 'e\u0301';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(applyTextRules(deep).changed).toBe(true);
  });
});

describe('ids', () => {
  it('holds ids to the database integer range', () => {
    expect(isDatabaseId(1)).toBe(true);
    expect(isDatabaseId(MAX_ID)).toBe(true);
    for (const bad of [0, -1, MAX_ID + 1, 2 ** 63, 1.5, Number.POSITIVE_INFINITY, Number.NaN, '1']) expect(isDatabaseId(bad)).toBe(false);
  });

  it('reads ids written as text only in their plain form', () => {
    expect(parseId('42')).toBe(42);
    expect(parseId('2147483647')).toBe(MAX_ID);
    for (const bad of ['0', '007', '2147483648', '9999999999', '-1', '1e3', ' 1', '1.0', '']) expect(parseId(bad)).toBeNull();
  });
});

describe('dates', () => {
  it('accepts real calendar dates from 1900 to 2200', () => {
    for (const ok of ['1900-01-01', '2024-02-29', '2200-12-31']) expect(isCalendarDate(ok)).toBe(true);
  });

  it('refuses far dates, unreal dates and other forms', () => {
    for (const bad of ['1899-12-31', '2201-01-01', '9999-12-31', '0000-01-01', '2025-02-29', '2025-13-01', '2025-1-1', '-271821-04-20', '+010000-01-01', '2025-01-01T00:00:00Z']) {
      expect(isCalendarDate(bad)).toBe(false);
    }
  });

  it('holds moments to the same years', () => {
    expect(isMomentInRange(Date.parse('2026-01-01T00:00:00.000Z'))).toBe(true);
    expect(isMomentInRange(Date.parse('-271821-04-20T00:00:00.000Z'))).toBe(false);
    expect(isMomentInRange(Date.parse('2201-01-01T00:00:00.000Z'))).toBe(false);
    expect(isMomentInRange(Number.NaN)).toBe(false);
  });
});

describe('usernameKey', () => {
  it('folds A–Z only, so a lookup and a counter agree on every input', () => {
    expect(usernameKey('Tiny_Admin-1')).toBe('tiny_admin-1');
    // The Turkish dotted capital I is no ASCII letter: it stays, and names no account.
    expect(usernameKey('tİny')).toBe('tİny');
    expect(usernameKey('tİny')).not.toBe(usernameKey('tiny'));
    // The Kelvin sign lower-cases to k in JavaScript; here it stays itself.
    expect(usernameKey('\u212Aate')).toBe('\u212Aate');
  });
});
