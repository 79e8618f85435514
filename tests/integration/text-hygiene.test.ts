import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { registerUser, signInAdmin, uniqueAddress, uniqueUsername, type SignedInUser } from '../factories/user.factory';
import { makePlace, makeSubtree, memberOf, uniqueName, visitBody, type CampaignBody, type Subtree } from '../factories/campaign.factory';
import { encodeCursor } from '../../server/lib/keyset-cursor';
import { localToday } from '../../server/lib/dates';

let app: FastifyInstance;
let admin: Client;
let tree: Subtree;
let campaign: CampaignBody;
let member: SignedInUser;
beforeAll(async () => {
  app = await createTestApp();
  admin = await signInAdmin(app);
  tree = await makeSubtree(app, admin);
  campaign = (await new Client(app).get<CampaignBody>('/api/campaign')).data;
  member = await memberOf(app, tree.countyA.id);
});
afterAll(async () => {
  await app?.close();
});

const address = uniqueAddress;

/** The API.md error body of a 400 naming `field`. */
const validationOn = (field: string) => ({ statusCode: 400, code: 'VALIDATION', error: 'Bad Request', field, message: expect.any(String) as string });

describe('NUL and control characters', () => {
  it('answers 400 naming username for a NUL in a sign-in, with no account needed', async () => {
    const res = await new Client(app).post('/api/auth/login', { username: 'a\u0000', password: 'x' }, { remoteAddress: address() });
    expect(res.statusCode).toBe(400);
    expect(res.data).toEqual(validationOn('username'));
    expect(res.data.message).toContain('control character');
  });

  it('answers 400 naming displayName for a NUL in a registration, in Chinese when asked', async () => {
    const res = await new Client(app).post('/api/auth/register', {
      username: uniqueUsername(), password: 'a-good-password-1', displayName: '王\u0000小明',
    }, { remoteAddress: address(), headers: { 'accept-language': 'zh-CN' } });
    expect(res.statusCode).toBe(400);
    expect(res.data).toEqual(validationOn('displayName'));
    expect(res.data.message).toBe('显示名称包含不允许的控制字符（如 NUL）。');
  });

  it('answers 400 naming the query parameter for a NUL in places q and visits activity', async () => {
    const places = await member.client.get('/api/places?q=%00');
    expect(places.statusCode).toBe(400);
    expect(places.data).toEqual(validationOn('q'));
    const visits = await member.client.get('/api/visits?activity=a%00b');
    expect(visits.statusCode).toBe(400);
    expect(visits.data).toEqual(validationOn('activity'));
  });

  it('names the nested field of a body: a follow-up text with a control character', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const res = await member.client.post('/api/visits', visitBody(campaign, place.id, localToday(), {
      followUps: [{ text: '落实送戏下乡\u0007场次' }],
    }));
    expect(res.statusCode).toBe(400);
    expect(res.data).toEqual(validationOn('followUps.0.text'));
  });

  it('refuses DEL and C1 controls but keeps tab, newline and carriage return', async () => {
    for (const bad of ['a\u007fb', 'a\u0085b', 'a\u001bb']) {
      const res = await member.client.post('/api/preview', { body: bad });
      expect(res.statusCode).toBe(400);
      expect(res.data).toEqual(validationOn('body'));
    }
    const fine = await member.client.post<{ html: string }>('/api/preview', { body: 'one\ttwo\r\nthree\nfour' });
    expect(fine.statusCode).toBe(200);
    expect(fine.data.html).toContain('three');
  });

  it('answers 400 BAD_CURSOR for a cursor whose decoded key holds a NUL', async () => {
    const cursor = encodeCursor('places', ['a\u0000', 1]);
    const res = await member.client.get(`/api/places?cursor=${cursor}`);
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ code: 'BAD_CURSOR', field: 'cursor' });
  });
});

describe('lone surrogates', () => {
  it('answers 400 naming the field in a jsonb field: campaign activities', async () => {
    const activities = campaign.activities.map((a, i) => (i === 0 ? { ...a, name: `走百村\ud800` } : a));
    const res = await admin.put('/api/campaign', { activities });
    expect(res.statusCode).toBe(400);
    expect(res.data).toEqual(validationOn('activities.0.name'));
    expect(res.data.message).toContain('lone surrogate');
    const after = await new Client(app).get<CampaignBody>('/api/campaign');
    expect(after.data.activities).toEqual(campaign.activities);
  });

  it('answers 400 naming the field in a jsonb field: visit findings', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const res = await member.client.post('/api/visits', visitBody(campaign, place.id, localToday(), {
      findings: { problems: '\udc00缺少经费' },
    }));
    expect(res.statusCode).toBe(400);
    expect(res.data).toEqual(validationOn('findings.problems'));
  });

  it('answers 400 rather than storing U+FFFD in a text field', async () => {
    const res = await new Client(app).post('/api/auth/register', {
      username: uniqueUsername(), password: 'a-good-password-1', displayName: '小\ud83d明',
    }, { remoteAddress: address() });
    expect(res.statusCode).toBe(400);
    expect(res.data).toEqual(validationOn('displayName'));
  });

  it('keeps a well-formed pair (an emoji) as it is', async () => {
    const { user } = await registerUser(app, { displayName: '小明\ud83d\ude00' });
    expect(user.displayName).toBe('小明😀');
  });
});

describe('Unicode normalisation', () => {
  it('stores text in NFC: a name typed as e + combining accent comes back as é', async () => {
    const { user } = await registerUser(app, { displayName: 'Cafe\u0301' });
    expect(user.displayName).toBe('Caf\u00e9');
    const fetched = await new Client(app).get<{ user: { displayName: string } }>(`/api/users/${user.username}`);
    expect(fetched.data.user.displayName).toBe('Caf\u00e9');
  });

  it('finds a place by a query typed in another normal form', async () => {
    const name = uniqueName('Caf\u00e9村');
    const place = await makePlace(admin, tree.countyA.id, { name: name.normalize('NFD') });
    expect(place.name).toBe(name);
    const found = await member.client.get<{ items: { id: number }[] }>(`/api/places?q=${encodeURIComponent(name.normalize('NFD'))}`);
    expect(found.data.items.map((p) => p.id)).toEqual([place.id]);
  });

  it('checks lengths on the normalised text: 1000 characters that NFC doubles are too long for a follow-up', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    // U+0958 is a composition exclusion: NFC writes it as two characters.
    const res = await member.client.post('/api/visits', visitBody(campaign, place.id, localToday(), {
      followUps: [{ text: '\u0958'.repeat(1000) }],
    }));
    expect(res.statusCode).toBe(400);
    expect(res.data).toEqual(validationOn('followUps.0.text'));
  });
});
