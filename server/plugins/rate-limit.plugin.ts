import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AppError, type Sentence } from '../errors';
import { sha256 } from '../services/secrets';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set false on a route whose requests are not changes the write limit should count. */
    writeLimit?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A limit on what one signed-in member may do in a window, answered like the posting limit. */
export interface MemberLimit {
  /** Names the counter (one per limit), so limits do not share counts. */
  name: string;
  /** Requests allowed per window; 0 turns the limit off. */
  max: number;
  windowMs: number;
  /** What the 429 says: the limit and the seconds left to wait. */
  sentence: (max: number, seconds: number) => Sentence;
  /** Which requests count (default: all of the routes it is given to). */
  counts?: (request: FastifyRequest) => boolean;
}

/**
 * Fixed-window counters per key, in this process (as @fastify/rate-limit's local store
 * keeps them), holding at most `maxKeys` keys: expired ones go first, then the oldest.
 */
export class WindowCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly windowMs: number, private readonly maxKeys = 50_000) {}

  /** Counts one request of `key`: how many the window holds now, and when it resets. */
  hit(key: string, now = Date.now()): { count: number; resetInMs: number } {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.evict(now);
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetInMs: window.resetAt - now };
  }

  private evict(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    // Still full: the oldest windows go (a Map iterates in insertion order).
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}

/**
 * A per-member limit as preHandler hooks, after authentication has named the member (by
 * session cookie or personal API token: both count for the member). Past it the answer is
 * 429 RATE_LIMITED with Retry-After and a sentence saying what to slow down; anonymous
 * requests are not counted (their routes answer 401). Its own counters, not
 * @fastify/rate-limit's: that library runs one limit per request, and a write may meet
 * several (the member's writes, then the route's own, such as edits).
 */
export function memberLimit(limit: MemberLimit): preHandlerAsyncHookHandler[] {
  if (limit.max <= 0) return [];
  const counter = new WindowCounter(limit.windowMs);
  const counts = limit.counts ?? (() => true);
  return [async (request) => {
    if (request.auth === null || !counts(request)) return;
    const { count, resetInMs } = counter.hit(String(request.auth.user.id));
    if (count <= limit.max) return;
    const seconds = Math.max(1, Math.ceil(resetInMs / 1000));
    throw new AppError('RATE_LIMITED', limit.sentence(limit.max, seconds), undefined, seconds);
  }];
}

/**
 * Request rate limits. Every personal API token is limited (per token, every request), and
 * every change a signed-in member makes (per member, WRITE_RATE_LIMIT a minute); routes add
 * stricter limits of their own with memberLimit (posting, edits, drafts, token creation) or
 * route config (registration per address). Failed sign-ins are counted in the database by
 * the accounts service.
 */
export default fp(
  async (app) => {
    const { tokenRateLimit, writeRateLimit } = app.config;
    await app.register(rateLimit, {
      global: true,
      max: tokenRateLimit > 0 ? tokenRateLimit : 1_000_000_000,
      timeWindow: 60_000,
      allowList: (request) => !isBearer(request.headers.authorization),
      keyGenerator: (request) => {
        const header = request.headers.authorization;
        return isBearer(header) ? `token:${sha256(header)}` : request.ip;
      },
    });
    for (const hook of memberLimit({
      name: 'write',
      max: writeRateLimit,
      windowMs: 60_000,
      counts: (request) => !SAFE_METHODS.has(request.method) && request.routeOptions.config.writeLimit !== false,
      sentence: (max, seconds) => ({
        en: `You are making changes faster than ${max} a minute allows. Please wait ${seconds} seconds and try again.`,
        zh: `操作太频繁了（每分钟最多 ${max} 次更改），请 ${seconds} 秒后再试。`,
      }),
    })) app.addHook('preHandler', hook);
  },
  { name: 'rate-limit', dependencies: ['db'] },
);

function isBearer(header: string | undefined): header is string {
  return typeof header === 'string' && /^Bearer\s/i.test(header);
}
