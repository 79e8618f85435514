import { describe, expect, it } from 'vitest';
import { cutPage, decodeCursor, encodeCursor } from '../../server/lib/keyset-cursor';

describe('keyset cursors', () => {
  it('round-trip a cursor and refuse one of another list or shape', () => {
    const c = encodeCursor('visits', ['2026-01-01', 5]);
    expect(decodeCursor('visits', c, ['s', 'n'])).toEqual(['2026-01-01', 5]);
    expect(() => decodeCursor('places', c, ['s', 'n'])).toThrow();
    expect(() => decodeCursor('visits', c, ['n', 'n'])).toThrow();
  });

  it('refuse what the server did not issue', () => {
    expect(() => decodeCursor('visits', 'not-a-cursor', ['n'])).toThrow();
    expect(() => decodeCursor('visits', encodeCursor('visits', [9_999_999_999]), ['n'])).toThrow();
  });
});

describe('cutPage', () => {
  it('keeps `limit` rows and names the last one in the cursor when there were more', () => {
    const { rows, nextCursor } = cutPage([{ id: 3 }, { id: 2 }, { id: 1 }], 2, 'posts', (r) => [r.id]);
    expect(rows).toEqual([{ id: 3 }, { id: 2 }]);
    expect(nextCursor).not.toBeNull();
    expect(decodeCursor('posts', nextCursor ?? '', ['n'])).toEqual([2]);
  });

  it('answers no cursor on the last page', () => {
    expect(cutPage([{ id: 1 }], 2, 'posts', (r) => [r.id])).toEqual({ rows: [{ id: 1 }], nextCursor: null });
    expect(cutPage([], 2, 'posts', (r: { id: number }) => [r.id])).toEqual({ rows: [], nextCursor: null });
  });
});
