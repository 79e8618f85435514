import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editionItems, editions, mediaColumns } from '../../server/db/schema';
import { createTestApp } from '../helpers/test-app';
import { describeStatements, statementsOf } from '../helpers/statements';
import { Client } from '../helpers/client';
import { signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import { makePlace, makeSubtree, memberOf, visitBody, type CampaignBody, type Subtree } from '../factories/campaign.factory';
import { insertColumn, insertEdition } from '../factories/column.factory';

let app: FastifyInstance;
let admin: Client;
let tree: Subtree;
let campaign: CampaignBody;
let mod: SignedInUser;
let author: SignedInUser;
let editor: SignedInUser;
let otherEditor: SignedInUser;
let member: SignedInUser;
let boardSlug: string;
const anonymous = () => new Client(app);
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' }, { countStatements: true });
  admin = await signInAdmin(app);
  tree = await makeSubtree(app, admin);
  mod = await memberOf(app, tree.countyA.id, ['moderator']);
  author = await memberOf(app, tree.townshipA.id);
  editor = await memberOf(app, tree.countyA.id, ['editor']);
  otherEditor = await memberOf(app, tree.countyB.id, ['editor']);
  member = await memberOf(app, tree.countyB.id);
  campaign = (await admin.get<CampaignBody>('/api/campaign')).data;
  boardSlug = (await createBoard(app, { admin })).slug;
});
afterAll(async () => {
  await app?.close();
});

/** A field note by the author, its visit confirmed by a moderator (the 实地走访 mark). */
async function confirmedNote(title: string, body: string): Promise<{ topicId: number; postId: number; placeName: string }> {
  const place = await makePlace(admin, tree.countyA.id);
  const visit = await author.client.post<{ visit: { id: number } }>('/api/visits', visitBody(campaign, place.id, today()));
  expect(visit.statusCode).toBe(201);
  const { topic, post } = await createTopic(author.client, boardSlug, { kind: 'field_note', title, body, visitId: visit.data.visit.id });
  expect((await mod.client.put(`/api/topics/${topic.id}/visit`, { visitId: visit.data.visit.id })).statusCode).toBe(200);
  return { topicId: topic.id, postId: post.id, placeName: place.name };
}

async function plainNote(title: string, body = `正文${Math.random()}`): Promise<{ topicId: number; postId: number }> {
  const { topic, post } = await createTopic(author.client, boardSlug, { title, body });
  return { topicId: topic.id, postId: post.id };
}

async function getPage(url: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, headers });
}

describe('GET /columns/:slug', () => {
  it('renders the published editions newest first with the outlet, the column, notes, items, the mark and the place, and no script', async () => {
    const column = await insertColumn(app, { name: '走基层', outletName: '《衢州日报》', description: '记者和干部的下乡手记。' });
    const a = await confirmedNote('村口的老井', '井水**清凉**，村民说这是最早的水源。');
    const b = await plainNote('菜场的早晨');
    await insertEdition(app, column.id, [a.postId], { number: 1, title: '春耕', note: '第一期编者按', publishedAt: minutesAgo(60), itemNotes: ['这篇写得扎实'] });
    await insertEdition(app, column.id, [b.postId], { number: 2, title: '早市', note: '第二期编者按', publishedAt: minutesAgo(30) });
    await insertEdition(app, column.id, [b.postId], { number: 3, title: '未发布的草稿期' });
    const res = await getPage(`/columns/${column.slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('《衢州日报》');
    expect(html).toContain('<h1 class="column-name">走基层</h1>');
    expect(html).toContain('记者和干部的下乡手记。');
    // Newest first; the draft nowhere.
    expect(html.indexOf('第2期 · 早市')).toBeGreaterThan(-1);
    expect(html.indexOf('第2期 · 早市')).toBeLessThan(html.indexOf('第1期 · 春耕'));
    expect(html).not.toContain('未发布的草稿期');
    expect(html).toContain('编者按');
    expect(html).toContain('第一期编者按');
    expect(html).toContain('这篇写得扎实');
    // The item: title, author and unit, the mark and the place, the sanitised body, the discussion.
    expect(html).toContain('村口的老井');
    expect(html).toContain(author.user.displayName);
    expect(html).toContain(tree.townshipA.name);
    expect(html).toContain('<span class="mark">实地走访</span>');
    expect(html).toContain(a.placeName);
    expect(html).toContain('<strong>清凉</strong>');
    expect(html).toContain(`href="/t/${a.topicId}"`);
    expect(html).toMatch(/<link rel="stylesheet" href="\/columns\.css\?v=[0-9a-f]{12}">/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).not.toMatch(/script-src|unsafe-inline/);
  });

  it('escapes titles, notes, names and the description as text', async () => {
    const column = await insertColumn(app, { name: '<b>栏目</b>', outletName: '《"报"》', description: '<img src=x onerror=alert(1)>' });
    const p = await plainNote('<script>alert("t")</script>标题');
    await insertEdition(app, column.id, [p.postId], {
      title: '</title><script>x</script>', note: '<iframe src="//evil">', publishedAt: minutesAgo(5), itemNotes: ['"><svg onload=alert(2)>'],
    });
    const html = (await getPage(`/columns/${column.slug}`)).body;
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<iframe|<svg|<img src=x|<b>栏目/);
    expect(html).toContain('&lt;b&gt;栏目&lt;/b&gt;');
    expect(html).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;标题');
    expect(html).toContain('&lt;iframe src=&quot;//evil&quot;&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(2)&gt;');
  });

  it('is 404 for an unknown column and 400 for a malformed or hostile slug', async () => {
    expect((await getPage('/columns/no-such-column-here')).statusCode).toBe(404);
    for (const slug of ['%00', 'a%00b', 'UPPER', 'x'.repeat(60_000), '%E4%B8%AD%E6%96%87', '%ED%A0%80', 'a'.repeat(41)]) {
      const res = await getPage(`/columns/${slug}`);
      expect(res.statusCode, slug.slice(0, 20)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, slug.slice(0, 20)).toBeLessThan(500);
    }
  });

  it('reads a page in two statements whatever its editions and items, and none from the cache', async () => {
    const column = await insertColumn(app);
    for (let n = 1; n <= 3; n += 1) {
      const posts = [await plainNote(`读取${n}a`), await plainNote(`读取${n}b`), await plainNote(`读取${n}c`)];
      await insertEdition(app, column.id, posts.map((p) => p.postId), { number: n, publishedAt: minutesAgo(10 - n) });
    }
    const miss = await statementsOf(app, () => getPage(`/columns/${column.slug}`));
    expect(miss.result.statusCode).toBe(200);
    expect(miss.result.body).toContain('读取3c');
    expect(miss.statements, describeStatements(miss.statements)).toHaveLength(2);
    const hit = await statementsOf(app, () => getPage(`/columns/${column.slug}`));
    expect(hit.result.body).toBe(miss.result.body);
    expect(hit.statements, describeStatements(hit.statements)).toHaveLength(0);
    const edition = await statementsOf(app, () => getPage(`/columns/${column.slug}/editions/2`));
    expect(edition.statements, describeStatements(edition.statements)).toHaveLength(2);
  });

  it('reads a page once for readers who arrive together, each answered with the same page', async () => {
    const column = await insertColumn(app);
    const { postId } = await plainNote('同时到达');
    await insertEdition(app, column.id, [postId], { number: 1, publishedAt: minutesAgo(5) });
    const together = await statementsOf(app, () => Promise.all(Array.from({ length: 8 }, () => getPage(`/columns/${column.slug}`))));
    expect(together.statements, describeStatements(together.statements)).toHaveLength(2);
    expect(together.result.map((r) => r.statusCode)).toEqual(Array<number>(8).fill(200));
    expect(new Set(together.result.map((r) => r.body)).size).toBe(1);
    expect(together.result[0]?.body).toContain('同时到达');
  });

  it('says so when a column has published nothing yet', async () => {
    const column = await insertColumn(app);
    const res = await getPage(`/columns/${column.slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('本专栏还没有发布任何一期。');
  });

  it('speaks English to an English reader and Chinese by default', async () => {
    const column = await insertColumn(app, { name: 'Grassroots' });
    const p = await plainNote('A title');
    await insertEdition(app, column.id, [p.postId], { number: 4, title: 'Spring', note: 'Note', publishedAt: minutesAgo(3) });
    const en = await getPage(`/columns/${column.slug}`, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('No. 4 · Spring');
    expect(en.body).toContain('Editor&#39;s note');
    const zh = await getPage(`/columns/${column.slug}`);
    expect(zh.body).toContain('第4期 · Spring');
    expect(zh.headers.vary).toContain('accept-language');
  });

  it('answers 304 to a current ETag or Last-Modified, and 200 once the page changed', async () => {
    // A writer of its own (no moderation of theirs but the hide below), and rows written a while
    // ago: Last-Modified is sent once its second is over.
    const writer = await memberOf(app, tree.townshipA.id);
    const column = await insertColumn(app);
    const { post } = await createTopic(writer.client, boardSlug, { title: '条件请求' });
    const p = { postId: post.id };
    const edition = await insertEdition(app, column.id, [p.postId], { publishedAt: minutesAgo(10) });
    await app.db.update(mediaColumns).set({ updatedAt: minutesAgo(10) }).where(eq(mediaColumns.id, column.id));
    await app.db.update(editions).set({ updatedAt: minutesAgo(10) }).where(eq(editions.id, edition.id));
    await app.db.update(editionItems).set({ createdAt: minutesAgo(10) }).where(eq(editionItems.editionId, edition.id));
    const first = await getPage(`/columns/${column.slug}`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = String(first.headers.etag);
    const lastModified = String(first.headers['last-modified']);
    expect(etag).toMatch(/^W\/".+"$/);
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);
    expect(Date.now() - Date.parse(lastModified)).toBeGreaterThan(9 * 60_000);
    const byTag = await getPage(`/columns/${column.slug}`, { 'if-none-match': etag });
    expect(byTag.statusCode).toBe(304);
    expect(byTag.body).toBe('');
    expect(byTag.headers.etag).toBe(etag);
    expect((await getPage(`/columns/${column.slug}`, { 'if-modified-since': lastModified })).statusCode).toBe(304);
    expect((await getPage(`/columns/${column.slug}`, { 'if-modified-since': new Date(Date.parse(lastModified) - 1000).toUTCString() })).statusCode).toBe(200);
    // If-None-Match decides when both are sent.
    expect((await getPage(`/columns/${column.slug}`, { 'if-none-match': 'W/"other"', 'if-modified-since': lastModified })).statusCode).toBe(200);
    expect((await getPage(`/columns/${column.slug}`, { 'if-modified-since': 'not a date' })).statusCode).toBe(200);
    // A hide changes the page: the old validators no longer match.
    expect((await mod.client.post(`/api/posts/${p.postId}/hide`, {})).statusCode).toBe(200);
    const after = await getPage(`/columns/${column.slug}`, { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect((await getPage(`/columns/${column.slug}`, { 'if-modified-since': lastModified })).statusCode).toBe(200);
  });

  it('drops a post hidden after publication at once, keeps it out while held, and brings it back on unhide (cache on)', async () => {
    expect(app.readCache.enabled).toBe(true);
    const column = await insertColumn(app);
    const keep = await plainNote('留下的稿件', '留下的正文');
    const secret = await createTopic(author.client, boardSlug, { title: '后来被隐藏的稿件', body: '不应再出现的正文 ![](/uploads/' + 'cd'.repeat(32) + '.jpg)' });
    const edition = await insertEdition(app, column.id, [keep.postId, secret.post.id], { publishedAt: minutesAgo(2) });
    const url = `/columns/${column.slug}`;
    const editionUrl = `/columns/${column.slug}/editions/${edition.number}`;
    expect((await getPage(url)).body).toContain('后来被隐藏的稿件');
    expect((await getPage(editionUrl)).body).toContain('不应再出现的正文');
    // Served from the cache now...
    expect((await getPage(url)).body).toContain('后来被隐藏的稿件');
    expect((await mod.client.post(`/api/posts/${secret.post.id}/hide`, { note: '不实' })).statusCode).toBe(200);
    // ...and stale the moment the hide's event reached the door.
    for (const u of [url, editionUrl]) {
      const html = (await getPage(u)).body;
      expect(html).not.toContain('后来被隐藏的稿件');
      expect(html).not.toContain('不应再出现的正文');
      expect(html).not.toContain('cd'.repeat(32));
      expect(html).not.toContain(`/t/${secret.topic.id}"`);
      expect(html).toContain('留下的稿件');
    }
    expect((await mod.client.post(`/api/posts/${secret.post.id}/unhide`, {})).statusCode).toBe(200);
    expect((await getPage(url)).body).toContain('后来被隐藏的稿件');
  });

  it('leaves out a reply that is hidden and a topic that waits for approval', async () => {
    const column = await insertColumn(app);
    const topic = await plainNote('有回复的主题');
    const reply = await createReply(member.client, topic.topicId, { body: '被隐藏的回复内容' });
    await mod.client.post(`/api/posts/${reply.id}/hide`, {});
    const review = await createBoard(app, { admin });
    expect((await admin.patch(`/api/boards/${review.slug}`, { reviewBeforePublish: true })).statusCode).toBe(200);
    const held = await author.client.post<{ post: { id: number } }>(`/api/boards/${review.slug}/topics`, { title: '待审核的主题', body: '待审核的正文' });
    expect(held.statusCode).toBe(202);
    await insertEdition(app, column.id, [topic.postId, reply.id, held.data.post.id], { publishedAt: minutesAgo(1) });
    const html = (await getPage(`/columns/${column.slug}`)).body;
    expect(html).toContain('有回复的主题');
    expect(html).not.toContain('被隐藏的回复内容');
    expect(html).not.toContain('待审核的主题');
    expect(html).not.toContain('待审核的正文');
  });

  it('keeps a withdrawn item in its place with its copied title and a note that it was withdrawn', async () => {
    const column = await insertColumn(app);
    const first = await plainNote('第一篇');
    const gone = await plainNote('已删除的稿件', '已删除的正文');
    const last = await plainNote('第三篇');
    const edition = await insertEdition(app, column.id, [first.postId, gone.postId, last.postId], { publishedAt: minutesAgo(1) });
    // What the foreign key does when the post's row goes: the item stays, without its post.
    await app.db.update(editionItems).set({ postId: null, topicId: null }).where(eq(editionItems.postId, gone.postId));
    await app.db.update(editions).set({ updatedAt: new Date() }).where(eq(editions.id, edition.id));
    app.readCache.invalidate([`column:${column.id}`]);
    const html = (await getPage(`/columns/${column.slug}/editions/${edition.number}`)).body;
    const at = (s: string) => html.indexOf(s);
    expect(at('第一篇')).toBeGreaterThan(-1);
    expect(at('第一篇')).toBeLessThan(at('已删除的稿件'));
    expect(at('已删除的稿件')).toBeLessThan(at('此稿已撤回。'));
    expect(at('此稿已撤回。')).toBeLessThan(at('第三篇'));
    expect(html).not.toContain('已删除的正文');
  });
});

describe('GET /columns/:slug/editions/:n', () => {
  it('renders one published edition with the edition as its heading', async () => {
    const column = await insertColumn(app, { name: '田间地头' });
    const p = await plainNote('单期页面');
    await insertEdition(app, column.id, [p.postId], { number: 7, title: '第七期标题', publishedAt: minutesAgo(1) });
    const res = await getPage(`/columns/${column.slug}/editions/7`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/<script/i);
    expect(res.body).toContain('<h1 class="edition-title">第7期 · 第七期标题</h1>');
    expect(res.body).toContain('<title>第7期 第七期标题 · 田间地头 · 《衢州日报》</title>');
    expect(res.body).toContain('单期页面');
    expect(res.headers.etag).toBeTruthy();
  });

  it('is 404 for an unknown or unpublished number and 400 for a number that is not one', async () => {
    const column = await insertColumn(app);
    const p = await plainNote('草稿里的稿件');
    await insertEdition(app, column.id, [p.postId], { number: 1, title: '草稿' });
    expect((await getPage(`/columns/${column.slug}/editions/1`)).statusCode).toBe(404);
    expect((await getPage(`/columns/${column.slug}/editions/2`)).statusCode).toBe(404);
    expect((await getPage(`/columns/no-such-column/editions/1`)).statusCode).toBe(404);
    for (const n of ['0', '-1', '1.5', 'abc', '%00', '99999999999999999999999', '100001', '1e400', 'x'.repeat(60_000)]) {
      const res = await getPage(`/columns/${column.slug}/editions/${n}`);
      expect(res.statusCode, n.slice(0, 20)).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'VALIDATION' });
    }
  });
});

describe('GET /columns/:slug/editions/:n/preview', () => {
  it('shows the column\'s editors and admins a draft as the public will see it, under a preview banner', async () => {
    const column = await insertColumn(app, { editorIds: [editor.user.id] });
    const p = await plainNote('预览中的稿件');
    const hidden = await plainNote('预览里被隐藏的稿件', '预览里不应出现的正文');
    await mod.client.post(`/api/posts/${hidden.postId}/hide`, {});
    await insertEdition(app, column.id, [p.postId, hidden.postId], { number: 1, title: '待发草稿', note: '草稿编者按' });
    for (const viewer of [editor.client, admin]) {
      const res = await viewer.get(`/columns/${column.slug}/editions/1/preview`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.body).not.toMatch(/<script/i);
      expect(res.body).toContain('class="preview-banner"');
      expect(res.body).toContain('预览：这是编辑预览，公众尚不能看到这一期。');
      expect(res.body).toContain('草稿，尚未发布');
      expect(res.body).toContain('预览中的稿件');
      expect(res.body).toContain('草稿编者按');
      expect(res.body).toContain('此稿已被隐藏或正在等待审核，公开页面不会显示。');
      expect(res.body).not.toContain('预览里不应出现的正文');
    }
    // The public page still does not have it.
    expect((await getPage(`/columns/${column.slug}/editions/1`)).statusCode).toBe(404);
  });

  it('is 401 anonymous, 403 for other editors and members, 404 for an unknown column or number', async () => {
    const column = await insertColumn(app, { editorIds: [editor.user.id] });
    const p = await plainNote('权限');
    await insertEdition(app, column.id, [p.postId], { number: 1 });
    const url = `/columns/${column.slug}/editions/1/preview`;
    expect((await anonymous().get(url)).statusCode).toBe(401);
    for (const other of [otherEditor, member, mod]) {
      const res = await other.client.get(url);
      expect(res.statusCode).toBe(403);
      expect(res.data).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await editor.client.get(`/columns/${column.slug}/editions/9/preview`)).statusCode).toBe(404);
    expect((await editor.client.get('/columns/no-such-column/editions/1/preview')).statusCode).toBe(404);
    expect((await editor.client.get(`/columns/${column.slug}/editions/%00/preview`)).statusCode).toBe(400);
    expect((await editor.client.get(`/columns/${column.slug}/editions/999999999999/preview`)).statusCode).toBe(400);
  });
});

describe('GET /columns.css', () => {
  it('serves the pages\' stylesheet, immutable under its version, with print rules', async () => {
    const column = await insertColumn(app);
    const html = (await getPage(`/columns/${column.slug}`)).body;
    const href = /href="(\/columns\.css\?v=[0-9a-f]+)"/.exec(html)?.[1] ?? '';
    const res = await getPage(href);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body).toContain('@media print');
    expect((await getPage('/columns.css', { 'if-none-match': String(res.headers.etag) })).statusCode).toBe(304);
  });
});

describe('the column pages after the columns API writes', () => {
  it('shows an edition published through the API on the next read of a cached page and feed, and drops it when unpublished', async () => {
    const created = await editor.client.post<{ column: { slug: string } }>('/api/columns', { slug: `api-${Date.now().toString(36)}`, name: '走基层', outlet: 'newspaper', outletName: '《衢州日报》' });
    expect(created.statusCode).toBe(201);
    const slug = created.data.column.slug;
    const note = await confirmedNote(`接口发布的心得${Date.now()}`, '从村里带回来的**经验**。');
    const edition = await editor.client.post<{ edition: { id: number; number: number } }>(`/api/columns/${slug}/editions`, { title: '第一期' });
    expect(edition.statusCode).toBe(201);
    expect((await editor.client.post(`/api/editions/${edition.data.edition.id}/items`, { postId: note.postId, note: '编辑的话' })).statusCode).toBe(201);
    // Read (and cache) the page and the feed before anything is published.
    const before = await getPage(`/columns/${slug}`);
    const feedBefore = await getPage(`/columns/${slug}/feed.xml`);
    expect(before.body).not.toContain('从村里带回来的');
    expect(feedBefore.body).not.toContain('从村里带回来的');
    expect((await editor.client.post(`/api/editions/${edition.data.edition.id}/publish`, {})).statusCode).toBe(200);
    const after = await getPage(`/columns/${slug}`);
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('从村里带回来的');
    expect(after.body).toContain('编辑的话');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect((await getPage(`/columns/${slug}/feed.xml`)).body).toContain('从村里带回来的');
    expect((await getPage(`/columns/${slug}/editions/${edition.data.edition.number}`)).statusCode).toBe(200);
    // Hidden after publication: out of page and feed at once.
    expect((await mod.client.post(`/api/posts/${note.postId}/hide`, {})).statusCode).toBe(200);
    expect((await getPage(`/columns/${slug}`)).body).not.toContain('从村里带回来的');
    expect((await getPage(`/columns/${slug}/feed.xml`)).body).not.toContain('从村里带回来的');
    expect((await mod.client.post(`/api/posts/${note.postId}/unhide`, {})).statusCode).toBe(200);
    expect((await getPage(`/columns/${slug}`)).body).toContain('从村里带回来的');
    // Unpublished with a reason: the edition leaves the page, the feed and its own address.
    expect((await editor.client.post(`/api/editions/${edition.data.edition.id}/unpublish`, { reason: '需要补充采访' })).statusCode).toBe(200);
    expect((await getPage(`/columns/${slug}`)).body).not.toContain('从村里带回来的');
    expect((await getPage(`/columns/${slug}/feed.xml`)).body).not.toContain('从村里带回来的');
    expect((await getPage(`/columns/${slug}/editions/${edition.data.edition.number}`)).statusCode).toBe(404);
  });
});
