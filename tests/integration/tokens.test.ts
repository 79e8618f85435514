import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { registerUser } from '../factories/user.factory';
import type { NewTokenView as TokenAnswer } from '../../server/presenters/token.presenter';

let app: FastifyInstance;
beforeAll(async () => {
  app = await createTestApp({ TOKEN_RATE_LIMIT: '5' });
});
afterAll(async () => {
  await app?.close();
});


describe('personal API tokens', () => {
  it('creates a token shown once, lists it without the secret, and authenticates a script by Bearer without CSRF', async () => {
    const { client, user } = await registerUser(app);
    const created = await client.post<TokenAnswer>('/api/tokens', { name: '统计脚本' });
    expect(created.statusCode).toBe(201);
    expect(created.data.secret).toMatch(/^grt_/);
    const list = await client.get<{ items: TokenAnswer['token'][] }>('/api/tokens');
    expect(list.data.items).toEqual([created.data.token]);
    expect(list.body).not.toContain(created.data.secret);

    const script = new Client(app);
    script.bearer = created.data.secret;
    const me = await script.get<{ user: { id: number }; csrfToken: string | null }>('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.data.user.id).toBe(user.id);
    expect(me.data.csrfToken).toBeNull();
    // A change by token needs no CSRF header.
    const change = await script.post('/api/tokens', { name: 'made by script' });
    expect(change.statusCode).toBe(201);
  });

  it('revokes a token: it stops working and disappears from the list', async () => {
    const { client } = await registerUser(app);
    const created = await client.post<TokenAnswer>('/api/tokens', { name: 'old' });
    expect((await client.delete(`/api/tokens/${created.data.token.id}`)).statusCode).toBe(204);
    const script = new Client(app);
    script.bearer = created.data.secret;
    const res = await script.get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.data).toMatchObject({ code: 'BAD_TOKEN' });
    expect((await client.get<{ items: unknown[] }>('/api/tokens')).data.items).toEqual([]);
    expect((await client.delete(`/api/tokens/${created.data.token.id}`)).statusCode).toBe(404);
  });

  it("does not let one user revoke another's token (404)", async () => {
    const owner = await registerUser(app);
    const other = await registerUser(app);
    const created = await owner.client.post<TokenAnswer>('/api/tokens', { name: 'mine' });
    expect((await other.client.delete(`/api/tokens/${created.data.token.id}`)).statusCode).toBe(404);
  });

  it('answers bad input and anonymous use clearly', async () => {
    const { client } = await registerUser(app);
    expect((await client.post('/api/tokens', { name: '' })).data).toMatchObject({ code: 'VALIDATION', field: 'name' });
    expect((await client.post('/api/tokens', {})).data).toMatchObject({ code: 'VALIDATION', field: 'name' });
    expect((await client.delete('/api/tokens/x')).data).toMatchObject({ code: 'VALIDATION', field: 'id' });
    expect((await new Client(app).get('/api/tokens')).statusCode).toBe(401);
    expect((await new Client(app).post('/api/tokens', { name: 'x' })).statusCode).toBe(401);
    const malformed = await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Bearer' } });
    expect(malformed.statusCode).toBe(401);
    expect(malformed.json()).toMatchObject({ code: 'BAD_TOKEN' });
  });

  it('rate limits one token (429) without affecting browser sessions', async () => {
    const { client } = await registerUser(app);
    const created = await client.post<TokenAnswer>('/api/tokens', { name: 'busy' });
    const script = new Client(app);
    script.bearer = created.data.secret;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await script.get('/api/me')).statusCode);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[6]).toBe(429);
    const limited = await script.get('/api/me');
    expect(limited.data).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    for (let i = 0; i < 7; i += 1) expect((await client.get('/api/me')).statusCode).toBe(200);
  });
});
