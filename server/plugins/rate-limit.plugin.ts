import fp from 'fastify-plugin';
import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AppError, type Sentence } from '../errors';
import { sha256 } from '../lib/secrets';
import { WindowCounter } from '../lib/window-counter';

/** The limits routes attach: per-member preHandlers, and the per-address registration limit as route config. */
export interface RouteLimits {
  /** Topics and replies together: POST_RATE_LIMIT a minute per member (one counter for both). */
  posting: preHandlerAsyncHookHandler[];
  /** Post edits (each keeps a revision): EDIT_RATE_LIMIT a minute per member. */
  edit: preHandlerAsyncHookHandler[];
  /** Draft saves: DRAFT_RATE_LIMIT a minute per member. */
  draft: preHandlerAsyncHookHandler[];
  /** Personal API tokens created: TOKEN_CREATE_RATE_LIMIT an hour per member. */
  tokenCreation: preHandlerAsyncHookHandler[];
  /** Photo uploads: UPLOAD_RATE_PER_HOUR an hour per member. */
  upload: preHandlerAsyncHookHandler[];
  /** Registrations: REGISTRATION_RATE_LIMIT an hour per address (route config of @fastify/rate-limit). */
  registration: RateLimitOptions | false;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set false on a route whose requests are not changes the write limit should count. */
    writeLimit?: boolean;
  }
  interface FastifyInstance {
    /** The route-level rate limits, built once: routes attach them, never build their own. */
    limits: RouteLimits;
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
 * every change a signed-in member makes (per member, WRITE_RATE_LIMIT a minute). The stricter
 * limits of some routes (posting, edits, drafts, token creation, registration per address)
 * are built here once, as `app.limits`, for the routes to attach. Failed sign-ins are counted
 * in the database by services/accounts/password.service.ts.
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
    app.decorate('limits', routeLimits(app.config));
  },
  { name: 'rate-limit', dependencies: ['db'] },
);

/** The per-route limits of the configuration, each with the sentence its 429 says. */
function routeLimits(config: FastifyInstance['config']): RouteLimits {
  return {
    // Say what happened and how long to wait, rather than the sign-in wording.
    posting: memberLimit({
      name: 'post',
      max: config.postRateLimit,
      windowMs: 60_000,
      sentence: (max, seconds) => ({
        en: `You are posting faster than ${max} posts a minute allows. Please wait ${seconds} seconds and send again; your text is kept.`,
        zh: `发帖太快了（每分钟最多 ${max} 条），请 ${seconds} 秒后再发送，内容不会丢失。`,
      }),
    }),
    // Every edit keeps a revision: a member may not write them without end.
    edit: memberLimit({
      name: 'edit',
      max: config.editRateLimit,
      windowMs: 60_000,
      sentence: (max, seconds) => ({
        en: `You are editing faster than ${max} edits a minute allows. Please wait ${seconds} seconds and save again; your text is kept.`,
        zh: `编辑太快了（每分钟最多 ${max} 次），请 ${seconds} 秒后再保存，内容不会丢失。`,
      }),
    }),
    // The composer saves a draft after each pause in typing: generous, but not without end.
    draft: memberLimit({
      name: 'draft',
      max: config.draftRateLimit,
      windowMs: 60_000,
      sentence: (max, seconds) => ({
        en: `You are saving drafts faster than ${max} a minute allows. Please wait ${seconds} seconds.`,
        zh: `草稿保存太频繁了（每分钟最多 ${max} 次），请 ${seconds} 秒后再试。`,
      }),
    }),
    tokenCreation: memberLimit({
      name: 'token-create',
      max: config.tokenCreateRateLimit,
      windowMs: 3_600_000,
      sentence: (max, seconds) => ({
        en: `You have created ${max} tokens this hour, the most allowed. Please wait ${seconds} seconds, or use one you have.`,
        zh: `本小时已创建 ${max} 个令牌，已达上限。请 ${seconds} 秒后再试，或使用已有的令牌。`,
      }),
    }),
    // Each upload is decoded and re-encoded (CPU) and kept on disk for a day even unused.
    upload: memberLimit({
      name: 'upload',
      max: config.uploadRatePerHour,
      windowMs: 3_600_000,
      sentence: (max, seconds) => ({
        en: `You have uploaded ${max} photos this hour, the most allowed. Please wait ${seconds} seconds; your text is kept.`,
        zh: `本小时已上传 ${max} 张图片，已达上限。请 ${seconds} 秒后再试，内容不会丢失。`,
      }),
    }),
    registration: config.registrationRateLimit > 0
      ? { max: config.registrationRateLimit, timeWindow: 3_600_000, allowList: () => false, keyGenerator: (r: FastifyRequest) => `register:${r.ip}` }
      : false,
  };
}

function isBearer(header: string | undefined): header is string {
  return typeof header === 'string' && /^Bearer\s/i.test(header);
}
