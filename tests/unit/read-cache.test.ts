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
