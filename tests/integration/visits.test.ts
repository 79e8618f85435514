import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { signInAdmin, type SignedInUser } from '../factories/user.factory';
import {
  allConfirmed, makePlace, makeSubtree, memberOf, visitBody, type CampaignBody, type Subtree,
} from '../factories/campaign.factory';
import { addDays, localToday } from '../../server/lib/dates';
import { visitPlans } from '../../server/db/schema';
import type { OverlapView as Overlap, VisitPlanView as PlanBody, VisitView as VisitBody } from '../../server/presenters/visit.presenter';


let app: FastifyInstance;
let admin: Client;
let tree: Subtree;
let campaign: CampaignBody;
let a: SignedInUser;
let b: SignedInUser;
const today = localToday();
beforeAll(async () => {
  app = await createTestApp();
  admin = await signInAdmin(app);
  tree = await makeSubtree(app, admin);
  campaign = (await new Client(app).get<CampaignBody>('/api/campaign')).data;
  a = await memberOf(app, tree.townshipA.id);
  b = await memberOf(app, tree.countyB.id);
});
afterAll(async () => {
  await app?.close();
});

describe('POST /api/visits', () => {
  it('records a visit for the logger\'s unit with participants, findings, follow-ups and the attestation', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const helper = await memberOf(app, tree.countyA.id);
    const res = await a.client.post<{ visit: VisitBody; overlaps: Overlap[] }>('/api/visits', visitBody(campaign, place.id, today, {
      participantIds: [helper.user.id],
      integrity: campaign.integrity.map((i, n) => (n === 1 ? { item: i.id, confirmed: false, explanation: '村里硬塞了一袋土特产，已当场退回' } : { item: i.id, confirmed: true })),
    }));
    expect(res.statusCode).toBe(201);
    const visit = res.data.visit;
    expect(visit).toMatchObject({
      placeId: place.id, place: { id: place.id, name: place.name, kind: 'village' }, unitId: tree.townshipA.id,
      createdBy: { id: a.user.id, username: a.user.username, displayName: a.user.displayName },
      visitedOn: today, participantIds: [helper.user.id],
      participants: [{ id: helper.user.id, username: helper.user.username, displayName: helper.user.displayName }],
      activity: 'bai_cun_bai_qi', purpose: '了解文化礼堂建设情况',
      findings: { problems: '文化礼堂缺少活动经费', help: '联系县文化馆送戏下乡', exemplars: '村民自办的“村晚”', opinions: '希望多派文艺骨干' },
      followUps: [{ text: '落实送戏下乡场次', dueOn: today, done: false }],
    });
    expect(visit.integrity).toHaveLength(5);
    expect(visit.integrity[1]).toEqual({ item: 'no_gifts', confirmed: false, explanation: '村里硬塞了一袋土特产，已当场退回' });
    expect(visit.integrity[0]).toEqual({ item: 'no_meals', confirmed: true });
    expect(res.data.overlaps).toEqual([]);
  });

  it.each([
    ['an unknown place', { placeId: 99999999 }, 'placeId'],
    ['a visit dated tomorrow', { visitedOn: addDays(localToday(), 1) }, 'visitedOn'],
    ['a date that does not exist', { visitedOn: '2025-02-30' }, 'visitedOn'],
    ['a date in another form', { visitedOn: '2025/01/01' }, 'visitedOn'],
    ['a participant from nowhere', { participantIds: [99999999] }, 'participantIds'],
    ['an activity not in the campaign', { activity: 'dancing' }, 'activity'],
    ['no integrity attestation', { integrity: [] }, 'integrity'],
    ['a missing body field', { activity: undefined }, 'activity'],
    ['a blank follow-up', { followUps: [{ text: '   ' }] }, 'followUps.0.text'],
  ])('refuses %s with 400 naming the field', async (_label, overrides, field) => {
    const place = await makePlace(admin, tree.countyA.id);
    const res = await a.client.post('/api/visits', visitBody(campaign, place.id, today, overrides));
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ code: 'VALIDATION', field });
  });

  it('refuses an unconfirmed item without an explanation, naming the item in the sentence', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const integrity = allConfirmed(campaign).map((e) => (e.item === 'no_escort' ? { item: 'no_escort', confirmed: false, explanation: '  ' } : e));
    const res = await a.client.post<{ field: string; message: string }>('/api/visits', visitBody(campaign, place.id, today, { integrity }), { headers: { 'accept-language': 'zh-CN' } });
    expect(res.statusCode).toBe(400);
    expect(res.data.field).toBe('integrity.4.explanation');
    expect(res.data.message).toContain('不准搞层层陪同和迎送');
  });

  it('refuses an attestation that misses, repeats or invents items', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const full = allConfirmed(campaign);
    const missing = await a.client.post<{ field: string; message: string }>('/api/visits', visitBody(campaign, place.id, today, { integrity: full.slice(0, 4) }));
    expect(missing.statusCode).toBe(400);
    expect(missing.data.field).toBe('integrity');
    // An English sentence names the item in English.
    expect(missing.data.message).toContain('Do not arrange escorts at every level');
    const twice = await a.client.post('/api/visits', visitBody(campaign, place.id, today, { integrity: [...full, full[0]] }));
    expect(twice.data).toMatchObject({ field: 'integrity.5.item' });
    const invented = await a.client.post('/api/visits', visitBody(campaign, place.id, today, { integrity: [...full.slice(0, 4), { item: 'no_fun', confirmed: true }] }));
    expect(invented.data).toMatchObject({ field: 'integrity.4.item' });
  });

  it('refuses a member without a unit (400 naming unitId), anonymous users and a missing CSRF token', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const loner = await memberOf(app, null);
    const res = await loner.client.post<{ field: string; message: string }>('/api/visits', visitBody(campaign, place.id, today));
    expect(res.statusCode).toBe(400);
    expect(res.data.field).toBe('unitId');
    expect(res.data.message).toMatch(/unit/i);
    expect((await new Client(app).post('/api/visits', visitBody(campaign, place.id, today))).statusCode).toBe(401);
    expect((await a.client.post('/api/visits', visitBody(campaign, place.id, today), { noCsrf: true })).statusCode).toBe(403);
  });
});

describe('overlaps', () => {
  it('warns of other units\' visits within ±30 days, both edges included, and never of one\'s own unit', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const day = addDays(today, -40);
    const logged = await a.client.post<{ visit: VisitBody }>('/api/visits', visitBody(campaign, place.id, day));
    expect(logged.statusCode).toBe(201);
    const ask = async (client: Client, date: string) => (await client.get<{ overlaps: Overlap[] }>(`/api/overlaps?placeId=${place.id}&date=${date}`)).data.overlaps;
    expect(await ask(b.client, addDays(day, 30))).toEqual([{
      type: 'visit', id: logged.data.visit.id, unitId: tree.townshipA.id, unitName: tree.townshipA.name, date: day,
      by: { id: a.user.id, username: a.user.username, displayName: a.user.displayName },
    }]);
    expect(await ask(b.client, addDays(day, -30))).toHaveLength(1);
    expect(await ask(b.client, addDays(day, 31))).toEqual([]);
    expect(await ask(b.client, addDays(day, -31))).toEqual([]);
    expect(await ask(a.client, day)).toEqual([]);

    // A visit answers its overlaps too, and is never refused because of them.
    const second = await b.client.post<{ overlaps: Overlap[] }>('/api/visits', visitBody(campaign, place.id, addDays(day, 30)));
    expect(second.statusCode).toBe(201);
    expect(second.data.overlaps.map((o) => [o.type, o.unitId, o.date])).toEqual([['visit', tree.townshipA.id, day]]);
  });

  it('warns of other units\' plans, 30 days apart but not 31', async () => {
    const place = await makePlace(admin, tree.countyB.id);
    const first = await a.client.post<{ plan: PlanBody; overlaps: Overlap[] }>('/api/visit-plans', { placeId: place.id, plannedFor: addDays(today, 10), note: '了解非遗传承情况' });
    expect(first.statusCode).toBe(201);
    expect(first.data.overlaps).toEqual([]);
    const near = await b.client.post<{ overlaps: Overlap[] }>('/api/visit-plans', { placeId: place.id, plannedFor: addDays(today, 40) });
    expect(near.statusCode).toBe(201);
    expect(near.data.overlaps).toEqual([expect.objectContaining({ type: 'plan', id: first.data.plan.id, unitId: tree.townshipA.id, date: addDays(today, 10), by: expect.objectContaining({ id: a.user.id }) })]);
    const far = await b.client.post<{ overlaps: Overlap[] }>('/api/visit-plans', { placeId: place.id, plannedFor: addDays(today, 41) });
    expect(far.statusCode).toBe(201);
    expect(far.data.overlaps).toEqual([]);
  });

  it('GET /api/overlaps refuses an unknown place, a bad date and anonymous users', async () => {
    const bad = await b.client.get('/api/overlaps?placeId=99999999&date=2025-01-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.data).toMatchObject({ field: 'placeId' });
    const place = await makePlace(admin, tree.countyB.id);
    const date = await b.client.get(`/api/overlaps?placeId=${place.id}&date=2025-13-01`);
    expect(date.statusCode).toBe(400);
    expect(date.data).toMatchObject({ field: 'date' });
    expect((await b.client.get(`/api/overlaps?placeId=${place.id}`)).statusCode).toBe(400);
    expect((await new Client(app).get(`/api/overlaps?placeId=${place.id}&date=2025-01-01`)).statusCode).toBe(401);
  });
});

describe('GET /api/visits', () => {
  it('filters by place, unit subtree, dates and activity, newest first, keyset-paged', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const days = [addDays(today, -3), addDays(today, -1), addDays(today, -2), addDays(today, -1)];
    const ids: number[] = [];
    for (const [i, day] of days.entries()) {
      const res = await a.client.post<{ visit: VisitBody }>('/api/visits', visitBody(campaign, place.id, day, { activity: i === 0 ? 'yu_shidai' : 'bai_cun_bai_qi' }));
      ids.push(res.data.visit.id);
    }
    const { client } = await memberOf(app, null);
    const page1 = await client.get<{ items: VisitBody[]; nextCursor: string | null }>(`/api/visits?placeId=${place.id}&limit=2`);
    expect(page1.statusCode).toBe(200);
    expect(page1.data.items.map((v) => v.id)).toEqual([ids[3], ids[1]]);
    const page2 = await client.get<{ items: VisitBody[]; nextCursor: string | null }>(`/api/visits?placeId=${place.id}&limit=2&cursor=${page1.data.nextCursor}`);
    expect(page2.data.items.map((v) => v.id)).toEqual([ids[2], ids[0]]);
    expect(page2.data.nextCursor).toBeNull();
    const activity = await client.get<{ items: VisitBody[] }>(`/api/visits?placeId=${place.id}&activity=yu_shidai`);
    expect(activity.data.items.map((v) => v.id)).toEqual([ids[0]]);
    const range = await client.get<{ items: VisitBody[] }>(`/api/visits?placeId=${place.id}&from=${addDays(today, -2)}&to=${addDays(today, -2)}`);
    expect(range.data.items.map((v) => v.id)).toEqual([ids[2]]);
    const county = await client.get<{ items: VisitBody[] }>(`/api/visits?unitId=${tree.countyA.id}&placeId=${place.id}`);
    expect(county.data.items).toHaveLength(4);
    const other = await client.get<{ items: VisitBody[] }>(`/api/visits?unitId=${tree.countyB.id}&placeId=${place.id}`);
    expect(other.data.items).toHaveLength(0);
  });

  it('refuses anonymous users, bad cursors and bad dates', async () => {
    expect((await new Client(app).get('/api/visits')).statusCode).toBe(401);
    expect((await a.client.get('/api/visits?cursor=zzz')).data).toMatchObject({ code: 'BAD_CURSOR' });
    expect((await a.client.get('/api/visits?from=2025-02-31')).data).toMatchObject({ field: 'from' });
    expect((await a.client.get('/api/visits?limit=0')).statusCode).toBe(400);
  });
});

describe('GET /api/visits/:id', () => {
  it('answers the visit and the notes linked to it', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const visit = (await a.client.post<{ visit: VisitBody }>('/api/visits', visitBody(campaign, place.id, today))).data.visit;
    const own = await a.client.get<{ visit: VisitBody; posts: unknown[] }>(`/api/visits/${visit.id}`);
    expect(own.data.visit).toEqual(visit);
    // Another unit's member sees the coordination facts (see visit-visibility.test.ts).
    const empty = await b.client.get<{ visit: VisitBody; posts: unknown[] }>(`/api/visits/${visit.id}`);
    expect(empty.statusCode).toBe(200);
    expect(empty.data.visit).toEqual({
      ...visit, detailsVisible: false, findings: null, followUps: null,
      integrity: visit.integrity.map((e) => ({ item: e.item, confirmed: e.confirmed, explanation: null })),
    });
    expect(empty.data.posts).toEqual([]);
    const note = await a.client.post<{ topic: { id: number } }>('/api/boards/xiaxiang/topics', { title: '走进余东村', body: '农民画的故乡。', kind: 'field_note', visitId: visit.id });
    expect(note.statusCode).toBe(201);
    const linked = await b.client.get<{ posts: { id: number; visitId: number; kind: string }[] }>(`/api/visits/${visit.id}`);
    expect(linked.data.posts).toEqual([expect.objectContaining({ id: note.data.topic.id, visitId: visit.id, kind: 'field_note' })]);
  });

  it('answers 404 for an unknown visit, 400 for a bad id and 401 anonymously', async () => {
    expect((await a.client.get('/api/visits/99999999')).statusCode).toBe(404);
    expect((await a.client.get('/api/visits/abc')).statusCode).toBe(400);
    expect((await new Client(app).get('/api/visits/1')).statusCode).toBe(401);
  });
});

describe('PATCH /api/visits/:id/follow-ups/:followUpId', () => {
  it('lets the logger, a participant and a moderator mark a follow-up, and no one else', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const helper = await memberOf(app, tree.countyB.id);
    const visit = (await a.client.post<{ visit: VisitBody }>('/api/visits', visitBody(campaign, place.id, today, { participantIds: [helper.user.id] }))).data.visit;
    const fid = visit.followUps?.[0]?.id;
    const url = `/api/visits/${visit.id}/follow-ups/${fid}`;
    const done = await a.client.patch<{ visit: VisitBody }>(url, { done: true });
    expect(done.statusCode).toBe(200);
    expect(done.data.visit.followUps?.[0]).toMatchObject({ id: fid, done: true });
    expect((await helper.client.patch<{ visit: VisitBody }>(url, { done: false })).data.visit.followUps?.[0]?.done).toBe(false);
    expect((await b.client.patch(url, { done: true })).statusCode).toBe(403);
    const moderator = await memberOf(app, null, ['member', 'moderator']);
    expect((await moderator.client.patch(url, { done: true })).statusCode).toBe(200);
    expect((await a.client.patch(`/api/visits/${visit.id}/follow-ups/99999999`, { done: true })).statusCode).toBe(404);
    expect((await a.client.patch(`/api/visits/99999999/follow-ups/${fid}`, { done: true })).statusCode).toBe(404);
    const bad = await a.client.patch(url, { done: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.data).toMatchObject({ field: 'done' });
    expect((await new Client(app).patch(url, { done: true })).statusCode).toBe(401);
  });
});

describe('visit plans', () => {
  it('puts a plan on the shared calendar, marks it done once its planner visits, and lists by filters', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const res = await a.client.post<{ plan: PlanBody }>('/api/visit-plans', { placeId: place.id, plannedFor: today, note: '  座谈  ' });
    expect(res.statusCode).toBe(201);
    expect(res.data.plan).toMatchObject({
      placeId: place.id, place: { id: place.id, name: place.name }, userId: a.user.id, user: { id: a.user.id }, unitId: tree.townshipA.id,
      plannedFor: today, note: '座谈', done: false,
    });
    const later = await a.client.post<{ plan: PlanBody }>('/api/visit-plans', { placeId: place.id, plannedFor: addDays(today, 5) });
    await a.client.post('/api/visits', visitBody(campaign, place.id, today));
    const list = await b.client.get<{ items: PlanBody[] }>(`/api/visit-plans?placeId=${place.id}`);
    expect(list.statusCode).toBe(200);
    expect(list.data.items.map((p) => [p.id, p.done])).toEqual([[res.data.plan.id, true], [later.data.plan.id, false]]);
    const ranged = await b.client.get<{ items: PlanBody[] }>(`/api/visit-plans?placeId=${place.id}&from=${addDays(today, 1)}&to=${addDays(today, 9)}`);
    expect(ranged.data.items.map((p) => p.id)).toEqual([later.data.plan.id]);
    expect((await b.client.get<{ items: PlanBody[] }>(`/api/visit-plans?placeId=${place.id}&mine=true`)).data.items).toEqual([]);
    expect((await a.client.get<{ items: PlanBody[] }>(`/api/visit-plans?placeId=${place.id}&mine=true`)).data.items).toHaveLength(2);
    expect((await b.client.get<{ items: PlanBody[] }>(`/api/visit-plans?unitId=${tree.countyA.id}&placeId=${place.id}`)).data.items).toHaveLength(2);
    expect((await b.client.get<{ items: PlanBody[] }>(`/api/visit-plans?unitId=${tree.countyB.id}&placeId=${place.id}`)).data.items).toHaveLength(0);
    expect((await b.client.get<{ items: PlanBody[] }>(`/api/visit-plans?placeId=${place.id}&limit=1`)).data.items).toHaveLength(1);
  });

  it.each([
    ['a plan dated yesterday', { plannedFor: addDays(localToday(), -1) }, 'plannedFor'],
    ['a date that does not exist', { plannedFor: '2099-02-30' }, 'plannedFor'],
    ['an unknown place', { placeId: 99999999 }, 'placeId'],
    ['a note too long', { note: 'x'.repeat(1001) }, 'note'],
  ])('refuses %s with 400 naming the field', async (_label, overrides, field) => {
    const place = await makePlace(admin, tree.countyA.id);
    const res = await a.client.post('/api/visit-plans', { placeId: place.id, plannedFor: addDays(today, 3), ...overrides });
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ code: 'VALIDATION', field });
  });

  it('refuses a planner without a unit and anonymous users', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const loner = await memberOf(app, null);
    const res = await loner.client.post('/api/visit-plans', { placeId: place.id, plannedFor: today });
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ field: 'unitId' });
    expect((await new Client(app).post('/api/visit-plans', { placeId: place.id, plannedFor: today })).statusCode).toBe(401);
    expect((await new Client(app).get('/api/visit-plans')).statusCode).toBe(401);
  });

  it('lets the owner or an admin delete a plan, and no one else', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const one = (await a.client.post<{ plan: PlanBody }>('/api/visit-plans', { placeId: place.id, plannedFor: today })).data.plan;
    const two = (await a.client.post<{ plan: PlanBody }>('/api/visit-plans', { placeId: place.id, plannedFor: today })).data.plan;
    expect((await b.client.delete(`/api/visit-plans/${one.id}`)).statusCode).toBe(403);
    const deleted = await a.client.delete(`/api/visit-plans/${one.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await admin.delete(`/api/visit-plans/${two.id}`)).statusCode).toBe(204);
    expect((await a.client.delete(`/api/visit-plans/${one.id}`)).statusCode).toBe(404);
    expect((await new Client(app).delete(`/api/visit-plans/${one.id}`)).statusCode).toBe(401);
  });
});

describe('GET /api/plan and PUT /api/plan/writing', () => {
  it('shows quota progress, plans, recent visits, writing and what is overdue', async () => {
    const me = await memberOf(app, tree.countyB.id);
    const inYear = Number(today.slice(0, 4)) === campaign.year ? today : `${campaign.year}-06-01`;
    const v1 = await makePlace(admin, tree.countyB.id);
    const v2 = await makePlace(admin, tree.countyB.id);
    const e1 = await makePlace(admin, tree.countyB.id, { kind: 'enterprise', category: '文化企业' });
    await me.client.post('/api/visits', visitBody(campaign, v1.id, inYear, { followUps: [{ text: '回访', dueOn: addDays(today, -1) }] }));
    await me.client.post('/api/visits', visitBody(campaign, v1.id, inYear, { followUps: [] }));
    await me.client.post('/api/visits', visitBody(campaign, e1.id, inYear, { followUps: [{ text: '以后再说', dueOn: addDays(today, 30) }] }));
    // A participant's visit counts toward their quota too.
    const colleague = await memberOf(app, tree.countyB.id);
    await colleague.client.post('/api/visits', visitBody(campaign, v2.id, inYear, { participantIds: [me.user.id], followUps: [] }));
    await me.client.post('/api/visit-plans', { placeId: v2.id, plannedFor: addDays(today, 2) });
    // A plan whose day has passed without a visit (made directly: the API only takes plans for today or later).
    const untouched = await makePlace(admin, tree.countyB.id);
    const [stale] = await app.db.insert(visitPlans).values({ placeId: untouched.id, userId: me.user.id, unitId: tree.countyB.id, plannedFor: addDays(today, -3) }).returning();
    const res = await me.client.get<{
      quota: { village: { min: number; max: number; done: number }; enterprise: { min: number; max: number; done: number } };
      plans: PlanBody[]; visits: VisitBody[]; writing: { planned: number; done: number };
      overdue: { plans: PlanBody[]; followUps: { text: string; visitId: number; place: { id: number } }[] };
    }>('/api/plan');
    expect(res.statusCode).toBe(200);
    expect(res.data.quota).toEqual({ village: { min: 1, max: 2, done: 2 }, enterprise: { min: 1, max: 2, done: 1 } });
    expect(res.data.visits).toHaveLength(4);
    expect(res.data.overdue.plans.map((p) => p.id)).toEqual([stale?.id]);
    expect(res.data.overdue.followUps.map((f) => [f.text, f.place.id])).toEqual([['回访', v1.id]]);
    expect(res.data.writing).toEqual({ planned: 0, done: 0 });

    const goal = await me.client.put<{ writing: { planned: number; done: number } }>('/api/plan/writing', { planned: 6 });
    expect(goal.statusCode).toBe(200);
    expect(goal.data.writing).toEqual({ planned: 6, done: 0 });
    await me.client.post('/api/boards/xiaxiang/topics', { title: '下乡心得', body: '收获很多。', kind: 'field_note' });
    await me.client.post('/api/boards/xiaxiang/topics', { title: '闲聊', body: '不算写作。' });
    expect((await me.client.get<{ writing: { planned: number; done: number } }>('/api/plan')).data.writing).toEqual({ planned: 6, done: 1 });
    expect((await me.client.put('/api/plan/writing', { planned: -1 })).data).toMatchObject({ field: 'planned' });
    expect((await new Client(app).get('/api/plan')).statusCode).toBe(401);
    expect((await new Client(app).put('/api/plan/writing', { planned: 1 })).statusCode).toBe(401);
  });
});
