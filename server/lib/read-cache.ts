import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/*
 * An in-process cache of serialised answers, invalidated by room. Each entry names the rooms
 * whose changes make it stale; an invalidation of a room (an event of that room delivered to
 * this process) makes every entry of the room stale at once. Checks are by epoch: a global
 * counter that every invalidation advances. A room remembers the epoch of its last
 * invalidation; an entry remembers the epoch at which its read *started*. An entry is good
 * while none of its rooms was invalidated after its read started, so a read that began before
 * a write committed never stores (or serves) its older answer after that write's event —
 * the fill race — even when the rooms are only known once the read is done.
 *
 * A safety expiry (CACHE_TTL_MS) bounds what a lost notice can cost: an entry also goes stale
 * that long after its read began, so an answer whose invalidation never reached this process
 * (the adapter's LISTEN connection dropped, a writer that forgot the door) is served stale for
 * at most that long. The expiry is lru-cache's `ttl`, counted from the read's start on the
 * cache's clock (injectable, for tests).
 *
 * Reads go through `read`, which loads each key once at a time: requests that miss while a
 * load of the same key is under way wait for it instead of running the same statements again
 * (a miss under load is otherwise one load per connection at once), unless an invalidation
 * came after that load began (then its answer may predate an event already delivered, and the
 * newcomer loads afresh). And an entry read often does not expire under its readers: a hit in
 * the last tenth of its lifetime starts one reload in the background and is still served
 * (it is fresh: no event has touched it, and it is younger than the expiry), so a busy answer
 * is replaced before it lapses instead of every reader missing at once each CACHE_TTL_MS.
 */

/**
 * One stored answer: the serialised body in UTF-8, encoded once when stored (a hit sends
 * these bytes as they are instead of encoding a string again for every reader), and its ETag.
 */
export interface CachedAnswer {
  body: Buffer;
  etag: string;
}

interface Entry extends CachedAnswer {
  rooms: string[];
  startedAt: number;
  /** When its read began, on the cache's clock (0 when entries never expire). */
  startedAtMs: number;
}

/** What a load answers: the serialised body and the rooms whose events make it stale. */
export interface LoadedAnswer {
  body: string;
  rooms: string[];
}

/**
 * How `read` answered: `hit` from memory; `miss` loaded for this request; `joined` waited
 * for a load another request had begun. `refreshing` when the hit started a background reload.
 */
export interface ReadOutcome {
  answer: CachedAnswer;
  result: 'hit' | 'miss' | 'joined';
  refreshing: boolean;
}

/** The share of an entry's lifetime after which a hit reloads it in the background. */
const REFRESH_AFTER = 0.9;

/** A read in progress: the epoch it started at (and when, on the cache's clock), to be handed back to `store`. */
export interface ReadTicket {
  readonly startedAt: number;
  readonly startedAtMs: number;
}

/** A clock in milliseconds (performance.now by default). */
export interface CacheClock {
  now(): number;
}

/** How long entries live and by which clock. */
export interface ReadCacheOptions {
  /** Milliseconds an entry stays good after its read began, however quiet its rooms; 0 (default) never expires. */
  ttlMs?: number;
  /** The clock the expiry is measured by. */
  clock?: CacheClock;
}

/** The room that stands for "every entry" (a change no single room describes, such as a place's new name). */
export const ALL_ROOMS = '*';

/** Rooms whose last invalidation is remembered one by one (about 100 bytes each). */
const MAX_TRACKED_ROOMS = 100_000;

/** A weak ETag of a serialised body (the body is what is compared, so weak is honest about compression). */
export function etagOf(body: string | Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** A serialised body as it is stored and sent: its UTF-8 bytes and their ETag. */
function answerOf(body: string): CachedAnswer {
  const bytes = Buffer.from(body, 'utf8');
  return { body: bytes, etag: etagOf(bytes) };
}

/**
 * The cache: an LRU (lru-cache) bounded by the bytes of the stored bodies, keys included.
 * `maxBytes` 0 turns it off: every lookup misses and nothing is stored.
 */
export class ReadCache {
  private epoch = 0;
  private readonly invalidatedAt = new Map<string, number>();
  private readonly lru: LRUCache<string, Entry> | null;
  /** How stored rooms map to further rooms they depend on (a board room's change is also the board list's). */
  private readonly alsoInvalidates: (room: string) => string[];
  private readonly clock: CacheClock;
  private readonly ttlMs: number;
  /** The load under way for each key, with the epoch it began at. */
  private readonly loading = new Map<string, { startedAt: number; answer: Promise<CachedAnswer> }>();

  constructor(maxBytes: number, alsoInvalidates: (room: string) => string[] = () => [], options: ReadCacheOptions = {}) {
    this.alsoInvalidates = alsoInvalidates;
    this.clock = options.clock ?? performance;
    this.ttlMs = options.ttlMs ?? 0;
    this.lru = maxBytes > 0
      ? new LRUCache<string, Entry>({
        maxSize: maxBytes,
        // The body's bytes, the key and the ETag as UTF-16 strings (two bytes a character),
        // and a small constant for the entry.
        sizeCalculation: (entry, key) => entry.body.length + 2 * (entry.etag.length + key.length) + 64 * (entry.rooms.length + 1),
        // The expiry: lru-cache drops an entry found older than ttl on get. ttlResolution 0
        // reads the clock on every check (one performance.now) instead of remembering it for
        // a millisecond behind a timer.
        ...(this.ttlMs > 0 ? { ttl: this.ttlMs, ttlResolution: 0, perf: this.clock } : {}),
      })
      : null;
  }

  /** Whether the cache stores anything at all. */
  get enabled(): boolean {
    return this.lru !== null;
  }

  /** Bytes the stored entries take, as the LRU counts them. */
  get bytes(): number {
    return this.lru?.calculatedSize ?? 0;
  }

  /** Number of stored entries (fresh or not yet found stale). */
  get size(): number {
    return this.lru?.size ?? 0;
  }

  /** Takes note that a read begins now: the ticket `store` checks against later invalidations. */
  begin(): ReadTicket {
    return { startedAt: this.epoch, startedAtMs: this.ttlMs > 0 ? this.clock.now() : 0 };
  }

  /** The fresh answer stored under `key`, or undefined (a stale entry is dropped). */
  get(key: string): CachedAnswer | undefined {
    return this.freshEntry(key);
  }

  /**
   * The answer for `key`: from memory, or from the load under way for it, or loaded now (and
   * stored as `store` would). A hit late in its entry's lifetime also starts one background
   * reload (`load` again), whose failure goes to `onRefreshError` and leaves the entry as it
   * was. A load that fails fails every request waiting for it. With the cache off, every
   * request loads for itself.
   */
  async read(key: string, load: () => Promise<LoadedAnswer>, onRefreshError: (err: unknown) => void = () => {}): Promise<ReadOutcome> {
    if (!this.lru) {
      // Off means off: every request reads for itself (the baseline the benchmarks compare with).
      const loaded = await load();
      return { answer: answerOf(loaded.body), result: 'miss', refreshing: false };
    }
    const entry = this.freshEntry(key);
    if (entry) {
      const refreshing = this.ttlMs > 0 && !this.loading.has(key) && this.clock.now() - entry.startedAtMs >= this.ttlMs * REFRESH_AFTER;
      if (refreshing) this.load(key, load).catch(onRefreshError);
      return { answer: entry, result: 'hit', refreshing };
    }
    const pending = this.loading.get(key);
    // Only a load that began after the last invalidation may answer a request made now.
    if (pending && pending.startedAt === this.epoch) return { answer: await pending.answer, result: 'joined', refreshing: false };
    return { answer: await this.load(key, load), result: 'miss', refreshing: false };
  }

  /** Loads `key` now, as the one load of it under way, and stores the answer. */
  private load(key: string, load: () => Promise<LoadedAnswer>): Promise<CachedAnswer> {
    const ticket = this.begin();
    const answer = load().then((loaded) => this.store(key, ticket, loaded.rooms, loaded.body));
    const mine = { startedAt: ticket.startedAt, answer };
    this.loading.set(key, mine);
    const done = () => {
      if (this.loading.get(key) === mine) this.loading.delete(key);
    };
    answer.then(done, done);
    return answer;
  }

  private freshEntry(key: string): Entry | undefined {
    const entry = this.lru?.get(key);
    if (!entry) return undefined;
    if (!this.fresh(entry.rooms, entry.startedAt)) {
      this.lru?.delete(key);
      return undefined;
    }
    return entry;
  }

  /**
   * Stores an answer read since `ticket`, unless one of its rooms was invalidated after the
   * read began (then the answer may predate that change, and is not kept). Answers the entry's ETag.
   */
  store(key: string, ticket: ReadTicket, rooms: string[], body: string): CachedAnswer {
    const answer = answerOf(body);
    if (this.lru && this.fresh(rooms, ticket.startedAt)) {
      // The expiry counts from the read's start: the answer is at most that old.
      this.lru.set(key, { ...answer, rooms, startedAt: ticket.startedAt, startedAtMs: ticket.startedAtMs }, this.ttlMs > 0 ? { start: ticket.startedAtMs } : undefined);
    }
    return answer;
  }

  /** Marks every entry of these rooms stale (an event of each was delivered to this process). */
  invalidate(rooms: Iterable<string>): void {
    this.epoch += 1;
    if (this.invalidatedAt.size > MAX_TRACKED_ROOMS) {
      // Forget the rooms one by one and count everything stored so far as stale: the memory
      // of invalidations stays bounded however many rooms a long-running process hears.
      this.invalidatedAt.clear();
      this.invalidatedAt.set(ALL_ROOMS, this.epoch);
    }
    for (const room of rooms) {
      this.invalidatedAt.set(room, this.epoch);
      for (const more of this.alsoInvalidates(room)) this.invalidatedAt.set(more, this.epoch);
    }
  }

  /** Marks every entry stale (the cross-process channel lost notices, so any entry may be stale). */
  invalidateAll(): void {
    this.invalidate([ALL_ROOMS]);
  }

  private fresh(rooms: string[], startedAt: number): boolean {
    if ((this.invalidatedAt.get(ALL_ROOMS) ?? 0) > startedAt) return false;
    for (const room of rooms) {
      if ((this.invalidatedAt.get(room) ?? 0) > startedAt) return false;
    }
    return true;
  }
}
