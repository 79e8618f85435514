import { describe, expect, it } from 'vitest';
import { ALL_ROOMS, ReadCache, etagOf } from '../../server/lib/read-cache';

describe('ReadCache (server/lib/read-cache.ts)', () => {
  it('serves a stored answer with its ETag until one of its rooms is invalidated', () => {
    const cache = new ReadCache(1_000_000);
    const stored = cache.store('topic:1', cache.begin(), ['topic:1'], '{"a":1}');
    expect(stored.etag).toBe(etagOf('{"a":1}'));
    expect(cache.get('topic:1')).toMatchObject(stored);
    cache.invalidate(['topic:2']);
    expect(cache.get('topic:1')).toMatchObject(stored);
    cache.invalidate(['topic:1']);
    expect(cache.get('topic:1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not store an answer whose read began before an invalidation of its rooms (the fill race)', () => {
    const cache = new ReadCache(1_000_000);
    const ticket = cache.begin();
    // A write commits and its event arrives while the read is still running.
    cache.invalidate(['topic:1']);
    cache.store('topic:1', ticket, ['topic:1'], '{"old":true}');
    expect(cache.get('topic:1')).toBeUndefined();
    // A read that begins after the event stores its answer.
    cache.store('topic:1', cache.begin(), ['topic:1'], '{"new":true}');
    expect(cache.get('topic:1')?.body).toBe('{"new":true}');
  });

  it('invalidates the rooms a room implies, and every entry for the all-rooms notice', () => {
    const cache = new ReadCache(1_000_000, (room) => (room.startsWith('board:') ? ['boards'] : []));
    cache.store('list', cache.begin(), ['boards'], '[]');
    cache.store('topic', cache.begin(), ['topic:1'], '{}');
    cache.invalidate(['board:x']);
    expect(cache.get('list')).toBeUndefined();
    expect(cache.get('topic')).toBeDefined();
    cache.invalidate([ALL_ROOMS]);
    expect(cache.get('topic')).toBeUndefined();
  });

  it('keeps its stored bytes within the budget, evicting the least recently used', () => {
    const cache = new ReadCache(2_000);
    const body = 'x'.repeat(300);
    for (let i = 0; i < 5; i += 1) cache.store(`k${i}`, cache.begin(), ['r'], body);
    expect(cache.bytes).toBeLessThanOrEqual(2_000);
    expect(cache.get('k0')).toBeUndefined();
    expect(cache.get('k4')?.body).toBe(body);
  });

  it('stores nothing when its budget is 0', () => {
    const cache = new ReadCache(0);
    expect(cache.enabled).toBe(false);
    const answer = cache.store('k', cache.begin(), ['r'], '{}');
    expect(answer.etag).toBe(etagOf('{}'));
    expect(cache.get('k')).toBeUndefined();
  });
});

/** A clock the test moves by hand (lru-cache's `perf`): expiry is tested without waiting. */
function handClock(start = 1_000): { now(): number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; } };
}

describe('ReadCache expiry (CACHE_TTL_MS)', () => {
  it('serves an entry until its time to live has passed since its read began, then drops it', () => {
    const clock = handClock();
    const cache = new ReadCache(1_000_000, () => [], { ttlMs: 60_000, clock });
    cache.store('topic:1', cache.begin(), ['topic:1'], '{"a":1}');
    clock.advance(59_999);
    expect(cache.get('topic:1')?.body).toBe('{"a":1}');
    clock.advance(2);
    expect(cache.get('topic:1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('counts the time from the start of the read, not from when its answer was stored', () => {
    const clock = handClock();
    const cache = new ReadCache(1_000_000, () => [], { ttlMs: 10_000, clock });
    const ticket = cache.begin();
    clock.advance(9_000); // a slow read
    cache.store('k', ticket, ['r'], '{}');
    clock.advance(1_001);
    expect(cache.get('k')).toBeUndefined();
  });

  it('does not extend an entry\'s life when it is read (a hot answer expires too)', () => {
    const clock = handClock();
    const cache = new ReadCache(1_000_000, () => [], { ttlMs: 1_000, clock });
    cache.store('k', cache.begin(), ['r'], '{}');
    for (let i = 0; i < 9; i += 1) {
      clock.advance(100);
      expect(cache.get('k')).toBeDefined();
    }
    clock.advance(101);
    expect(cache.get('k')).toBeUndefined();
  });

  it('keeps entries until their rooms change when the time to live is 0', () => {
    const clock = handClock();
    const cache = new ReadCache(1_000_000, () => [], { ttlMs: 0, clock });
    cache.store('k', cache.begin(), ['r'], '{}');
    clock.advance(365 * 86_400_000);
    expect(cache.get('k')?.body).toBe('{}');
    cache.invalidate(['r']);
    expect(cache.get('k')).toBeUndefined();
  });

  it('still drops an entry at once when its room is invalidated before it expires', () => {
    const clock = handClock();
    const cache = new ReadCache(1_000_000, () => [], { ttlMs: 60_000, clock });
    cache.store('k', cache.begin(), ['r'], '{}');
    clock.advance(10);
    cache.invalidate(['r']);
    expect(cache.get('k')).toBeUndefined();
  });
});

describe('ReadCache.invalidateAll', () => {
  it('makes every stored entry stale, whatever its rooms, and lets later reads store again', () => {
    const cache = new ReadCache(1_000_000);
    cache.store('a', cache.begin(), ['topic:1'], '1');
    cache.store('b', cache.begin(), ['board:x', 'featured'], '2');
    const during = cache.begin();
    cache.invalidateAll();
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeUndefined();
    // A read that began before the gap was noticed is not kept.
    cache.store('c', during, ['column:1'], '3');
    expect(cache.get('c')).toBeUndefined();
    cache.store('c', cache.begin(), ['column:1'], '3');
    expect(cache.get('c')?.body).toBe('3');
  });
});
