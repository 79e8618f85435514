import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { registerUser, signInAdmin } from '../factories/user.factory';
import type { UnitView as UnitBody } from '../../server/presenters/unit.presenter';


let app: FastifyInstance;
let admin: Client;
let cityId: number;
beforeAll(async () => {
  app = await createTestApp();
  admin = await signInAdmin(app);
  const units = await new Client(app).get<{ items: UnitBody[] }>('/api/units');
  cityId = units.data.items.find((u) => u.level === 'city')?.id ?? 0;
});
afterAll(async () => {
  await app?.close();
});

describe('GET /api/units', () => {
  it('lists the seeded tree to anyone: a city with counties and agencies under it', async () => {
    const res = await new Client(app).get<{ items: UnitBody[] }>('/api/units');
    expect(res.statusCode).toBe(200);
    expect(res.data).not.toHaveProperty('nextCursor');
    const city = res.data.items.find((u) => u.level === 'city');
    expect(city).toMatchObject({ name: '中共衢州市委宣传部', parentId: null });
    const counties = res.data.items.filter((u) => u.level === 'county' && u.parentId === city?.id);
    expect(counties.map((u) => u.name)).toContain('江山市委宣传部');
    expect(res.data.items.some((u) => u.level === 'agency' && u.name === '衢州日报社')).toBe(true);
  });
});

describe('POST /api/units', () => {
  it('lets an admin add a county and a township below it', async () => {
    const county = await admin.post<{ unit: UnitBody }>('/api/units', { name: '测试县委宣传部', level: 'county', parentId: cityId });
    expect(county.statusCode).toBe(201);
    expect(county.data.unit).toMatchObject({ name: '测试县委宣传部', level: 'county', parentId: cityId });
    const township = await admin.post<{ unit: UnitBody }>('/api/units', { name: '石室乡', level: 'township', parentId: county.data.unit.id });
    expect(township.statusCode).toBe(201);
    const list = await new Client(app).get<{ items: UnitBody[] }>('/api/units');
    expect(list.data.items).toContainEqual(township.data.unit);
  });

  it.each([
    [{ name: '乡镇', level: 'township', parentId: 'CITY' }, 'parentId'],
    [{ name: '县', level: 'county' }, 'parentId'],
    [{ name: '第二个市', level: 'city', parentId: 'CITY' }, 'parentId'],
    [{ name: '无上级', level: 'county', parentId: 99999999 }, 'parentId'],
    [{ name: '', level: 'county', parentId: 'CITY' }, 'name'],
    [{ name: '   ', level: 'county', parentId: 'CITY' }, 'name'],
    [{ name: 'x'.repeat(101), level: 'county', parentId: 'CITY' }, 'name'],
    [{ name: '省', level: 'province', parentId: 'CITY' }, 'level'],
  ])('refuses a unit that does not fit the tree: %j', async (body, field) => {
    const payload: Record<string, unknown> = { ...body };
    if (payload.parentId === 'CITY') payload.parentId = cityId;
    const res = await admin.post('/api/units', payload);
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ code: 'VALIDATION', field });
  });

  it('refuses members (403) and anonymous visitors (401)', async () => {
    const { client } = await registerUser(app);
    const body = { name: '越权单位', level: 'agency', parentId: cityId };
    expect((await client.post('/api/units', body)).statusCode).toBe(403);
    expect((await new Client(app).post('/api/units', body)).statusCode).toBe(401);
  });

  it('refuses a cookie-authenticated admin without the CSRF header', async () => {
    const res = await admin.post('/api/units', { name: '无令牌', level: 'agency', parentId: cityId }, { noCsrf: true });
    expect(res.statusCode).toBe(403);
    expect(res.data).toMatchObject({ code: 'CSRF' });
  });
});

describe('PUT /api/users/:id/roles', () => {
  it('lets an admin grant roles; member is always kept; the user sees them at once', async () => {
    const member = await registerUser(app);
    const res = await admin.put<{ user: { roles: string[] } }>(`/api/users/${member.user.id}/roles`, { roles: ['moderator', 'editor'] });
    expect(res.statusCode).toBe(200);
    expect(res.data.user.roles.sort()).toEqual(['editor', 'member', 'moderator']);
    const me = await member.client.get<{ user: { roles: string[] } }>('/api/me');
    expect(me.data.user.roles).toContain('moderator');
  });

  it('signs a user out everywhere when a role is taken away', async () => {
    const member = await registerUser(app, { roles: ['supervisor'] });
    const res = await admin.put(`/api/users/${member.user.id}/roles`, { roles: [] });
    expect(res.statusCode).toBe(200);
    expect((await member.client.get('/api/me')).statusCode).toBe(401);
  });

  it.each([
    [{ roles: ['king'] }, 400],
    [{ roles: 'admin' }, 400],
    [{}, 400],
    [{ roles: ['editor', 'editor'] }, 400],
  ])('answers %j with %i', async (body, status) => {
    const member = await registerUser(app);
    const res = await admin.put(`/api/users/${member.user.id}/roles`, body);
    expect(res.statusCode).toBe(status);
    expect(res.data).toMatchObject({ code: 'VALIDATION', field: expect.stringMatching(/^roles/) });
  });

  it('answers 404 for an unknown user and 400 for a bad id', async () => {
    expect((await admin.put('/api/users/99999999/roles', { roles: [] })).data).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect((await admin.put('/api/users/abc/roles', { roles: [] })).data).toMatchObject({ statusCode: 400, code: 'VALIDATION', field: 'id' });
  });

  it('refuses members (403), anonymous visitors (401), and an admin removing their own admin role (409)', async () => {
    const member = await registerUser(app);
    const other = await registerUser(app);
    expect((await member.client.put(`/api/users/${other.user.id}/roles`, { roles: ['admin'] })).statusCode).toBe(403);
    expect((await new Client(app).put(`/api/users/${other.user.id}/roles`, { roles: ['admin'] })).statusCode).toBe(401);
    const me = await admin.get<{ user: { id: number } }>('/api/me');
    const self = await admin.put(`/api/users/${me.data.user.id}/roles`, { roles: ['moderator'] });
    expect(self.statusCode).toBe(409);
  });
});

describe('GET /api/users/:username', () => {
  it('shows a public profile without secrets, found in any letter case', async () => {
    const member = await registerUser(app, { displayName: '李四' });
    const res = await new Client(app).get<{ user: Record<string, unknown> }>(`/api/users/${member.user.username.toUpperCase()}`);
    expect(res.statusCode).toBe(200);
    expect(res.data.user).toEqual(member.user);
    expect(JSON.stringify(res.data)).not.toMatch(/password|argon2/i);
  });

  it('answers 404 for nobody and 400 for an impossible name', async () => {
    expect((await new Client(app).get('/api/users/nobody-here-xyz')).statusCode).toBe(404);
    expect((await new Client(app).get('/api/users/a')).statusCode).toBe(400);
  });
});
