import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { resolveApiToken, resolveSession } from '../services/accounts';
import { safeEqual } from '../services/secrets';
import type { UserRow } from '../db/schema';
import { hasRole, type Role } from '../domain/roles';
import { AppError } from '../errors';
import { isApiRequest } from './request-path';

/** The name of the session cookie. */
export const SESSION_COOKIE = 'gr_session';

/** Who is making a request, and how they proved it. */
export type Auth =
  | { via: 'session'; user: UserRow; sessionId: string; csrfToken: string }
  | { via: 'token'; user: UserRow; tokenId: number };

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user of this request, or null for an anonymous one. */
    auth: Auth | null;
  }
  interface FastifyContextConfig {
    /** Set false on routes that do not act on the session (sign-in, registration). */
    csrf?: boolean;
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
  const session = await resolveSession(db, secret, config.sessionTtlMs);
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

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure when served over HTTPS. */
export function setSessionCookie(reply: FastifyReply, secret: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: expiresAt,
  });
}

/** Removes the session cookie. */
export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
