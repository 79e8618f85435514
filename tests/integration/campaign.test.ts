import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, openSharedDatabase } from '../helpers/test-app';
import { buildApp } from '../../server/app';
import { queryRows } from '../../server/db/client';
import { campaigns } from '../../server/db/schema';
import { seedCampaign } from '../../server/services/campaign/campaign.service';
import { Client } from '../helpers/client';
import { signInAdmin, type SignedInUser } from '../factories/user.factory';
import {
  allConfirmed, makePlace, makeSubtree, memberOf, uniqueName, visitBody, type CampaignBody, type PlaceBody, type Subtree,
} from '../factories/campaign.factory';
import { addDays, localToday } from '../../server/lib/dates';
import { REPORT_HEADERS } from '../../server/services/campaign/report.service';
import type { ProgressView as Progress } from '../../server/presenters/campaign.presenter';

let app: FastifyInstance;
let admin: Client;
let tree: Subtree;
let campaign: CampaignBody;
const today = localToday();
beforeAll(async () => {
  app = await createTestApp();
  admin = await signInAdmin(app);
  tree = await makeSubtree(app, admin);
  campaign = (await new Client(app).get<CampaignBody>('/api/campaign')).data;
});
afterAll(async () => {
  await app?.close();
});

describe('GET /api/campaign', () => {
  it('answers the plan\'s campaign to anyone: phases, targets, six activities, the five prohibitions, a 30-day window', async () => {
    const res = await new Client(app).get<CampaignBody>('/api/campaign');
    expect(res.statusCode).toBe(200);
    const y = res.data.year;
    expect(res.data.phases).toEqual([
      { id: 'mobilize', name: '动员部署', names: { zh: '动员部署', en: 'Mobilisation' }, from: `${y}-01-01`, to: `${y}-03-31` },
      { id: 'implement', name: '组织实施', names: { zh: '组织实施', en: 'Implementation' }, from: `${y}-04-01`, to: `${y}-10-31` },
      { id: 'deepen', name: '深化提高', names: { zh: '深化提高', en: 'Deepening and consolidation' }, from: `${y}-11-01`, to: `${y}-12-31` },
    ]);
    expect(res.data.targets).toEqual({ village: 100, enterprise: 100 });
    expect(res.data.quota).toEqual({ village: { min: 1, max: 2 }, enterprise: { min: 1, max: 2 } });
    expect(res.data.activities.map((a) => a.id)).toEqual(['bai_cun_bai_qi', 'sheke_jiceng', 'xinwen_zzg', 'yu_shidai', 'qunzhong_taolun', 'zuimei_quzhou']);
    expect(res.data.activities[0]).toEqual({
      id: 'bai_cun_bai_qi', name: '走百村入百企', names: { zh: '走百村入百企', en: 'Visit a hundred villages and a hundred enterprises' },
    });
    expect(res.data.integrity.map((i) => ({ id: i.id, text: i.text }))).toEqual([
      { id: 'no_meals', text: '不准接受所走访村和企业的吃请和报销开支' },
      { id: 'no_gifts', text: '不准收所走访村和企业馈赠的有价证券和礼品（包括土特产）' },
      { id: 'no_entertainment', text: '不准参与公款娱乐消费' },
      { id: 'no_harm', text: '不准做违背群众意愿、侵害群众利益的事' },
      { id: 'no_escort', text: '不准搞层层陪同和迎送' },
    ]);
    expect(res.data.overlapWindowDays).toBe(30);
    expect(res.data.name).toContain('走基层');
  });
});

describe('GET /api/campaign in the reader\'s language', () => {
  it('answers English names and the five prohibitions in English to an English reader', async () => {
    const res = await new Client(app).get<CampaignBody>('/api/campaign', { headers: { 'accept-language': 'en-GB,en;q=0.9,zh-CN;q=0.5' } });
    expect(res.data.name).toBe('The campaign “Go to the grassroots, change the work style, improve the writing style”');
    expect(res.data.phases.map((p) => p.name)).toEqual(['Mobilisation', 'Implementation', 'Deepening and consolidation']);
    expect(res.data.activities.find((a) => a.id === 'bai_cun_bai_qi')?.name).toBe('Visit a hundred villages and a hundred enterprises');
    expect(res.data.integrity.map((i) => i.text)).toEqual([
      'Do not accept meals from the villages and enterprises visited, nor have them pay or reimburse any expenses',
      'Do not accept securities or gifts (local produce included) from the villages and enterprises visited',
      'Do not take part in entertainment paid for with public funds',
      'Do not do anything against the wishes of the people or that harms their interests',
      'Do not arrange escorts at every level, nor welcoming and send-off ceremonies',
    ]);
    // Editors get both, whatever the reader's language.
    expect(res.data.integrity[4]?.texts).toEqual({ zh: '不准搞层层陪同和迎送', en: 'Do not arrange escorts at every level, nor welcoming and send-off ceremonies' });
  });

  it.each([
    ['no Accept-Language', undefined],
    ['Chinese first', 'zh-CN,zh;q=0.9,en;q=0.8'],
    ['Chinese preferred by weight', 'en;q=0.3,zh-TW;q=0.8'],
    ['a language it does not have', 'fr-FR'],
  ])('answers Chinese to a reader with %s', async (_what, header) => {
    const res = await new Client(app).get<CampaignBody>('/api/campaign', header ? { headers: { 'accept-language': header } } : {});
    expect(res.data.phases[0]?.name).toBe('动员部署');
    expect(res.data.name).toContain('走基层');
  });

  it('names phases and activities of the progress answer and the integrity exceptions in the reader\'s language', async () => {
    const res = await admin.get<Progress>('/api/campaign/progress', { headers: { 'accept-language': 'en' } });
    expect(res.data.byPhase.map((p) => p.name)).toEqual(['Mobilisation', 'Implementation', 'Deepening and consolidation']);
    expect(res.data.activities.find((a) => a.id === 'sheke_jiceng')?.name).toBe('Social science experts at the grassroots');
    const zh = await admin.get<Progress>('/api/campaign/progress', { headers: { 'accept-language': 'zh-CN' } });
    expect(zh.data.byPhase.map((p) => p.name)).toEqual(['动员部署', '组织实施', '深化提高']);
  });
});

describe('PUT /api/campaign with names in both languages', () => {
  it('stores an English name, falls back to Chinese without one, and keeps it when a bare Chinese name comes', async () => {
    const id = `names_${Date.now().toString(36)}`;
    const withEnglish = await admin.put<CampaignBody>('/api/campaign', {
      activities: [...campaign.activities, { id, names: { zh: '双语测试活动', en: 'A bilingual test activity' } }],
    }, { headers: { 'accept-language': 'en' } });
    expect(withEnglish.statusCode).toBe(200);
    expect(withEnglish.data.activities.find((a) => a.id === id)).toEqual({ id, name: 'A bilingual test activity', names: { zh: '双语测试活动', en: 'A bilingual test activity' } });
    // A client that knows only `name` (the Chinese) keeps the English already stored.
    const bare = await admin.put<CampaignBody>('/api/campaign', {
      activities: [...campaign.activities, { id, name: '双语测试活动（改）' }],
    }, { headers: { 'accept-language': 'en' } });
    expect(bare.data.activities.find((a) => a.id === id)?.names).toEqual({ zh: '双语测试活动（改）', en: 'A bilingual test activity' });
    // An empty English name: English readers see the Chinese.
    const cleared = await admin.put<CampaignBody>('/api/campaign', {
      activities: [...campaign.activities, { id, names: { zh: '双语测试活动', en: '' } }],
    }, { headers: { 'accept-language': 'en' } });
    expect(cleared.data.activities.find((a) => a.id === id)?.name).toBe('双语测试活动');
    const restored = await admin.put<CampaignBody>('/api/campaign', { activities: campaign.activities });
    expect(restored.data).toEqual(campaign);
  });

  it('takes what GET answered in English back unchanged (names win over the English name)', async () => {
    const english = (await admin.get<CampaignBody>('/api/campaign', { headers: { 'accept-language': 'en' } })).data;
    const res = await admin.put<CampaignBody>('/api/campaign', { name: english.name, names: english.names, phases: english.phases, activities: english.activities, integrity: english.integrity });
    expect(res.statusCode).toBe(200);
    expect(res.data).toEqual(campaign);
  });

  it.each([
    ['a blank Chinese name in names', { names: { zh: '  ', en: 'English only' } }, 'names.zh'],
    ['an activity without any name', { activities: [{ id: 'nameless' }] }, 'activities.0.name'],
    ['an activity with a blank Chinese name', { activities: [{ id: 'x', names: { zh: ' ', en: 'X' } }] }, 'activities.0.names.zh'],
    ['an integrity item with a blank Chinese text', { integrity: [{ id: 'x', texts: { zh: ' ', en: 'X' } }] }, 'integrity.0.texts.zh'],
    ['an English name of 101 characters', { activities: [{ id: 'x', names: { zh: '一', en: 'x'.repeat(101) } }] }, 'activities.0.names.en'],
    ['a NUL in an English name', { phases: [{ id: 'a', names: { zh: '一', en: 'a\u0000' }, from: '2026-01-01', to: '2026-02-01' }] }, 'phases.0.names.en'],
  ])('refuses %s with 400 naming the field', async (_label, body, field) => {
    const res = await admin.put('/api/campaign', body);
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ code: 'VALIDATION', field });
  });
});

describe('the default campaign', () => {
  it('gets the default English names on a start when a database from before has none, leaving renamed items alone', async () => {
    const rollback = new Error('rollback');
    await expect(app.db.transaction(async (tx) => {
      const [row] = await tx.select().from(campaigns).where(eq(campaigns.active, true));
      if (!row) throw new Error('no campaign');
      await tx.update(campaigns).set({
        nameEn: '',
        phases: row.phases.map(({ nameEn: _drop, ...p }) => p),
        activities: row.activities.map(({ nameEn: _drop, ...a }) => (a.id === 'sheke_jiceng' ? { ...a, name: '改过名的活动' } : a)),
        integrity: row.integrity.map(({ textEn: _drop, ...i }) => i),
      }).where(eq(campaigns.id, row.id));
      await seedCampaign(tx);
      const [after] = await tx.select().from(campaigns).where(eq(campaigns.id, row.id));
      expect(after?.nameEn).toContain('Go to the grassroots');
      expect(after?.phases.map((p) => p.nameEn)).toEqual(['Mobilisation', 'Implementation', 'Deepening and consolidation']);
      expect(after?.activities.find((a) => a.id === 'bai_cun_bai_qi')?.nameEn).toBe('Visit a hundred villages and a hundred enterprises');
      expect(after?.activities.find((a) => a.id === 'sheke_jiceng')?.nameEn).toBeUndefined();
      expect(after?.integrity.every((i) => (i.textEn ?? '').startsWith('Do not'))).toBe(true);
      throw rollback;
    })).rejects.toBe(rollback);
  });

  it('is seeded once: a restart and two seeds at the same moment keep exactly one campaign', async () => {
    const shared = await openSharedDatabase();
    const first = await buildApp(shared.config, { logger: false, pglite: shared.pglite });
    await Promise.all([seedCampaign(first.db), seedCampaign(first.db)]);
    await first.close();
    const second = await buildApp(shared.config, { logger: false, pglite: shared.pglite });
    try {
      const [row] = await queryRows<{ n: number; active: number }>(second.db, sql`select count(*)::int as n, (count(*) filter (where active))::int as active from campaigns`);
      expect(row).toEqual({ n: 1, active: 1 });
    } finally {
      await second.close();
      await shared.close();
    }
  });
});

describe('PUT /api/campaign', () => {
  it('lets an admin change the campaign, and adding then removing an unused activity works', async () => {
    const added = await admin.put<CampaignBody>('/api/campaign', { activities: [...campaign.activities, { id: 'test_only', name: '测试活动' }] });
    expect(added.statusCode).toBe(200);
    expect(added.data.activities).toHaveLength(campaign.activities.length + 1);
    const restored = await admin.put<CampaignBody>('/api/campaign', { activities: campaign.activities, name: campaign.name });
    expect(restored.statusCode).toBe(200);
    expect(restored.data).toEqual(campaign);
  });

  it('refuses to remove an activity or an integrity item that visits use (409)', async () => {
    // A unit of its own, so this visit stays out of the progress counts below.
    const unit = (await admin.post<{ unit: { id: number } }>('/api/units', { name: uniqueName('丙县'), level: 'county', parentId: tree.cityId })).data.unit;
    const place = await makePlace(admin, unit.id);
    const cadre = await memberOf(app, unit.id);
    expect((await cadre.client.post('/api/visits', visitBody(campaign, place.id, today, { activity: 'zuimei_quzhou' }))).statusCode).toBe(201);
    const activity = await admin.put('/api/campaign', { activities: campaign.activities.filter((a) => a.id !== 'zuimei_quzhou') });
    expect(activity.statusCode).toBe(409);
    expect(activity.data).toMatchObject({ code: 'CONFLICT' });
    const integrity = await admin.put('/api/campaign', { integrity: campaign.integrity.slice(0, 4) });
    expect(integrity.statusCode).toBe(409);
    expect((await new Client(app).get<CampaignBody>('/api/campaign')).data).toEqual(campaign);
  });

  it.each([
    ['overlapping phases', { phases: [{ id: 'a', name: '一', from: '2026-01-01', to: '2026-05-01' }, { id: 'b', name: '二', from: '2026-04-01', to: '2026-12-31' }] }, 'phases.1.from'],
    ['a phase ending before it starts', { phases: [{ id: 'a', name: '一', from: '2026-05-01', to: '2026-04-01' }] }, 'phases.0.to'],
    ['an impossible date', { phases: [{ id: 'a', name: '一', from: '2026-02-30', to: '2026-04-01' }] }, 'phases.0.from'],
    ['repeated activity ids', { activities: [{ id: 'x', name: '一' }, { id: 'x', name: '二' }] }, 'activities.1.id'],
    ['repeated integrity ids', { integrity: [{ id: 'x', text: '一' }, { id: 'x', text: '二' }] }, 'integrity.1.id'],
    ['a quota whose min exceeds its max', { quota: { village: { min: 3, max: 2 }, enterprise: { min: 1, max: 2 } } }, 'quota.village.max'],
    ['a negative window', { overlapWindowDays: -1 }, 'overlapWindowDays'],
    ['a blank name', { name: '   ' }, 'name'],
    ['an id with spaces', { activities: [{ id: 'a b', name: '一' }] }, 'activities.0.id'],
    ['a phase outside the campaign year', { phases: [{ id: 'a', name: '一', from: '2001-01-01', to: '2001-03-31' }] }, 'phases.0.from'],
    ['a new year without new phases', { year: 2001 }, 'year'],
  ])('refuses %s with 400 naming the field', async (_label, body, field) => {
    const res = await admin.put('/api/campaign', body);
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ code: 'VALIDATION', field });
  });

  it('refuses members (403) and anonymous users (401)', async () => {
    const { client } = await memberOf(app, tree.countyA.id, ['member', 'supervisor']);
    expect((await client.put('/api/campaign', { name: '改名' })).statusCode).toBe(403);
    expect((await new Client(app).put('/api/campaign', { name: '改名' })).statusCode).toBe(401);
  });
});

describe('progress, integrity exceptions and reports', () => {
  let a: SignedInUser;
  let b: SignedInUser;
  let supA: SignedInUser;
  let supB: SignedInUser;
  let v1: PlaceBody;
  let v2: PlaceBody;
  let e1: PlaceBody;
  let before: Progress;
  const currentYear = () => Number(today.slice(0, 4)) === campaign.year;
  // Visits must be in the past and in the campaign's year: early in the year, and later (or today).
  const early = () => (currentYear() ? ([`${campaign.year}-02-10`, today].sort()[0] as string) : `${campaign.year}-02-10`);
  const later = () => (currentYear() ? today : `${campaign.year}-06-01`);
  const phaseOf = (on: string) => campaign.phases.find((p) => p.from <= on && on <= p.to)?.id;

  beforeAll(async () => {
    before = (await admin.get<Progress>('/api/campaign/progress')).data;
    a = await memberOf(app, tree.townshipA.id);
    b = await memberOf(app, tree.countyB.id);
    supA = await memberOf(app, tree.countyA.id, ['member', 'supervisor']);
    supB = await memberOf(app, tree.countyB.id, ['member', 'supervisor']);
    v1 = await makePlace(admin, tree.townshipA.id, { name: '余东村测试', category: '特色文化村' });
    v2 = await makePlace(admin, tree.countyB.id, { name: '=HYPERLINK("x")村', category: '文明村' });
    e1 = await makePlace(admin, tree.countyB.id, { kind: 'enterprise', category: '文化企业' });
    const c1 = await makePlace(admin, tree.townshipA.id, { kind: 'contact_point', category: null });
    const post = async (who: SignedInUser, body: Record<string, unknown>) => {
      const res = await who.client.post('/api/visits', body);
      if (res.statusCode !== 201) throw new Error(`visit failed: ${res.statusCode} ${res.body}`);
    };
    // The township's first visit to v1 counts; the other county's later visit to v1 does not.
    await post(a, visitBody(campaign, v1.id, early(), { followUps: [] }));
    await post(b, visitBody(campaign, v1.id, later(), { followUps: [] }));
    await post(a, visitBody(campaign, v1.id, later(), { followUps: [] }));
    await post(b, visitBody(campaign, e1.id, later(), { followUps: [], activity: 'xinwen_zzg' }));
    await post(a, visitBody(campaign, c1.id, later(), { followUps: [], activity: 'sheke_jiceng' }));
    await post(a, visitBody(campaign, v2.id, later(), {
      activity: 'yu_shidai',
      purpose: '+调研 "文化" 礼堂, 含逗号',
      followUps: [{ text: '送书下乡', dueOn: addDays(today, -1) }, { text: '回访', dueOn: addDays(today, 10) }],
      integrity: allConfirmed(campaign).map((e) => (e.item === 'no_meals' ? { item: 'no_meals', confirmed: false, explanation: '在村食堂吃了工作餐，已按标准付费' } : e)),
    }));
  });

  it('counts each place once, on its first visit, for that visit\'s unit and phase, rolled up the tree', async () => {
    const res = await supA.client.get<Progress>(`/api/campaign/progress?unitId=${tree.countyA.id}`);
    expect(res.statusCode).toBe(200);
    const p = res.data;
    expect(p.targets).toEqual({ village: { target: 100, done: 2 }, enterprise: { target: 100, done: 0 } });
    expect(p.byUnit.map((u) => u.unitId).sort()).toEqual([tree.countyA.id, tree.townshipA.id].sort());
    expect(p.byUnit.find((u) => u.unitId === tree.countyA.id)).toMatchObject({ name: tree.countyA.name, level: 'county', parentId: tree.cityId, villages: 2, enterprises: 0, visits: 4 });
    expect(p.byUnit.find((u) => u.unitId === tree.townshipA.id)).toMatchObject({ villages: 2, visits: 4 });
    const phaseVillages = Object.fromEntries(p.byPhase.map((ph) => [ph.id, ph.villages]));
    const expected: Record<string, number> = { mobilize: 0, implement: 0, deepen: 0 };
    for (const on of [early(), later()]) {
      const id = phaseOf(on) as string;
      expected[id] = (expected[id] ?? 0) + 1;
    }
    expect(phaseVillages).toEqual(expected);
    expect(p.byPhase.reduce((n, ph) => n + ph.visits, 0)).toBe(4);
    expect(p.byMonth).toHaveLength(12);
    expect(p.byMonth.reduce((n, m) => n + m.visits, 0)).toBe(4);
    expect(p.byMonth.find((m) => m.month === early().slice(0, 7))?.visits).toBeGreaterThanOrEqual(1);
    expect(Object.fromEntries(p.activities.map((x) => [x.id, x.visits]))).toMatchObject({ bai_cun_bai_qi: 2, sheke_jiceng: 1, yu_shidai: 1, xinwen_zzg: 0 });
    expect(p.overdueFollowUps).toBe(1);
    expect(p.integrityExceptions).toBe(1);

    const other = await supB.client.get<Progress>(`/api/campaign/progress?unitId=${tree.countyB.id}`);
    expect(other.data.targets).toEqual({ village: { target: 100, done: 0 }, enterprise: { target: 100, done: 1 } });
    expect(other.data.byUnit).toEqual([{ unitId: tree.countyB.id, name: tree.countyB.name, level: 'county', parentId: tree.cityId, villages: 0, enterprises: 1, visits: 2 }]);

    const city = await a.client.get<Progress>('/api/campaign/progress');
    expect(city.data.targets.village.done - before.targets.village.done).toBeGreaterThanOrEqual(2);
    expect(city.data.targets.enterprise.done - before.targets.enterprise.done).toBeGreaterThanOrEqual(1);
    // Other test files may add root units of their own: the roots together hold every count.
    const roots = city.data.byUnit.filter((u) => u.parentId === null);
    expect(roots.some((u) => u.unitId === tree.cityId)).toBe(true);
    expect(roots.reduce((n, u) => n + u.villages, 0)).toBe(city.data.targets.village.done);
    expect(roots.reduce((n, u) => n + u.enterprises, 0)).toBe(city.data.targets.enterprise.done);
  });

  it('lets members narrow anywhere, keeps supervisors inside their subtree, and refuses unknown units and anonymous users', async () => {
    expect((await b.client.get(`/api/campaign/progress?unitId=${tree.countyA.id}`)).statusCode).toBe(200);
    expect((await supB.client.get(`/api/campaign/progress?unitId=${tree.townshipA.id}`)).statusCode).toBe(403);
    expect((await supA.client.get(`/api/campaign/progress?unitId=${tree.townshipA.id}`)).statusCode).toBe(200);
    expect((await supA.client.get(`/api/campaign/progress?unitId=${tree.cityId}`)).statusCode).toBe(403);
    expect((await admin.get(`/api/campaign/progress?unitId=${tree.cityId}`)).statusCode).toBe(200);
    const unknown = await admin.get('/api/campaign/progress?unitId=99999999');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.data).toMatchObject({ field: 'unitId' });
    expect((await new Client(app).get('/api/campaign/progress')).statusCode).toBe(401);
  });

  it('lists integrity exceptions to supervisors within their subtree', async () => {
    const res = await supA.client.get<{ items: { visitId: number; item: { id: string; text: string }; explanation: string; place: { id: number }; unit: { id: number }; visitedOn: string }[] }>('/api/campaign/integrity-exceptions');
    expect(res.statusCode).toBe(200);
    const mine = res.data.items.filter((i) => i.place.id === v2.id);
    expect(mine).toEqual([expect.objectContaining({
      item: { id: 'no_meals', text: '不准接受所走访村和企业的吃请和报销开支' }, explanation: '在村食堂吃了工作餐，已按标准付费',
      unit: { id: tree.townshipA.id, name: tree.townshipA.name }, visitedOn: later(),
    })]);
    const other = await supB.client.get<{ items: { place: { id: number } }[] }>('/api/campaign/integrity-exceptions');
    expect(other.data.items.some((i) => i.place.id === v2.id)).toBe(false);
    expect((await supB.client.get(`/api/campaign/integrity-exceptions?unitId=${tree.countyA.id}`)).statusCode).toBe(403);
    const all = await admin.get<{ items: { place: { id: number } }[] }>(`/api/campaign/integrity-exceptions?unitId=${tree.countyA.id}`);
    expect(all.data.items.filter((i) => i.place.id === v2.id)).toHaveLength(1);
    expect((await a.client.get('/api/campaign/integrity-exceptions')).statusCode).toBe(403);
    expect((await new Client(app).get('/api/campaign/integrity-exceptions')).statusCode).toBe(401);
    const noUnit = await memberOf(app, null, ['member', 'supervisor']);
    expect((await noUnit.client.get('/api/campaign/integrity-exceptions')).statusCode).toBe(403);
  });

  it('writes report.csv with a BOM, Chinese headers, proper quoting and no formulas', async () => {
    const res = await supA.client.get('/api/campaign/report.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toContain('attachment;');
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('走访反馈表')}`);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(res.rawPayload.toString('utf8'), { bom: true }) as string[][];
    expect(rows[0]).toEqual([...REPORT_HEADERS]);
    const body = rows.slice(1);
    expect(body).toHaveLength(4);
    expect(body.every((r) => r[1] === tree.townshipA.name)).toBe(true);
    const v2row = body.find((r) => r[4] === '与时代同行采风');
    expect(v2row?.[2]).toBe(`'=HYPERLINK("x")村`);
    expect(v2row?.[3]).toBe('村（文明村）');
    expect(v2row?.[5]).toBe(`'+调研 "文化" 礼堂, 含逗号`);
    expect(v2row?.[6]).toBe(a.user.displayName);
    expect(v2row?.[7]).toBe('文化礼堂缺少活动经费');
    expect(v2row?.[11]).toContain('送书下乡（期限');
    expect(v2row?.[12]).toBe('未确认：不准接受所走访村和企业的吃请和报销开支（说明：在村食堂吃了工作餐，已按标准付费）');
    expect(body.find((r) => r[2] === '余东村测试')?.[12]).toBe('全部遵守');
    expect(body.map((r) => r[0])).toEqual([...body.map((r) => r[0])].sort());
  });

  it('writes report.xlsx with a bold header, the visits, and a summary sheet by unit', async () => {
    const res = await admin.get(`/api/campaign/report.xlsx?unitId=${tree.countyB.id}&from=${early()}&to=${later()}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent(tree.countyB.name));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('走访记录');
    expect(sheet).toBeDefined();
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...REPORT_HEADERS]);
    expect(sheet?.getRow(1).font?.bold).toBe(true);
    expect(sheet?.getColumn(8).width).toBeGreaterThanOrEqual(30);
    expect(sheet?.rowCount).toBe(3);
    const places = [2, 3].map((n) => String(sheet?.getRow(n).getCell(3).value));
    expect(places.sort()).toEqual([v1.name, e1.name].sort());
    const summary = book.getWorksheet('按单位汇总');
    const lines = (summary?.getSheetValues() ?? []).filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(lines[0]).toEqual(['单位', '级别', '走访次数', '走访村数', '走访企业数']);
    expect(lines).toContainEqual([tree.countyB.name, '县（市、区）', 2, 1, 1]);
    const total = lines[lines.length - 1] ?? [];
    expect([total[0], ...total.slice(2)]).toEqual(['合计', 2, 1, 1]);
    expect(summary?.getRow(1).font?.bold).toBe(true);
  });

  it('keeps reports to supervisors and admins, inside the supervisor\'s subtree', async () => {
    expect((await a.client.get('/api/campaign/report.csv')).statusCode).toBe(403);
    expect((await a.client.get('/api/campaign/report.xlsx')).statusCode).toBe(403);
    expect((await new Client(app).get('/api/campaign/report.csv')).statusCode).toBe(401);
    expect((await supB.client.get(`/api/campaign/report.csv?unitId=${tree.countyA.id}`)).statusCode).toBe(403);
    const own = await supB.client.get('/api/campaign/report.csv');
    const rows = (parse(own.rawPayload.toString('utf8'), { bom: true }) as string[][]).slice(1);
    expect(rows.every((r) => r[1] === tree.countyB.name)).toBe(true);
    expect(rows).toHaveLength(2);
    const range = await supA.client.get('/api/campaign/report.csv?from=2025-05-01&to=2025-04-01');
    expect(range.statusCode).toBe(400);
    expect(range.data).toMatchObject({ field: 'to' });
    expect((await supA.client.get('/api/campaign/report.csv?from=2025-02-30')).data).toMatchObject({ field: 'from' });
  });
});
