import type { IncomingMessage, ServerResponse } from 'node:http';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The security headers: a strict Content-Security-Policy (scripts and styles only from this
 * origin, no inline script; Lit's styles use constructable stylesheets, which it allows), no
 * plugins, no framing, and helmet's other defaults. Cross-origin embedder policy is off
 * (uploaded photos are plain same-origin images).
 */
export const HELMET_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'blob:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginEmbedderPolicy: false,
};

/**
 * The headers helmet sends for these options, worked out once by running its middleware
 * against a recorder. Every directive here is a fixed string (no per-request nonce), so the
 * headers are the same for every response.
 */
export function helmetHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

/**
 * Security headers on every Fastify response (helmet's, with the policy above). They are
 * computed once at start and set through the reply in one synchronous hook:
 * @fastify/helmet built a new helmet middleware, parsing the whole policy again, on every
 * request (about a tenth of a cached topic read's CPU, measured with --cpu-prof), and its raw
 * setHeader calls kept Node from writing the head in one pass. A route may still replace a
 * header with its own (the API docs send their own policy).
 */
export default fp(
  async (app) => {
    const headers = helmetHeaders(HELMET_OPTIONS);
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  },
  { name: 'security' },
);
