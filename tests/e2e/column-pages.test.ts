import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { editionItems } from '../../server/db/schema';
import { baseUrl, launchBrowser } from '../helpers/browser';
import { insertColumn, insertEdition } from '../factories/column.factory';
import { uniqueUsername } from '../factories/user.factory';
import { TEST_ADMIN, testConfig } from '../setup/test-config';

/*
 * The column pages in Chromium. The pages are read-only and the columns API is another
 * part of issue 12, so this file runs a server of its own (the same buildApp, listening on a
 * free port) and writes the column and its editions with the read side's factory; the posts,
 * the photo, the visit and its confirmation go through the API as in production.
 */

const SHOTS = '/tmp/columns-shots';
const PASSWORD = 'a-long-enough-password';

interface Session { cookie: string; csrf: string; user: { id: number; username: string; displayName: string } }

describe.skipIf(!baseUrl)('the column pages in the browser', () => {
  let app: FastifyInstance;
  let url = '';
  let browser: Browser;
  let dataDir = '';
  let slug = '';
  let editor: Session;
  const contexts: BrowserContext[] = [];

  async function call<T>(session: Session | null, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  async function signIn(path: '/api/auth/login' | '/api/auth/register', body: unknown): Promise<Session> {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    const answer = (await res.json()) as { user: Session['user']; csrfToken: string };
    return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: answer.csrfToken, user: answer.user };
  }

  async function pageAt(width: number, options: { javaScript?: boolean; locale?: string; session?: Session } = {}): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({
      baseURL: url,
      viewport: { width, height: 800 },
      locale: options.locale ?? 'zh-CN',
      javaScriptEnabled: options.javaScript ?? false,
    });
    contexts.push(context);
    if (options.session) {
      const [name = '', value = ''] = options.session.cookie.split('=');
      await context.addCookies([{ name, value, url }]);
    }
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('response', (res) => {
      if (res.status() >= 400 && !res.url().includes('/preview') && !/\/editions\/\d+$/.test(res.url())) errors.push(`${res.status()} ${res.url()}`);
    });
    return { page, errors };
  }

  beforeAll(async () => {
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    const config = testConfig({ REGISTRATION_RATE_LIMIT: '0', POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' });
    dataDir = config.dataDir;
    app = await buildApp(config, { logger: false });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    const admin = await signIn('/api/auth/login', TEST_ADMIN);
    const tag = uniqueUsername('c').slice(-6);
    const unit = await call<{ unit: { id: number } }>(admin, 'POST', '/api/units', { name: `柯城区石室乡${tag}`, level: 'city' });
    const place = await call<{ place: { id: number } }>(admin, 'POST', '/api/places', { name: `石室村${tag}`, kind: 'village', unitId: unit.unit.id });
    const cadre = await signIn('/api/auth/register', { username: uniqueUsername('cw'), password: PASSWORD, displayName: '王建国', unitId: unit.unit.id });
    editor = await signIn('/api/auth/register', { username: uniqueUsername('ce'), password: PASSWORD, displayName: '李编辑' });
    await call(admin, 'PUT', `/api/users/${editor.user.id}/roles`, { roles: ['member', 'editor'] });
    editor = await signIn('/api/auth/login', { username: editor.user.username, password: PASSWORD });
    const campaign = await call<{ integrity: { id: string }[]; activities: { id: string }[] }>(cadre, 'GET', '/api/campaign');
    const visitedOn = new Date(Date.now() + 8 * 3_600_000 - 3 * 86_400_000).toISOString().slice(0, 10);
    const visit = await call<{ visit: { id: number } }>(cadre, 'POST', '/api/visits', {
      placeId: place.place.id, visitedOn, activity: campaign.activities[0]?.id,
      integrity: campaign.integrity.map((item) => ({ item: item.id, confirmed: true })),
    });
    const jpeg = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#5d8a3a' } }).jpeg().toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'field.jpg');
    const uploaded = await fetch(`${url}/api/uploads`, { method: 'POST', headers: { cookie: cadre.cookie, 'x-csrf-token': cadre.csrf }, body: form });
    const { upload } = (await uploaded.json()) as { upload: { url: string } };
    const note = await call<{ topic: { id: number }; post: { id: number } }>(cadre, 'POST', '/api/boards/xiaxiang/topics', {
      title: '石室村的“共富工坊”：一位返乡青年和他的三十台缝纫机',
      body: `走进石室村，村委会旁的老礼堂里传来缝纫机的声音。返乡青年小周把礼堂改成了工坊，带着村里的三十多位妇女接单做童装。\n\n![工坊里的缝纫机](${upload.url})\n\n“在家门口就能挣钱，还能照顾老人孩子。”一位大姐这样说。一个很长的英文单词也不该撑破页面：Supercalifragilisticexpialidocious-and-then-some-more-characters-without-breaks。`,
      kind: 'field_note', visitId: visit.visit.id,
    });
    await call(admin, 'PUT', `/api/topics/${note.topic.id}/visit`, { visitId: visit.visit.id });
    const second = await call<{ post: { id: number } }>(cadre, 'POST', '/api/boards/xiaxiang/topics', {
      title: '清晨的菜场', body: '五点半，菜农们已经把刚摘的青菜摆上了摊。\n\n| 品种 | 价格 | 产地 | 备注 |\n|---|---|---|---|\n| 青菜 | 2元/斤 | 石室村 | 当天采摘，没有打农药 |\n| 萝卜 | 1.5元/斤 | 九华乡 | 个头大 |',
    });
    const third = await call<{ post: { id: number } }>(cadre, 'POST', '/api/boards/xiaxiang/topics', { title: '已撤下的稿件', body: '撤下' });
    const column = await insertColumn(app, { name: '走基层', outletName: '《衢州日报》', description: '记者和机关干部深入村社，写下的所见所闻。', editorIds: [editor.user.id] });
    slug = column.slug;
    await insertEdition(app, column.id, [second.post.id], { number: 2, title: '早市', note: '菜场是城市的胃。', publishedAt: new Date(Date.now() - 7 * 86_400_000) });
    await insertEdition(app, column.id, [note.post.id, third.post.id], {
      number: 3, title: '共富路上', note: '本期刊发两篇来自一线的手记。\n\n感谢各位作者。', publishedAt: new Date(Date.now() - 3_600_000),
      itemNotes: ['作者三次走访石室村，写下了工坊从无到有的过程。', ''],
    });
    // The third post's row is gone: its item stays, withdrawn (what ON DELETE SET NULL leaves).
    await app.db.update(editionItems).set({ postId: null, topicId: null }).where(eq(editionItems.postId, third.post.id));
    await insertEdition(app, column.id, [second.post.id], { number: 4, title: '下一期（草稿）' });
    app.readCache.invalidate([`column:${column.id}`]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads at 360 px without JavaScript: no horizontal scroll, the mark, the place, the photo, the withdrawn item', async () => {
    const { page, errors } = await pageAt(360);
    const response = await page.goto(`/columns/${slug}`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('.outlet').textContent()).toBe('《衢州日报》');
    expect(await page.locator('h1.column-name').textContent()).toBe('走基层');
    expect(await page.locator('.mark').first().textContent()).toBe('实地走访');
    expect(await page.locator('.item-withdrawn .withdrawn').textContent()).toBe('此稿已撤回。');
    const titles = await page.locator('.edition-title').allTextContents();
    expect(titles).toEqual(['第3期 · 共富路上', '第2期 · 早市']);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    const photo = page.locator('.body img').first();
    await photo.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const img = document.querySelector('.body img');
      return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;
    });
    const box = await photo.boundingBox();
    expect(box?.width ?? 0).toBeLessThanOrEqual(360);
    expect(await page.locator('script').count()).toBe(0);
    // The stylesheet applied (no CSP refusal): the mark has its border.
    expect(await page.locator('.mark').first().evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe('solid');
    expect(errors).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/column-360.png`, fullPage: true });
  });

  it('reads at 1280 px, one edition\'s page too, and in English for an English reader', async () => {
    const { page, errors } = await pageAt(1280);
    await page.goto(`/columns/${slug}`);
    await page.screenshot({ path: `${SHOTS}/column-1280.png`, fullPage: true });
    await page.click('text=第2期 · 早市');
    await page.waitForURL(`**/columns/${slug}/editions/2`);
    expect(await page.locator('h1.edition-title').textContent()).toBe('第2期 · 早市');
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await page.screenshot({ path: `${SHOTS}/edition-2-1280.png`, fullPage: true });
    expect(errors).toEqual([]);
    const english = await pageAt(360, { locale: 'en-GB' });
    await english.page.goto(`/columns/${slug}/editions/3`);
    expect(await english.page.locator('html').getAttribute('lang')).toBe('en');
    expect(await english.page.locator('.mark').first().textContent()).toBe('Field visit');
    await english.page.screenshot({ path: `${SHOTS}/edition-3-360-en.png`, fullPage: true });
  });

  it('serves the feed the page links to, as Atom the browser reads as XML', async () => {
    const { page } = await pageAt(1280);
    await page.goto(`/columns/${slug}`);
    const href = await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href');
    expect(href).toBe(`/columns/${slug}/feed.xml`);
    const response = await page.goto(href ?? '');
    expect(response?.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
    const xml = (await response?.text()) ?? '';
    writeFileSync(`${SHOTS}/feed.xml`, xml);
    expect(xml).toContain('xml:lang="zh-CN"');
    expect(xml).toContain('第3期 · 共富路上');
    expect(xml).not.toContain('下一期（草稿）');
    await page.screenshot({ path: `${SHOTS}/feed-1280.png` });
  });

  it('prints one edition to a sheet without the navigation, links not spelled out', async () => {
    const { page } = await pageAt(1280);
    await page.goto(`/columns/${slug}`);
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['nav.chrome', 'footer.chrome', '.discuss']) {
      const shown = await page.locator(selector).evaluateAll((els) => els.filter((el) => getComputedStyle(el).display !== 'none').length);
      expect(shown, selector).toBe(0);
    }
    const breaks = await page.locator('.edition').evaluateAll((els) => els.map((el) => getComputedStyle(el).breakAfter));
    expect(breaks).toEqual(['page', 'auto']);
    const after = await page.locator('.item-title a').first().evaluate((el) => getComputedStyle(el, '::after').content);
    expect(['none', 'normal', '']).toContain(after);
    await page.screenshot({ path: `${SHOTS}/column-print.png`, fullPage: true });
    // The printed sheets: two editions, and Chromium's PDF has a page break between them.
    const pdf = await page.pdf({ format: 'A4', path: `${SHOTS}/column-print.pdf` });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(2);
  });

  it('shows the column\'s editor the draft under a preview banner', async () => {
    const { page } = await pageAt(360, { session: editor });
    const response = await page.goto(`/columns/${slug}/editions/4/preview`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('.preview-banner').textContent()).toContain('预览');
    expect(await page.locator('.edition-date').textContent()).toBe('草稿，尚未发布');
    await page.screenshot({ path: `${SHOTS}/preview-360.png`, fullPage: true });
    const anonymous = await pageAt(360);
    expect((await anonymous.page.goto(`/columns/${slug}/editions/4/preview`))?.status()).toBe(401);
    expect((await anonymous.page.goto(`/columns/${slug}/editions/4`))?.status()).toBe(404);
  });
});
