import { describe, expect, it } from 'vitest';
import { WindowCounter } from '../../server/lib/window-counter';

describe('WindowCounter', () => {
  it('counts the hits of a key within its window and says when it resets', () => {
    const counter = new WindowCounter(60_000);
    expect(counter.hit('a', 1_000)).toEqual({ count: 1, resetInMs: 60_000 });
    expect(counter.hit('a', 31_000)).toEqual({ count: 2, resetInMs: 30_000 });
    expect(counter.hit('b', 31_000)).toEqual({ count: 1, resetInMs: 60_000 });
  });

  it('starts a new window once the old one has passed', () => {
    const counter = new WindowCounter(60_000);
    counter.hit('a', 0);
    counter.hit('a', 1);
    expect(counter.hit('a', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
  });

  it('holds at most maxKeys keys, dropping expired windows first, then the oldest', () => {
    const counter = new WindowCounter(1_000, 2);
    counter.hit('old', 0);
    counter.hit('kept', 500);
    counter.hit('kept', 600);
    // 'old' expired at 1000: it goes, and 'kept' keeps its count.
    counter.hit('new', 1_200);
    expect(counter.hit('kept', 1_300).count).toBe(3);
    // Full of live windows: the oldest ('kept') goes to make room.
    counter.hit('newer', 1_400);
    expect(counter.hit('kept', 1_450).count).toBe(1);
  });
});
