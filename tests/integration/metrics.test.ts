import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { registerUser, signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createTopic } from '../factories/topic.factory';
import { ConfigError, loadConfig } from '../../server/config';

let app: FastifyInstance;
let member: SignedInUser;
beforeAll(async () => {
  // TRUST_PROXY: the allowed address may arrive in X-Forwarded-For from a proxy in front.
  app = await createTestApp({ METRICS_ALLOW: '10.9.9.9, ::ffff:10.9.9.8', TRUST_PROXY: 'true', POST_RATE_LIMIT: '0' });
  member = await registerUser(app);
});
afterAll(async () => {
  await app?.close();
});

/** The value of one sample line (`name{labels} value`) in a Prometheus text body, or null. */
function sample(body: string, name: string, labels: string): number | null {
  const line = body.split('\n').find((l) => l.startsWith(`${name}{`) && labels.split(',').every((label) => l.includes(label)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : null;
}

describe('GET /api/metrics', () => {
  it('is 401 to anonymous readers and 403 to members, in the error shape', async () => {
    const anonymous = await new Client(app).get('/api/metrics');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.data).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED', message: expect.any(String) });
    const forbidden = await member.client.get('/api/metrics');
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.data).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers admins in Prometheus text with requests by route pattern, caches, sockets, event lag and Node figures', async () => {
    const admin = await signInAdmin(app);
    const { topic } = await createTopic(member.client, 'qunzhong');
    await new Client(app).get(`/api/topics/${topic.id}`);
    await new Client(app).get(`/api/topics/${topic.id}`);
    await new Client(app).get('/api/no-such-route-here');
    const res = await admin.get('/api/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = res.body;
    for (const name of [
      'grassroots_http_requests_total', 'grassroots_http_request_duration_seconds', 'grassroots_cache_requests_total',
      'grassroots_realtime_open_sockets', 'grassroots_realtime_event_lag_seconds', 'grassroots_nodejs_eventloop_lag_seconds',
    ]) expect(body).toContain(`# TYPE ${name} `);
    expect(sample(body, 'grassroots_http_requests_total', 'route="/api/topics/:id",status="200"')).toBeGreaterThanOrEqual(2);
    expect(sample(body, 'grassroots_http_requests_total', 'route="unmatched",status="404"')).toBeGreaterThanOrEqual(1);
    expect(body).not.toContain(`/api/topics/${topic.id}"`);
    expect(body).not.toContain('no-such-route-here');
    // The two anonymous reads of the topic: the first misses the public reads' cache, the second hits.
    expect(sample(body, 'grassroots_cache_requests_total', 'cache="topic",result="hit"')).toBe(1);
    expect(sample(body, 'grassroots_cache_requests_total', 'cache="topic",result="miss"')).toBe(1);
    expect(sample(body, 'grassroots_realtime_event_lag_seconds_count', 'path="local"')).toBeGreaterThanOrEqual(1);
    expect(body).toMatch(/^grassroots_realtime_open_sockets 0$/m);
  });

  it('answers an address of METRICS_ALLOW without signing in, directly or through a trusted proxy', async () => {
    const direct = await new Client(app).get('/api/metrics', { remoteAddress: '10.9.9.9' });
    expect(direct.statusCode).toBe(200);
    expect(direct.body).toContain('grassroots_http_requests_total');
    const proxied = await new Client(app).get('/api/metrics', { headers: { 'x-forwarded-for': '10.9.9.9' } });
    expect(proxied.statusCode).toBe(200);
    const other = await new Client(app).get('/api/metrics', { remoteAddress: '10.9.9.10' });
    expect(other.statusCode).toBe(401);
  });
});

describe('METRICS_ALLOW and DATABASE_REPLICA_URL configuration', () => {
  it('refuses an allow list entry that is not an IP address, and a replica without a primary', () => {
    expect(() => loadConfig({ METRICS_ALLOW: '10.0.0.1,prometheus.local' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_ALLOW: '10.0.0.1,prometheus.local' })).toThrow(/METRICS_ALLOW.*"prometheus\.local"/);
    expect(() => loadConfig({ DATABASE_REPLICA_URL: 'postgres://127.0.0.1/x' })).toThrow(/DATABASE_REPLICA_URL: needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://127.0.0.1/x', DATABASE_REPLICA_URL: 'mysql://x' })).toThrow(/DATABASE_REPLICA_URL/);
    expect(loadConfig({ METRICS_ALLOW: ' 10.0.0.1 , ::1 ' }).metricsAllow).toEqual(['10.0.0.1', '::1']);
  });

  it('refuses a WORKERS count outside 1–256', () => {
    expect(() => loadConfig({ WORKERS: '0' })).toThrow(/WORKERS/);
    expect(loadConfig({ WORKERS: '3' }).workers).toBe(3);
  });
});
