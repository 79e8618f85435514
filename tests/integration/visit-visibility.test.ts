import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { signInAdmin, type SignedInUser } from '../factories/user.factory';
import { makePlace, makeSubtree, memberOf, visitBody, type CampaignBody, type PlaceBody, type Subtree } from '../factories/campaign.factory';
import { localToday } from '../../server/lib/dates';
import type { VisitView } from '../../server/presenters/visit.presenter';


let app: FastifyInstance;
let admin: Client;
let tree: Subtree;
let campaign: CampaignBody;
let place: PlaceBody;
let visit: VisitView;
/** Who sees a visit logged in township A (county A's subtree) by `logger`, with `participant` from county B. */
const people: Record<string, SignedInUser> = {};
beforeAll(async () => {
  app = await createTestApp();
  admin = await signInAdmin(app);
  tree = await makeSubtree(app, admin);
  campaign = (await new Client(app).get<CampaignBody>('/api/campaign')).data;
  place = await makePlace(admin, tree.countyA.id);
  const [logger, participant, colleague, countyMember, stranger, unitless, supervisorAbove, supervisorOfTownship,
    supervisorElsewhere, moderator, editor] = await Promise.all([
    memberOf(app, tree.townshipA.id), memberOf(app, tree.countyB.id), memberOf(app, tree.townshipA.id),
    memberOf(app, tree.countyA.id), memberOf(app, tree.countyB.id), memberOf(app, null),
    memberOf(app, tree.countyA.id, ['supervisor']), memberOf(app, tree.townshipA.id, ['supervisor']),
    memberOf(app, tree.countyB.id, ['supervisor']), memberOf(app, tree.countyB.id, ['moderator']),
    memberOf(app, tree.countyB.id, ['editor']),
  ]);
  Object.assign(people, {
    logger, participant, colleague, countyMember, stranger, unitless, supervisorAbove, supervisorOfTownship, supervisorElsewhere, moderator, editor,
  });
  const integrity = campaign.integrity.map((item, i) => (i === 0
    ? { item: item.id, confirmed: false, explanation: '村里留了午饭，已按标准交了餐费' }
    : { item: item.id, confirmed: true }));
  const created = await logger.client.post<{ visit: VisitView }>('/api/visits', visitBody(campaign, place.id, localToday(), {
    participantIds: [participant.user.id], integrity,
  }));
  expect(created.statusCode).toBe(201);
  visit = created.data.visit;
});
afterAll(async () => {
  await app?.close();
});

/** Who sees findings, follow-ups and integrity explanations, and who sees only the coordination facts. */
const SEES_DETAILS = ['logger', 'participant', 'colleague', 'supervisorAbove', 'supervisorOfTownship', 'moderator', 'admin'];
const SEES_FACTS_ONLY = ['countyMember', 'stranger', 'unitless', 'supervisorElsewhere', 'editor'];
const clientOf = (who: string): Client => (who === 'admin' ? admin : (people[who] as SignedInUser).client);

function expectDetails(seen: VisitView): void {
  expect(seen.detailsVisible).toBe(true);
  expect(seen.findings).toEqual(visit.findings);
  expect(seen.findings?.problems).toBe('文化礼堂缺少活动经费');
  expect(seen.followUps?.map((f) => f.text)).toEqual(['落实送戏下乡场次']);
  expect(seen.integrity[0]).toEqual({ item: campaign.integrity[0]?.id, confirmed: false, explanation: '村里留了午饭，已按标准交了餐费' });
}

function expectFactsOnly(seen: VisitView): void {
  // The coordination facts, which avoiding duplicate visits depends on.
  expect(seen).toMatchObject({
    id: visit.id, placeId: place.id, place: { id: place.id, name: place.name }, unitId: tree.townshipA.id,
    createdBy: { id: visit.createdBy.id }, visitedOn: visit.visitedOn, participantIds: visit.participantIds, activity: visit.activity,
  });
  expect(seen.participants.map((p) => p.id)).toEqual(visit.participantIds);
  expect(seen.detailsVisible).toBe(false);
  expect(seen.findings).toBeNull();
  expect(seen.followUps).toBeNull();
  expect(seen.integrity.map((e) => e.explanation)).toEqual(campaign.integrity.map(() => null));
  expect(JSON.stringify(seen)).not.toContain('午饭');
  expect(JSON.stringify(seen)).not.toContain('文化礼堂缺少活动经费');
}

describe('the logger of a visit', () => {
  it('gets the details back from POST /api/visits', () => {
    expectDetails(visit);
  });
});

describe.each(SEES_DETAILS)('GET paths that return a visit, as the %s', (who) => {
  it('show the findings, follow-ups and integrity explanations', async () => {
    const client = clientOf(who);
    const detail = await client.get<{ visit: VisitView }>(`/api/visits/${visit.id}`);
    expect(detail.statusCode).toBe(200);
    expectDetails(detail.data.visit);
    const list = await client.get<{ items: VisitView[] }>(`/api/visits?placeId=${place.id}`);
    expectDetails(list.data.items.find((v) => v.id === visit.id) as VisitView);
    const byUnit = await client.get<{ items: VisitView[] }>(`/api/visits?unitId=${tree.townshipA.id}`);
    expectDetails(byUnit.data.items.find((v) => v.id === visit.id) as VisitView);
    const placePage = await client.get<{ visits: VisitView[] }>(`/api/places/${place.id}`);
    expectDetails(placePage.data.visits.find((v) => v.id === visit.id) as VisitView);
  });
});

describe.each(SEES_FACTS_ONLY)('GET paths that return a visit, as the %s', (who) => {
  it('show the coordination facts and null for the findings, follow-ups and explanations', async () => {
    const client = clientOf(who);
    const detail = await client.get<{ visit: VisitView }>(`/api/visits/${visit.id}`);
    expect(detail.statusCode).toBe(200);
    expectFactsOnly(detail.data.visit);
    const list = await client.get<{ items: VisitView[] }>(`/api/visits?placeId=${place.id}`);
    expectFactsOnly(list.data.items.find((v) => v.id === visit.id) as VisitView);
    const placePage = await client.get<{ visits: VisitView[] }>(`/api/places/${place.id}`);
    expectFactsOnly(placePage.data.visits.find((v) => v.id === visit.id) as VisitView);
  });
});

describe('GET /api/overlaps', () => {
  it('names only the coordination facts of other units\' visits, to anyone signed in', async () => {
    const res = await clientOf('stranger').get<{ overlaps: Record<string, unknown>[] }>(`/api/overlaps?placeId=${place.id}&date=${localToday()}`);
    expect(res.statusCode).toBe(200);
    const overlap = res.data.overlaps.find((o) => o.type === 'visit' && o.id === visit.id);
    expect(Object.keys(overlap ?? {}).sort()).toEqual(['by', 'date', 'id', 'type', 'unitId', 'unitName']);
  });
});

describe('reports and integrity exceptions', () => {
  it('give findings and explanations to supervisors whose subtree holds the unit, and refuse the others', async () => {
    const query = `unitId=${tree.townshipA.id}`;
    const report = await clientOf('supervisorAbove').get(`/api/campaign/report.csv?${query}`);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('村里留了午饭');
    const exceptions = await clientOf('supervisorAbove').get<{ items: { visitId: number; explanation: string }[] }>(`/api/campaign/integrity-exceptions?${query}`);
    expect(exceptions.data.items.find((x) => x.visitId === visit.id)?.explanation).toBe('村里留了午饭，已按标准交了餐费');
    for (const who of ['supervisorElsewhere', 'stranger', 'participant']) {
      expect((await clientOf(who).get(`/api/campaign/report.csv?${query}`)).statusCode).toBe(403);
      expect((await clientOf(who).get(`/api/campaign/integrity-exceptions?${query}`)).statusCode).toBe(403);
    }
    const own = await clientOf('supervisorElsewhere').get('/api/campaign/report.csv');
    expect(own.statusCode).toBe(200);
    expect(own.body).not.toContain('村里留了午饭');
  });
});

describe('GET /api/plan', () => {
  it('shows a participant the details of the visits they took part in', async () => {
    const plan = await clientOf('participant').get<{ visits: VisitView[] }>('/api/plan');
    expectDetails(plan.data.visits.find((v) => v.id === visit.id) as VisitView);
  });
});

describe('PATCH /api/visits/:id/follow-ups/:followUpId', () => {
  it('answers the participant who marks a follow-up with the details', async () => {
    const followUp = visit.followUps?.[0];
    const res = await clientOf('participant').patch<{ visit: VisitView }>(`/api/visits/${visit.id}/follow-ups/${followUp?.id}`, { done: false });
    expect(res.statusCode).toBe(200);
    expectDetails(res.data.visit);
  });
});

describe('GET /api/visits anonymously', () => {
  it('answers 401 on every path that returns a visit', async () => {
    const anonymous = new Client(app);
    for (const url of [`/api/visits/${visit.id}`, `/api/visits?placeId=${place.id}`, `/api/places/${place.id}`, `/api/overlaps?placeId=${place.id}&date=${localToday()}`]) {
      expect((await anonymous.get(url)).statusCode).toBe(401);
    }
  });
});
