import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, newPage } from '../helpers/browser';
import { daysAgo, signIn, signInAdmin, useSession, type ApiSession } from '../helpers/e2e-session';
import { uniqueUsername } from '../factories/user.factory';

/*
 * What a new user tripped on (issue 13): each flow as they met it, in real Chromium,
 * at a desktop's 1280 px and a phone's 390 px.
 */

const PASSWORD = 'a-long-enough-password';

/** A topic by `author` with one reply by `replier`, for the reply flows. */
async function topicWithReply(author: ApiSession, replier: ApiSession, title: string): Promise<{ topicId: number; replyId: number }> {
  const created = await author.call<{ topic: { id: number } }>('POST', '/api/boards/qunzhong/topics', { title, body: '开头的话' });
  const answer = await replier.call<{ post: { id: number } }>('POST', `/api/topics/${created.topic.id}/posts`, { body: '第一条回复' });
  return { topicId: created.topic.id, replyId: answer.post.id };
}

/** The server's draft of a scope for this user (null when there is none). */
async function serverDraft(session: ApiSession, scope: string): Promise<{ body: string } | null> {
  return (await session.call<{ draft: { body: string } | null }>('GET', `/api/drafts/${scope}`)).draft;
}

/** The bounding boxes of two elements of the page (in CSS pixels of the viewport). */
async function boxOf(page: Page, selector: string): Promise<{ top: number; bottom: number }> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} has no box`);
  return { top: box.y, bottom: box.y + box.height };
}

describe.skipIf(!baseUrl)('what a new user tripped on', () => {
  let browser: Browser;
  let admin: ApiSession;
  const tag = uniqueUsername('n').slice(-6);
  let cityId = 0;
  let unitId = 0;
  let placeId = 0;
  let alice: ApiSession;
  let bob: ApiSession;

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await signInAdmin();
    const city = await admin.call<{ unit: { id: number } }>('POST', '/api/units', { name: `新用户测试市${tag}`, level: 'city' });
    cityId = city.unit.id;
    const unit = await admin.call<{ unit: { id: number } }>('POST', '/api/units', {
      name: `新用户测试区${tag}`, level: 'county', parentId: cityId,
    });
    unitId = unit.unit.id;
    const place = await admin.call<{ place: { id: number } }>('POST', '/api/places', {
      name: `新用户测试村${tag}`, kind: 'village', unitId,
    });
    placeId = place.place.id;
  });

  // Fresh members for each test: the posting rate limit counts per member and minute.
  beforeEach(async () => {
    alice = await signIn('/api/auth/register', { username: uniqueUsername('alice'), password: PASSWORD, displayName: '李娜', unitId });
    bob = await signIn('/api/auth/register', { username: uniqueUsername('bob'), password: PASSWORD, displayName: '王强', unitId });
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe('the reply box (item 1)', () => {
    for (const how of ['button', 'Ctrl+Enter'] as const) {
      it(`clears every composer of the topic and the server draft after an inline reply is sent with the ${how}`, async () => {
        const { topicId, replyId } = await topicWithReply(alice, bob, `回复框测试 ${how} ${tag}`);
        const { page, context } = await newPage(browser);
        await useSession(context, alice);
        await page.goto(`/t/${topicId}`);
        const node = page.locator(`gr-topic-page li#post-${replyId}`);
        await node.locator('gr-post').getByRole('button', { name: '回复', exact: true }).click();
        const inline = node.locator('.inline-composer textarea');
        const text = `只发一次的回复 ${how}`;
        await inline.fill(text);
        // The draft reaches the server before sending (the writer paused).
        await expect.poll(async () => (await serverDraft(alice, `topic:${topicId}`))?.body ?? null).toBe(text);
        if (how === 'button') await node.locator('.inline-composer').getByRole('button', { name: '发表回复' }).click();
        else await inline.press('Control+Enter');
        await node.locator('ol.replies gr-post', { hasText: text }).waitFor();

        // The main composer opens empty: nothing to post twice.
        const main = page.locator('gr-topic-page .reply-section textarea');
        await main.waitFor();
        await page.waitForLoadState('networkidle');
        expect(await main.inputValue()).toBe('');
        expect(await serverDraft(alice, `topic:${topicId}`)).toBeNull();
        // Nor does it come back after a reload.
        await page.reload();
        await page.locator('gr-topic-page .reply-section textarea').waitFor();
        await page.waitForLoadState('networkidle');
        expect(await page.locator('gr-topic-page .reply-section textarea').inputValue()).toBe('');
        await context.close();
      });
    }

    it('opens an inline reply empty after the main composer sent the draft', async () => {
      const { topicId, replyId } = await topicWithReply(alice, bob, `主回复框测试 ${tag}`);
      const { page, context } = await newPage(browser);
      await useSession(context, alice);
      await page.goto(`/t/${topicId}`);
      const main = page.locator('gr-topic-page .reply-section textarea');
      await main.fill('主回复框发出的话');
      await main.press('Control+Enter');
      await page.locator('gr-post', { hasText: '主回复框发出的话' }).waitFor();
      const node = page.locator(`gr-topic-page li#post-${replyId}`);
      await node.locator('gr-post').getByRole('button', { name: '回复', exact: true }).click();
      await page.waitForLoadState('networkidle');
      expect(await node.locator('.inline-composer textarea').inputValue()).toBe('');
      await context.close();
    });
  });

  describe('a failed submit (item 2)', () => {
    it('scrolls the unexplained 五不准 item above the sticky bar at 390 px and says how many fields need attention', async () => {
      const { page, context } = await newPage(browser, { width: 390, height: 844 });
      await useSession(context, alice);
      await page.goto(`/visits/new?placeId=${placeId}`);
      await page.getByRole('checkbox').first().waitFor();
      const boxes = page.getByRole('checkbox');
      for (const index of [0, 1, 2, 3]) await boxes.nth(index).check();
      await page.getByRole('button', { name: '提交走访记录' }).click();

      const explanation = page.getByLabel('未确认，请说明情况');
      await expect.poll(() => explanation.evaluate((el) => el === document.activeElement || el.matches(':focus'))).toBe(true);
      // Near the button: how many fields need attention.
      const note = page.locator('gr-visit-form .submit-bar').getByText('有 1 处需要修改');
      await note.waitFor();
      // The field is in view and not behind the sticky submit bar.
      const field = await boxOf(page, 'gr-visit-form textarea[aria-invalid="true"]');
      const bar = await boxOf(page, 'gr-visit-form .submit-bar');
      expect(field.top).toBeGreaterThanOrEqual(0);
      expect(field.bottom).toBeLessThanOrEqual(bar.top);
      await context.close();
    });

    it('says how many fields need attention near the button of another form too (registration)', async () => {
      const { page, context } = await newPage(browser, { width: 390, height: 844 });
      await page.goto('/register');
      await page.getByRole('button', { name: '注册' }).click();
      await page.locator('gr-register-page').getByText(/有 \d+ 处需要修改/).waitFor();
      await context.close();
    });
  });

  describe('the per-unit chart on /progress (item 6)', () => {
    it('draws the same rows as the table for a county supervisor, from the same figures', async () => {
      const township = await admin.call<{ unit: { id: number } }>('POST', '/api/units', {
        name: `新用户测试镇${tag}`, level: 'township', parentId: unitId,
      });
      const sup = await signIn('/api/auth/register', {
        username: uniqueUsername('sup'), password: PASSWORD, displayName: '赵督导', unitId,
      });
      await admin.call('PUT', `/api/users/${sup.user.id}/roles`, { roles: ['member', 'supervisor'] });
      const supervisor = await signIn('/api/auth/login', { username: sup.user.username, password: PASSWORD });
      const campaign = await bob.call<{ integrity: Array<{ id: string }>; activities: Array<{ id: string }> }>('GET', '/api/campaign');
      await bob.call('POST', '/api/visits', {
        placeId,
        visitedOn: daysAgo(2),
        activity: campaign.activities[0]?.id,
        integrity: campaign.integrity.map((item) => ({ item: item.id, confirmed: true })),
      });
      expect(township.unit.id).toBeGreaterThan(0);

      const { page, context, errors } = await newPage(browser, { width: 1280, height: 900 });
      await useSession(context, supervisor);
      await page.goto('/progress');
      const region = page.getByRole('region', { name: '各单位进度' });
      const table = region.locator('table');
      await table.getByRole('row', { name: new RegExp(`新用户测试区${tag}`) }).waitFor();
      const tableRows = await table.locator('tbody tr').evaluateAll((rows) =>
        rows.map((row) => [...row.children].map((cell) => (cell.textContent ?? '').trim())),
      );
      // The county's own visit is in the table...
      expect(tableRows).toContainEqual([`新用户测试区${tag}`, '1', '0', '1']);
      // ...and the chart draws exactly those rows with those numbers (not only the township).
      const chart = region.locator('gr-chart');
      const drawn = await chart.evaluate((el) => {
        const option = (el as HTMLElement & { option: { yAxis: { data: string[] }; series: Array<{ data: number[] }> } }).option;
        return option.yAxis.data.map((name, i) => [name.trim(), ...option.series.map((s) => String(s.data[i]))]);
      });
      expect(drawn).toEqual(tableRows);
      // No CSP violation (the chart's height is set through the CSSOM, not a style attribute).
      expect(errors).toEqual([]);
      await context.close();
    });
  });

  describe('back and forward (item 7)', () => {
    it('comes back to the place in a long topic, with its second page still loaded', async () => {
      const created = await alice.call<{ topic: { id: number } }>('POST', '/api/boards/qunzhong/topics', {
        title: `很长的讨论 ${tag}`, body: '开头',
      });
      const topicId = created.topic.id;
      // 60 replies (more than a page of 50), from several members under the posting rate limit.
      const writers: ApiSession[] = [];
      for (let i = 0; i < 4; i += 1) {
        writers.push(await signIn('/api/auth/register', { username: uniqueUsername('w'), password: PASSWORD, displayName: `写手${i}` }));
      }
      let last = 0;
      for (let i = 1; i <= 60; i += 1) {
        const writer = writers[i % writers.length] as ApiSession;
        last = (await writer.call<{ post: { id: number } }>('POST', `/api/topics/${topicId}/posts`, { body: `第 ${i} 条回复` })).post.id;
      }

      const { page, context } = await newPage(browser, { width: 1280, height: 800 });
      await useSession(context, bob);
      await page.goto(`/t/${topicId}`);
      await page.getByRole('button', { name: '加载更多回复' }).click();
      const target = page.locator(`gr-topic-page li#post-${last}`);
      await target.waitFor();
      await target.scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, -200));
      const before = await page.evaluate(() => window.scrollY);
      expect(before).toBeGreaterThan(1000);

      // Open the author's profile from that post, then come back.
      await target.locator('gr-post a.author').click();
      await page.waitForURL(/\/u\//);
      await page.locator('gr-profile-page h1').waitFor();
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      await page.goBack();
      await page.waitForURL(new RegExp(`/t/${topicId}$`));
      await target.waitFor();
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(before);

      // Forward opens the profile at its top again, and back returns to the same place once more.
      await page.goForward();
      await page.locator('gr-profile-page h1').waitFor();
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
      await page.goBack();
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(before);
      await context.close();
    });
  });

  describe('the smaller ones (item 8)', () => {
    it('clears "… 正在输入…" as soon as that writer\'s reply arrives', async () => {
      const { topicId } = await topicWithReply(alice, bob, `正在输入测试 ${tag}`);
      const reader = await newPage(browser);
      await useSession(reader.context, alice);
      const writer = await newPage(browser);
      await useSession(writer.context, bob);
      await reader.page.goto(`/t/${topicId}`);
      await writer.page.goto(`/t/${topicId}`);
      await reader.page.getByText('2 人正在阅读').waitFor();
      const box = writer.page.locator('gr-topic-page .reply-section textarea');
      await box.pressSequentially('马上就发', { delay: 20 });
      const typing = reader.page.locator('gr-topic-page .typing');
      await reader.page.getByText('王强 正在输入…').waitFor();
      await box.press('Control+Enter');
      await reader.page.locator('gr-topic-page gr-post', { hasText: '马上就发' }).waitFor();
      // In the same update that shows the reply, not seconds later.
      expect(await typing.textContent()).toBe('');
      await reader.context.close();
      await writer.context.close();
    });

    it('says a missing topic does not exist and links to the boards, without a useless retry', async () => {
      const { page, context } = await newPage(browser);
      await page.goto('/t/999999');
      await page.getByText('这个主题不存在，可能已被删除。').waitFor();
      await page.locator('gr-topic-page').getByRole('link', { name: '浏览讨论版块' }).waitFor();
      expect(await page.getByRole('button', { name: '重试' }).count()).toBe(0);
      await context.close();
    });

    it('keeps a post\'s action buttons together on one row on a phone', async () => {
      const { topicId, replyId } = await topicWithReply(alice, bob, `手机按钮测试 ${tag}`);
      // Alice's own reply: reply, quote and edit.
      const own = await alice.call<{ post: { id: number } }>('POST', `/api/topics/${topicId}/posts`, { body: '自己的回复', parentId: replyId });
      const { page, context } = await newPage(browser, { width: 390, height: 844 });
      await useSession(context, alice);
      await page.goto(`/t/${topicId}`);
      const post = page.locator(`gr-topic-page li#post-${own.post.id} > gr-post`);
      await post.getByRole('button', { name: '编辑' }).waitFor();
      const tops = await Promise.all(['回复', '引用', '编辑'].map(async (name) =>
        Math.round((await post.getByRole('button', { name, exact: true }).boundingBox())?.y ?? -1)));
      expect(new Set(tops).size).toBe(1);
      await context.close();
    });

    it('keeps the 类型 select in line with the title while the title shows an error', async () => {
      const { page, context } = await newPage(browser);
      await useSession(context, alice);
      await page.goto('/b/dataolun');
      await page.getByRole('button', { name: '发表新主题' }).click();
      const composer = page.locator('gr-board-page gr-composer');
      await composer.locator('textarea').fill('正文');
      const kindBefore = await composer.getByLabel('类型').boundingBox();
      await composer.getByRole('button', { name: '发表主题' }).click();
      await composer.getByText('请输入标题。').waitFor();
      const title = await composer.getByLabel('标题').boundingBox();
      const kind = await composer.getByLabel('类型').boundingBox();
      // Same line as the title, and the size it had before the error.
      expect(Math.round(kind?.y ?? -1)).toBe(Math.round(title?.y ?? -2));
      expect(kind?.height).toBe(kindBefore?.height);
      await context.close();
    });

    it('wraps a long unbroken title on a 360 px screen', async () => {
      const created = await alice.call<{ topic: { id: number } }>('POST', '/api/boards/qunzhong/topics', {
        title: `${'长'.repeat(10)}${'a'.repeat(120)}`, body: '正文',
      });
      const { page, context } = await newPage(browser, { width: 360, height: 740 });
      await page.goto(`/t/${created.topic.id}`);
      await page.locator('gr-topic-page h1').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.goto('/b/qunzhong');
      await page.locator('gr-board-page').getByRole('link', { name: /长长长/ }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await context.close();
    });

    it('lists only replies under the profile\'s recent replies, with excerpts that keep bold words in place', async () => {
      const writer = await signIn('/api/auth/register', { username: uniqueUsername('pr'), password: PASSWORD, displayName: '档案作者' });
      const own = await writer.call<{ topic: { id: number } }>('POST', '/api/boards/qunzhong/topics', { title: `自己的主题 ${tag}`, body: '主题的开头一段' });
      await writer.call('POST', `/api/topics/${own.topic.id}/posts`, { body: '要把**文化礼堂**用起来。' });
      const { page, context } = await newPage(browser);
      await page.goto(`/u/${writer.user.username}`);
      const replies = page.getByRole('region', { name: '最近的回复' });
      await replies.getByText('要把文化礼堂用起来。').waitFor();
      expect(await replies.getByText('主题的开头一段').count()).toBe(0);
      expect(await replies.locator('li').count()).toBe(1);
      await context.close();
    });

    it('links /admin to the places and the campaign settings', async () => {
      const { page, context } = await newPage(browser);
      await useSession(context, admin);
      await page.goto('/admin');
      const admins = page.locator('gr-admin-page');
      expect(await admins.getByRole('link', { name: '地点名录' }).getAttribute('href')).toBe('/places');
      expect(await admins.getByRole('link', { name: '专项行动设置' }).getAttribute('href')).toBe('/campaign/settings');
      await context.close();
    });

    it('clears the plan form after 加入计划 and warns of a plan the member already has', async () => {
      const { page, context } = await newPage(browser, { width: 390, height: 844 });
      await useSession(context, alice);
      await page.goto('/visits?view=calendar');
      const place = page.getByLabel('走访地点');
      const picker = page.locator('gr-plan-calendar gr-place-picker');
      await place.fill(`新用户测试村`);
      await picker.getByRole('button', { name: new RegExp(`新用户测试村${tag}`) }).click();
      const date = page.getByLabel('计划日期');
      const soon = new Date(Date.now() + 5 * 86_400_000);
      const iso = `${soon.getFullYear()}-${String(soon.getMonth() + 1).padStart(2, '0')}-${String(soon.getDate()).padStart(2, '0')}`;
      await date.fill(iso);
      await page.getByRole('button', { name: '加入计划' }).click();
      await page.getByText(/^已安排 .* 走访 新用户测试村/).waitFor();
      // The form is empty again: a second click adds nothing.
      expect(await date.inputValue()).toBe('');
      expect(await place.inputValue()).toBe('');
      // Choosing the same place and day again warns of the plan already made, and refuses a copy.
      await place.fill(`新用户测试村`);
      await picker.getByRole('button', { name: new RegExp(`新用户测试村${tag}`) }).click();
      await date.fill(iso);
      await page.getByText('你已计划在这一天走访这个地点。').first().waitFor();
      await page.getByRole('button', { name: '加入计划' }).click();
      const plans = await alice.call<{ items: Array<{ plannedFor: string }> }>('GET', `/api/visit-plans?placeId=${placeId}&mine=true`);
      expect(plans.items.filter((plan) => plan.plannedFor === iso)).toHaveLength(1);
      await context.close();
    });
  });

  describe('screen readers (item 9)', () => {
    it('exposes the thread as nested lists with level, position and set size, naming whom each list answers', async () => {
      const { topicId, replyId } = await topicWithReply(alice, bob, `树形讨论 ${tag}`);
      const a = await alice.call<{ post: { id: number } }>('POST', `/api/topics/${topicId}/posts`, { body: '甲', parentId: replyId });
      const b = await alice.call<{ post: { id: number } }>('POST', `/api/topics/${topicId}/posts`, { body: '乙', parentId: replyId });
      const { page, context } = await newPage(browser);
      await page.goto(`/t/${topicId}`);
      const second = page.locator(`gr-topic-page li#post-${b.post.id}`);
      await second.waitFor();
      const replies = page.getByRole('list', { name: '对 王强 的回复' });
      expect(await replies.getByRole('listitem').count()).toBe(2);
      expect(await page.locator(`gr-topic-page li#post-${replyId}`).getAttribute('aria-level')).toBe('1');
      const first = page.locator(`gr-topic-page li#post-${a.post.id}`);
      expect([await first.getAttribute('aria-level'), await first.getAttribute('aria-posinset'), await first.getAttribute('aria-setsize')]).toEqual(['2', '1', '2']);
      expect([await second.getAttribute('aria-level'), await second.getAttribute('aria-posinset'), await second.getAttribute('aria-setsize')]).toEqual(['2', '2', '2']);
      // Each reply says whom it answers.
      await second.locator('gr-post').getByRole('link', { name: '回复 王强' }).waitFor();
      await context.close();
    });

    it('announces a burst of new replies once, not once per reply', async () => {
      const { topicId } = await topicWithReply(alice, bob, `播报测试 ${tag}`);
      const { page, context } = await newPage(browser);
      await useSession(context, alice);
      await page.goto(`/t/${topicId}`);
      await page.getByText('1 人正在阅读').waitFor();
      const region = page.locator('gr-topic-page [data-announcer]');
      await region.evaluate((el) => {
        const said: string[] = [];
        (window as unknown as { said: string[] }).said = said;
        new MutationObserver(() => {
          const text = (el.textContent ?? '').trim();
          if (text) said.push(text);
        }).observe(el, { childList: true, subtree: true, characterData: true });
      });
      await Promise.all(['一', '二', '三'].map((body) => bob.call('POST', `/api/topics/${topicId}/posts`, { body: `连发${body}` })));
      await page.locator('gr-topic-page gr-post', { hasText: '连发三' }).waitFor();
      await expect.poll(() => page.evaluate(() => (window as unknown as { said: string[] }).said), { timeout: 10_000 }).toEqual(['3 条新回复']);
      await context.close();
    });

    it('announces new notifications once for a burst', async () => {
      const created = await alice.call<{ topic: { id: number } }>('POST', '/api/boards/qunzhong/topics', { title: `通知播报 ${tag}`, body: '开头' });
      const { page, context } = await newPage(browser);
      await useSession(context, alice);
      await page.goto('/');
      const region = page.locator('gr-notification-bell [data-announcer]');
      await region.waitFor({ state: 'attached' });
      await page.waitForLoadState('networkidle');
      await region.evaluate((el) => {
        const said: string[] = [];
        (window as unknown as { said: string[] }).said = said;
        new MutationObserver(() => {
          const text = (el.textContent ?? '').trim();
          if (text) said.push(text);
        }).observe(el, { childList: true, subtree: true, characterData: true });
      });
      await Promise.all(['一', '二'].map((body) => bob.call('POST', `/api/topics/${created.topic.id}/posts`, { body: `通知${body}` })));
      await expect.poll(() => page.evaluate(() => (window as unknown as { said: string[] }).said), { timeout: 10_000 }).toEqual(['2 条新通知']);
      await context.close();
    });
  });

  describe('English beyond the chrome, layouts (item 4)', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      it(`shows the whole "By phase" table at 1280 px in ${locale}, no column cut off`, async () => {
        const { page, context } = await newPage(browser, { width: 1280, height: 900, locale });
        await context.addInitScript((l) => localStorage.setItem('gr.locale', l), locale);
        await useSession(context, admin);
        await page.goto('/progress');
        const wrap = page.locator('gr-progress-charts section[aria-labelledby="phase-heading"] .table-wrap');
        await wrap.locator('tbody tr').first().waitFor();
        const header = locale === 'en' ? 'Enterprises' : '企业';
        await wrap.getByRole('columnheader', { name: header }).waitFor();
        const fits = await wrap.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
        expect(fits).toBe(true);
        // Every header cell lies inside the visible box of the table.
        const box = await wrap.boundingBox();
        const last = await wrap.locator('thead th').last().boundingBox();
        expect(box && last && last.x + last.width <= box.x + box.width + 1).toBe(true);
        await context.close();
      });
    }
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const who of ['signed out', 'admin'] as const) {
        it(`keeps the 1280 px header on one row in ${locale}, ${who}`, async () => {
          const { page, context } = await newPage(browser, { width: 1280, height: 800, locale });
          await context.addInitScript((l) => localStorage.setItem('gr.locale', l), locale);
          if (who === 'admin') await useSession(context, admin);
          await page.goto('/');
          await page.locator(who === 'admin' ? 'gr-user-menu' : 'gr-site-header a.button').first().waitFor();
          const row = async (selector: string) => {
            const box = await page.locator(selector).first().boundingBox();
            if (!box) throw new Error(selector);
            return box.y + box.height / 2;
          };
          const search = await row('gr-site-header form[role="search"]');
          for (const selector of ['gr-site-header .brand', 'gr-site-header nav', 'gr-site-header .account', 'gr-locale-switch']) {
            expect(Math.abs((await row(selector)) - search), selector).toBeLessThan(12);
          }
          // ...without squeezing the search box to a sliver (it was 20 px for an English admin).
          const input = await page.locator('gr-site-header input[type="search"]').boundingBox();
          expect(input?.width ?? 0).toBeGreaterThanOrEqual(120);
          await page.getByRole('button', { name: locale === 'en' ? 'Search' : '搜索', exact: true }).waitFor();
          await context.close();
        });
      }
    }
    for (const locale of ['zh-CN', 'en'] as const) {
      it(`keeps a member's four links on one row of the 390 px header in ${locale}, the search box usable`, async () => {
        const { page, context } = await newPage(browser, { width: 390, height: 844, locale });
        await context.addInitScript((l) => localStorage.setItem('gr.locale', l), locale);
        await useSession(context, admin);
        await page.goto('/');
        await page.locator('gr-user-menu').first().waitFor();
        const links = page.locator('gr-site-header nav a');
        expect(await links.count()).toBe(4);
        const rows = new Set<number>();
        for (const box of await Promise.all((await links.all()).map((link) => link.boundingBox()))) {
          if (!box) throw new Error('a link without a box');
          rows.add(Math.round(box.y));
        }
        // They stacked one per line when the navigation shared a column with the account.
        expect(rows.size).toBe(1);
        const input = await page.locator('gr-site-header input[type="search"]').boundingBox();
        expect(input?.width ?? 0).toBeGreaterThanOrEqual(100);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
        await context.close();
      });
    }
  });

  describe('drafts that kept losing text (item 3)', () => {
    it('saves a 60,000-character paste as a draft, says in words how far over it is, and brings it back after a reload', async () => {
      const { topicId } = await topicWithReply(alice, bob, `长文草稿 ${tag}`);
      const { page, context } = await newPage(browser);
      await useSession(context, alice);
      await page.goto(`/t/${topicId}`);
      const box = page.locator('gr-topic-page .reply-section textarea');
      await box.waitFor();
      const text = '长'.repeat(60_000);
      await box.fill(text);
      const section = page.locator('gr-topic-page .reply-section');
      await section.getByText('正文比上限 50,000 字多了 10,000 字').waitFor();
      expect(await section.getByRole('button', { name: '发表回复' }).isDisabled()).toBe(true);
      await expect.poll(async () => (await serverDraft(alice, `topic:${topicId}`))?.body.length ?? 0, { timeout: 10_000 }).toBe(60_000);
      await page.reload();
      await expect.poll(async () => (await page.locator('gr-topic-page .reply-section textarea').inputValue()).length, { timeout: 10_000 }).toBe(60_000);
      await context.close();
    });

    it('brings a reply draft back under the post it answers', async () => {
      const { topicId, replyId } = await topicWithReply(alice, bob, `回复草稿 ${tag}`);
      const { page, context } = await newPage(browser);
      await useSession(context, alice);
      await page.goto(`/t/${topicId}`);
      const node = page.locator(`gr-topic-page li#post-${replyId}`);
      await node.locator('gr-post').getByRole('button', { name: '回复', exact: true }).click();
      await node.locator('.inline-composer textarea').fill('回复王强的草稿');
      await node.locator('.inline-composer').getByText(/草稿已保存/).waitFor();
      await page.reload();
      await expect.poll(() => page.locator(`gr-topic-page li#post-${replyId} .inline-composer textarea`).inputValue(), { timeout: 10_000 })
        .toBe('回复王强的草稿');
      // Sent from there, it is a reply to that post.
      await page.locator(`gr-topic-page li#post-${replyId} .inline-composer textarea`).press('Control+Enter');
      await page.locator(`gr-topic-page li#post-${replyId} ol.replies gr-post`, { hasText: '回复王强的草稿' }).waitFor();
      await context.close();
    });

    it('says a new-topic draft is saved before its composer is opened', async () => {
      const { page, context } = await newPage(browser);
      await useSession(context, bob);
      await page.goto('/b/daxuexi');
      await page.getByRole('button', { name: '发表新主题' }).click();
      const composer = page.locator('gr-board-page gr-composer');
      await composer.getByLabel('标题').fill('还没想好的标题');
      await composer.locator('textarea').fill('先记下来');
      await composer.getByText(/草稿已保存 · \d{1,2}:\d{2}/).waitFor();
      await page.reload();
      const waiting = page.locator('gr-board-page .compose-toggle').getByText(/^草稿已保存 · \d{1,2}:\d{2}$/);
      await waiting.waitFor();
      await page.getByRole('button', { name: '发表新主题' }).click();
      await expect.poll(() => composer.getByLabel('标题').inputValue()).toBe('还没想好的标题');
      await context.close();
    });
  });

  describe('people found by name (item 5)', () => {
    it('adds a visit participant found by part of their Chinese name', async () => {
      const colleague = await signIn('/api/auth/register', {
        username: uniqueUsername('ln'), password: PASSWORD, displayName: `李小娜${tag}`, unitId,
      });
      const { page, context } = await newPage(browser, { width: 390, height: 844 });
      await useSession(context, bob);
      await page.goto(`/visits/new?placeId=${placeId}`);
      const field = page.getByLabel('同行人员');
      await field.fill(`小娜${tag}`);
      const picker = page.locator('gr-participant-picker gr-user-picker');
      await picker.getByRole('button', { name: new RegExp(`李小娜${tag}.*@${colleague.user.username}`) }).click();
      await page.getByRole('list', { name: '已添加的同行人员' }).getByText(`李小娜${tag}`).waitFor();
      await context.close();
    });

    it('lists people for the admin filtered by role and unit, and opens one in the role editor', async () => {
      // A unit of its own: another test of this file makes a supervisor in the shared one.
      const own = await admin.call<{ unit: { id: number } }>('POST', '/api/units', { name: `名单测试区${tag}`, level: 'county', parentId: cityId });
      const listUnitId = own.unit.id;
      const sup = await signIn('/api/auth/register', { username: uniqueUsername('ls'), password: PASSWORD, displayName: `名单督导${tag}`, unitId: listUnitId });
      await signIn('/api/auth/register', { username: uniqueUsername('lm'), password: PASSWORD, displayName: `名单成员${tag}`, unitId: listUnitId });
      await admin.call('PUT', `/api/users/${sup.user.id}/roles`, { roles: ['member', 'supervisor'] });
      const { page, context } = await newPage(browser);
      await useSession(context, admin);
      await page.goto('/admin');
      const list = page.locator('gr-user-admin');
      await list.getByLabel('角色', { exact: true }).selectOption('supervisor');
      await list.getByLabel('单位', { exact: true }).selectOption(String(listUnitId));
      const row = list.getByRole('row', { name: new RegExp(`名单督导${tag}`) });
      await row.waitFor();
      // The member of the unit is not a supervisor: one row, once both filters apply.
      await expect.poll(() => list.locator('tbody tr').count()).toBe(1);
      await row.getByRole('button', { name: `编辑角色：名单督导${tag}` }).click();
      await page.locator('gr-role-editor').getByText(new RegExp(`名单督导${tag}`)).first().waitFor();
      expect(await page.locator('gr-role-editor').getByLabel('督导员').isChecked()).toBe(true);
      await context.close();
    });
  });

  describe('English beyond the chrome, data (item 4)', () => {
    it('shows the five prohibitions, activities and boards in English to an English reader', async () => {
      const { page, context } = await newPage(browser, { width: 390, height: 844, locale: 'en' });
      await context.addInitScript(() => localStorage.setItem('gr.locale', 'en'));
      await useSession(context, alice);
      await page.goto(`/visits/new?placeId=${placeId}`);
      await page.getByText('Do not accept meals from the villages and enterprises visited, nor have them pay or reimburse any expenses').waitFor();
      await page.getByText('Do not arrange escorts at every level, nor welcoming and send-off ceremonies').waitFor();
      expect(await page.getByLabel('Activity').locator('option').first().textContent()).toBe('Visit a hundred villages and a hundred enterprises');
      await page.goto('/');
      await page.getByRole('link', { name: 'The people in our hearts, ourselves among the people' }).first().waitFor();
      // The dashboard's phases, and a Chinese reader still sees Chinese.
      await page.goto('/progress');
      await page.getByRole('rowheader', { name: 'Mobilisation' }).waitFor();
      await page.evaluate(() => localStorage.setItem('gr.locale', 'zh-CN'));
      await context.close();
    });

    it('lets an admin give a board an English name and description on /admin, which English readers then see', async () => {
      const slug = `en-${tag}`.toLowerCase();
      await admin.call('POST', '/api/boards', { slug, name: `英文名测试版块${tag}` });
      const { page, context } = await newPage(browser);
      await useSession(context, admin);
      await page.goto('/admin');
      const boardsAdmin = page.locator('gr-board-admin');
      await boardsAdmin.getByLabel('选择版块').selectOption(slug);
      await expect.poll(() => boardsAdmin.getByLabel('中文名称').inputValue()).toBe(`英文名测试版块${tag}`);
      await boardsAdmin.getByLabel('英文名称（可不填）').fill(`English test board ${tag}`);
      await boardsAdmin.getByLabel('英文说明（可不填）').fill('A board to test English names');
      await boardsAdmin.getByRole('button', { name: '保存版块' }).click();
      await boardsAdmin.getByText(`“英文名测试版块${tag}”已保存。`).waitFor();
      const english = await (await fetch(`${baseUrl}/api/boards/${slug}`, { headers: { 'accept-language': 'en' } })).json() as { board: { name: string; description: string } };
      expect(english.board).toMatchObject({ name: `English test board ${tag}`, description: 'A board to test English names' });
      // The English interface shows it on the board's own page.
      await page.evaluate(() => localStorage.setItem('gr.locale', 'en'));
      await page.goto(`/b/${slug}`);
      await page.getByRole('heading', { name: `English test board ${tag}` }).waitFor();
      await page.evaluate(() => localStorage.setItem('gr.locale', 'zh-CN'));
      await context.close();
    });

    it('lets an admin give an activity an English name on /campaign/settings, with Chinese as the fallback', async () => {
      const { page, context } = await newPage(browser);
      await useSession(context, admin);
      await page.goto('/campaign/settings');
      await page.getByRole('button', { name: '添加活动类型' }).click();
      const name = `测试活动${tag}`;
      const items = page.locator('gr-campaign-settings-page fieldset').filter({ hasText: '活动类型' }).locator('.item');
      const added = items.last();
      await added.getByLabel(/中文名称/).fill(name);
      await page.getByRole('button', { name: '保存设置' }).click();
      await page.getByText('设置已保存。').waitFor();
      // No English name yet: English readers see the Chinese one.
      const campaignEn = await (await fetch(`${baseUrl}/api/campaign`, { headers: { 'accept-language': 'en' } })).json() as { activities: Array<{ name: string }> };
      expect(campaignEn.activities.map((a) => a.name)).toContain(name);
      await added.getByLabel(/英文名称/).fill(`Test activity ${tag}`);
      await page.getByRole('button', { name: '保存设置' }).click();
      await page.getByText('设置已保存。').waitFor();
      const again = await (await fetch(`${baseUrl}/api/campaign`, { headers: { 'accept-language': 'en' } })).json() as { activities: Array<{ name: string }> };
      expect(again.activities.map((a) => a.name)).toContain(`Test activity ${tag}`);
      const zh = await (await fetch(`${baseUrl}/api/campaign`, { headers: { 'accept-language': 'zh-CN' } })).json() as { activities: Array<{ name: string }> };
      expect(zh.activities.map((a) => a.name)).toContain(name);
      await context.close();
    });
  });
});
