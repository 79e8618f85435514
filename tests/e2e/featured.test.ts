import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, newPage } from '../helpers/browser';
import { daysAgo, signIn, useSession, type ApiSession } from '../helpers/e2e-session';
import { uniqueUsername } from '../factories/user.factory';
import { TEST_ADMIN } from '../setup/test-config';

const PASSWORD = 'a-long-enough-password';

interface Created {
  topic: { id: number; title: string };
  post: { id: number };
}

interface Wall {
  counts: { collection: string; count: number; target: number }[];
}

describe.skipIf(!baseUrl)('the featured wall in the browser', () => {
  let browser: Browser;
  let admin: ApiSession;
  let moderator: ApiSession;
  let unitId = 0;
  let placeId = 0;
  const tag = uniqueUsername('f').slice(-6);
  const placeName = `好人村${tag}`;
  const contexts: BrowserContext[] = [];

  async function pageAs(session: ApiSession | null, width = 1280): Promise<{ page: Page; errors: string[] }> {
    const { context, page, errors } = await newPage(browser, { width });
    contexts.push(context);
    if (session) await useSession(context, session);
    return { page, errors };
  }

  async function member(displayName: string): Promise<ApiSession> {
    return signIn('/api/auth/register', { username: uniqueUsername('fm'), password: PASSWORD, displayName, unitId });
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await signIn('/api/auth/login', TEST_ADMIN);
    unitId = (await admin.call<{ unit: { id: number } }>('POST', '/api/units', { name: `推荐测试单位${tag}`, level: 'city' })).unit.id;
    placeId = (await admin.call<{ place: { id: number } }>('POST', '/api/places', { name: placeName, kind: 'village', unitId })).place.id;
    const mod = await member('版主老陈');
    await admin.call('PUT', `/api/users/${mod.user.id}/roles`, { roles: ['member', 'moderator'] });
    moderator = await signIn('/api/auth/login', { username: mod.user.username, password: PASSWORD });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('a moderator features a visit-confirmed field note with a photo from the topic menu; an anonymous reader sees it on /featured with the photo, the mark and the count; the author is notified', async () => {
    const cadre = await member('赵干部');
    const campaign = await cadre.call<{ integrity: Array<{ id: string }>; activities: Array<{ id: string }> }>('GET', '/api/campaign');
    const visit = await cadre.call<{ visit: { id: number } }>('POST', '/api/visits', {
      placeId, visitedOn: daysAgo(3), activity: campaign.activities[0]?.id,
      integrity: campaign.integrity.map((item) => ({ item: item.id, confirmed: true })),
    });
    // A photo from the village, uploaded as the composer does (POST /api/uploads).
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#6a8f3c' } }).jpeg().toBuffer();
    const { upload } = await cadre.upload<{ upload: { url: string; thumbnailUrl: string } }>('/api/uploads', { bytes: jpeg, name: 'village.jpg', type: 'image/jpeg' });
    const title = `村里的热心人${tag}`;
    const created = await cadre.call<Created>('POST', '/api/boards/xiaxiang/topics', {
      title, body: `村口的刘大爷每天义务打扫道路。\n\n![刘大爷扫路](${upload.url})`, kind: 'field_note', visitId: visit.visit.id,
    });
    await moderator.call('PUT', `/api/topics/${created.topic.id}/visit`, { visitId: visit.visit.id });
    const before = await admin.call<Wall>('GET', '/api/featured?limit=1');
    const goodPeople = before.counts.find((c) => c.collection === 'good_people');

    // The author is on the home page, and hears of it live.
    const { page: authorPage } = await pageAs(cadre);
    await authorPage.goto('/');
    await authorPage.locator('gr-notification-bell button.bell').waitFor();
    await authorPage.waitForLoadState('networkidle');

    const { page: mod, errors } = await pageAs(moderator);
    await mod.goto(`/t/${created.topic.id}`);
    const opener = mod.locator(`li#post-${created.post.id}`).getByRole('button', { name: '推荐入选…' });
    await opener.click();
    const dialog = mod.getByRole('dialog', { name: '推荐到最美衢州人' });
    await dialog.waitFor();
    await dialog.getByLabel('栏目').selectOption('good_people');
    await dialog.getByLabel('推荐理由').fill('二十年如一日服务乡邻。');
    await dialog.getByLabel('人物或事迹名称').fill('刘大爷');
    await dialog.getByRole('button', { name: '推荐', exact: true }).click();
    await dialog.getByText('已推荐到“身边好人”。').waitFor();
    await dialog.locator('ul.current', { hasText: '二十年如一日服务乡邻。' }).waitFor();
    await dialog.getByRole('button', { name: '关闭' }).click();
    await expect.poll(() => mod.evaluate(() => {
      const deepActive = (root: Document | ShadowRoot): Element | null => {
        const active = root.activeElement;
        return active?.shadowRoot ? deepActive(active.shadowRoot) ?? active : active;
      };
      return deepActive(document)?.textContent?.trim();
    })).toBe('推荐入选…');

    const { page: reader, errors: readerErrors } = await pageAs(null);
    const refused: string[] = [];
    reader.on('response', (res) => {
      if (res.status() >= 400) refused.push(`${res.status()} ${new URL(res.url()).pathname}`);
    });
    await reader.goto('/featured');
    const card = reader.locator('gr-featured-card', { hasText: title });
    await card.waitFor();
    await card.getByText('二十年如一日服务乡邻。').waitFor();
    await card.getByText('实地走访', { exact: true }).waitFor();
    await card.getByText(placeName).first().waitFor();
    await card.getByText('身边好人', { exact: true }).waitFor();
    const photo = card.locator('img');
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))).toBeGreaterThan(0);
    expect(await photo.getAttribute('src')).toBe(upload.thumbnailUrl);
    const count = (goodPeople?.count ?? 0) + 1;
    // By its collection's name: on a shared database another collection may hold the same count.
    await reader.locator('gr-featured-page ul.counts').getByRole('listitem', { name: `身边好人：已推荐 ${count} 个，目标 ${goodPeople?.target ?? 100} 个` }).waitFor();
    expect(await reader.locator('gr-featured-page ul.counts li').first().getAttribute('aria-label')).toMatch(/先进典型：已推荐 \d+ 个，目标 \d+ 个/);

    await authorPage.locator('gr-notification-bell').getByRole('button', { name: /通知 \d+ 条未读/ }).waitFor();
    await authorPage.locator('gr-notification-bell button.bell').click();
    await authorPage.locator('gr-notification-bell li.unread', { hasText: `你的帖子被评为身边好人：“${title}”` }).waitFor();
    expect(errors).toEqual([]);
    // An anonymous reader's only refused request is the session check (401 from /api/me); the wall needs no sign-in.
    expect(refused.every((r) => r === '401 /api/me')).toBe(true);
    expect(readerErrors.filter((e) => !e.includes('401'))).toEqual([]);
  });

  it('shows a reader on /featured a post featured while the page is open, without a reload', async () => {
    const cadre = await member('孙干部');
    const title = `身边好人${tag}`;
    const created = await cadre.call<Created>('POST', '/api/boards/xiaxiang/topics', { title, body: '二十年义务为村里修路。', kind: 'field_impression' });
    const { page } = await pageAs(null, 390);
    await page.goto('/featured');
    // The wall has arrived (its counts are shown) and does not hold the post yet.
    await page.locator('gr-featured-page section[aria-labelledby="counts-h"]').waitFor();
    expect(await page.locator('gr-featured-card', { hasText: title }).count()).toBe(0);
    // Featured while the page is open: it follows the featured room from the seq its wall came with.
    await moderator.call('POST', '/api/featured', { postId: created.post.id, collection: 'good_people', citation: '默默奉献二十年。' });
    await page.locator('gr-featured-card', { hasText: title }).waitFor();
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
  });

  it('filters the wall by collection from the URL and keeps a phone\'s width', async () => {
    const cadre = await member('钱干部');
    const title = `凡人善举${tag}`;
    const created = await cadre.call<Created>('POST', '/api/boards/xiaxiang/topics', { title, body: '暴雨夜里，他背着老人转移。', kind: 'field_impression' });
    await moderator.call('POST', '/api/featured', { postId: created.post.id, collection: 'good_deeds', citation: '危难时刻挺身而出。' });
    const { page } = await pageAs(null, 390);
    await page.goto('/featured');
    await page.getByLabel('栏目', { exact: true }).selectOption('good_deeds');
    await page.waitForURL(/\/featured\?collection=good_deeds$/);
    await page.locator('gr-featured-card', { hasText: title }).waitFor();
    // The unfiltered list may still be on screen for a moment (it holds the same card): wait for the filtered one.
    await expect.poll(() => page.locator('gr-featured-card').evaluateAll((cards) => cards.length > 0 && cards.every((c) => c.shadowRoot?.textContent?.includes('凡人善举')))).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The profile shows what of theirs was featured.
    await page.goto(`/u/${cadre.user.username}`);
    await page.locator('gr-featured-latest gr-featured-card', { hasText: '危难时刻挺身而出。' }).waitFor();
  });
});
