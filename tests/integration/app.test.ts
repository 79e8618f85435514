import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { connectSocket, listen } from '../helpers/sockets';
import { testConfig } from '../setup/test-config';

let app: FastifyInstance;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('GET /api/health', () => {
  it('answers ok with the driver in use', async () => {
    const res = await app.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: process.env.DATABASE_URL ? 'postgres' : 'pglite' });
  });
});

describe('GET /api/health while the database is unreachable', () => {
  it('answers 503 UNAVAILABLE with the error shape', async () => {
    const broken = await createTestApp();
    try {
      // Cut the database away under the running app.
      if (broken.database.pglite) await broken.database.pglite.close();
      else await broken.database.close();
      const res = await broken.inject('/api/health');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ statusCode: 503, code: 'UNAVAILABLE', error: 'Service Unavailable' });
    } finally {
      await broken.close().catch(() => undefined);
    }
  });
});

describe('realtime while the database is unreachable', () => {
  it('answers a subscribe with UNAVAILABLE (not FORBIDDEN) and keeps the server up', async () => {
    const broken = await createTestApp();
    try {
      const url = await listen(broken);
      const socket = await connectSocket(url);
      try {
        if (broken.database.pglite) await broken.database.pglite.close();
        else await broken.database.close();
        expect(await socket.subscribe('topic:1')).toEqual({ ok: false, code: 'UNAVAILABLE' });
        expect(await socket.subscribe('topic:1', 0)).toEqual({ ok: false, code: 'UNAVAILABLE' });
        expect(socket.socket.connected).toBe(true);
      } finally {
        socket.close();
      }
    } finally {
      await broken.close().catch(() => undefined);
    }
  });
});

describe('the error model', () => {
  it('answers unknown /api routes with a JSON 404 ROUTE_NOT_FOUND', async () => {
    const res = await app.inject('/api/no/such/thing');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ statusCode: 404, code: 'ROUTE_NOT_FOUND', error: 'Not Found', message: expect.any(String) });
  });

  it('answers a huge body with 413 and the error shape', async () => {
    const res = await app.inject({
      method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x', password: 'y'.repeat(2_000_000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers a wrong content type with 415 and the error shape', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers wrong types and arrays instead of objects with 400, never 500', async () => {
    for (const payload of ['[]', '"text"', '123', 'null', '{"username":["a"],"password":{}}']) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload });
      expect(res.statusCode, payload).toBe(400);
      expect(res.json().code).toMatch(/VALIDATION|MALFORMED_JSON/);
      expect(res.body).not.toMatch(/node_modules|at .*\(/);
    }
  });
});

describe('the error model before routing', () => {
  it('answers a malformed escape in the path with 400 and the error shape', async () => {
    const res = await app.inject('/api/users/%E0%A4%A');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ statusCode: 400, code: 'VALIDATION', error: 'Bad Request', message: expect.any(String) as string });
  });

  it('answers a path part longer than the router takes with 400 and the error shape', async () => {
    const res = await app.inject(`/api/users/${'a'.repeat(60_000)}/journal`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION' });
  });
});

/** What a raw connection receives until the server closes it (or `ms` pass: then null). */
function receiveUntilClosed(url: string, send: string, ms: number): Promise<string | null> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, ms);
    socket.on('data', (chunk) => { received += chunk.toString('utf8'); });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    if (send) socket.write(send);
  });
}

describe('timeouts', () => {
  it('answers 408 with the error shape and closes when a body arrives too slowly', async () => {
    const slow = await createTestApp({ REQUEST_TIMEOUT_SECONDS: '1' });
    try {
      const url = await listen(slow);
      // Headers promise 100 bytes of body; one arrives, and then nothing.
      const answer = await receiveUntilClosed(url, 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{', 15_000);
      expect(answer).not.toBeNull();
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      const body = JSON.parse(answer?.split('\r\n\r\n')[1] ?? '{}') as Record<string, unknown>;
      expect(body).toEqual({ statusCode: 408, code: 'REQUEST_TIMEOUT', error: 'Request Timeout', message: expect.any(String) as string });
    } finally {
      await slow.close();
    }
  });

  it('closes a connection that sends nothing', async () => {
    const idle = await createTestApp({ CONNECTION_TIMEOUT_SECONDS: '1' });
    try {
      const url = await listen(idle);
      expect(await receiveUntilClosed(url, '', 15_000)).not.toBeNull();
    } finally {
      await idle.close();
    }
  });

  it('refuses timeouts that are not whole seconds from 1 to 3600 in the configuration', () => {
    expect(() => testConfig({ REQUEST_TIMEOUT_SECONDS: '0', CONNECTION_TIMEOUT_SECONDS: 'soon' })).toThrow(/REQUEST_TIMEOUT_SECONDS[\s\S]*CONNECTION_TIMEOUT_SECONDS/);
  });
});

describe('security headers', () => {
  it('sends a strict Content-Security-Policy with no inline script', async () => {
    const res = await app.inject('/api/health');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('OpenAPI', () => {
  it('publishes the document generated from the route schemas at /api/openapi.json', async () => {
    const res = await app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/register', '/api/auth/login', '/api/units', '/api/users/{id}/roles']));
  });

  it('does not mark a query parameter with a default (limit) required', async () => {
    const doc = (await app.inject('/api/openapi.json')).json<{ paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean; schema: { default?: unknown } }[] }>> }>();
    const limits: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const parameter of operation.parameters ?? []) {
          if (parameter.schema.default === undefined) continue;
          expect(parameter.required, `${method} ${path} ${parameter.name}`).toBe(false);
          if (parameter.name === 'limit') limits.push(`${method} ${path}`);
        }
      }
    }
    expect(limits).toContain('get /api/boards/{slug}/topics');
    // Leaving it out still means the default.
    expect((await app.inject('/api/boards/xiaxiang/topics')).statusCode).toBe(200);
  });

  it('declares the reports with their real content types', async () => {
    const doc = (await app.inject('/api/openapi.json')).json<{ paths: Record<string, { get: { responses: Record<string, { content?: Record<string, unknown> }> } }> }>();
    expect(Object.keys(doc.paths['/api/campaign/report.csv']?.get.responses['200']?.content ?? {})).toEqual(['text/csv']);
    expect(Object.keys(doc.paths['/api/campaign/report.xlsx']?.get.responses['200']?.content ?? {}))
      .toEqual(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    // Errors are still JSON.
    expect(Object.keys(doc.paths['/api/campaign/report.csv']?.get.responses['403']?.content ?? {})).toEqual(['application/json']);
  });

  it('serves a docs page at /api/docs', async () => {
    const res = await app.inject('/api/docs/');
    expect([200, 302]).toContain(res.statusCode);
  });
});

describe('compression', () => {
  it('compresses larger JSON answers for clients that accept it', async () => {
    const res = await app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
  });
});
