import type { FastifyRequest } from 'fastify';

/**
 * The path a request is routed on, as the router read it: the matched route's pattern, or
 * for a request no route matched, its decoded path. Decisions about a request (is it the
 * API?) use this, never the raw URL: `/%61pi/me` reaches the `/api/me` route, and must be
 * authenticated like `/api/me`.
 */
export function routedPath(request: FastifyRequest): string {
  const pattern = request.routeOptions.url;
  if (pattern !== undefined) return pattern;
  const raw = request.url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Is the request for the JSON API (a route under /api/, or an unknown path there)? */
export function isApiRequest(request: FastifyRequest): boolean {
  const path = routedPath(request);
  return path === '/api' || path.startsWith('/api/');
}
