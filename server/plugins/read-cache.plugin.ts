import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { UserRow } from '../db/schema';
import { AppError } from '../errors';
import { ReadCache, etagOf, type CachedAnswer } from '../lib/read-cache';
import { rooms } from '../realtime/rooms';
import { readsFresh } from '../services/forum/read-overlay';

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
  /**
   * How a signed-in reader's answer differs from the shared one (absent: it does not, as the
   * board list): see server/services/forum/read-overlay.ts.
   */
  forViewer?: ViewerSpec;
}

/** A signed-in reader's answer: the shared answer with an overlay, or read fresh. */
export interface ViewerSpec {
  /**
   * The shared answer (parsed from the cached body, so it may be changed) made this viewer's,
   * in one statement; or null when the viewer has something of their own here that the shared
   * answer leaves out or masks (then `fresh` answers).
   */
  overlay: (viewer: UserRow, shared: unknown) => Promise<unknown>;
  /** The answer read for this viewer, bypassing the cache (moderators, the rare own-hidden case, the cache off). */
  fresh: (viewer: UserRow) => Promise<unknown>;
}

/** The public reads' cache of this process, and the one way a route serves through it. */
export interface PublicReads {
  cache: ReadCache;
  /**
   * Answers an anonymous public GET from the cache, or loads, serialises (with the route's
   * response schema) and stores it; sends it with its ETag and `Cache-Control: no-cache`, or
   * a 304 when the request's If-None-Match names that ETag. A signed-in reader of a read with
   * `forViewer` gets the shared entry plus their overlay (or a fresh read), sent
   * `Cache-Control: private, no-cache`, `Vary: Cookie, Authorization`, with an ETag of their own.
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
 * shared entries. A signed-in member who is not a moderator is served from the same shared
 * entry with an overlay of their own marks (one statement), or read fresh when they have
 * something of their own there the shared answer masks (read-overlay.ts); moderators and
 * admins are read fresh. Their answers are private: `Cache-Control: private, no-cache`,
 * `Vary: Cookie, Authorization` and an ETag over the viewer and the personalised body, so no
 * cache between may hand one person's answer to another and a 304 only ever confirms the
 * body that person was sent.
 */
export default fp(
  async (app) => {
    const cache = new ReadCache(app.config.cacheMaxBytes, (room) => (room.startsWith('board:') ? [rooms.boardList] : []), { ttlMs: app.config.cacheTtlMs });
    const serialized = (reply: FastifyReply, value: unknown): string => {
      const body = reply.serialize(value);
      return typeof body === 'string' ? body : Buffer.from(body as Uint8Array).toString('utf8');
    };
    /**
     * The shared entry of a read: from memory, or from the load of it under way, or loaded,
     * serialised and stored (ReadCache.read). The serialiser is the route's 200 schema, taken
     * now: a background reload finishes after this reply was sent, perhaps as a 304.
     */
    const shared = async (reply: FastifyReply, spec: CachedReadSpec): Promise<CachedAnswer> => {
      const key = JSON.stringify([spec.read, ...spec.key]);
      const bySchema = reply.getSerializationFunction('200');
      const toBody = (value: unknown): string => (bySchema ? bySchema(value as Record<string, unknown>) : serialized(reply, value));
      const outcome = await cache.read(
        key,
        async () => {
          const loaded = await spec.load();
          return { rooms: loaded.rooms, body: toBody(loaded.answer) };
        },
        (err) => {
          // A refusal (the topic went away since) leaves the entry to its expiry; anything else is worth a look.
          if (err instanceof AppError && err.statusCode < 500) app.log.debug({ err, key }, 'cached read refused on refresh');
          else app.log.warn({ err, key }, 'cached read failed on refresh');
        },
      );
      if (outcome.result === 'hit') app.metrics.cacheHit(spec.read);
      else if (outcome.result === 'joined') app.metrics.cacheJoined(spec.read);
      else app.metrics.cacheMiss(spec.read);
      if (outcome.refreshing) app.metrics.cacheRefresh(spec.read);
      return outcome.answer;
    };
    /** A signed-in reader's answer: the shared entry with their overlay, or read fresh. */
    const personal = async (reply: FastifyReply, spec: CachedReadSpec, how: ViewerSpec, viewer: UserRow): Promise<string> => {
      if (cache.enabled && !readsFresh(viewer)) {
        let entry: CachedAnswer | null = null;
        try {
          entry = await shared(reply, spec);
        } catch {
          // The anonymous read refused (a held topic is a 404 to it, a bad cursor a 400): the
          // fresh read below answers for this viewer, as their author may see it.
        }
        const answer = entry === null ? null : await how.overlay(viewer, JSON.parse(entry.body.toString('utf8')) as unknown);
        if (answer !== null) return serialized(reply, answer);
      }
      return serialized(reply, await how.fresh(viewer));
    };
    const publicReads: PublicReads = {
      cache,
      async serve(request, reply, spec) {
        const viewer = request.auth?.user ?? null;
        if (viewer !== null && spec.forViewer) {
          const body = await personal(reply, spec, spec.forViewer, viewer);
          // The viewer's id is part of what the tag covers: it confirms this person's body only.
          const etag = etagOf(`${viewer.id}\n${body}`);
          reply.header('etag', etag).header('cache-control', 'private, no-cache').header('vary', 'Cookie, Authorization');
          if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
          return reply.type('application/json; charset=utf-8').send(body);
        }
        const answer = await shared(reply, spec);
        // The same URL answers a signed-in reader differently (their marks, their held posts):
        // a cache between must key this shared answer on the cookie too.
        reply.header('etag', answer.etag).header('cache-control', 'no-cache').header('vary', 'Cookie, Authorization');
        if (matches(request.headers['if-none-match'], answer.etag)) return reply.code(304).send();
        return reply.type('application/json; charset=utf-8').send(answer.body);
      },
    };
    app.decorate('readCache', cache);
    app.decorate('publicReads', publicReads);
  },
  { name: 'read-cache', dependencies: ['metrics'] },
);
