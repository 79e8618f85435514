import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { connectSocket, listen } from '../helpers/sockets';
import { registerUser, type SignedInUser } from '../factories/user.factory';
import type { SessionView } from '../../server/presenters/session.presenter';

let app: FastifyInstance;
let baseUrl: string;
beforeAll(async () => {
  app = await createTestApp();
  baseUrl = await listen(app);
});
afterAll(async () => {
  await app?.close();
});

/** Signs the same user in again from another "device". */
async function signInElsewhere(member: SignedInUser, userAgent: string, remoteAddress = '10.9.8.7'): Promise<Client> {
  const other = new Client(app);
  const res = await other.post('/api/auth/login', { username: member.user.username, password: member.password }, {
    headers: { 'user-agent': userAgent },
    remoteAddress,
  });
  expect(res.statusCode).toBe(200);
  return other;
}

describe('GET /api/me/sessions', () => {
  it('lists the live sessions, most recently active first, marking the current one', async () => {
    const member = await registerUser(app);
    const phone = await signInElsewhere(member, 'Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36', '10.1.2.3');
    // The phone is the most recently active.
    await phone.get('/api/me');
    const list = await phone.get<{ items: SessionView[] }>('/api/me/sessions');
    expect(list.statusCode).toBe(200);
    expect(list.data.items).toHaveLength(2);
    const [first, second] = list.data.items;
    expect(first).toMatchObject({ current: true, ip: '10.1.2.3', userAgent: expect.stringContaining('Android') as string });
    expect(first?.id).toMatch(/^[0-9a-f]{64}$/);
    expect(second?.current).toBe(false);
    // The cookie's secret never appears, only its hash.
    expect(list.body).not.toContain((phone.cookie ?? '').split('=')[1]);
    // The other device sees itself as current.
    const fromFirst = await member.client.get<{ items: SessionView[] }>('/api/me/sessions');
    expect(fromFirst.data.items.find((s) => s.current)?.id).toBe(second?.id);
  });

  it('answers 401 to a visitor', async () => {
    const res = await new Client(app).get('/api/me/sessions');
    expect(res.statusCode).toBe(401);
    expect(res.data).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('DELETE /api/me/sessions/:id', () => {
  it('signs another device out: its cookie stops working and its live connection drops', async () => {
    const member = await registerUser(app);
    const laptop = await signInElsewhere(member, 'Mozilla/5.0 (Windows NT 10.0) Firefox/128.0');
    const socket = await connectSocket(baseUrl, laptop.cookie);
    try {
      const dropped = new Promise<string>((resolve) => socket.socket.once('disconnect', (reason) => resolve(reason)));
      const list = await member.client.get<{ items: SessionView[] }>('/api/me/sessions');
      const target = list.data.items.find((s) => !s.current);
      const res = await member.client.delete(`/api/me/sessions/${target?.id ?? ''}`);
      expect(res.statusCode).toBe(204);
      expect(await dropped).toBe('io server disconnect');
      expect((await laptop.get('/api/me')).statusCode).toBe(401);
      expect((await member.client.get('/api/me')).statusCode).toBe(200);
      expect((await member.client.get<{ items: SessionView[] }>('/api/me/sessions')).data.items).toHaveLength(1);
    } finally {
      socket.close();
    }
  });

  it('signs this browser out when it ends its own session, clearing the cookie', async () => {
    const member = await registerUser(app);
    const own = (await member.client.get<{ items: SessionView[] }>('/api/me/sessions')).data.items[0];
    const res = await member.client.delete(`/api/me/sessions/${own?.id ?? ''}`);
    expect(res.statusCode).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(/gr_session=;/);
    expect((await member.client.get('/api/me')).statusCode).toBe(401);
  });

  it("answers 404 for another user's session and leaves it alive", async () => {
    const alice = await registerUser(app);
    const mallory = await registerUser(app);
    const aliceId = (await alice.client.get<{ items: SessionView[] }>('/api/me/sessions')).data.items[0]?.id ?? '';
    const res = await mallory.client.delete(`/api/me/sessions/${aliceId}`);
    expect(res.statusCode).toBe(404);
    expect(res.data).toMatchObject({ code: 'NOT_FOUND' });
    expect((await alice.client.get('/api/me')).statusCode).toBe(200);
  });

  it('answers 400 naming the id for a malformed id, 403 without the CSRF header, 401 to a visitor', async () => {
    const member = await registerUser(app);
    const own = (await member.client.get<{ items: SessionView[] }>('/api/me/sessions')).data.items[0]?.id ?? '';
    const malformed = await member.client.delete('/api/me/sessions/not-a-session');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.data).toMatchObject({ code: 'VALIDATION', field: 'id' });
    const noCsrf = await member.client.delete(`/api/me/sessions/${own}`, { noCsrf: true });
    expect(noCsrf.statusCode).toBe(403);
    expect((await new Client(app).delete(`/api/me/sessions/${own}`)).statusCode).toBe(401);
    expect((await member.client.get('/api/me')).statusCode).toBe(200);
  });
});

describe('POST /api/me/sessions/revoke-others', () => {
  it('signs out every other session and keeps this one', async () => {
    const member = await registerUser(app);
    const phone = await signInElsewhere(member, 'phone');
    const tablet = await signInElsewhere(member, 'tablet');
    const res = await member.client.post<{ revoked: number }>('/api/me/sessions/revoke-others');
    expect(res.statusCode).toBe(200);
    expect(res.data).toEqual({ revoked: 2 });
    expect((await phone.get('/api/me')).statusCode).toBe(401);
    expect((await tablet.get('/api/me')).statusCode).toBe(401);
    expect((await member.client.get('/api/me')).statusCode).toBe(200);
    expect((await member.client.post<{ revoked: number }>('/api/me/sessions/revoke-others')).data).toEqual({ revoked: 0 });
  });

  it('with a personal API token, signs out every browser session', async () => {
    const member = await registerUser(app);
    const created = await member.client.post<{ secret: string }>('/api/tokens', { name: '脚本' });
    const script = new Client(app);
    script.bearer = created.data.secret;
    const res = await script.post<{ revoked: number }>('/api/me/sessions/revoke-others');
    expect(res.data).toEqual({ revoked: 1 });
    expect((await member.client.get('/api/me')).statusCode).toBe(401);
  });

  it('answers 401 to a visitor and 403 without the CSRF header', async () => {
    expect((await new Client(app).post('/api/me/sessions/revoke-others')).statusCode).toBe(401);
    const member = await registerUser(app);
    expect((await member.client.post('/api/me/sessions/revoke-others', undefined, { noCsrf: true })).statusCode).toBe(403);
  });
});
