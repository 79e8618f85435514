import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, newPage } from '../helpers/browser';
import { signInAdmin, useSession, type ApiSession } from '../helpers/e2e-session';
import { readWebBundle, type WebBundle } from '../helpers/web-bundle';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** What a page logged as errors, less the expected 401 of an anonymous reader's session check (/api/me). */
function unexpected(errors: string[]): string[] {
  return errors.filter((e) => !/Failed to load resource: .* 401/.test(e));
}

/** The element that has focus, looked for through the shadow roots: "H1 <its text>". */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let element: Element | null = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return `${element?.tagName ?? ''} ${element?.textContent?.trim() ?? ''}`;
  });
}

describe.skipIf(!baseUrl)('pages whose code loads when they are entered (web/routes.ts, gr-app)', () => {
  let browser: Browser;
  let bundle: WebBundle;
  let admin: ApiSession;
  const contexts: BrowserContext[] = [];

  /** A fresh page that records which files of dist/web/assets it asked for. */
  async function open(session: ApiSession | null = null, width = 1280): Promise<{ page: Page; errors: string[]; fetched: string[] }> {
    const { context, page, errors } = await newPage(browser, { width });
    contexts.push(context);
    if (session) await useSession(context, session);
    const fetched: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/assets/')) fetched.push(pathname.slice(1));
    });
    return { page, errors, fetched };
  }

  /** The chunk file of a page area or a language's messages, by its source. */
  function chunk(source: string): string {
    const file = bundle.manifest[source]?.file;
    if (!file) throw new Error(`${source} has no chunk`);
    return file;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    // e2e.global.ts built dist/web before the server started.
    bundle = readWebBundle(ROOT);
    admin = await signInAdmin();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('opens a deep link to a page of an area on first load, then enters another area by a link, its code fetched only then, focus on its heading', async () => {
    const { page, errors, fetched } = await open();
    await page.goto('/featured');
    await page.getByRole('heading', { level: 1, name: '最美衢州人' }).waitFor();
    expect(await page.title()).toBe('最美衢州人 · 基层 Grassroots');
    expect(fetched).toContain(chunk('web/components/featured/featured-pages.ts'));
    expect(fetched).toContain(chunk('web/i18n/zh-CN.ts'));
    // Neither the forum's code nor the other language came with the first page.
    expect(fetched).not.toContain(chunk('web/components/forum/forum-pages.ts'));
    expect(fetched).not.toContain(chunk('web/i18n/en.ts'));

    await page.getByRole('navigation').getByRole('link', { name: '讨论版块' }).click();
    await page.getByRole('heading', { level: 1, name: '走基层、转作风、改文风' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(fetched).toContain(chunk('web/components/forum/forum-pages.ts'));
    await expect.poll(() => focused(page)).toBe('H1 走基层、转作风、改文风');
    expect(await page.title()).toBe('首页 · 基层 Grassroots');

    // Back to the area already loaded: no new request for its code, the page at once.
    const before = fetched.length;
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: '最美衢州人' }).waitFor();
    expect(fetched.slice(before).filter((f) => f.endsWith('.js'))).toEqual([]);
    expect(unexpected(errors)).toEqual([]);
  });

  it('keeps the access guard: a signed-out deep link to the desk asks to sign in (the desk never shows), an editor\'s deep link opens the desk', async () => {
    const anonymous = await open();
    await anonymous.page.goto('/editor');
    await anonymous.page.getByRole('heading', { level: 1, name: '请先登录' }).waitFor();
    // The desk's code was fetched early, beside the session check (the page entered is
    // preloaded whoever asks; the code is public), but the guard decides what shows.
    await anonymous.page.waitForLoadState('networkidle');
    expect(await anonymous.page.getByRole('heading', { level: 1, name: '选稿工作台' }).count()).toBe(0);
    expect(await anonymous.page.title()).toBe('编辑工作台 · 基层 Grassroots');

    const editor = await open(admin);
    await editor.page.goto('/editor');
    await editor.page.getByRole('heading', { level: 1, name: '选稿工作台' }).waitFor();
    expect(editor.fetched).toContain(chunk('web/components/columns/columns-pages.ts'));
    expect(editor.errors).toEqual([]);
  });

  it('says in the reader\'s language that a page\'s code did not load, offers to try again, and shows the page when that works', async () => {
    const { page, errors } = await open(null, 390);
    const forumChunk = `**/${chunk('web/components/forum/forum-pages.ts')}`;
    await page.route(forumChunk, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'gone after a deploy' }));
    await page.goto('/');
    const alert = page.getByRole('alert').filter({ hasText: '这一页的程序没能加载' });
    await alert.waitFor();
    await page.getByRole('heading', { level: 1, name: '首页' }).waitFor();
    expect(await page.title()).toBe('首页 · 基层 Grassroots');
    // The shell still works: the header and its links are there.
    await page.getByRole('navigation').getByRole('link', { name: '讨论版块' }).waitFor();

    await page.unroute(forumChunk);
    await alert.getByRole('button', { name: '重试' }).click();
    await page.getByRole('heading', { level: 1, name: '走基层、转作风、改文风' }).waitFor();
    expect(await alert.count()).toBe(0);
    await expect.poll(() => focused(page)).toBe('H1 走基层、转作风、改文风');
    // What failed was logged by the browser (the 404); nothing else went wrong.
    expect(unexpected(errors).filter((e) => !/404|Failed to (load|fetch)|dynamically imported module/i.test(e))).toEqual([]);
  });

  it('shows the same error after a navigation to a page whose code fails, in English for an English reader', async () => {
    const { page } = await open();
    await page.addInitScript(() => localStorage.setItem('gr.locale', 'en'));
    const featuredChunk = `**/${chunk('web/components/featured/featured-pages.ts')}`;
    await page.route(featuredChunk, (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Go to the grassroots, change our style of work and writing' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Featured' }).click();
    await page.getByRole('alert').filter({ hasText: 'The code of this page could not be loaded' }).waitFor();
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/featured');
  });

  it('switches the language without reloading the page, loading the other language\'s messages only when asked', async () => {
    const { page, errors, fetched } = await open();
    await page.goto('/featured');
    await page.getByRole('heading', { level: 1, name: '最美衢州人' }).waitFor();
    expect(fetched).not.toContain(chunk('web/i18n/en.ts'));
    await page.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Featured: the finest of Quzhou' }).waitFor();
    expect(fetched).toContain(chunk('web/i18n/en.ts'));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');

    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { level: 1, name: '最美衢州人' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('gr.locale'))).toBe('zh-CN');
    expect(unexpected(errors)).toEqual([]);
  });
});
