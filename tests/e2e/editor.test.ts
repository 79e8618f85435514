import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, newPage } from '../helpers/browser';
import { daysAgo, signIn, useSession, type ApiSession } from '../helpers/e2e-session';
import { uniqueUsername } from '../factories/user.factory';
import { TEST_ADMIN } from '../setup/test-config';

const PASSWORD = 'a-long-enough-password';
/** Where the walk leaves its screenshots for a person to look at. */
const SHOTS = '/tmp/columns-shots';

interface Created {
  topic: { id: number; title: string };
  post: { id: number };
}
interface EditionAnswer {
  edition: { id: number; number: number; state: string };
  items: { id: number; postId: number | null; note: string }[];
}

describe.skipIf(!baseUrl)('the editors\' desk and the edition builder in the browser', () => {
  let browser: Browser;
  let admin: ApiSession;
  let editor: ApiSession;
  let cadre: ApiSession;
  let unitId = 0;
  let placeId = 0;
  let columnSlug = '';
  let editionId = 0;
  let noteA: Created;
  let noteB: Created;
  const tag = uniqueUsername('d').slice(-6);
  const placeName = `走基层村${tag}`;
  const columnName = `走基层${tag}`;
  const contexts: BrowserContext[] = [];

  async function pageAs(session: ApiSession | null, width = 1280, locale = 'zh-CN'): Promise<{ page: Page; errors: string[] }> {
    const { context, page, errors } = await newPage(browser, { width, locale });
    contexts.push(context);
    if (session) await useSession(context, session);
    return { page, errors };
  }

  async function member(displayName: string): Promise<ApiSession> {
    return signIn('/api/auth/register', { username: uniqueUsername('dm'), password: PASSWORD, displayName, unitId });
  }

  /** A field note by the cadre whose visit the admin confirmed. */
  async function confirmedNote(title: string, body: string): Promise<Created> {
    const campaign = await cadre.call<{ integrity: Array<{ id: string }>; activities: Array<{ id: string }> }>('GET', '/api/campaign');
    const visit = await cadre.call<{ visit: { id: number } }>('POST', '/api/visits', {
      placeId, visitedOn: daysAgo(2), activity: campaign.activities[0]?.id,
      integrity: campaign.integrity.map((item) => ({ item: item.id, confirmed: true })),
    });
    const created = await cadre.call<Created>('POST', '/api/boards/xiaxiang/topics', { title, body, kind: 'field_note', visitId: visit.visit.id });
    await admin.call('PUT', `/api/topics/${created.topic.id}/visit`, { visitId: visit.visit.id });
    return created;
  }

  const itemOrder = async () => (await editor.call<EditionAnswer>('GET', `/api/editions/${editionId}`)).items.map((i) => i.postId);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser();
    admin = await signIn('/api/auth/login', TEST_ADMIN);
    unitId = (await admin.call<{ unit: { id: number } }>('POST', '/api/units', { name: `专栏测试单位${tag}`, level: 'city' })).unit.id;
    placeId = (await admin.call<{ place: { id: number } }>('POST', '/api/places', { name: placeName, kind: 'village', unitId })).place.id;
    const ed = await member('编辑小周');
    await admin.call('PUT', `/api/users/${ed.user.id}/roles`, { roles: ['member', 'editor'] });
    editor = await signIn('/api/auth/login', { username: ed.user.username, password: PASSWORD });
    cadre = await member('孙干部');
    noteA = await confirmedNote(`稻田里的党课${tag}`, `我们在田埂上给村民讲政策，大家边收稻谷边提问${tag}。`);
    noteB = await confirmedNote(`山村夜校${tag}`, `夜校里坐满了来学电商的年轻人${tag}。`);
    columnSlug = `zjc-${tag}`;
    await editor.call('POST', '/api/columns', { slug: columnSlug, name: columnName, outlet: 'newspaper', outletName: '《衢州日报》' });
    editionId = (await editor.call<EditionAnswer>('POST', `/api/columns/${columnSlug}/editions`, { title: `秋收时节${tag}` })).edition.id;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('the editor finds confirmed field notes on the desk, adds them in one step, writes a note, reorders by keyboard and by dragging, previews and publishes; the public column and the author\'s bell show it', async () => {
    const { page, errors } = await pageAs(editor);
    await page.goto(`/editor?q=${encodeURIComponent(tag)}`);
    const cardA = page.locator('gr-editor-page ul.material > li', { hasText: noteA.topic.title });
    await cardA.waitFor();
    await cardA.getByText('实地走访', { exact: true }).waitFor();
    await cardA.getByText(`地点：${placeName}`, { exact: false }).waitFor();
    // Confirmed field work first.
    expect(await page.locator('gr-editor-page ul.material > li h3').allTextContents()).toEqual([noteB.topic.title, noteA.topic.title]);
    await expect.poll(() => page.getByLabel('加入到').inputValue()).toBe(String(editionId));
    await cardA.getByRole('button', { name: '加入本期' }).click();
    await cardA.getByText(/已加入 《衢州日报》「.*」第1期/).waitFor();
    await expect.poll(() => cardA.getByRole('button', { name: '已在本期' }).isDisabled()).toBe(true);
    const cardB = page.locator('gr-editor-page ul.material > li', { hasText: noteB.topic.title });
    await cardB.getByRole('button', { name: '加入本期' }).click();
    await cardB.getByText(/已加入/).waitFor();
    // A reload shows where each was used.
    await page.reload();
    await page.locator('gr-editor-page ul.material > li', { hasText: noteA.topic.title }).getByText(`已用于 《衢州日报》「${columnName}」第1期`).waitFor();
    expect(await itemOrder()).toEqual([noteA.post.id, noteB.post.id]);

    // The place filter is found by name (the place picker), kept in the URL, and named again on reload.
    const placePicker = page.locator('gr-editor-page gr-place-picker');
    await placePicker.locator('input[type="search"]').fill(placeName);
    await placePicker.locator('ul.results button', { hasText: placeName }).first().click();
    await page.waitForURL(/[?&]place=\d+/);
    await page.locator('gr-editor-page ul.material > li', { hasText: noteA.topic.title }).waitFor();
    await page.reload();
    await placePicker.getByText(placeName, { exact: true }).waitFor();

    await page.goto(`/editor/editions/${editionId}`);
    const builder = page.locator('gr-edition-builder');
    const itemA = builder.locator(`li[data-item]`, { hasText: noteA.topic.title });
    await itemA.waitFor();
    await itemA.getByRole('textbox').fill('田间地头的政策课，群众听得懂、用得上。');
    await itemA.getByRole('button', { name: '保存点评' }).click();
    await builder.getByText(`“${noteA.topic.title}”的点评已保存。`).waitFor();

    // Keyboard: focus the second item and move it up with Alt+↑; the live region says where it went.
    const itemB = builder.locator(`li[data-item]`, { hasText: noteB.topic.title });
    await itemB.focus();
    await page.keyboard.press('Alt+ArrowUp');
    await builder.getByText(`“${noteB.topic.title}”已移到第 1 位，共 2 篇。`).waitFor();
    await expect.poll(itemOrder).toEqual([noteB.post.id, noteA.post.id]);
    expect(await itemB.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    // The buttons too.
    await itemB.getByRole('button', { name: '下移' }).click();
    await expect.poll(itemOrder).toEqual([noteA.post.id, noteB.post.id]);
    // Drag and drop: B onto A's place.
    await itemB.dragTo(itemA);
    await expect.poll(itemOrder).toEqual([noteB.post.id, noteA.post.id]);
    await page.screenshot({ path: `${SHOTS}/desk-builder-1280-zh.png`, fullPage: true });

    const preview = builder.getByRole('link', { name: '预览（按读者所见）' });
    expect(await preview.getAttribute('href')).toBe(`/columns/${columnSlug}/editions/1/preview`);
    // The preview is the public page's renderer over the draft, under a banner: the items in
    // the order just set, with the note; readers can't open it.
    const { page: previewPage } = await pageAs(editor);
    await previewPage.goto(`/columns/${columnSlug}/editions/1/preview`);
    await previewPage.getByText('预览：这是编辑预览，公众尚不能看到这一期。').waitFor();
    expect(await previewPage.locator('.item-title').allTextContents()).toEqual([noteB.topic.title, noteA.topic.title]);
    await previewPage.getByText('田间地头的政策课，群众听得懂、用得上。').waitFor();
    expect((await fetch(`${baseUrl}/columns/${columnSlug}/editions/1/preview`)).status).toBe(401);

    await builder.getByRole('button', { name: '立即发布' }).click();
    await builder.getByText('已发布，作者们会收到通知。').waitFor();
    await builder.locator('.state', { hasText: '已发布' }).waitFor();
    await builder.locator('ol.log li', { hasText: '发布' }).waitFor();
    // Published, the items are read only (the server refuses changes until it is unpublished).
    await builder.getByText('这一期已经发布，稿件和顺序不能再改；要修改，请先“撤回发布”。').waitFor();
    expect(await builder.getByRole('button', { name: '上移' }).count()).toBe(0);
    expect(await builder.getByRole('button', { name: '移出本期' }).count()).toBe(0);
    await builder.getByText('编辑点评：田间地头的政策课，群众听得懂、用得上。').waitFor();
    expect(errors).toEqual([]);

    // Unpublishing asks for a reason (refused blank), logs it, and the edition is a draft again; then it goes out again.
    await builder.getByRole('button', { name: '撤回发布' }).click();
    const dialog = builder.getByRole('dialog', { name: '撤回为草稿' });
    await dialog.getByRole('button', { name: '撤回' }).click();
    await dialog.getByText('请说明撤回的原因。').waitFor();
    await dialog.getByLabel('原因（记入期次日志）').fill('标题有错字，改后再发。');
    await dialog.getByRole('button', { name: '撤回' }).click();
    await builder.getByText('已撤回为草稿。').waitFor();
    await builder.locator('ol.log li', { hasText: '标题有错字，改后再发。' }).waitFor();
    expect(await dialog.isVisible()).toBe(false);
    await builder.getByRole('button', { name: '立即发布' }).click();
    await builder.getByText('已发布，作者们会收到通知。').waitFor();
    expect(errors).toEqual([]);

    // The public column lists the edition, in the JSON answer and on its page for a reader
    // who is not signed in (server-rendered, without a script).
    const anonymous = await fetch(`${baseUrl}/api/columns/${columnSlug}`);
    const publicColumn = (await anonymous.json()) as { editions: { number: number; state: string }[] };
    expect(publicColumn.editions.map((e) => [e.number, e.state])).toEqual([[1, 'published']]);
    const { page: reader } = await pageAs(null, 390);
    await reader.goto(`/columns/${columnSlug}`);
    await reader.getByRole('heading', { name: new RegExp(columnName) }).first().waitFor();
    expect(await reader.locator('.item-title').allTextContents()).toEqual([noteB.topic.title, noteA.topic.title]);
    expect(await reader.locator('script').count()).toBe(0);

    // The author's bell, and the topic's and profile's credit.
    const { page: authorPage } = await pageAs(cadre);
    await authorPage.goto('/');
    await authorPage.locator('gr-notification-bell button.bell').click();
    const notice = authorPage.locator('gr-notification-bell li.unread', { hasText: `你的下乡心得被《衢州日报》「${columnName}」专栏第1期采用` }).first();
    await notice.waitFor();
    expect(await notice.locator('a').first().getAttribute('href')).toBe(`/columns/${columnSlug}/editions/1`);
    await authorPage.goto(`/t/${noteA.topic.id}`);
    const credit = authorPage.locator('gr-used-in').getByRole('link', { name: `被《衢州日报》「${columnName}」第1期采用` });
    await credit.waitFor();
    expect(await credit.getAttribute('href')).toBe(`/columns/${columnSlug}/editions/1`);
    await authorPage.goto(`/u/${cadre.user.username}`);
    await authorPage.locator('gr-used-in').getByRole('heading', { name: '用稿' }).waitFor();
    await authorPage.locator('gr-used-in').getByRole('link', { name: new RegExp(`「${columnName}」第1期`) }).waitFor();
  });

  it('keeps the desk, the builder and the credit within a phone\'s width, in Chinese and English', async () => {
    for (const [width, locale] of [[1280, 'en'], [390, 'zh-CN'], [390, 'en']] as const) {
      const { page, errors } = await pageAs(editor, width, locale);
      await page.addInitScript((l) => localStorage.setItem('gr.locale', l), locale);
      const suffix = `${width}-${locale === 'en' ? 'en' : 'zh'}`;
      for (const [name, path, ready] of [
        ['desk', `/editor?q=${encodeURIComponent(tag)}`, 'gr-editor-page ul.material > li'],
        ['builder', `/editor/editions/${editionId}`, 'gr-edition-builder li[data-item]'],
        ['columns', `/editor/columns/${columnSlug}`, 'gr-column-editor-page ul.list li'],
        ['topic', `/t/${noteA.topic.id}`, 'gr-used-in a'],
        ['profile', `/u/${cadre.user.username}`, 'gr-used-in li'],
      ] as const) {
        await page.goto(path);
        await page.locator(ready).first().waitFor();
        await page.screenshot({ path: `${SHOTS}/desk-${name}-${suffix}.png`, fullPage: true });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${name} at ${suffix}`).toBeLessThanOrEqual(0);
      }
      expect(errors).toEqual([]);
    }
  });
});
