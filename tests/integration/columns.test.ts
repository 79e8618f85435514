import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard, uniqueSlug } from '../factories/board.factory';
import { createTopic } from '../factories/topic.factory';
import { insertEdition } from '../factories/column.factory';
import { makePlace, makeSubtree, memberOf, visitBody, type CampaignBody, type Subtree } from '../factories/campaign.factory';
import { editionItems } from '../../server/db/column.table';
import { EDITION_MAX_ITEMS } from '../../server/domain/columns';
import type { ColumnPageView, ColumnView, EditionItemView, EditionPageView, EditionView } from '../../server/presenters/column.presenter';
import type { BoardView } from '../../server/presenters/board.presenter';
import type { UserRef } from '../../server/presenters/user.presenter';
import type { TopicView } from '../../server/presenters/topic.presenter';

let app: FastifyInstance;
let admin: Client;
let tree: Subtree;
let campaign: CampaignBody;
let editor: SignedInUser;
let coEditor: SignedInUser;
let otherEditor: SignedInUser;
let member: SignedInUser;
let author: SignedInUser;
let mod: SignedInUser;
let boardSlug: string;
const anonymous = () => new Client(app);
const ZH = { headers: { 'accept-language': 'zh-CN' } };

beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' });
  admin = await signInAdmin(app);
  tree = await makeSubtree(app, admin);
  campaign = (await admin.get<CampaignBody>('/api/campaign')).data;
  editor = await memberOf(app, tree.countyA.id, ['editor']);
  coEditor = await memberOf(app, tree.countyA.id, ['editor']);
  otherEditor = await memberOf(app, tree.countyB.id, ['editor']);
  member = await memberOf(app, tree.countyB.id);
  author = await memberOf(app, tree.townshipA.id);
  mod = await memberOf(app, tree.countyA.id, ['moderator']);
  boardSlug = (await createBoard(app, { admin })).slug;
});
afterAll(async () => {
  await app?.close();
});

const slug = () => uniqueSlug('c').replace(/[^a-z0-9-]/g, '').slice(0, 40);

async function makeColumn(client: Client = editor.client, extra: Record<string, unknown> = {}): Promise<ColumnView> {
  const res = await client.post<{ column: ColumnView }>('/api/columns', { slug: slug(), name: '走基层', outlet: 'newspaper', outletName: '《衢州日报》', ...extra });
  if (res.statusCode !== 201) throw new Error(`column failed: ${res.statusCode} ${res.body}`);
  return res.data.column;
}

async function makeEdition(columnSlug: string, body: Record<string, unknown> = {}, client: Client = editor.client): Promise<EditionView> {
  const res = await client.post<{ edition: EditionView }>(`/api/columns/${columnSlug}/editions`, { title: '第一期', ...body });
  if (res.statusCode !== 201) throw new Error(`edition failed: ${res.statusCode} ${res.body}`);
  return res.data.edition;
}

async function note(overrides: { title?: string; body?: string } = {}): Promise<{ topic: TopicView; postId: number }> {
  const { topic, post } = await createTopic(author.client, boardSlug, { kind: 'field_note', ...overrides });
  return { topic, postId: post.id };
}

async function addItem(editionId: number, postId: number, extra: Record<string, unknown> = {}): Promise<{ item: EditionItemView; items: EditionItemView[] }> {
  const res = await editor.client.post<{ item: EditionItemView; items: EditionItemView[] }>(`/api/editions/${editionId}/items`, { postId, ...extra });
  if (res.statusCode !== 201) throw new Error(`item failed: ${res.statusCode} ${res.body}`);
  return res.data;
}

/** Checks an answer is API.md's error shape with a code and a sentence. */
function expectError(res: { statusCode: number; data: unknown }, status: number, code: string): void {
  expect(res.statusCode).toBe(status);
  expect(res.data).toMatchObject({ statusCode: status, code, error: expect.any(String), message: expect.any(String) });
  expect(String((res.data as { message: string }).message).length).toBeGreaterThan(5);
  expect(JSON.stringify(res.data)).not.toMatch(/at .*\.ts:\d+/);
}

describe('POST /api/columns', () => {
  it('creates a column for an editor, who becomes its first editor; the outlet name defaults to the column name', async () => {
    const s = slug();
    const res = await editor.client.post<{ column: ColumnView }>('/api/columns', { slug: s, name: '  走基层  ', outlet: 'radio', description: '记者下乡' });
    expect(res.statusCode).toBe(201);
    expect(res.data.column).toMatchObject({ slug: s, name: '走基层', outletName: '走基层', outlet: 'radio', description: '记者下乡', mine: true });
    const page = await editor.client.get<ColumnPageView>(`/api/columns/${s}`);
    expect(page.statusCode).toBe(200);
    expect(page.data.editors.map((e) => e.id)).toEqual([editor.user.id]);
    expect(page.data.editions).toEqual([]);
  });

  it('lets an admin create one, and refuses anonymous readers (401), members and moderators (403) and a missing CSRF token', async () => {
    expect((await admin.post('/api/columns', { slug: slug(), name: '管理员专栏', outlet: 'web' })).statusCode).toBe(201);
    const body = { slug: slug(), name: '走基层', outlet: 'tv' };
    expectError(await anonymous().post('/api/columns', body), 401, 'UNAUTHENTICATED');
    expectError(await member.client.post('/api/columns', body), 403, 'FORBIDDEN');
    expectError(await mod.client.post('/api/columns', body), 403, 'FORBIDDEN');
    expectError(await editor.client.post('/api/columns', body, { noCsrf: true }), 403, 'CSRF');
  });

  it('answers a taken slug with 409 SLUG_TAKEN in words', async () => {
    const column = await makeColumn();
    const again = await otherEditor.client.post('/api/columns', { slug: column.slug, name: '另一个', outlet: 'web' }, ZH);
    expectError(again, 409, 'SLUG_TAKEN');
    expect(String(again.data.message)).toContain(column.slug);
  });

  it('refuses bad input with 400: bad slugs, unknown outlets, NUL bytes, lone surrogates, 60,000-character texts, blank names, unknown fields kept out', async () => {
    for (const bad of ['A-Upper', 'x', 'has space', 'a/b', 'a'.repeat(41), '中文', '']) {
      expectError(await editor.client.post('/api/columns', { slug: bad, name: '走基层', outlet: 'web' }), 400, 'VALIDATION');
    }
    expectError(await editor.client.post('/api/columns', { slug: slug(), name: '走基层', outlet: 'magazine' }), 400, 'VALIDATION');
    expectError(await editor.client.post('/api/columns', { slug: slug(), name: '走\u0000基层', outlet: 'web' }), 400, 'VALIDATION');
    expectError(await editor.client.post('/api/columns', { slug: slug(), name: '走基层', outlet: 'web', description: 'a\uD800b' }), 400, 'VALIDATION');
    expectError(await editor.client.post('/api/columns', { slug: slug(), name: '走基层', outlet: 'web', description: '长'.repeat(60_000) }), 400, 'VALIDATION');
    expectError(await editor.client.post('/api/columns', { slug: slug(), name: '   ', outlet: 'web' }), 400, 'VALIDATION');
    expectError(await editor.client.post('/api/columns', { slug: slug(), name: 12345, outlet: 'web' }), 400, 'VALIDATION');
    const named = await editor.client.post('/api/columns', { slug: 'BAD', name: '走基层', outlet: 'web' }, ZH);
    expect(named.data).toMatchObject({ field: 'slug' });
  });
});

describe('GET /api/columns', () => {
  it('lists for anyone only the columns with a published edition; an editor also their own (mine), an admin every one', async () => {
    const { postId } = await note();
    const published = await makeColumn();
    await insertEdition(app, published.id, [postId], { publishedAt: new Date() });
    const draftOnly = await makeColumn();
    const othersDraft = await makeColumn(otherEditor.client);
    const ids = (items: ColumnView[]) => items.map((c) => c.id);
    const anon = (await anonymous().get<{ items: ColumnView[] }>('/api/columns')).data.items;
    expect(ids(anon)).toContain(published.id);
    expect(ids(anon)).not.toContain(draftOnly.id);
    expect(anon.find((c) => c.id === published.id)?.mine).toBe(false);
    const mine = (await editor.client.get<{ items: ColumnView[] }>('/api/columns')).data.items;
    expect(mine.find((c) => c.id === draftOnly.id)?.mine).toBe(true);
    expect(ids(mine)).not.toContain(othersDraft.id);
    const all = (await admin.get<{ items: ColumnView[] }>('/api/columns')).data.items;
    expect(ids(all)).toEqual(expect.arrayContaining([published.id, draftOnly.id, othersDraft.id]));
  });
});

describe('GET /api/columns/:slug', () => {
  it('shows the public the published editions only, and a column with none is a 404 to them; its editors and admins see every state', async () => {
    const { postId } = await note();
    const column = await makeColumn();
    expectError(await anonymous().get(`/api/columns/${column.slug}`), 404, 'NOT_FOUND');
    expectError(await otherEditor.client.get(`/api/columns/${column.slug}`), 404, 'NOT_FOUND');
    const draft = await makeEdition(column.slug, { title: '草稿期' });
    const out = await insertEdition(app, column.id, [postId], { publishedAt: new Date(), title: '已发布期' });
    const pub = await anonymous().get<ColumnPageView>(`/api/columns/${column.slug}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.data.editions.map((e) => e.id)).toEqual([out.id]);
    expect(pub.data.editions[0]).toMatchObject({ state: 'published', itemCount: 1, columnSlug: column.slug });
    const inside = await admin.get<ColumnPageView>(`/api/columns/${column.slug}`);
    expect(inside.data.editions.map((e) => e.id).sort()).toEqual([draft.id, out.id].sort());
    expectError(await anonymous().get('/api/columns/NOT_A_SLUG'), 400, 'VALIDATION');
    expectError(await anonymous().get('/api/columns/no-such-column-here'), 404, 'NOT_FOUND');
  });
});

describe('PATCH /api/columns/:slug', () => {
  it('lets its editors and admins change it; an editor of another column and a member get 403, anonymous 401', async () => {
    const column = await makeColumn();
    const res = await editor.client.patch<{ column: ColumnView }>(`/api/columns/${column.slug}`, { name: '走基层·新', outletName: '《衢州晚报》', outlet: 'web', description: '新简介' });
    expect(res.statusCode).toBe(200);
    expect(res.data.column).toMatchObject({ name: '走基层·新', outletName: '《衢州晚报》', outlet: 'web', description: '新简介', slug: column.slug });
    expect((await admin.patch(`/api/columns/${column.slug}`, { description: '管理员改' })).statusCode).toBe(200);
    const refused = await otherEditor.client.patch(`/api/columns/${column.slug}`, { name: '抢' }, ZH);
    expectError(refused, 403, 'FORBIDDEN');
    expect(String(refused.data.message)).toContain('编辑');
    expectError(await member.client.patch(`/api/columns/${column.slug}`, { name: '抢' }), 403, 'FORBIDDEN');
    expectError(await anonymous().patch(`/api/columns/${column.slug}`, { name: '抢' }), 401, 'UNAUTHENTICATED');
  });

  it('refuses an empty change, a blank name and a 60,000-character description with 400, an unknown column with 404', async () => {
    const column = await makeColumn();
    expectError(await editor.client.patch(`/api/columns/${column.slug}`, {}), 400, 'VALIDATION');
    expectError(await editor.client.patch(`/api/columns/${column.slug}`, { name: ' ' }), 400, 'VALIDATION');
    expectError(await editor.client.patch(`/api/columns/${column.slug}`, { description: 'x'.repeat(60_000) }), 400, 'VALIDATION');
    expectError(await editor.client.patch('/api/columns/no-such-column-here', { name: '新' }), 404, 'NOT_FOUND');
  });
});

describe('POST and DELETE /api/columns/:slug/editors', () => {
  it('adds another editor, who may then change the column; a second time is 409; removing them takes that back', async () => {
    const column = await makeColumn();
    expectError(await coEditor.client.patch(`/api/columns/${column.slug}`, { name: '改' }), 403, 'FORBIDDEN');
    const added = await editor.client.post<{ editors: UserRef[] }>(`/api/columns/${column.slug}/editors`, { userId: coEditor.user.id });
    expect(added.statusCode).toBe(201);
    expect(added.data.editors.map((e) => e.id)).toEqual([editor.user.id, coEditor.user.id]);
    expect((await coEditor.client.patch(`/api/columns/${column.slug}`, { name: '合编' })).statusCode).toBe(200);
    expect((await coEditor.client.get<{ items: ColumnView[] }>('/api/columns')).data.items.find((c) => c.id === column.id)?.mine).toBe(true);
    expectError(await editor.client.post(`/api/columns/${column.slug}/editors`, { userId: coEditor.user.id }), 409, 'ALREADY_EDITOR');
    const removed = await coEditor.client.delete<{ editors: UserRef[] }>(`/api/columns/${column.slug}/editors/${editor.user.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.data.editors.map((e) => e.id)).toEqual([coEditor.user.id]);
    expectError(await editor.client.patch(`/api/columns/${column.slug}`, { name: '改' }), 403, 'FORBIDDEN');
  });

  it('keeps the last editor (409 LAST_EDITOR), refuses a user without the editor role (400), an unknown one (404) and outsiders (403/401)', async () => {
    const column = await makeColumn();
    expectError(await editor.client.delete(`/api/columns/${column.slug}/editors/${editor.user.id}`), 409, 'LAST_EDITOR');
    const notEditor = await editor.client.post(`/api/columns/${column.slug}/editors`, { userId: member.user.id });
    expectError(notEditor, 400, 'VALIDATION');
    expect(notEditor.data).toMatchObject({ field: 'userId' });
    expectError(await editor.client.post(`/api/columns/${column.slug}/editors`, { userId: 2_000_000_000 }), 404, 'NOT_FOUND');
    expectError(await editor.client.post(`/api/columns/${column.slug}/editors`, { userId: 99_999_999_999 }), 400, 'VALIDATION');
    expectError(await editor.client.post(`/api/columns/${column.slug}/editors`, { userId: '1' }), 400, 'VALIDATION');
    expectError(await editor.client.delete(`/api/columns/${column.slug}/editors/${member.user.id}`), 404, 'NOT_FOUND');
    expectError(await otherEditor.client.post(`/api/columns/${column.slug}/editors`, { userId: otherEditor.user.id }), 403, 'FORBIDDEN');
    expectError(await member.client.post(`/api/columns/${column.slug}/editors`, { userId: member.user.id }), 403, 'FORBIDDEN');
    expectError(await anonymous().delete(`/api/columns/${column.slug}/editors/${editor.user.id}`), 401, 'UNAUTHENTICATED');
    const byAdmin = await admin.post<{ editors: UserRef[] }>(`/api/columns/${column.slug}/editors`, { userId: otherEditor.user.id });
    expect(byAdmin.statusCode).toBe(201);
  });
});

describe('POST /api/columns/:slug/editions', () => {
  it('numbers editions max+1 by default, takes a given number, and answers a taken number with 409 EDITION_NUMBER_TAKEN', async () => {
    const column = await makeColumn();
    const first = await makeEdition(column.slug, { title: '第一期', note: '编者按：走进村里' });
    expect(first).toMatchObject({ number: 1, title: '第一期', note: '编者按：走进村里', state: 'draft', itemCount: 0, publishAt: null, publishedAt: null, columnSlug: column.slug, columnId: column.id });
    const tenth = await makeEdition(column.slug, { title: '第十期', number: 10 });
    expect(tenth.number).toBe(10);
    expect((await makeEdition(column.slug, { title: '下一期' })).number).toBe(11);
    const taken = await editor.client.post(`/api/columns/${column.slug}/editions`, { title: '重复', number: 10 }, ZH);
    expectError(taken, 409, 'EDITION_NUMBER_TAKEN');
    expect(String(taken.data.message)).toContain('10');
  });

  it('refuses outsiders (403), anonymous (401) and bad input: huge numbers, NUL bytes, 60,000-character notes, blank titles', async () => {
    const column = await makeColumn();
    expectError(await otherEditor.client.post(`/api/columns/${column.slug}/editions`, { title: '抢' }), 403, 'FORBIDDEN');
    expectError(await member.client.post(`/api/columns/${column.slug}/editions`, { title: '抢' }), 403, 'FORBIDDEN');
    expectError(await anonymous().post(`/api/columns/${column.slug}/editions`, { title: '抢' }), 401, 'UNAUTHENTICATED');
    expect((await admin.post(`/api/columns/${column.slug}/editions`, { title: '管理员' })).statusCode).toBe(201);
    for (const number of [0, -1, 1.5, 100_001, 1e300, 99_999_999_999]) {
      expectError(await editor.client.post(`/api/columns/${column.slug}/editions`, { title: '期', number }), 400, 'VALIDATION');
    }
    expectError(await editor.client.post(`/api/columns/${column.slug}/editions`, { title: '期\u0000' }), 400, 'VALIDATION');
    expectError(await editor.client.post(`/api/columns/${column.slug}/editions`, { title: '期', note: '按'.repeat(60_000) }), 400, 'VALIDATION');
    expectError(await editor.client.post(`/api/columns/${column.slug}/editions`, { title: '  ' }), 400, 'VALIDATION');
    expectError(await editor.client.post('/api/columns/no-such-column-here/editions', { title: '期' }), 404, 'NOT_FOUND');
  });

  it('applies watched words to the editor\'s note: a block word is 400 WATCHED_WORD, a replace word is replaced', async () => {
    const tag = Date.now().toString(36);
    const block = await admin.post<{ word: { id: number } }>('/api/watched-words', { word: `禁编${tag}`, action: 'block' });
    const replace = await admin.post<{ word: { id: number } }>('/api/watched-words', { word: `换编${tag}`, action: 'replace', replacement: '**' });
    try {
      const column = await makeColumn();
      const refused = await editor.client.post(`/api/columns/${column.slug}/editions`, { title: '期', note: `编者按 禁编${tag} 结束` });
      expectError(refused, 400, 'WATCHED_WORD');
      expect(refused.data).toMatchObject({ field: 'note' });
      const replaced = await makeEdition(column.slug, { note: `编者按 换编${tag} 结束` });
      expect(replaced.note).toBe('编者按 ** 结束');
    } finally {
      for (const w of [block, replace]) await admin.delete(`/api/watched-words/${w.data.word.id}`);
    }
  });
});

describe('GET, PATCH and DELETE /api/editions/:id', () => {
  it('shows an edition with its column and items to its column\'s editors and admins only', async () => {
    const column = await makeColumn();
    const edition = await makeEdition(column.slug);
    const read = await editor.client.get<EditionPageView>(`/api/editions/${edition.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.data).toMatchObject({ edition: { id: edition.id }, column: { id: column.id, mine: true }, items: [] });
    expect((await admin.get(`/api/editions/${edition.id}`)).statusCode).toBe(200);
    expectError(await otherEditor.client.get(`/api/editions/${edition.id}`), 403, 'FORBIDDEN');
    expectError(await member.client.get(`/api/editions/${edition.id}`), 403, 'FORBIDDEN');
    expectError(await anonymous().get(`/api/editions/${edition.id}`), 401, 'UNAUTHENTICATED');
    expectError(await editor.client.get('/api/editions/2000000000'), 404, 'NOT_FOUND');
    expectError(await editor.client.get('/api/editions/99999999999'), 400, 'VALIDATION');
    expectError(await editor.client.get('/api/editions/abc'), 400, 'VALIDATION');
  });

  it('changes the title, note and number (a taken number is 409), refuses outsiders and an empty change', async () => {
    const column = await makeColumn();
    await makeEdition(column.slug, { number: 3 });
    const edition = await makeEdition(column.slug, { number: 4 });
    const res = await editor.client.patch<{ edition: EditionView }>(`/api/editions/${edition.id}`, { title: '改名', note: '新按语', number: 5 });
    expect(res.statusCode).toBe(200);
    expect(res.data.edition).toMatchObject({ title: '改名', note: '新按语', number: 5 });
    expectError(await editor.client.patch(`/api/editions/${edition.id}`, { number: 3 }), 409, 'EDITION_NUMBER_TAKEN');
    expect((await editor.client.patch<{ edition: EditionView }>(`/api/editions/${edition.id}`, { number: 5 })).data.edition.number).toBe(5);
    expectError(await editor.client.patch(`/api/editions/${edition.id}`, {}), 400, 'VALIDATION');
    expectError(await editor.client.patch(`/api/editions/${edition.id}`, { title: 'a\uDC00' }), 400, 'VALIDATION');
    expectError(await otherEditor.client.patch(`/api/editions/${edition.id}`, { title: '抢' }), 403, 'FORBIDDEN');
    expectError(await anonymous().patch(`/api/editions/${edition.id}`, { title: '抢' }), 401, 'UNAUTHENTICATED');
  });

  it('deletes a draft (204, then 404) but not a published edition (409 EDITION_STATE); outsiders get 403', async () => {
    const { postId } = await note();
    const column = await makeColumn();
    const draft = await makeEdition(column.slug);
    expectError(await otherEditor.client.delete(`/api/editions/${draft.id}`), 403, 'FORBIDDEN');
    expect((await editor.client.delete(`/api/editions/${draft.id}`)).statusCode).toBe(204);
    expectError(await editor.client.get(`/api/editions/${draft.id}`), 404, 'NOT_FOUND');
    const published = await insertEdition(app, column.id, [postId], { publishedAt: new Date() });
    expectError(await editor.client.delete(`/api/editions/${published.id}`), 409, 'EDITION_STATE');
  });
});

describe('POST /api/editions/:id/items', () => {
  it('adds posts with their notes at a position, keeps the positions dense, and presents each item with its author, unit and visit', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const visit = await author.client.post<{ visit: { id: number } }>('/api/visits', visitBody(campaign, place.id, today));
    expect(visit.statusCode).toBe(201);
    const a = await note({ title: '下乡第一天' });
    const b = await note({ title: '下乡第二天' });
    const c = await note({ title: '下乡第三天' });
    expect((await mod.client.put(`/api/topics/${a.topic.id}/visit`, { visitId: visit.data.visit.id })).statusCode).toBe(200);
    const column = await makeColumn();
    const edition = await makeEdition(column.slug);
    const first = await addItem(edition.id, a.postId, { note: '实地走访的好稿' });
    expect(first.item).toMatchObject({
      position: 0, note: '实地走访的好稿', postId: a.postId, topicId: a.topic.id, title: '下乡第一天', withdrawn: false,
      post: { id: a.postId, hidden: false }, author: { id: author.user.id, unit: { id: tree.townshipA.id } },
      visit: { confirmed: true, placeName: place.name, visitedOn: today },
    });
    await addItem(edition.id, b.postId);
    const third = await addItem(edition.id, c.postId, { position: 0 });
    expect(third.items.map((i) => [i.postId, i.position])).toEqual([[c.postId, 0], [a.postId, 1], [b.postId, 2]]);
    expect(third.item.visit).toBeNull();
    const read = await editor.client.get<EditionPageView>(`/api/editions/${edition.id}`);
    expect(read.data.items.map((i) => i.postId)).toEqual([c.postId, a.postId, b.postId]);
    expect(read.data.edition.itemCount).toBe(3);
    expect(JSON.stringify(read.data)).not.toContain('findings');
    const far = await addItem(edition.id, (await note()).postId, { position: 99 });
    expect(far.item.position).toBe(3);
  });

  it('refuses a post already in the edition (409 ALREADY_IN_EDITION), a hidden or held post (409 POST_NOT_USABLE), an unknown post (404)', async () => {
    const column = await makeColumn();
    const edition = await makeEdition(column.slug);
    const { postId } = await note();
    await addItem(edition.id, postId);
    expectError(await editor.client.post(`/api/editions/${edition.id}/items`, { postId }), 409, 'ALREADY_IN_EDITION');
    const hidden = await note();
    expect((await mod.client.post(`/api/posts/${hidden.postId}/hide`, {})).statusCode).toBe(200);
    const hiddenRes = await editor.client.post(`/api/editions/${edition.id}/items`, { postId: hidden.postId }, ZH);
    expectError(hiddenRes, 409, 'POST_NOT_USABLE');
    expect(String(hiddenRes.data.message)).toContain('隐藏');
    const reviewed = await createBoard(app, { admin });
    await admin.patch<{ board: BoardView }>(`/api/boards/${reviewed.slug}`, { reviewBeforePublish: true });
    const held = await author.client.post<{ post: { id: number } }>(`/api/boards/${reviewed.slug}/topics`, { title: '待审', body: '待审正文' });
    expect(held.statusCode).toBe(202);
    expectError(await editor.client.post(`/api/editions/${edition.id}/items`, { postId: held.data.post.id }), 409, 'POST_NOT_USABLE');
    expectError(await editor.client.post(`/api/editions/${edition.id}/items`, { postId: 2_000_000_000 }), 404, 'NOT_FOUND');
    expect((await editor.client.get<EditionPageView>(`/api/editions/${edition.id}`)).data.items).toHaveLength(1);
  });

  it(`refuses an item past ${EDITION_MAX_ITEMS} with 409 EDITION_FULL`, async () => {
    const column = await makeColumn();
    const edition = await makeEdition(column.slug);
    // Withdrawn items (their post gone) fill it without a hundred topics.
    await app.db.insert(editionItems).values(Array.from({ length: EDITION_MAX_ITEMS }, (_, position) => ({
      editionId: edition.id, postId: null, topicId: null, position, titleSnapshot: `旧稿${position}`, createdAt: new Date(),
    })));
    expectError(await editor.client.post(`/api/editions/${edition.id}/items`, { postId: (await note()).postId }), 409, 'EDITION_FULL');
  });

  it('refuses outsiders (403), anonymous (401), bad notes and positions (400), and watched words in a note (400 WATCHED_WORD)', async () => {
    const column = await makeColumn();
    const edition = await makeEdition(column.slug);
    const { postId } = await note();
    expectError(await otherEditor.client.post(`/api/editions/${edition.id}/items`, { postId }), 403, 'FORBIDDEN');
    expectError(await member.client.post(`/api/editions/${edition.id}/items`, { postId }), 403, 'FORBIDDEN');
    expectError(await mod.client.post(`/api/editions/${edition.id}/items`, { postId }), 403, 'FORBIDDEN');
    expectError(await anonymous().post(`/api/editions/${edition.id}/items`, { postId }), 401, 'UNAUTHENTICATED');
    expectError(await editor.client.post(`/api/editions/${edition.id}/items`, { postId, note: 'n'.repeat(60_000) }), 400, 'VALIDATION');
    expectError(await editor.client.post(`/api/editions/${edition.id}/items`, { postId, note: '\u0000' }), 400, 'VALIDATION');
    expectError(await editor.client.post(`/api/editions/${edition.id}/items`, { postId, position: -1 }), 400, 'VALIDATION');
    expectError(await editor.client.post(`/api/editions/${edition.id}/items`, { postId, position: 1e20 }), 400, 'VALIDATION');
    expectError(await editor.client.post(`/api/editions/${edition.id}/items`, { postId: 1e20 }), 400, 'VALIDATION');
    const tag = Date.now().toString(36);
    const block = await admin.post<{ word: { id: number } }>('/api/watched-words', { word: `禁按${tag}`, action: 'block' });
    try {
      const refused = await editor.client.post(`/api/editions/${edition.id}/items`, { postId, note: `按语 禁 按${tag}` });
      expectError(refused, 400, 'WATCHED_WORD');
      expect(refused.data).toMatchObject({ field: 'note' });
    } finally {
      await admin.delete(`/api/watched-words/${block.data.word.id}`);
    }
    expect((await admin.post(`/api/editions/${edition.id}/items`, { postId })).statusCode).toBe(201);
  });
});

describe('PATCH and DELETE /api/editions/:id/items/:itemId', () => {
  it('changes an item\'s note and removes an item, the others closing up; outsiders get 403, unknown items 404', async () => {
    const column = await makeColumn();
    const edition = await makeEdition(column.slug);
    const posts = [await note(), await note(), await note()];
    let items: EditionItemView[] = [];
    for (const p of posts) items = (await addItem(edition.id, p.postId)).items;
    const [first, second, third] = items as [EditionItemView, EditionItemView, EditionItemView];
    const edited = await editor.client.patch<{ item: EditionItemView }>(`/api/editions/${edition.id}/items/${second.id}`, { note: '  好稿  ' });
    expect(edited.statusCode).toBe(200);
    expect(edited.data.item).toMatchObject({ id: second.id, note: '好稿', position: 1 });
    expectError(await editor.client.patch(`/api/editions/${edition.id}/items/${second.id}`, { note: 'x'.repeat(60_000) }), 400, 'VALIDATION');
    expectError(await editor.client.patch(`/api/editions/${edition.id}/items/${second.id}`, {}), 400, 'VALIDATION');
    expectError(await otherEditor.client.patch(`/api/editions/${edition.id}/items/${second.id}`, { note: '抢' }), 403, 'FORBIDDEN');
    const removed = await editor.client.delete<{ items: EditionItemView[] }>(`/api/editions/${edition.id}/items/${first.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.data.items.map((i) => [i.id, i.position])).toEqual([[second.id, 0], [third.id, 1]]);
    expectError(await editor.client.delete(`/api/editions/${edition.id}/items/${first.id}`), 404, 'NOT_FOUND');
    const otherEdition = await makeEdition(column.slug);
    expectError(await editor.client.delete(`/api/editions/${otherEdition.id}/items/${second.id}`), 404, 'NOT_FOUND');
    expectError(await otherEditor.client.delete(`/api/editions/${edition.id}/items/${second.id}`), 403, 'FORBIDDEN');
    expectError(await anonymous().delete(`/api/editions/${edition.id}/items/${second.id}`), 401, 'UNAUTHENTICATED');
  });

  it('keeps a withdrawn item (its post gone) in its place under the title it had', async () => {
    const column = await makeColumn();
    const edition = await makeEdition(column.slug);
    const a = await note({ title: '会被撤下的稿' });
    const { item } = await addItem(edition.id, a.postId);
    await addItem(edition.id, (await note()).postId);
    // What deleting the post does to the item (ON DELETE SET NULL).
    const { eq } = await import('drizzle-orm');
    await app.db.update(editionItems).set({ postId: null, topicId: null }).where(eq(editionItems.id, item.id));
    const read = await editor.client.get<EditionPageView>(`/api/editions/${edition.id}`);
    expect(read.data.items[0]).toMatchObject({ id: item.id, position: 0, withdrawn: true, title: '会被撤下的稿', post: null, postId: null, visit: null });
  });
});

describe('PUT /api/editions/:id/order', () => {
  it('puts the items in the order given, and refuses anything but exactly the edition\'s item ids with 400', async () => {
    const column = await makeColumn();
    const edition = await makeEdition(column.slug);
    let items: EditionItemView[] = [];
    for (let i = 0; i < 3; i += 1) items = (await addItem(edition.id, (await note()).postId)).items;
    const [a, b, c] = items.map((i) => i.id) as [number, number, number];
    const res = await editor.client.put<{ items: EditionItemView[] }>(`/api/editions/${edition.id}/order`, { itemIds: [c, a, b] });
    expect(res.statusCode).toBe(200);
    expect(res.data.items.map((i) => [i.id, i.position])).toEqual([[c, 0], [a, 1], [b, 2]]);
    expect((await editor.client.get<EditionPageView>(`/api/editions/${edition.id}`)).data.items.map((i) => i.id)).toEqual([c, a, b]);
    const other = await makeEdition(column.slug);
    const foreign = (await addItem(other.id, (await note()).postId)).item.id;
    for (const itemIds of [[c, a], [c, a, b, b], [c, a, foreign], [c, a, b, foreign], [], [c, a, 99_999_999_999]]) {
      expectError(await editor.client.put(`/api/editions/${edition.id}/order`, { itemIds }), 400, 'VALIDATION');
    }
    expectError(await editor.client.put(`/api/editions/${edition.id}/order`, { itemIds: 'c,a,b' }), 400, 'VALIDATION');
    expectError(await editor.client.put(`/api/editions/${edition.id}/order`, { itemIds: Array.from({ length: 5000 }, (_, i) => i + 1) }), 400, 'VALIDATION');
    expectError(await otherEditor.client.put(`/api/editions/${edition.id}/order`, { itemIds: [a, b, c] }), 403, 'FORBIDDEN');
    expectError(await anonymous().put(`/api/editions/${edition.id}/order`, { itemIds: [a, b, c] }), 401, 'UNAUTHENTICATED');
    expect((await editor.client.get<EditionPageView>(`/api/editions/${edition.id}`)).data.items.map((i) => i.id)).toEqual([c, a, b]);
  });
});

describe('a hidden post inside an edition', () => {
  it('shows an editor who may not see hidden posts the item without its body, and its author and moderators with it', async () => {
    const column = await makeColumn();
    await editor.client.post(`/api/columns/${column.slug}/editors`, { userId: coEditor.user.id });
    const edition = await makeEdition(column.slug);
    const secret = `秘密正文${Date.now().toString(36)}`;
    const { postId } = await note({ body: secret });
    await addItem(edition.id, postId);
    expect((await mod.client.post(`/api/posts/${postId}/hide`, {})).statusCode).toBe(200);
    for (const reader of [editor.client, coEditor.client]) {
      const read = await reader.get<EditionPageView>(`/api/editions/${edition.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.data.items[0]?.post).toMatchObject({ id: postId, hidden: true, body: null, html: null });
      expect(read.body).not.toContain(secret);
    }
    const asAdmin = await admin.get<EditionPageView>(`/api/editions/${edition.id}`);
    expect(asAdmin.body).toContain(secret);
  });
});
