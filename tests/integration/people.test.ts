import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { registerUser, signInAdmin, uniqueUsername, type SignedInUser } from '../factories/user.factory';
import type { Page } from '../../server/presenters/page.presenter';
import type { PersonView } from '../../server/presenters/user.presenter';
import type { UnitView } from '../../server/presenters/unit.presenter';

let app: FastifyInstance;
let admin: Client;
let member: SignedInUser;
/** A tag that makes this file's names unique in a shared database. */
const tag = uniqueUsername('p').slice(-7);
let countyId = 0;
let townshipId = 0;
let lina: SignedInUser;
let linaSupervisor: SignedInUser;
let wang: SignedInUser;

function search(client: Client, query: Record<string, string | number>) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return client.get<Page<PersonView>>(`/api/users?${qs}`);
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await signInAdmin(app);
  const units = await new Client(app).get<{ items: UnitView[] }>('/api/units');
  const cityId = units.data.items.find((u) => u.level === 'city')?.id ?? 0;
  const county = await admin.post<{ unit: UnitView }>('/api/units', { name: `人员县${tag}`, level: 'county', parentId: cityId });
  countyId = county.data.unit.id;
  const township = await admin.post<{ unit: UnitView }>('/api/units', { name: `人员乡${tag}`, level: 'township', parentId: countyId });
  townshipId = township.data.unit.id;
  member = await registerUser(app, { displayName: `查询者${tag}` });
  lina = await registerUser(app, { username: uniqueUsername('lina'), displayName: `李小娜${tag}`, unitId: countyId });
  linaSupervisor = await registerUser(app, { displayName: `李娜${tag}`, unitId: townshipId, roles: ['member', 'supervisor'] });
  wang = await registerUser(app, { displayName: `王强${tag}`, unitId: countyId });
});
afterAll(async () => {
  await app?.close();
});

describe('GET /api/users (people search)', () => {
  it('finds people by a Chinese word inside their display name', async () => {
    const res = await search(member.client, { q: `娜${tag}` });
    expect(res.statusCode).toBe(200);
    expect(res.data.items.map((p) => p.id).sort()).toEqual([lina.user.id, linaSupervisor.user.id].sort());
    const found = await search(member.client, { q: `小娜${tag}` });
    expect(found.data.items.map((p) => p.displayName)).toEqual([`李小娜${tag}`]);
  });

  it('finds people by part of their username, in any letter case, with or without @', async () => {
    const part = lina.user.username.slice(0, 12).toUpperCase();
    const res = await search(member.client, { q: `@${part}` });
    expect(res.data.items.map((p) => p.id)).toContain(lina.user.id);
  });

  it('finds people by the name of their unit and names that unit', async () => {
    const res = await search(member.client, { q: `人员县${tag}` });
    expect(res.data.items.map((p) => p.id).sort()).toEqual([lina.user.id, wang.user.id].sort());
    expect(res.data.items.find((p) => p.id === wang.user.id)).toMatchObject({ unitId: countyId, unitName: `人员县${tag}` });
  });

  it('answers public fields only', async () => {
    const res = await search(member.client, { q: `王强${tag}` });
    const [person] = res.data.items;
    expect(Object.keys(person ?? {}).sort()).toEqual(['createdAt', 'displayName', 'id', 'roles', 'unitId', 'unitName', 'username']);
    expect(res.body).not.toContain('password');
  });

  it('filters by role and by a unit with the units below it', async () => {
    const supervisors = await search(admin, { role: 'supervisor', unitId: countyId });
    expect(supervisors.data.items.map((p) => p.id)).toEqual([linaSupervisor.user.id]);
    const county = await search(admin, { unitId: countyId });
    expect(county.data.items.map((p) => p.id).sort()).toEqual([lina.user.id, linaSupervisor.user.id, wang.user.id].sort());
    const township = await search(admin, { unitId: townshipId, q: tag });
    expect(township.data.items.map((p) => p.id)).toEqual([linaSupervisor.user.id]);
  });

  it('pages with a keyset cursor, without repeating or skipping anyone', async () => {
    const first = await search(member.client, { q: tag, limit: 2 });
    expect(first.data.items).toHaveLength(2);
    expect(first.data.nextCursor).not.toBeNull();
    const second = await search(member.client, { q: tag, limit: 2, cursor: first.data.nextCursor ?? '' });
    expect(second.statusCode).toBe(200);
    const all = [...first.data.items, ...second.data.items].map((p) => p.id);
    expect(new Set(all).size).toBe(4);
    expect(second.data.nextCursor).toBeNull();
    expect(all.sort()).toEqual([member.user.id, lina.user.id, linaSupervisor.user.id, wang.user.id].sort());
  });

  it('treats LIKE wildcards in the query as text', async () => {
    const res = await search(member.client, { q: `%${tag}` });
    expect(res.statusCode).toBe(200);
    expect(res.data.items).toEqual([]);
  });

  it('refuses anonymous visitors with a 401', async () => {
    const res = await search(new Client(app), { q: tag });
    expect(res.statusCode).toBe(401);
    expect(res.data).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it.each([
    ['a forged cursor', { cursor: Buffer.from(JSON.stringify(['people', 1, 'x'])).toString('base64url') }, 'BAD_CURSOR'],
    ['a cursor of another list', { cursor: Buffer.from(JSON.stringify(['places', 'a', 1])).toString('base64url') }, 'BAD_CURSOR'],
    ['a cursor that is not base64 JSON', { cursor: '!!!' }, 'BAD_CURSOR'],
    ['an unknown role', { role: 'overlord' }, 'VALIDATION'],
    ['a unit id beyond the database range', { unitId: '99999999999999' }, 'VALIDATION'],
    ['a limit over 100', { limit: 101 }, 'VALIDATION'],
    ['a NUL byte in the query', { q: 'a\u0000b' }, 'VALIDATION'],
    ['a query of 60,000 characters', { q: 'x'.repeat(60_000) }, 'VALIDATION'],
  ])('answers 400 to %s', async (_what, query, code) => {
    const res = await search(member.client, query);
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ statusCode: 400, code });
    expect(typeof (res.data as unknown as { message: string }).message).toBe('string');
  });
});
