import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { signInAdmin, type SignedInUser } from '../factories/user.factory';
import { makePlace, makeSubtree, memberOf, visitBody, type CampaignBody, type Subtree } from '../factories/campaign.factory';
import { addDays, localToday } from '../../server/lib/dates';
import type { VisitView } from '../../server/presenters/visit.presenter';

let app: FastifyInstance;
let tree: Subtree;
/** The participant (county B) took part in `joined` (logged in township A) and logged `own`; `other` is not theirs. */
let logger: SignedInUser;
let participant: SignedInUser;
let colleague: SignedInUser;
let stranger: SignedInUser;
let joined: VisitView;
let own: VisitView;
let other: VisitView;

beforeAll(async () => {
  app = await createTestApp();
  const admin = await signInAdmin(app);
  tree = await makeSubtree(app, admin);
  const campaign = (await new Client(app).get<CampaignBody>('/api/campaign')).data;
  const [placeA, placeB] = await Promise.all([makePlace(admin, tree.countyA.id), makePlace(admin, tree.countyB.id)]);
  [logger, participant, colleague, stranger] = await Promise.all([
    memberOf(app, tree.townshipA.id), memberOf(app, tree.countyB.id), memberOf(app, tree.townshipA.id), memberOf(app, tree.countyB.id),
  ]);
  const log = async (who: SignedInUser, body: Record<string, unknown>): Promise<VisitView> => {
    const res = await who.client.post<{ visit: VisitView }>('/api/visits', body);
    expect(res.statusCode).toBe(201);
    return res.data.visit;
  };
  const today = localToday();
  joined = await log(logger, visitBody(campaign, placeA.id, addDays(today, -2), {
    participantIds: [participant.user.id], findings: { problems: '只给参与者看的问题：水渠漏水' },
  }));
  own = await log(participant, visitBody(campaign, placeB.id, addDays(today, -1)));
  other = await log(stranger, visitBody(campaign, placeB.id, today, { findings: { problems: '别人的走访：路灯不亮' } }));
});
afterAll(async () => {
  await app?.close();
});

describe('GET /api/visits?mine=true', () => {
  it('lists the visits the user logged and those they took part in, across units, newest first', async () => {
    const res = await participant.client.get<{ items: VisitView[]; nextCursor: string | null }>('/api/visits?mine=true');
    expect(res.statusCode).toBe(200);
    expect(res.data.items.map((v) => v.id)).toEqual([own.id, joined.id]);
    expect(res.data.items.map((v) => v.unitId)).toEqual([tree.countyB.id, tree.townshipA.id]);
    expect(res.data.nextCursor).toBeNull();
  });

  it('shows the details of each listed visit, since the user logged it or took part in it', async () => {
    const res = await participant.client.get<{ items: VisitView[] }>('/api/visits?mine=true');
    expect(res.data.items.every((v) => v.detailsVisible)).toBe(true);
    expect(res.data.items.find((v) => v.id === joined.id)?.findings?.problems).toBe('只给参与者看的问题：水渠漏水');
  });

  it('never lists a visit the user neither logged nor took part in, not even one of their own unit', async () => {
    const res = await colleague.client.get<{ items: VisitView[] }>('/api/visits?mine=true');
    expect(res.statusCode).toBe(200);
    expect(res.data.items).toEqual([]);
    const strangers = await stranger.client.get<{ items: VisitView[] }>('/api/visits?mine=true');
    expect(strangers.data.items.map((v) => v.id)).toEqual([other.id]);
    expect(JSON.stringify(strangers.data)).not.toContain('水渠漏水');
    const participants = await participant.client.get<{ items: VisitView[] }>('/api/visits?mine=true');
    expect(JSON.stringify(participants.data)).not.toContain('路灯不亮');
  });

  it('keeps findings hidden from a signed-in user who may not see them when mine is false', async () => {
    const res = await stranger.client.get<{ items: VisitView[] }>(`/api/visits?mine=false&unitId=${tree.townshipA.id}`);
    expect(res.statusCode).toBe(200);
    const seen = res.data.items.find((v) => v.id === joined.id);
    expect(seen?.detailsVisible).toBe(false);
    expect(seen?.findings).toBeNull();
    expect(JSON.stringify(res.data)).not.toContain('水渠漏水');
  });

  it('pages with the keyset cursor and combines with the other filters', async () => {
    const first = await participant.client.get<{ items: VisitView[]; nextCursor: string | null }>('/api/visits?mine=true&limit=1');
    expect(first.data.items.map((v) => v.id)).toEqual([own.id]);
    expect(first.data.nextCursor).not.toBeNull();
    const second = await participant.client.get<{ items: VisitView[]; nextCursor: string | null }>(
      `/api/visits?mine=true&limit=1&cursor=${encodeURIComponent(first.data.nextCursor ?? '')}`,
    );
    expect(second.data.items.map((v) => v.id)).toEqual([joined.id]);
    expect(second.data.nextCursor).toBeNull();
    const inTownship = await participant.client.get<{ items: VisitView[] }>(`/api/visits?mine=true&unitId=${tree.townshipA.id}`);
    expect(inTownship.data.items.map((v) => v.id)).toEqual([joined.id]);
  });

  it('answers 401 to an anonymous caller', async () => {
    const res = await new Client(app).get('/api/visits?mine=true');
    expect(res.statusCode).toBe(401);
    expect(res.data).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('answers 400 naming the field when mine is not a boolean', async () => {
    for (const value of ['maybe', '2', '%00']) {
      const res = await participant.client.get<{ code: string; field?: string; message: string }>(`/api/visits?mine=${value}`);
      expect(res.statusCode).toBe(400);
      expect(res.data.code).toBe('VALIDATION');
      expect(res.data.field).toBe('mine');
      expect(res.data.message.length).toBeGreaterThan(0);
    }
  });

  it('answers 400 to a forged cursor', async () => {
    const res = await participant.client.get('/api/visits?mine=true&cursor=bm90LWEtY3Vyc29y');
    expect(res.statusCode).toBe(400);
  });
});
