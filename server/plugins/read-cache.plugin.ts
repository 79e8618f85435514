import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ReadCache, type CachedAnswer } from '../lib/read-cache';
import { rooms } from '../realtime/rooms';

/**
 * The rooms a cached answer may name (the realtime room names, so that the events of those
 * rooms invalidate it), for routes, which do not reach into server/realtime/ themselves.
 */
export const cacheRooms = {
  topic: rooms.topic,
  board: rooms.board,
  boardList: rooms.boardList,
  featured: rooms.featured,
} as const;

/** The cached public reads, each a label of the hit/miss metric. */
export type CachedRead = 'boards' | 'board-topics' | 'topic' | 'tree' | 'replies' | 'featured';

/** How one public read is cached: its key, and how to load the answer with the rooms whose events make it stale. */
export interface CachedReadSpec {
  read: CachedRead;
  /** Everything the answer depends on besides the rooms' contents: resource, page, reader's language. */
  key: unknown[];
  /** The answer (serialised with the route's response schema) and its rooms, known once loaded (a post's replies belong to its topic's room). */
  load: () => Promise<{ answer: unknown; rooms: string[] }>;
}

/** The public reads' cache of this process, and the one way a route serves through it. */
export interface PublicReads {
  cache: ReadCache;
  /**
   * Answers an anonymous public GET from the cache, or loads, serialises (with the route's
   * response schema) and stores it; sends it with its ETag and `Cache-Control: no-cache`, or
   * a 304 when the request's If-None-Match names that ETag.
   */
  serve(request: FastifyRequest, reply: FastifyReply, spec: CachedReadSpec): Promise<FastifyReply>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The cache of anonymous public reads (invalidated by the realtime door). */
    publicReads: PublicReads;
    /** Shorthand for the door's hook: invalidates cached answers of rooms (see ReadCache.invalidate). */
    readCache: ReadCache;
  }
}

/** Does an If-None-Match header name this ETag (or `*`)? */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || `W/${t}` === etag;
  });
}

/**
 * The in-process cache of public reads (issue 14 item 1): anonymous answers of the board
 * list, a board's topic pages, a topic's first page, its tree and replies, the featured wall, stored serialised
 * with their ETags in an LRU of CACHE_MAX_BYTES, made stale by the realtime door as each
 * event reaches this process (its own, or another process's through the adapter).
 * Answers for signed-in readers never enter it: what differs per viewer (own reactions and
 * flags, hidden bodies an author or moderator sees, their held posts) stays out of the
 * shared entries.
 */
export default fp(
  async (app) => {
    const cache = new ReadCache(app.config.cacheMaxBytes, (room) => (room.startsWith('board:') ? [rooms.boardList] : []), { ttlMs: app.config.cacheTtlMs });
    const publicReads: PublicReads = {
      cache,
      async serve(request, reply, spec) {
        const key = JSON.stringify([spec.read, ...spec.key]);
        let answer: CachedAnswer | undefined = cache.get(key);
        if (answer) app.metrics.cacheHit(spec.read);
        else {
          app.metrics.cacheMiss(spec.read);
          const ticket = cache.begin();
          const loaded = await spec.load();
          const body = reply.serialize(loaded.answer);
          answer = cache.store(key, ticket, loaded.rooms, typeof body === 'string' ? body : Buffer.from(body as Uint8Array).toString('utf8'));
        }
        reply.header('etag', answer.etag).header('cache-control', 'no-cache');
        if (matches(request.headers['if-none-match'], answer.etag)) return reply.code(304).send();
        return reply.type('application/json; charset=utf-8').send(answer.body);
      },
    };
    app.decorate('readCache', cache);
    app.decorate('publicReads', publicReads);
  },
  { name: 'read-cache', dependencies: ['metrics'] },
);
