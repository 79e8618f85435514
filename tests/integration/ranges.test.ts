import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { signInAdmin, uniqueAddress, uniqueUsername, type SignedInUser } from '../factories/user.factory';
import { makePlace, makeSubtree, memberOf, visitBody, type CampaignBody, type PlaceBody, type Subtree } from '../factories/campaign.factory';
import { encodeCursor } from '../../server/lib/keyset-cursor';

let app: FastifyInstance;
let admin: Client;
let tree: Subtree;
let campaign: CampaignBody;
let member: SignedInUser;
let place: PlaceBody;
beforeAll(async () => {
  app = await createTestApp();
  admin = await signInAdmin(app);
  tree = await makeSubtree(app, admin);
  campaign = (await new Client(app).get<CampaignBody>('/api/campaign')).data;
  member = await memberOf(app, tree.countyA.id);
  place = await makePlace(admin, tree.countyA.id);
});
afterAll(async () => {
  await app?.close();
});

const address = uniqueAddress;
const validationOn = (field: string) => ({ statusCode: 400, code: 'VALIDATION', error: 'Bad Request', field, message: expect.any(String) as string });

/** Sends JSON text as it is, for numbers JavaScript cannot write (1e400), as `client` would. */
async function sendRaw(client: Client, method: 'POST' | 'PUT', url: string, json: string, remoteAddress = address()) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (client.cookie) headers.cookie = client.cookie;
  if (client.csrfToken) headers['x-csrf-token'] = client.csrfToken;
  const res = await app.inject({ method, url, headers, payload: json, remoteAddress });
  return { statusCode: res.statusCode, data: res.json<Record<string, unknown>>() };
}

describe('ids beyond the database integer range', () => {
  it.each([['2^31', '2147483648'], ['2^63', '9223372036854775808'], ['1e400 (Infinity)', '1e400'], ['-1', '-1']])(
    'POST /api/units answers 400 naming parentId for %s',
    async (_name, number) => {
      const res = await sendRaw(admin, 'POST', '/api/units', `{"name":"溢出县","level":"county","parentId":${number}}`);
      expect(res.statusCode).toBe(400);
      expect(res.data).toEqual(validationOn('parentId'));
    },
  );

  it.each([['2^31', '2147483648'], ['1e400 (Infinity)', '1e400']])('POST /api/auth/register answers 400 naming unitId for %s, with no account needed', async (_name, number) => {
    const res = await sendRaw(new Client(app), 'POST', '/api/auth/register',
      `{"username":"${uniqueUsername()}","password":"a-good-password-1","displayName":"溢出","unitId":${number}}`);
    expect(res.statusCode).toBe(400);
    expect(res.data).toEqual(validationOn('unitId'));
  });

  it('refuses 1e400 where an integer has a range anyway: a visit plan place', async () => {
    const res = await sendRaw(member.client, 'POST', '/api/visit-plans', '{"placeId":1e400,"plannedFor":"2200-01-01"}');
    expect(res.statusCode).toBe(400);
    expect(res.data).toEqual(validationOn('placeId'));
  });

  it('refuses out-of-range ids in queries and path parameters', async () => {
    expect((await member.client.get('/api/visits?placeId=2147483648')).data).toEqual(validationOn('placeId'));
    expect((await member.client.get('/api/places?unitId=1e400')).data).toEqual(validationOn('unitId'));
    expect((await member.client.get('/api/visits/9223372036854775808')).data).toEqual(validationOn('id'));
  });
});

describe('dates beyond 1900–2200', () => {
  it('GET /api/overlaps answers 400 naming date for 9999-12-31', async () => {
    const res = await member.client.get(`/api/overlaps?placeId=${place.id}&date=9999-12-31`);
    expect(res.statusCode).toBe(400);
    expect(res.data).toEqual(validationOn('date'));
    expect(res.data.message).toContain('between 1900 and 2200');
    const edge = await member.client.get(`/api/overlaps?placeId=${place.id}&date=2200-12-31`);
    expect(edge.statusCode).toBe(200);
  });

  it('refuses a visit in 1899, a plan in 2201 and a follow-up due in year 10000', async () => {
    const visit = await member.client.post('/api/visits', visitBody(campaign, place.id, '1899-12-31'));
    expect(visit.data).toEqual(validationOn('visitedOn'));
    const plan = await member.client.post('/api/visit-plans', { placeId: place.id, plannedFor: '2201-01-01' });
    expect(plan.data).toEqual(validationOn('plannedFor'));
    const followUp = await member.client.post('/api/visits', visitBody(campaign, place.id, '2025-01-01', { followUps: [{ text: '回访', dueOn: '+10000-01-01' }] }));
    expect(followUp.data).toEqual(validationOn('followUps.0.dueOn'));
  });

  it('refuses far dates in filters and in campaign phases', async () => {
    expect((await member.client.get('/api/visits?from=0001-01-01')).data).toEqual(validationOn('from'));
    expect((await member.client.get('/api/visit-plans?to=9999-12-31')).data).toEqual(validationOn('to'));
    const phases = [{ id: 'far', name: '远期', from: '9999-01-01', to: '9999-12-31' }];
    expect((await admin.put('/api/campaign', { phases })).data).toEqual(validationOn('phases.0.from'));
  });
});

describe('cursors validated after decoding', () => {
  it('answers 400 BAD_CURSOR to a topics cursor holding a date PostgreSQL cannot hold, anonymously', async () => {
    const cursor = encodeCursor('topics', [0, '-271821-04-20T00:00:00.000Z', 1]);
    const res = await new Client(app).get(`/api/boards/xiaxiang/topics?cursor=${cursor}`);
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ statusCode: 400, code: 'BAD_CURSOR', field: 'cursor' });
  });

  it('answers 400 BAD_CURSOR to a visits cursor with a far date and to ids past the range', async () => {
    for (const cursor of [encodeCursor('visits', ['9999-12-31', 1]), encodeCursor('visits', ['2025-01-01', 2 ** 31])]) {
      const res = await member.client.get(`/api/visits?cursor=${cursor}`);
      expect(res.data).toMatchObject({ code: 'BAD_CURSOR' });
    }
    const notifications = await member.client.get(`/api/notifications?cursor=${encodeCursor('notifications', [2 ** 31])}`);
    expect(notifications.data).toMatchObject({ code: 'BAD_CURSOR' });
  });
});
