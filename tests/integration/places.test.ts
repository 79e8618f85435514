import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { signInAdmin } from '../factories/user.factory';
import {
  makePlace, makeSubtree, memberOf, uniqueName, visitBody, type CampaignBody, type PlaceBody, type Subtree,
} from '../factories/campaign.factory';
import { localToday } from '../../server/lib/dates';
import type { Page } from '../../server/presenters/page.presenter';

let app: FastifyInstance;
let admin: Client;
let tree: Subtree;
let campaign: CampaignBody;
beforeAll(async () => {
  app = await createTestApp();
  admin = await signInAdmin(app);
  tree = await makeSubtree(app, admin);
  campaign = (await new Client(app).get<CampaignBody>('/api/campaign')).data;
});
afterAll(async () => {
  await app?.close();
});

type PlaceList = Page<PlaceBody>;

describe('POST /api/places', () => {
  it('lets a moderator create a place in a unit', async () => {
    const { client } = await memberOf(app, tree.countyA.id, ['member', 'moderator']);
    const res = await client.post<{ place: PlaceBody & { createdAt: string } }>('/api/places', {
      name: '  余东村  ', kind: 'village', category: '特色文化村', unitId: tree.countyA.id, address: '柯城区沟溪乡',
    });
    expect(res.statusCode).toBe(201);
    expect(res.data.place).toMatchObject({ name: '余东村', kind: 'village', category: '特色文化村', unitId: tree.countyA.id, address: '柯城区沟溪乡' });
    expect(typeof res.data.place.createdAt).toBe('string');
  });

  it('refuses members (403) and anonymous users (401)', async () => {
    const { client } = await memberOf(app, tree.countyA.id);
    const body = { name: '某村', kind: 'village', unitId: tree.countyA.id };
    expect((await client.post('/api/places', body)).statusCode).toBe(403);
    expect((await new Client(app).post('/api/places', body)).statusCode).toBe(401);
  });

  it.each([
    [{ name: '', kind: 'village' }, 'name'],
    [{ name: '   ', kind: 'village' }, 'name'],
    [{ name: 'x'.repeat(101), kind: 'village' }, 'name'],
    [{ name: '某地', kind: 'castle' }, 'kind'],
    [{ name: '某地', kind: 'village', category: 'x'.repeat(51) }, 'category'],
    [{ name: '某地', kind: 'village', unitId: 99999999 }, 'unitId'],
    [{ name: '某地', kind: 'village', unitId: 'abc' }, 'unitId'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const res = await admin.post('/api/places', { unitId: tree.countyA.id, ...body });
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ code: 'VALIDATION', field });
  });
});

describe('PATCH /api/places/:id', () => {
  it('changes fields for a moderator, refuses a member, 404s an unknown place', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const res = await admin.patch<{ place: PlaceBody }>(`/api/places/${place.id}`, { category: '文化企业', kind: 'enterprise', address: null });
    expect(res.statusCode).toBe(200);
    expect(res.data.place).toMatchObject({ id: place.id, kind: 'enterprise', category: '文化企业', address: null, name: place.name });
    const { client } = await memberOf(app, tree.countyA.id);
    expect((await client.patch(`/api/places/${place.id}`, { name: '改名' })).statusCode).toBe(403);
    expect((await admin.patch('/api/places/99999999', { name: '改名' })).statusCode).toBe(404);
    expect((await new Client(app).patch(`/api/places/${place.id}`, { name: '改名' })).statusCode).toBe(401);
    const bad = await admin.patch(`/api/places/${place.id}`, { unitId: 99999999 });
    expect(bad.statusCode).toBe(400);
    expect(bad.data).toMatchObject({ field: 'unitId' });
  });
});

describe('GET /api/places', () => {
  it('filters by unit, kind and name (wildcards escaped) and pages by keyset', async () => {
    const tag = uniqueName('页');
    const made: PlaceBody[] = [];
    for (let i = 0; i < 5; i += 1) made.push(await makePlace(admin, tree.townshipA.id, { name: `${tag}-${i}`, kind: i === 4 ? 'enterprise' : 'village' }));
    await makePlace(admin, tree.townshipA.id, { name: `${tag}_100%` });
    const { client } = await memberOf(app, null);
    const first = await client.get<PlaceList>(`/api/places?unitId=${tree.townshipA.id}&kind=village&q=${encodeURIComponent(tag)}&limit=2`);
    expect(first.statusCode).toBe(200);
    expect(first.data.items.map((p) => p.name)).toEqual([`${tag}-0`, `${tag}-1`]);
    const second = await client.get<PlaceList>(`/api/places?unitId=${tree.townshipA.id}&kind=village&q=${encodeURIComponent(tag)}&limit=2&cursor=${first.data.nextCursor}`);
    expect(second.data.items.map((p) => p.name)).toEqual([`${tag}-2`, `${tag}-3`]);
    const third = await client.get<PlaceList>(`/api/places?unitId=${tree.townshipA.id}&kind=village&q=${encodeURIComponent(tag)}&limit=2&cursor=${second.data.nextCursor}`);
    expect(third.data.items.map((p) => p.name)).toEqual([`${tag}_100%`]);
    expect(third.data.nextCursor).toBeNull();
    const percent = await client.get<PlaceList>(`/api/places?q=${encodeURIComponent('_100%')}&unitId=${tree.townshipA.id}`);
    expect(percent.data.items.map((p) => p.name)).toEqual([`${tag}_100%`]);
    const underscore = await client.get<PlaceList>(`/api/places?q=${encodeURIComponent(`${tag}_`)}&unitId=${tree.townshipA.id}`);
    expect(underscore.data.items).toHaveLength(1);
    // A county's list includes its townships' places; another county's does not.
    expect((await client.get<PlaceList>(`/api/places?q=${encodeURIComponent(tag)}&unitId=${tree.countyA.id}&limit=100`)).data.items).toHaveLength(6);
    expect((await client.get<PlaceList>(`/api/places?q=${encodeURIComponent(tag)}&unitId=${tree.countyB.id}`)).data.items).toHaveLength(0);
  });

  it('refuses anonymous users, a bad cursor and a bad kind', async () => {
    expect((await new Client(app).get('/api/places')).statusCode).toBe(401);
    const bad = await admin.get('/api/places?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
    expect(bad.data).toMatchObject({ code: 'BAD_CURSOR' });
    const foreign = Buffer.from(JSON.stringify(['visits', '2020-01-01', 1])).toString('base64url');
    expect((await admin.get(`/api/places?cursor=${foreign}`)).statusCode).toBe(400);
    const kind = await admin.get('/api/places?kind=castle');
    expect(kind.statusCode).toBe(400);
    expect(kind.data).toMatchObject({ field: 'kind' });
    expect((await admin.get('/api/places?limit=101')).statusCode).toBe(400);
  });
});

describe('GET /api/places/:id', () => {
  it('shows the place with its recent visits, stats and its confirmed notes', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const { client } = await memberOf(app, tree.countyA.id);
    const empty = await client.get<{ stats: { visitCount: number; firstVisitedOn: string | null }; visits: unknown[] }>(`/api/places/${place.id}`);
    expect(empty.statusCode).toBe(200);
    expect(empty.data.stats).toEqual({ visitCount: 0, firstVisitedOn: null });
    const today = localToday();
    expect((await client.post('/api/visits', visitBody(campaign, place.id, today))).statusCode).toBe(201);
    const res = await client.get<{ place: PlaceBody; visits: { placeId: number }[]; stats: { visitCount: number; firstVisitedOn: string | null } }>(`/api/places/${place.id}`);
    expect(res.data.place.id).toBe(place.id);
    expect(res.data.visits).toHaveLength(1);
    expect(res.data.stats).toEqual({ visitCount: 1, firstVisitedOn: today });
    const visitId = (res.data.visits[0] as unknown as { id: number }).id;
    const note = await client.post<{ topic: { id: number } }>('/api/boards/xiaxiang/topics', { title: '村里的农民画', body: '记一次走访。', kind: 'field_note', visitId });
    expect(note.statusCode).toBe(201);
    // A claim waits for a moderator: the place lists only confirmed notes.
    const claimed = await client.get<{ posts: { id: number }[] }>(`/api/places/${place.id}`);
    expect(claimed.data.posts).toEqual([]);
    expect((await admin.put(`/api/topics/${note.data.topic.id}/visit`, { visitId })).statusCode).toBe(200);
    const withNote = await client.get<{ posts: { id: number; visitId: number }[] }>(`/api/places/${place.id}`);
    expect(withNote.data.posts).toEqual([expect.objectContaining({ id: note.data.topic.id, visitId, visitClaim: 'confirmed' })]);
  });

  it('answers 404 for an unknown place and 401 anonymously', async () => {
    expect((await admin.get('/api/places/99999999')).statusCode).toBe(404);
    expect((await new Client(app).get('/api/places/1')).statusCode).toBe(401);
  });
});

describe('POST /api/places/import', () => {
  it('imports quoted CSV with a BOM, CRLF, Chinese headers and kinds, units by id or name', async () => {
    const a = uniqueName('导入');
    const csv = '\uFEFF名称,类型,类别,单位,地址\r\n'
      + `"${a}-1",村,特色文化村,${tree.countyA.id},"沟溪乡, 余东"\r\n`
      + `"${a}-2 ""文化"" 公司",企业,文化企业,${tree.countyB.name},\r\n`
      + `${a}-3,联系点,,${tree.townshipA.id},\r\n`;
    const res = await admin.post<{ imported: number }>('/api/places/import', { csv });
    expect(res.statusCode).toBe(200);
    expect(res.data).toEqual({ imported: 3 });
    const list = await admin.get<PlaceList>(`/api/places?q=${encodeURIComponent(a)}`);
    expect(list.data.items).toEqual([
      expect.objectContaining({ name: `${a}-1`, kind: 'village', unitId: tree.countyA.id, address: '沟溪乡, 余东' }),
      expect.objectContaining({ name: `${a}-2 "文化" 公司`, kind: 'enterprise', unitId: tree.countyB.id, category: '文化企业', address: null }),
      expect.objectContaining({ name: `${a}-3`, kind: 'contact_point', unitId: tree.townshipA.id, category: null }),
    ]);
  });

  it('accepts English headers', async () => {
    const a = uniqueName('import');
    const res = await admin.post('/api/places/import', { csv: `name,kind,category,unit,address\n${a},field_point,采风基地,${tree.countyA.id},\n` });
    expect(res.statusCode).toBe(200);
    expect(res.data).toEqual({ imported: 1 });
  });

  it('reports every bad row and imports nothing', async () => {
    const a = uniqueName('坏');
    const csv = 'name,kind,category,unit,address\n'
      + `${a}-good,village,,${tree.countyA.id},\n`
      + `,village,,${tree.countyA.id},\n`
      + `${a}-bad-kind,castle,,${tree.countyA.id},\n`
      + `${a}-bad-unit,enterprise,,没有这个单位,\n`
      + `${a}-good2,enterprise,,${tree.countyA.id},\n`;
    const res = await admin.post<{ code: string; errors: { row: number; field: string; message: string }[] }>('/api/places/import', { csv });
    expect(res.statusCode).toBe(400);
    expect(res.data.code).toBe('VALIDATION');
    expect(res.data.errors.map((e) => [e.row, e.field])).toEqual([[2, 'name'], [3, 'kind'], [4, 'unit']]);
    const list = await admin.get<PlaceList>(`/api/places?q=${encodeURIComponent(a)}`);
    expect(list.data.items).toEqual([]);
  });

  it('refuses a header without required columns, an empty CSV, too many rows, and non-admins', async () => {
    const header = await admin.post<{ errors: { field: string }[] }>('/api/places/import', { csv: 'name,address\nx,y\n' });
    expect(header.statusCode).toBe(400);
    expect(header.data.errors.map((e) => e.field)).toEqual(['kind', 'unit']);
    expect((await admin.post('/api/places/import', { csv: 'name,kind,unit\n' })).statusCode).toBe(400);
    const unclosed = await admin.post('/api/places/import', { csv: 'name,kind,unit\n"x,village,1\n' });
    expect(unclosed.statusCode).toBe(400);
    const rows = Array.from({ length: 5001 }, (_, i) => `p${i},village,${tree.countyA.id}`).join('\n');
    const tooMany = await admin.post<{ message: string }>('/api/places/import', { csv: `name,kind,unit\n${rows}\n` });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.data.message).toContain('5000');
    const { client } = await memberOf(app, tree.countyA.id, ['member', 'moderator']);
    expect((await client.post('/api/places/import', { csv: 'name,kind,unit\n' })).statusCode).toBe(403);
    expect((await new Client(app).post('/api/places/import', { csv: 'name,kind,unit\n' })).statusCode).toBe(401);
    expect((await admin.post('/api/places/import', {})).statusCode).toBe(400);
  });
});
