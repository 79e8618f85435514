import { describe, expect, it } from 'vitest';
import { parseCount, parseSeedArgs, progressLine } from '../../server/tools/seed-args';
import { pgArray, randomSource, topicSizes } from '../../server/tools/seed-data';

describe('topicSizes', () => {
  it('sums to the total and has one giant of 10,000+ posts per 100,000', () => {
    const sizes = topicSizes(300_000, randomSource(3));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(300_000);
    expect(sizes.filter((s) => s >= 10_000)).toHaveLength(3);
    const sorted = [...sizes].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThanOrEqual(10);
  });

  it('gives a small total one large topic of a quarter of the posts', () => {
    const sizes = topicSizes(1_000, randomSource(1));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1_000);
    expect(sizes).toContain(250);
  });
});

describe('pgArray', () => {
  it('quotes strings with quotes, backslashes and braces, and writes NULL for null', () => {
    expect(pgArray([1, null, 3])).toBe('{1,NULL,3}');
    expect(pgArray(['a"b', 'c\\d', '{1,2}', '群众'])).toBe('{"a\\"b","c\\\\d","{1,2}","群众"}');
  });
});

describe('parseSeedArgs', () => {
  it('reads counts with k and m, and defaults the seed and batch', () => {
    expect(parseSeedArgs(['--posts', '1m'])).toEqual({ posts: 1_000_000, seed: 1, batch: 5_000 });
    expect(parseSeedArgs(['--posts=100k', '--seed', '9', '--batch', '2000'])).toEqual({ posts: 100_000, seed: 9, batch: 2_000 });
    expect(parseCount('2.5k')).toBe(2_500);
  });

  it('refuses a missing, malformed, huge or unknown option with the usage', () => {
    expect(() => parseSeedArgs([])).toThrow(/--posts is required[\s\S]*usage/);
    expect(() => parseSeedArgs(['--posts', 'lots'])).toThrow(/whole number/);
    expect(() => parseSeedArgs(['--posts', '0'])).toThrow(/whole number/);
    expect(() => parseSeedArgs(['--posts', '1e400'])).toThrow(/whole number/);
    expect(() => parseSeedArgs(['--posts', '999999999999'])).toThrow(/whole number/);
    expect(() => parseSeedArgs(['--posts', '10', '--force'])).toThrow(/unknown option "--force"/);
    expect(() => parseSeedArgs(['--posts'])).toThrow(/needs a value/);
  });
});

describe('progressLine', () => {
  it('shows the bar, the share done, the rate and the time left', () => {
    expect(progressLine(500, 1_000, 2_000)).toBe(`[${'#'.repeat(15)}${'.'.repeat(15)}]  50% 500/1,000 posts  250/s  ETA 2 s`);
    expect(progressLine(0, 1_000, 0)).toContain('ETA 0 s');
  });
});
