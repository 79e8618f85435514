import { mkdirSync, readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { baseUrl, launchBrowser } from '../helpers/browser';
import { daysAgo, signIn, useSession, type ApiSession } from '../helpers/e2e-session';
import { insertColumn, insertEdition } from '../factories/column.factory';
import { uniqueUsername } from '../factories/user.factory';
import { testConfig, TEST_ADMIN } from '../setup/test-config';

const PASSWORD = 'a-long-enough-password';
const SHOTS = '/tmp/columns-shots';

interface Created {
  topic: { id: number; title: string };
  post: { id: number };
}

/*
 * The award nominations in Chromium. This file starts its own server (the same buildApp, on a
 * fresh embedded database or the PostgreSQL server) because the published editions the
 * candidates come from are written with the column factory, straight into that server's
 * database, as the integration tests do: the columns API is another part of the issue.
 */
describe.skipIf(!baseUrl)('the award nominations in the browser', () => {
  let app: FastifyInstance;
  let base = '';
  let browser: Browser;
  let admin: ApiSession;
  let editor: ApiSession;
  const tag = uniqueUsername('a').slice(-6);
  const confirmedTitle = `走进田间地头${tag}`;
  const plainTitle = `村里的新变化${tag}`;
  const contexts: BrowserContext[] = [];

  async function pageAs(session: ApiSession | null, options: { width?: number; locale?: 'zh-CN' | 'en' } = {}): Promise<{ page: Page; errors: string[] }> {
    const locale = options.locale ?? 'zh-CN';
    const context = await browser.newContext({ baseURL: base, viewport: { width: options.width ?? 1280, height: 900 }, locale, acceptDownloads: true });
    contexts.push(context);
    await context.addInitScript((l) => localStorage.setItem('gr.locale', l), locale);
    if (session) await useSession(context, session, base);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));
    return { page, errors };
  }

  /** The serious and critical axe-core findings on the page, as rule ids and targets. */
  async function axeFindings(page: Page): Promise<string[]> {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(' ')}`);
  }

  async function member(displayName: string, unitId: number, roles: string[] = []): Promise<ApiSession> {
    const username = uniqueUsername('am');
    const s = await signIn('/api/auth/register', { username, password: PASSWORD, displayName, unitId }, base);
    if (roles.length === 0) return s;
    await admin.call('PUT', `/api/users/${s.user.id}/roles`, { roles: ['member', ...roles] });
    return signIn('/api/auth/login', { username, password: PASSWORD }, base);
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await buildApp(testConfig({ REGISTRATION_RATE_LIMIT: '0' }), { logger: false });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    admin = await signIn('/api/auth/login', TEST_ADMIN, base);
    const unitId = (await admin.call<{ unit: { id: number } }>('POST', '/api/units', { name: `评奖测试单位${tag}`, level: 'city' })).unit.id;
    const placeId = (await admin.call<{ place: { id: number } }>('POST', '/api/places', { name: `丰收村${tag}`, kind: 'village', unitId })).place.id;
    editor = await member('李编辑', unitId, ['editor']);
    const cadre = await member('王干部', unitId);
    const campaign = await cadre.call<{ integrity: Array<{ id: string }>; activities: Array<{ id: string }> }>('GET', '/api/campaign');
    const visit = await cadre.call<{ visit: { id: number } }>('POST', '/api/visits', {
      placeId, visitedOn: daysAgo(5), activity: campaign.activities[0]?.id,
      integrity: campaign.integrity.map((item) => ({ item: item.id, confirmed: true })),
    });
    const confirmed = await cadre.call<Created>('POST', '/api/boards/xiaxiang/topics', {
      title: confirmedTitle, body: '和村民一起下地收稻，听他们讲今年的收成。', kind: 'field_note', visitId: visit.visit.id,
    });
    await admin.call('PUT', `/api/topics/${confirmed.topic.id}/visit`, { visitId: visit.visit.id });
    const plain = await cadre.call<Created>('POST', '/api/boards/xiaxiang/topics', { title: plainTitle, body: '村里修了新路。', kind: 'field_note' });
    const paper = await insertColumn(app, { name: '走基层', outletName: '《衢州日报》' });
    const radio = await insertColumn(app, { name: '乡村振兴', outletName: '衢州广电' });
    const yesterday = new Date(Date.now() - 86_400_000);
    // The plain note is in two editions, the confirmed one in one: the confirmed one still comes first.
    await insertEdition(app, paper.id, [plain.post.id, confirmed.post.id], { publishedAt: yesterday, number: 3 });
    await insertEdition(app, radio.id, [plain.post.id], { publishedAt: yesterday });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
  });

  it('an admin opens a round; an editor nominates the confirmed note with a reason, the tally shows 1, and the export downloads a workbook exceljs reads', async () => {
    const roundTitle = `年度华岗奖推荐${tag}`;
    const { page: adminPage, errors: adminErrors } = await pageAs(admin);
    await adminPage.goto('/editor/awards');
    await adminPage.getByRole('heading', { name: '发起评选轮次' }).waitFor();
    await adminPage.getByLabel('轮次名称').fill(roundTitle);
    await adminPage.getByLabel('开始日期').fill(daysAgo(30));
    await adminPage.getByLabel('截止日期').fill(daysAgo(-1));
    await adminPage.getByRole('button', { name: '发起', exact: true }).click();
    await adminPage.getByRole('status').filter({ hasText: `已发起“${roundTitle}”` }).waitFor();
    const link = adminPage.getByRole('link', { name: roundTitle });
    await link.waitFor();
    await adminPage.screenshot({ path: `${SHOTS}/awards-rounds-admin-1280-zh.png`, fullPage: true });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/editor\/awards\/\d+$/);
    expect(await axeFindings(adminPage)).toEqual([]);
    expect(adminErrors).toEqual([]);

    const { page, errors } = await pageAs(editor);
    await page.goto('/editor/awards');
    // Editors do not open or close rounds.
    await page.getByRole('link', { name: roundTitle }).click();
    expect(await page.getByRole('heading', { name: '发起评选轮次' }).count()).toBe(0);
    await page.getByRole('heading', { name: roundTitle, level: 1 }).waitFor();
    const items = page.locator('ol.candidates > li');
    await items.first().waitFor();
    const titles = await page.locator('ol.candidates h3').allTextContents();
    expect(titles.indexOf(confirmedTitle)).toBeGreaterThanOrEqual(0);
    expect(titles.indexOf(confirmedTitle)).toBeLessThan(titles.indexOf(plainTitle));
    const card = items.filter({ has: page.getByRole('heading', { name: confirmedTitle }) });
    await expect(card.getByText('实地走访', { exact: true }).count()).resolves.toBe(1);
    await expect(card.getByText('《衢州日报》走基层 第3期').count()).resolves.toBe(1);
    const plainCard = items.filter({ has: page.getByRole('heading', { name: plainTitle }) });
    expect(await plainCard.locator('ul.editions li').count()).toBe(2);
    await page.screenshot({ path: `${SHOTS}/awards-round-editor-1280-zh.png`, fullPage: true });

    await card.getByRole('button', { name: '提名' }).click();
    const dialog = page.locator('gr-nominate-dialog dialog');
    await dialog.waitFor();
    await expect(page.getByLabel('提名理由').evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).resolves.toBe(true);
    await dialog.getByRole('button', { name: '提交提名' }).click();
    await dialog.getByText('请填写提名理由。').waitFor();
    await page.screenshot({ path: `${SHOTS}/awards-dialog-error-1280-zh.png` });
    await page.getByLabel('提名理由').fill('深入田间地头，写出了群众的收获与期盼。');
    await dialog.getByRole('button', { name: '提交提名' }).click();
    await card.locator('.tally').filter({ hasText: '提名 1' }).waitFor();
    await card.getByText('深入田间地头，写出了群众的收获与期盼。').waitFor();
    await card.getByRole('button', { name: '撤回我的提名' }).waitFor();
    await page.getByRole('status').filter({ hasText: `已提名“${confirmedTitle}”` }).waitFor();
    await page.screenshot({ path: `${SHOTS}/awards-round-nominated-1280-zh.png`, fullPage: true });
    expect(await axeFindings(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出提名汇总表（XLSX）' }).click()]);
    expect(download.suggestedFilename()).toBe(`${roundTitle}-提名汇总.xlsx`);
    const file = await download.path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet?.getRow(1).getCell(1).value).toBe('序号');
    expect(sheet?.getRow(1).getCell(8).value).toBe('采用情况');
    expect(sheet?.rowCount).toBe(2);
    expect(sheet?.getRow(2).getCell(2).value).toBe(confirmedTitle);
    expect(sheet?.getRow(2).getCell(10).value).toBe(1);
    expect(errors).toEqual([]);
  });

  it('reads at 390 px and in English, and works from the keyboard: nominate, Escape, withdraw', async () => {
    const roundTitle = `Keyboard round ${tag}`;
    await admin.call('POST', '/api/nomination-rounds', { title: roundTitle, periodStart: daysAgo(30), periodEnd: daysAgo(-1) });
    const { page: narrowAdmin } = await pageAs(admin, { width: 390 });
    await narrowAdmin.goto('/editor/awards');
    await narrowAdmin.getByRole('link', { name: roundTitle }).waitFor();
    await narrowAdmin.screenshot({ path: `${SHOTS}/awards-rounds-admin-390-zh.png`, fullPage: true });
    const { page: enAdmin } = await pageAs(admin, { locale: 'en' });
    await enAdmin.goto('/editor/awards');
    await enAdmin.getByRole('heading', { name: 'Open a nomination round' }).waitFor();
    await enAdmin.screenshot({ path: `${SHOTS}/awards-rounds-admin-1280-en.png`, fullPage: true });

    const { page, errors } = await pageAs(editor, { width: 390, locale: 'en' });
    await page.goto('/editor/awards');
    await page.getByRole('link', { name: roundTitle }).click();
    await page.getByRole('heading', { name: roundTitle, level: 1 }).waitFor();
    const card = page.locator('ol.candidates > li').filter({ has: page.getByRole('heading', { name: confirmedTitle }) });
    await card.getByText('Field visit', { exact: true }).waitFor();
    // No sideways scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/awards-round-editor-390-en.png`, fullPage: true });

    const nominate = card.getByRole('button', { name: 'Nominate' });
    await nominate.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('gr-nominate-dialog dialog');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect(nominate.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.type('Grounded reporting from the fields.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await card.locator('.tally').filter({ hasText: 'Nominations: 1' }).waitFor();
    const withdraw = card.getByRole('button', { name: 'Withdraw my nomination' });
    await expect(withdraw.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).resolves.toBe(true);
    await page.screenshot({ path: `${SHOTS}/awards-round-nominated-390-en.png`, fullPage: true });
    await page.keyboard.press('Enter');
    await card.locator('.tally').filter({ hasText: 'Nominations: 0' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'is withdrawn' }).waitFor();
    expect(errors).toEqual([]);

    // The admin closes the round from the list; the round page says its tally is final.
    enAdmin.once('dialog', (d) => void d.accept());
    const row = enAdmin.locator('ul.list > li').filter({ hasText: roundTitle });
    await row.getByRole('button', { name: 'Close the round' }).click();
    await row.getByText('Closed', { exact: true }).waitFor();
    await page.reload();
    await page.getByText('This round is closed; its tally is final.').waitFor();
    expect(await card.getByRole('button', { name: 'Nominate' }).count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/awards-round-closed-390-en.png`, fullPage: true });
  });
});
