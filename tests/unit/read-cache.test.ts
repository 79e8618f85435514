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
    expect(cache.get('topic:1')?.body.toString()).toBe('{"new":true}');
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
    expect(cache.get('k4')?.body.toString()).toBe(body);
  });

  it('stores a body as its UTF-8 bytes, encoded once, counted by those bytes, with the ETag of the text', () => {
    const cache = new ReadCache(1_000_000);
    const text = '{"title":"群众在我心中","body":"走基层 🌾"}';
    const stored = cache.store('t', cache.begin(), ['r'], text);
    expect(Buffer.isBuffer(stored.body)).toBe(true);
    expect(stored.body.equals(Buffer.from(text, 'utf8'))).toBe(true);
    // The tag a reader holds from before stays valid: it is the hash of the same bytes.
    expect(stored.etag).toBe(etagOf(text));
    // A hit hands out the very bytes stored, not a new encoding of them.
    expect(cache.get('t')?.body).toBe(cache.get('t')?.body);
    const bytes = Buffer.byteLength(text, 'utf8');
    expect(cache.bytes).toBe(bytes + 2 * (stored.etag.length + 't'.length) + 64 * 2);
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
    expect(cache.get('topic:1')?.body.toString()).toBe('{"a":1}');
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
    expect(cache.get('k')?.body.toString()).toBe('{}');
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
    expect(cache.get('c')?.body.toString()).toBe('3');
  });
});

/** A load the test finishes by hand, counting how often it was started. */
function handLoad(rooms = ['r']): {
  load: () => Promise<{ body: string; rooms: string[] }>;
  started: () => number;
  finish: (body: string) => void;
  fail: (err: Error) => void;
} {
  const pending: { resolve: (v: { body: string; rooms: string[] }) => void; reject: (e: Error) => void }[] = [];
  return {
    load: () => new Promise((resolve, reject) => pending.push({ resolve, reject })),
    started: () => pending.length,
    finish: (body) => pending.shift()?.resolve({ body, rooms }),
    fail: (err) => pending.shift()?.reject(err),
  };
}

/** Lets the promise callbacks queued so far run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ReadCache.read (one load a key at a time, reloaded before it expires)', () => {
  it('loads a missing key once for every request that misses while the load runs', async () => {
    const cache = new ReadCache(1_000_000);
    const loads = handLoad();
    const reads = Array.from({ length: 10 }, () => cache.read('k', loads.load));
    expect(loads.started()).toBe(1);
    loads.finish('{"a":1}');
    const outcomes = await Promise.all(reads);
    expect(outcomes.map((o) => o.result)).toEqual(['miss', ...Array<string>(9).fill('joined')]);
    expect(new Set(outcomes.map((o) => o.answer.etag))).toEqual(new Set([etagOf('{"a":1}')]));
    const after = await cache.read('k', loads.load);
    expect(after).toMatchObject({ result: 'hit', refreshing: false });
    expect(loads.started()).toBe(0);
  });

  it('does not hand a request the answer of a load that began before an invalidation', async () => {
    const cache = new ReadCache(1_000_000);
    const loads = handLoad();
    const early = cache.read('k', loads.load);
    // A write's event arrives while the first load runs: its answer may predate that write.
    cache.invalidate(['r']);
    const late = cache.read('k', loads.load);
    expect(loads.started()).toBe(2);
    loads.finish('{"old":true}');
    loads.finish('{"new":true}');
    expect((await early).answer.body.toString()).toBe('{"old":true}');
    expect(await late).toMatchObject({ result: 'miss', answer: { body: Buffer.from('{"new":true}') } });
    // Only the load begun after the invalidation was kept.
    expect(cache.get('k')?.body.toString()).toBe('{"new":true}');
  });

  it('fails every waiting request when the load fails, and loads afresh for the next', async () => {
    const cache = new ReadCache(1_000_000);
    const loads = handLoad();
    const reads = [cache.read('k', loads.load), cache.read('k', loads.load)];
    loads.fail(new Error('connection lost'));
    for (const read of reads) await expect(read).rejects.toThrow('connection lost');
    const next = cache.read('k', loads.load);
    expect(loads.started()).toBe(1);
    loads.finish('{}');
    expect(await next).toMatchObject({ result: 'miss' });
  });

  it('reloads a hit entry once in the last tenth of its life, serving it meanwhile', async () => {
    const clock = handClock();
    const cache = new ReadCache(1_000_000, () => [], { ttlMs: 10_000, clock });
    const loads = handLoad();
    const first = cache.read('k', loads.load);
    loads.finish('{"v":1}');
    await first;
    clock.advance(8_999);
    expect(await cache.read('k', loads.load)).toMatchObject({ result: 'hit', refreshing: false });
    expect(loads.started()).toBe(0);
    clock.advance(1);
    // Late hits: the first starts one reload, the rest are served the entry without another.
    expect(await cache.read('k', loads.load)).toMatchObject({ result: 'hit', refreshing: true, answer: { body: Buffer.from('{"v":1}') } });
    expect(await cache.read('k', loads.load)).toMatchObject({ result: 'hit', refreshing: false, answer: { body: Buffer.from('{"v":1}') } });
    expect(loads.started()).toBe(1);
    loads.finish('{"v":2}');
    await settle();
    // The reload's entry lives from its own start: past the old expiry it is still served.
    clock.advance(5_000);
    expect(await cache.read('k', loads.load)).toMatchObject({ result: 'hit', refreshing: false, answer: { body: Buffer.from('{"v":2}') } });
  });

  it('does not keep a reload that an invalidation overtook, and reports its failure aside', async () => {
    const clock = handClock();
    const cache = new ReadCache(1_000_000, () => [], { ttlMs: 10_000, clock });
    const loads = handLoad();
    const errors: unknown[] = [];
    const first = cache.read('k', loads.load);
    loads.finish('{"v":1}');
    await first;
    clock.advance(9_500);
    await cache.read('k', loads.load, (err) => errors.push(err));
    cache.invalidate(['r']);
    loads.finish('{"stale":true}');
    await settle();
    expect(cache.get('k')).toBeUndefined();
    // A failing reload leaves the entry it meant to replace and goes to the error callback.
    const again = cache.read('k', loads.load);
    loads.finish('{"v":3}');
    await again;
    clock.advance(9_500);
    await cache.read('k', loads.load, (err) => errors.push(err));
    loads.fail(new Error('timeout'));
    await settle();
    expect(errors).toEqual([new Error('timeout')]);
    expect(cache.get('k')?.body.toString()).toBe('{"v":3}');
  });

  it('misses an entry past its time to live (a quiet key is not kept alive)', async () => {
    const clock = handClock();
    const cache = new ReadCache(1_000_000, () => [], { ttlMs: 10_000, clock });
    const loads = handLoad();
    const first = cache.read('k', loads.load);
    loads.finish('{}');
    await first;
    clock.advance(10_001);
    const next = cache.read('k', loads.load);
    loads.finish('{"b":1}');
    expect(await next).toMatchObject({ result: 'miss', answer: { body: Buffer.from('{"b":1}') } });
  });

  it('loads for every request when the cache is off', async () => {
    const cache = new ReadCache(0);
    const loads = handLoad();
    const reads = [cache.read('k', loads.load), cache.read('k', loads.load)];
    expect(loads.started()).toBe(2);
    loads.finish('1');
    loads.finish('1');
    expect((await Promise.all(reads)).map((o) => o.result)).toEqual(['miss', 'miss']);
  });
});
