import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserRow } from '../db/schema';
import { hasRole, type Role } from '../domain/roles';
import { AppError } from '../errors';
import { safeEqual } from '../lib/secrets';
import { SESSION_COOKIE, resolveSession, type SessionAlong } from '../services/accounts/session.service';
import { resolveApiToken } from '../services/accounts/token.service';
import { isApiRequest } from './request-path';

/** Who is making a request, and how they proved it. */
export type Auth =
  | { via: 'session'; user: UserRow; sessionId: string; csrfToken: string }
  | { via: 'token'; user: UserRow; tokenId: number };

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user of this request, or null for an anonymous one. */
    auth: Auth | null;
    /**
     * What the route's `alongSession` read answered, run in the session lookup's statement;
     * null when it did not run (no session cookie, a bearer token, no such read).
     */
    sessionAlong: { value: unknown } | null;
  }
  interface FastifyContextConfig {
    /** Set false on routes that do not act on the session (sign-in, registration). */
    csrf?: boolean;
    /**
     * A read the route needs whoever asks (a reply's topic), run with a cookie's session
     * lookup in one statement (see resolveSession); null when the request cannot use one
     * (a malformed id: the schema answers it). The answer is in `request.sessionAlong`.
     */
    alongSession?: (request: FastifyRequest) => SessionAlong | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the session cookie or bearer token of every /api request into `request.auth`,
 * and refuses cookie-authenticated changes that lack the session's x-csrf-token.
 */
export default fp(
  async (app) => {
    app.decorateRequest('auth', null);
    app.decorateRequest('sessionAlong', null);
    app.addHook('onRequest', async (request) => {
      // On the routed path, not the raw URL: /%61pi/me is /api/me to the router.
      if (!isApiRequest(request)) return;
      request.auth = await authenticateRequest(request);
      const auth = request.auth;
      if (auth?.via !== 'session' || SAFE_METHODS.has(request.method)) return;
      if (request.routeOptions.config.csrf === false) return;
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !safeEqual(header, auth.csrfToken)) throw new AppError('CSRF');
    });
  },
  { name: 'auth', dependencies: ['db'] },
);

/** Reads a bearer token first (scripts), then the session cookie (browsers). */
export async function authenticateRequest(request: FastifyRequest): Promise<Auth | null> {
  const { db, config } = request.server;
  const header = request.headers.authorization;
  if (typeof header === 'string' && header !== '') {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError('BAD_TOKEN');
    const found = await resolveApiToken(db, match[1]);
    if (!found) throw new AppError('BAD_TOKEN');
    return { via: 'token', user: found.user, tokenId: found.tokenId };
  }
  const secret = request.cookies[SESSION_COOKIE];
  if (!secret) return null;
  const along = request.routeOptions.config.alongSession?.(request) ?? null;
  let session;
  if (along) {
    const found = await resolveSession(db, secret, config.sessionTtlMs, along);
    request.sessionAlong = { value: found.along };
    session = found.session;
  } else {
    session = await resolveSession(db, secret, config.sessionTtlMs);
  }
  if (!session) return null;
  return { via: 'session', user: session.user, sessionId: session.sessionId, csrfToken: session.csrfToken };
}

/** The signed-in user, or 401 UNAUTHENTICATED. */
export function requireUser(request: FastifyRequest): UserRow {
  if (!request.auth) throw new AppError('UNAUTHENTICATED');
  return request.auth.user;
}

/** The signed-in user if they hold one of `roles` (admins hold them all), or 401/403. */
export function requireRole(request: FastifyRequest, ...roles: Role[]): UserRow {
  const user = requireUser(request);
  if (!hasRole(user, ...roles)) throw new AppError('FORBIDDEN');
  return user;
}

/** The session this request came with, or null (anonymous, or a personal API token). */
export function currentSessionId(request: FastifyRequest): string | null {
  return request.auth?.via === 'session' ? request.auth.sessionId : null;
}

/** What a new session records of the browser that asks for it. */
export function sessionMeta(request: FastifyRequest): { userAgent?: string; ip: string } {
  return { userAgent: request.headers['user-agent'], ip: request.ip };
}

/** Is the session cookie sent over HTTPS only: served over HTTPS, or PUBLIC_URL is https? */
function secureCookie(request: FastifyRequest): boolean {
  return request.protocol === 'https' || request.server.config.publicUrl.startsWith('https:');
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure when served over HTTPS. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, session: { secret: string; expiresAt: Date }): void {
  reply.setCookie(SESSION_COOKIE, session.secret, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookie(request),
    path: '/',
    expires: session.expiresAt,
  });
}

/** Removes the session cookie. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: secureCookie(request), path: '/' });
}
