import type { Browser, BrowserContext, Page } from 'playwright-core';
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

describe.skipIf(!baseUrl)('moderation in the browser', () => {
  let browser: Browser;
  let admin: ApiSession;
  let moderator: ApiSession;
  let unitId = 0;
  let placeId = 0;
  const tag = uniqueUsername('m').slice(-6);
  const placeName = `走访测试村${tag}`;
  const contexts: BrowserContext[] = [];

  /** A page signed in as `session` (anonymous with null), closed after the file. */
  async function pageAs(session: ApiSession | null, width = 1280): Promise<{ page: Page; errors: string[] }> {
    const { context, page, errors } = await newPage(browser, { width });
    contexts.push(context);
    if (session) await useSession(context, session);
    return { page, errors };
  }

  async function member(displayName: string): Promise<ApiSession> {
    return signIn('/api/auth/register', { username: uniqueUsername('mm'), password: PASSWORD, displayName, unitId });
  }

  /** A board of its own for one test (so review settings and counts touch nothing else). */
  async function board(prefix: string): Promise<string> {
    const slug = `${prefix}-${tag}`.toLowerCase().replace(/[^a-z0-9-]/g, '').slice(0, 40);
    await admin.call('POST', '/api/boards', { slug, name: `测试版块${prefix}${tag}` });
    return slug;
  }

  /** The queue item card on /mod whose heading names `title`. */
  function queueItem(page: Page, title: string) {
    return page.locator('gr-mod-item').filter({ hasText: title });
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await signIn('/api/auth/login', TEST_ADMIN);
    const unit = await admin.call<{ unit: { id: number } }>('POST', '/api/units', { name: `测试审核单位${tag}`, level: 'city' });
    unitId = unit.unit.id;
    const place = await admin.call<{ place: { id: number } }>('POST', '/api/places', { name: placeName, kind: 'village', unitId });
    placeId = place.place.id;
    const mod = await member('版主老周');
    await admin.call('PUT', `/api/users/${mod.user.id}/roles`, { roles: ['member', 'moderator'] });
    moderator = await signIn('/api/auth/login', { username: mod.user.username, password: PASSWORD });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('confirms a field note\'s visit from /mod and the mark appears live for a third reader', async () => {
    const cadre = await member('李干部');
    const reader = await member('读者小王');
    const campaign = await cadre.call<{ integrity: Array<{ id: string }>; activities: Array<{ id: string }> }>('GET', '/api/campaign');
    const visitedOn = daysAgo(2);
    await cadre.call('POST', '/api/visits', {
      placeId, visitedOn, activity: campaign.activities[0]?.id,
      integrity: campaign.integrity.map((item) => ({ item: item.id, confirmed: true })),
    });

    // The member writes the note in the browser and names the visit.
    const { page: writer, errors } = await pageAs(cadre);
    await writer.goto('/b/xiaxiang');
    await writer.getByRole('button', { name: '发表新主题' }).click();
    const title = `下乡心得${tag}`;
    await writer.getByLabel('标题').fill(title);
    await writer.getByLabel('类型').selectOption('field_note');
    await writer.getByLabel('关联走访').selectOption({ label: `${visitedOn} · ${placeName}` });
    await writer.locator('gr-board-page gr-composer textarea').fill('在村里听到了很多意见。');
    await writer.getByRole('button', { name: '发表主题' }).click();
    await writer.waitForURL(/\/t\/\d+$/);
    await writer.locator('gr-visit-mark', { hasText: '待核实' }).waitFor();
    const topicPath = new URL(writer.url()).pathname;

    const { page: third } = await pageAs(reader);
    await third.goto(topicPath);
    await third.locator('gr-visit-mark', { hasText: '待核实' }).waitFor();

    const { page: mod } = await pageAs(moderator);
    await mod.goto('/mod');
    const item = queueItem(mod, title);
    await item.getByRole('button', { name: '确认走访' }).click();
    await item.getByText(/已由 .* 处理/).waitFor();

    // The reader did not reload.
    await third.locator('gr-visit-mark', { hasText: `实地走访 · ${placeName}` }).waitFor();
    expect(await third.locator('gr-visit-mark a').getAttribute('href')).toMatch(/^\/visits\/\d+$/);
    expect(errors).toEqual([]);
  });

  it('lets an author claim, from the topic page, a visit another unit logged and they took part in', async () => {
    const cadre = await member('王干部');
    const otherUnit = await admin.call<{ unit: { id: number } }>('POST', '/api/units', { name: `邻县单位${tag}`, level: 'city' });
    const host = await signIn('/api/auth/register', {
      username: uniqueUsername('mh'), password: PASSWORD, displayName: '邻县老赵', unitId: otherUnit.unit.id,
    });
    const campaign = await cadre.call<{ integrity: Array<{ id: string }>; activities: Array<{ id: string }> }>('GET', '/api/campaign');
    const visitedOn = daysAgo(4);
    const joined = await host.call<{ visit: { id: number } }>('POST', '/api/visits', {
      placeId, visitedOn, activity: campaign.activities[0]?.id, participantIds: [cadre.user.id],
      integrity: campaign.integrity.map((item) => ({ item: item.id, confirmed: true })),
    });
    // A visit of the author's own unit that they had no part in is not offered.
    const colleague = await member('同事小钱');
    await colleague.call('POST', '/api/visits', {
      placeId, visitedOn: daysAgo(3), activity: campaign.activities[0]?.id,
      integrity: campaign.integrity.map((item) => ({ item: item.id, confirmed: true })),
    });
    const created = await cadre.call<Created>('POST', '/api/boards/xiaxiang/topics', {
      title: `后补走访${tag}`, body: '先写下来，再关联走访。', kind: 'field_note',
    });
    const { page } = await pageAs(cadre, 390);
    await page.goto(`/t/${created.topic.id}`);
    await page.getByRole('button', { name: '关联我的走访' }).click();
    const picker = page.getByLabel('我的走访');
    await picker.waitFor();
    expect(await picker.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)))
      .toEqual([String(joined.visit.id)]);
    await picker.selectOption(String(joined.visit.id));
    await page.getByRole('button', { name: '提交核实' }).click();
    await page.locator('gr-visit-mark', { hasText: '待核实' }).waitFor();
    // Focus came back to the button, which now offers to change the claim.
    await page.getByRole('button', { name: '更换关联的走访' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('shows every moderator live who has claimed an item', async () => {
    const author = await member('作者小许');
    const flagger = await member('举报人小田');
    const title = `认领${tag}`;
    const created = await author.call<Created>('POST', '/api/boards/qunzhong/topics', { title, body: '内容。' });
    await flagger.call('POST', `/api/posts/${created.post.id}/flags`, { reason: 'inappropriate' });
    const { page } = await pageAs(admin);
    await page.goto('/mod');
    const item = queueItem(page, title);
    await item.getByRole('button', { name: '认领' }).waitFor();
    const queue = await moderator.call<{ items: Array<{ id: number; topic: { title: string } | null }> }>('GET', '/api/mod/queue?type=flag&limit=50');
    const id = queue.items.find((it) => it.topic?.title === title)?.id;
    await moderator.call('POST', `/api/mod/queue/${id}/claim`);
    await item.getByText('版主老周 正在处理').waitFor();
  });

  it('hides a flagged post from the queue: its body disappears for others and stays, marked, for its author', async () => {
    const author = await member('作者阿兰');
    const flagger = await member('举报人老陈');
    const body = `这是一条广告${tag}`;
    const created = await author.call<Created>('POST', '/api/boards/qunzhong/topics', { title: `广告帖${tag}`, body });

    const { page: other } = await pageAs(null);
    await other.goto(`/t/${created.topic.id}`);
    await other.getByText(body).waitFor();

    const { page: flagging } = await pageAs(flagger);
    await flagging.goto(`/t/${created.topic.id}`);
    await flagging.getByRole('button', { name: '举报', exact: true }).click();
    await flagging.getByLabel('举报原因').selectOption('spam');
    await flagging.getByRole('button', { name: '提交举报' }).click();
    await flagging.getByText(/已举报（垃圾信息）/).waitFor();
    // Withdraw is offered while the flag is open.
    await flagging.getByRole('button', { name: '撤回举报' }).waitFor();

    const { page: mod } = await pageAs(moderator);
    await mod.goto('/mod');
    const item = queueItem(mod, `广告帖${tag}`);
    await item.getByText('举报人老陈：垃圾信息').waitFor();
    await item.getByRole('button', { name: '隐藏', exact: true }).click();
    await item.getByText(/已由 .* 处理/).waitFor();

    // Live, without a reload, for the anonymous reader.
    await other.getByText('此帖已被版主隐藏。').waitFor();
    expect(await other.getByText(body).count()).toBe(0);

    const { page: own } = await pageAs(author);
    await own.goto(`/t/${created.topic.id}`);
    // The author's banner: hidden with no reason given, seen only by them and moderators, and the appeal.
    await own.getByText('此帖已被隐藏 · 仅您和版主可见').waitFor();
    await own.locator('gr-post .banner').getByRole('link', { name: '申诉', exact: true }).waitFor();
    await own.getByText(body).waitFor();
  });

  it('approves a held reply in /mod and it appears for a reader; its author saw it marked awaiting review', async () => {
    const slug = await board('review');
    const author = await member('新人小赵');
    const reader = await member('读者老孙');
    const created = await author.call<Created>('POST', `/api/boards/${slug}/topics`, { title: `先审后发${tag}`, body: '开个头。' });

    // The admin turns review on for the board on /admin.
    const { page: adminPage } = await pageAs(admin);
    await adminPage.goto('/admin');
    const row = adminPage.locator('gr-board-review li').filter({ hasText: `测试版块review${tag}` });
    await row.getByLabel('先审后发').check();
    await adminPage.locator('gr-board-review').getByText(/已开启先审后发/).waitFor({ state: 'attached' });

    const { page: writing } = await pageAs(author);
    await writing.goto(`/t/${created.topic.id}`);
    const reply = `待审核的回复${tag}`;
    await writing.locator('.reply-section gr-composer textarea').fill(reply);
    await writing.getByRole('button', { name: '发表回复' }).click();
    const mine = writing.locator('gr-post').filter({ hasText: reply });
    await mine.getByText('待审核 · 版主通过后其他人才能看到').waitFor();
    expect(await writing.locator('.reply-section gr-composer textarea').inputValue()).toBe('');

    const { page: reading } = await pageAs(reader);
    await reading.goto(`/t/${created.topic.id}`);
    await reading.getByText('开个头。').waitFor();
    expect(await reading.getByText(reply).count()).toBe(0);

    const { page: mod } = await pageAs(moderator);
    await mod.goto('/mod');
    await mod.getByLabel('类型').selectOption('held_post');
    const item = queueItem(mod, `先审后发${tag}`);
    await item.getByText(reply).waitFor();
    await item.getByRole('button', { name: '通过', exact: true }).click();
    await item.getByText(/已由 .* 处理/).waitFor();

    await reading.getByText(reply).waitFor();
  });

  it('counts the queue live in a moderator\'s header badge on any page', async () => {
    const author = await member('作者小钱');
    const flagger = await member('举报人小吴');
    const created = await author.call<Created>('POST', '/api/boards/qunzhong/topics', { title: `徽标${tag}`, body: '内容。' });
    const { page } = await pageAs(moderator);
    await page.goto('/');
    const badge = page.locator('gr-mod-badge a');
    await badge.waitFor();
    // What a screen reader hears: the link's name.
    const name = async () => (await badge.evaluate((a) => a.querySelector('.visually-hidden')?.textContent ?? '')).trim();
    await expect.poll(name).toMatch(/待处理 \d+ 项/);
    const before = Number(/(\d+)/.exec(await name())?.[1]);
    await flagger.call('POST', `/api/posts/${created.post.id}/flags`, { reason: 'off_topic' });
    await expect.poll(name).toBe(`版主工作台：待处理 ${before + 1} 项`);
    await page.getByRole('link', { name: `版主工作台：待处理 ${before + 1} 项` }).waitFor();
  });

  it('locks a topic from its menu with a reason, and the reader\'s composer gives way to it', async () => {
    const author = await member('作者小冯');
    const created = await author.call<Created>('POST', '/api/boards/qunzhong/topics', { title: `锁定${tag}`, body: '讨论。' });
    const { page: reading } = await pageAs(author);
    await reading.goto(`/t/${created.topic.id}`);
    await reading.locator('.reply-section gr-composer').waitFor();

    const { page: mod } = await pageAs(moderator);
    await mod.goto(`/t/${created.topic.id}`);
    await mod.getByRole('button', { name: '主题管理' }).click();
    await mod.getByRole('button', { name: '锁定主题' }).click();
    await mod.getByLabel('锁定原因').fill('讨论已经结束');
    await mod.locator('gr-topic-mod-menu form').getByRole('button', { name: '锁定主题' }).click();
    await mod.getByRole('button', { name: '解除锁定' }).waitFor();

    await reading.locator('.reply-section').getByText('该主题已被锁定：讨论已经结束').waitFor();
    expect(await reading.locator('.reply-section gr-composer').count()).toBe(0);
  });

  it('closes the topic menu when focus or a click goes elsewhere, but keeps a form opened from it', async () => {
    const created = await admin.call<Created>('POST', '/api/boards/qunzhong/topics', { title: `菜单${tag}`, body: '讨论。' });
    const { page } = await pageAs(moderator);
    await page.goto(`/t/${created.topic.id}`);
    const toggle = page.getByRole('button', { name: '主题管理' });
    const lock = page.getByRole('button', { name: '锁定主题' });
    await toggle.click();
    await lock.waitFor();
    await page.locator('gr-topic-page h1').click();
    await lock.waitFor({ state: 'detached' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    // By keyboard: Tab out of the last button of the menu closes it.
    await toggle.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '移动到版块' }).focus();
    await page.keyboard.press('Tab');
    await lock.waitFor({ state: 'detached' });
    // A form opened from the menu stays while its reason is being typed elsewhere.
    await toggle.click();
    await lock.click();
    await page.getByLabel('锁定原因').fill('稍后再锁');
    await page.locator('gr-topic-page h1').click();
    expect(await page.getByLabel('锁定原因').inputValue()).toBe('稍后再锁');
  });

  it('pins a topic and moves it to another board from its menu, by keyboard', async () => {
    const slug = await board('move');
    const author = await member('作者小潘');
    const created = await author.call<Created>('POST', '/api/boards/qunzhong/topics', { title: `移动${tag}`, body: '内容。' });
    const { page } = await pageAs(moderator);
    await page.goto(`/t/${created.topic.id}`);
    await page.getByRole('button', { name: '主题管理' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '置顶', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.locator('gr-topic-page .badge', { hasText: '置顶' }).waitFor();
    await page.getByRole('button', { name: '取消置顶' }).waitFor();
    await page.getByRole('button', { name: '移动到版块' }).click();
    await page.getByLabel('目标版块').selectOption(slug);
    await page.locator('gr-topic-mod-menu form').getByRole('button', { name: '移动' }).click();
    await page.locator('gr-topic-page .crumbs a', { hasText: `测试版块move${tag}` }).waitFor();
    const answer = await author.call<{ topic: { boardSlug: string; pinned: boolean } }>('GET', `/api/topics/${created.topic.id}`);
    expect(answer.topic).toMatchObject({ boardSlug: slug, pinned: true });
  });

  it('tells a silenced member why they cannot reply, with the end of the silence', async () => {
    const quiet = await member('被禁言的人');
    const created = await admin.call<Created>('POST', '/api/boards/qunzhong/topics', { title: `禁言${tag}`, body: '讨论。' });
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString();
    await moderator.call('POST', `/api/users/${quiet.user.id}/silence`, { until, reason: '多次发广告' });
    const { page } = await pageAs(quiet);
    await page.goto(`/t/${created.topic.id}`);
    await page.locator('.reply-section').getByText(/您已被禁言至/).waitFor();
    expect(await page.locator('.reply-section gr-composer').count()).toBe(0);
  });

  it('says at sign-in that an account is suspended, with the reason', async () => {
    const suspended = await member('被封禁的人');
    const until = new Date(Date.now() + 5 * 86_400_000).toISOString();
    await moderator.call('POST', `/api/users/${suspended.user.id}/suspend`, { until, reason: `冒充他人${tag}` });
    const { page } = await pageAs(null);
    await page.goto('/login');
    await page.getByLabel('用户名').fill(suspended.user.username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').getByText(new RegExp(`冒充他人${tag}`)).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('lets a member appeal a hidden post from the notification, and another moderator sees the appeal', async () => {
    const author = await member('申诉人小林');
    const created = await author.call<Created>('POST', '/api/boards/qunzhong/topics', { title: `申诉${tag}`, body: '我的看法。' });
    await moderator.call('POST', `/api/posts/${created.post.id}/hide`, { note: '涉嫌广告' });

    const { page } = await pageAs(author);
    await page.goto('/');
    await page.locator('gr-notification-bell button.bell').click();
    await page.getByText(`您在“申诉${tag}”中的帖子被隐藏了`).waitFor();
    await page.getByRole('link', { name: '申诉', exact: true }).click();
    await page.waitForURL(/\/appeals\?action=\d+/);
    // The form names the action it appeals and the moderator's note.
    await page.getByRole('heading', { name: '申诉：隐藏帖子' }).waitFor();
    await page.getByText('版主说明：涉嫌广告').waitFor();
    await page.getByLabel('申诉理由').fill('这不是广告，是村里的活动通知。');
    await page.getByRole('button', { name: '提交申诉' }).click();
    await page.getByText('申诉已提交，另一位版主会复核。').waitFor();
    await page.getByText('申诉复核中').waitFor();

    const { page: other } = await pageAs(admin);
    await other.goto('/mod');
    await other.getByLabel('类型').selectOption('appeal');
    const item = other.locator('gr-mod-item').filter({ hasText: '这不是广告，是村里的活动通知。' });
    await item.getByRole('button', { name: '撤销原处理' }).waitFor();
  });

  it('lets the author appeal from the banner of their hidden post, and the appeal waits in the queue', async () => {
    const author = await member('申诉人小郑');
    const reader = await member('旁观者小冯');
    const created = await author.call<Created>('POST', '/api/boards/qunzhong/topics', { title: `横幅申诉${tag}`, body: '村里的活动通知。' });
    await moderator.call('POST', `/api/posts/${created.post.id}/hide`, { note: `疑似广告${tag}` });

    // Others see the placeholder and nothing of the reason or the appeal.
    const { page: other } = await pageAs(reader);
    await other.goto(`/t/${created.topic.id}`);
    await other.getByText('此帖已被版主隐藏。').waitFor();
    expect(await other.getByText(`疑似广告${tag}`).count()).toBe(0);
    expect(await other.getByRole('link', { name: '申诉', exact: true }).count()).toBe(0);

    const { page, errors } = await pageAs(author, 390);
    await page.goto(`/t/${created.topic.id}`);
    const banner = page.locator('gr-post .banner', { hasText: `此帖已被隐藏：疑似广告${tag}` });
    await banner.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // By keyboard: focus the appeal link and follow it.
    const appeal = banner.getByRole('link', { name: '申诉', exact: true });
    await appeal.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/appeals\?action=\d+$/);
    await page.getByLabel('申诉理由').fill('这是村里的活动通知，不是广告。');
    await page.getByRole('button', { name: '提交申诉' }).click();
    await page.getByText('申诉已提交，另一位版主会复核。').waitFor();
    // The form is gone and its text with it; the list says it is being reviewed.
    expect(await page.getByLabel('申诉理由').count()).toBe(0);
    await page.getByText('申诉复核中').first().waitFor();

    const { page: mod } = await pageAs(admin);
    await mod.goto('/mod');
    await mod.getByLabel('类型').selectOption('appeal');
    const item = mod.locator('gr-mod-item').filter({ hasText: '这是村里的活动通知，不是广告。' });
    await item.getByRole('button', { name: '撤销原处理' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('keeps /mod\'s filters in the URL: a reload and a shared link keep them, Back restores the previous filter', async () => {
    const author = await member('作者小孔');
    const flagger = await member('举报人小严');
    const flagged = await author.call<Created>('POST', '/api/boards/qunzhong/topics', { title: `筛选举报${tag}`, body: '内容。' });
    await flagger.call('POST', `/api/posts/${flagged.post.id}/flags`, { reason: 'spam' });
    const heldBoard = await board('filters');
    await admin.call('PATCH', `/api/boards/${heldBoard}`, { reviewBeforePublish: true });
    await author.call('POST', `/api/boards/${heldBoard}/topics`, { title: `筛选待审${tag}`, body: '等待审核。' });

    const { page } = await pageAs(moderator);
    await page.goto('/mod');
    await queueItem(page, `筛选举报${tag}`).waitFor();
    await queueItem(page, `筛选待审${tag}`).waitFor();
    // By keyboard: the type select, then the sort select.
    await page.getByLabel('类型').focus();
    await page.getByLabel('类型').selectOption('flag');
    await page.waitForURL((url) => url.search === '?type=flag');
    await queueItem(page, `筛选待审${tag}`).waitFor({ state: 'detached' });
    await queueItem(page, `筛选举报${tag}`).waitFor();
    // Focus stays on the control that was changed, not thrown to the heading.
    expect(await page.evaluate(() => {
      let node: Element | null = document.activeElement;
      while (node?.shadowRoot?.activeElement) node = node.shadowRoot.activeElement;
      return node?.id;
    })).toBe('q-type');
    await page.getByLabel('排序').selectOption('oldest');
    await page.waitForURL((url) => url.search === '?type=flag&sort=oldest');

    await page.reload();
    await queueItem(page, `筛选举报${tag}`).waitFor();
    expect(await page.getByLabel('类型').inputValue()).toBe('flag');
    expect(await page.getByLabel('排序').inputValue()).toBe('oldest');
    expect(await queueItem(page, `筛选待审${tag}`).count()).toBe(0);

    // Back: the previous filter (type only), its list, and its selects.
    await page.getByLabel('状态').selectOption('resolved');
    await page.waitForURL((url) => url.search === '?type=flag&status=resolved&sort=oldest');
    await queueItem(page, `筛选举报${tag}`).waitFor({ state: 'detached' });
    await page.goBack();
    await page.waitForURL((url) => url.search === '?type=flag&sort=oldest');
    await queueItem(page, `筛选举报${tag}`).waitFor();
    expect(await page.getByLabel('状态').inputValue()).toBe('open');
    await page.goBack();
    await page.waitForURL((url) => url.search === '?type=flag');
    expect(await page.getByLabel('排序').inputValue()).toBe('newest');

    // A shared link, opened by another moderator, shows the same list.
    const { page: other } = await pageAs(admin);
    await other.goto(`/mod?type=held_post&board=${heldBoard}`);
    await queueItem(other, `筛选待审${tag}`).waitFor();
    expect(await other.getByLabel('类型').inputValue()).toBe('held_post');
    expect(await other.getByLabel('版块').inputValue()).toBe(heldBoard);
    expect(await queueItem(other, `筛选举报${tag}`).count()).toBe(0);
  });

  it('tells the second of two moderators on one item who handled it, and shows the item as it now is', async () => {
    const author = await member('作者小蒋');
    const flagger = await member('举报人小沈');
    const title = `抢先处理${tag}`;
    const created = await author.call<Created>('POST', '/api/boards/qunzhong/topics', { title, body: '两位版主同时打开。' });
    await flagger.call('POST', `/api/posts/${created.post.id}/flags`, { reason: 'spam' });

    // Two moderators, two browsers, the same item open. The second one's live connection lags
    // (its socket is cut), so the item still offers its actions when the first has acted.
    const { page: first } = await pageAs(moderator);
    const { page: second, errors } = await pageAs(admin);
    // Both transports: its WebSocket is answered by nobody, its long-polling is refused.
    await second.context().routeWebSocket(/\/socket\.io\//, () => undefined);
    await second.context().route('**/socket.io/**', (route) => route.abort());
    await Promise.all([first.goto('/mod?type=flag'), second.goto('/mod?type=flag')]);
    const mine = queueItem(first, title);
    const theirs = queueItem(second, title);
    await theirs.getByRole('button', { name: '隐藏', exact: true }).waitFor();
    await mine.getByRole('button', { name: '驳回举报', exact: true }).click();
    await mine.getByText(/已由 .* 处理/).waitFor();

    await theirs.getByRole('button', { name: '隐藏', exact: true }).click();
    // Not a generic error: who handled it, and the item refreshed to its resolution.
    await theirs.getByRole('alert').getByText('已由版主老周处理，列表已刷新。').waitFor();
    await theirs.getByText('已由 版主老周 处理：驳回举报').waitFor();
    expect(await theirs.getByRole('button', { name: '隐藏', exact: true }).count()).toBe(0);
    // Focus is not lost with the buttons that went away.
    expect(await second.evaluate(() => {
      let node: Element | null = document.activeElement;
      while (node?.shadowRoot?.activeElement) node = node.shadowRoot.activeElement;
      return node?.tagName ?? null;
    })).not.toBe('BODY');
    // The post was not hidden by the second click.
    const post = await flagger.call<{ post: { hidden: boolean } }>('GET', `/api/posts/${created.post.id}`);
    expect(post.post.hidden).toBe(false);
    // The browser logs the 409 itself and the cut socket's failures; nothing else went wrong.
    expect(errors.filter((e) => !/status of 409|ERR_FAILED|socket\.io|WebSocket/i.test(e))).toEqual([]);
  });

  it('applies one action to several items and shows each item\'s outcome', async () => {
    const author = await member('作者小何');
    const flagger = await member('举报人小吕');
    const titles = [`批量一${tag}`, `批量二${tag}`];
    const posts: number[] = [];
    for (const title of titles) {
      const created = await author.call<Created>('POST', '/api/boards/qunzhong/topics', { title, body: '内容。' });
      await flagger.call('POST', `/api/posts/${created.post.id}/flags`, { reason: 'spam' });
      posts.push(created.post.id);
    }
    const { page } = await pageAs(moderator);
    await page.goto('/mod');
    await page.getByLabel('类型').selectOption('flag');
    for (const title of titles) await queueItem(page, title).getByRole('checkbox', { name: '选择此项' }).check();
    await page.getByText('已选 2 项').waitFor();
    await page.locator('#bulk-action').selectOption('dismiss');
    await page.getByRole('button', { name: '应用到所选' }).click();
    const results = page.locator('.results');
    for (const title of titles) await results.getByText(`${title}：成功`).waitFor();
  });

  it('adds a watched word on its admin page, and a reply containing it is refused with the message under the body, text kept', async () => {
    const word = `违禁测试${tag}`;
    const { page: adminPage } = await pageAs(admin);
    await adminPage.goto('/admin/watched-words');
    await adminPage.getByLabel('词语').fill(word);
    await adminPage.getByLabel('处理方式').selectOption('block');
    await adminPage.getByRole('button', { name: '添加', exact: true }).click();
    await adminPage.locator('ul.list').getByText(word).waitFor();

    // The CSV import's file field speaks the interface's language, by keyboard too: the
    // chosen file's name shows beside the button, and the field is empty again once imported.
    const fileInput = adminPage.getByLabel('CSV 文件');
    await adminPage.getByText('未选择文件').waitFor();
    await fileInput.focus();
    await fileInput.setInputFiles({ name: `words-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`导入测试${tag},hold\n`, 'utf8') });
    await adminPage.getByText(`words-${tag}.csv`).waitFor();
    await adminPage.getByRole('button', { name: '导入', exact: true }).click();
    await adminPage.getByText('导入结果：1 条已添加，0 条未导入').waitFor();
    await adminPage.getByText('未选择文件').waitFor();

    const writer = await member('写作者');
    const created = await writer.call<Created>('POST', '/api/boards/qunzhong/topics', { title: `敏感词${tag}`, body: '正常内容。' });
    const { page } = await pageAs(writer);
    await page.goto(`/t/${created.topic.id}`);
    // Inserted spaces do not get past the list.
    await page.locator('.reply-section gr-composer textarea').fill(`这里有 ${[...word].join(' ')} 的内容`);
    await page.getByRole('button', { name: '发表回复' }).click();
    // The server's sentence says the text needs changing and names nothing of the list; it
    // sits under the body it concerns (like a validation error), not at the form's top.
    const composer = page.locator('.reply-section gr-composer');
    const error = composer.locator('.field-error').getByText(/请修改/);
    await error.waitFor();
    expect(await error.textContent()).not.toContain(tag);
    const textarea = composer.locator('textarea');
    expect(await textarea.getAttribute('aria-invalid')).toBe('true');
    const errorId = await composer.locator('.field-error').getAttribute('id');
    expect((await textarea.getAttribute('aria-describedby'))?.split(' ')).toContain(errorId);
    expect(await composer.locator('gr-error-message').getByText(/请修改/).count()).toBe(0);
    // The message comes after the body, and focus is on the body to change it.
    const [boxBottom, errorTop] = await Promise.all([
      textarea.evaluate((el) => el.getBoundingClientRect().bottom), error.evaluate((el) => el.getBoundingClientRect().top),
    ]);
    expect(errorTop).toBeGreaterThanOrEqual(boxBottom);
    expect(await textarea.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    // The text stays in the composer to be changed.
    expect(await textarea.inputValue()).toContain('这里有');
  });
});
