import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { signInAdmin } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createTopic } from '../factories/topic.factory';
import { HELMET_OPTIONS, helmetHeaders } from '../../server/plugins/security.plugin';

/*
 * The security headers (server/plugins/security.plugin.ts) are worked out once at start and
 * set on every response: every answer, the cached ones and their 304s included, carries the
 * same full set, written out here so that a change of the policy or a lost header fails.
 */

/** Helmet's headers for our options, as they were sent when @fastify/helmet set them per request. */
const EXPECTED: Record<string, string> = {
  'content-security-policy': "default-src 'self';script-src 'self';style-src 'self';img-src 'self' blob:;font-src 'self';connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

let app: FastifyInstance;
let topicId: number;
const anon = () => new Client(app);

beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' });
  const admin = await signInAdmin(app);
  const board = await createBoard(app, { admin });
  topicId = (await createTopic(admin, board.slug, { body: '安全头 headers' })).topic.id;
});
afterAll(async () => {
  await app?.close();
});

function expectSecurityHeaders(headers: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(EXPECTED)) expect(headers[name], name).toBe(value);
  expect(headers['x-powered-by']).toBeUndefined();
}

describe('helmetHeaders', () => {
  it('works out exactly the headers helmet sends for the configured policy', () => {
    expect(helmetHeaders(HELMET_OPTIONS)).toEqual(EXPECTED);
  });
});

describe('security headers on every response', () => {
  it('sends the full set on a plain API answer', async () => {
    const res = await app.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expectSecurityHeaders(res.headers);
  });

  it('sends the full set on a cached anonymous read, its repeat from memory and its 304', async () => {
    const first = await anon().get(`/api/topics/${topicId}`);
    const second = await anon().get(`/api/topics/${topicId}`);
    expect(second.body).toBe(first.body);
    const notModified = await anon().get(`/api/topics/${topicId}`, { headers: { 'if-none-match': String(second.headers.etag) } });
    expect(notModified.statusCode).toBe(304);
    for (const res of [first, second, notModified]) expectSecurityHeaders(res.headers);
  });

  it('sends the full set on a signed-in read and on errors (404, 400, 401)', async () => {
    const admin = await signInAdmin(app);
    expectSecurityHeaders((await admin.get(`/api/topics/${topicId}`)).headers);
    const missing = await app.inject('/api/no-such-route');
    expect(missing.statusCode).toBe(404);
    expectSecurityHeaders(missing.headers);
    const bad = await app.inject('/api/topics/not-a-number');
    expect(bad.statusCode).toBe(400);
    expectSecurityHeaders(bad.headers);
    const unauthenticated = await app.inject({ method: 'POST', url: `/api/topics/${topicId}/posts`, payload: { body: 'x' } });
    expect(unauthenticated.statusCode).toBe(401);
    expectSecurityHeaders(unauthenticated.headers);
  });

  it('lets the API documentation keep its own policy, with the other headers unchanged', async () => {
    const res = await app.inject('/api/docs/static/index.html');
    expect(String(res.headers['content-security-policy'])).not.toBe(EXPECTED['content-security-policy']);
    for (const [name, value] of Object.entries(EXPECTED)) if (name !== 'content-security-policy') expect(res.headers[name], name).toBe(value);
  });
});
