import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, newPage } from '../helpers/browser';
import { type ApiSession, signIn, useSession } from '../helpers/e2e-session';
import { uniqueUsername } from '../factories/user.factory';
import { TEST_ADMIN } from '../setup/test-config';

/** YYYY-MM-DD `days` before today on this machine's calendar (the browser's too). */
function daysAgo(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

describe.skipIf(!baseUrl)('the campaign in the browser', () => {
  let browser: Browser;
  let admin: ApiSession;
  const tag = uniqueUsername('c').slice(-6);
  const names = {
    city: `测试市委宣传部${tag}`,
    countyA: `柯城测试区委宣传部${tag}`,
    countyB: `江山测试市委宣传部${tag}`,
    place: `余东测试村${tag}`,
  };
  let cityId = 0;
  let placeId = 0;
  let cadre: ApiSession;
  let supervisor: ApiSession;
  let other: ApiSession;

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await signIn('/api/auth/login', TEST_ADMIN);
    const city = await admin.call<{ unit: { id: number } }>('POST', '/api/units', { name: names.city, level: 'city' });
    cityId = city.unit.id;
    const a = await admin.call<{ unit: { id: number } }>('POST', '/api/units', { name: names.countyA, level: 'county', parentId: cityId });
    // The other county is in another city's tree: its visits are not the supervisor's.
    const otherCity = await admin.call<{ unit: { id: number } }>('POST', '/api/units', { name: `另一测试市${tag}`, level: 'city' });
    const b = await admin.call<{ unit: { id: number } }>('POST', '/api/units', {
      name: names.countyB, level: 'county', parentId: otherCity.unit.id,
    });
    const place = await admin.call<{ place: { id: number } }>('POST', '/api/places', {
      name: names.place, kind: 'village', category: '特色文化村', unitId: a.unit.id,
    });
    placeId = place.place.id;
    const password = 'a-long-enough-password';
    cadre = await signIn('/api/auth/register', { username: uniqueUsername('cadre'), password, displayName: '李干部', unitId: a.unit.id });
    other = await signIn('/api/auth/register', { username: uniqueUsername('other'), password, displayName: '张三', unitId: b.unit.id });
    const sup = await signIn('/api/auth/register', { username: uniqueUsername('sup'), password, displayName: '王督导', unitId: cityId });
    await admin.call('PUT', `/api/users/${sup.user.id}/roles`, { roles: ['member', 'supervisor'] });
    supervisor = await signIn('/api/auth/login', { username: sup.user.username, password });

    // Another county visited the same village five days ago (after the cadre, who logs late).
    const campaign = await other.call<{ integrity: Array<{ id: string }>; activities: Array<{ id: string }> }>('GET', '/api/campaign');
    await other.call('POST', '/api/visits', {
      placeId,
      visitedOn: daysAgo(5),
      activity: campaign.activities[0]?.id,
      integrity: campaign.integrity.map((item) => ({ item: item.id, confirmed: true })),
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists the notes written from visits at a place on the place page', async () => {
    const visits = await other.call<{ items: Array<{ id: number }> }>('GET', `/api/visits?placeId=${placeId}`);
    const visitId = visits.items[0]?.id;
    const title = `余东村下乡心得${tag}`;
    const created = await other.call<{ topic: { id: number } }>('POST', '/api/boards/xiaxiang/topics', {
      title, body: '村里的文化礼堂很热闹。', kind: 'field_note', visitId,
    });
    const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', viewport: { width: 360, height: 740 } });
    await useSession(context, cadre);
    const page = await context.newPage();
    // The author's claim waits for a moderator: the place page does not list it yet.
    await page.goto(`/places/${placeId}`);
    await page.getByRole('heading', { name: '关联的心得和手记' }).waitFor();
    const link = page.getByRole('link', { name: title });
    expect(await link.count()).toBe(0);
    // A moderator (the admin) links it, which confirms it at once; now the place lists it.
    await admin.call('PUT', `/api/topics/${created.topic.id}/visit`, { visitId });
    await page.reload();
    await page.getByRole('heading', { name: '关联的心得和手记' }).waitFor();
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^\/t\/\d+$/);
    await context.close();
  });

  it('shows another unit\'s visit with its coordination facts only, saying who may read the rest', async () => {
    const campaign = await other.call<{ integrity: Array<{ id: string }>; activities: Array<{ id: string }> }>('GET', '/api/campaign');
    const logged = await other.call<{ visit: { id: number } }>('POST', '/api/visits', {
      placeId,
      visitedOn: daysAgo(3),
      activity: campaign.activities[0]?.id,
      findings: { problems: `江山的内部发现${tag}` },
      followUps: [{ text: `江山的后续事项${tag}` }],
      integrity: campaign.integrity.map((item) => ({ item: item.id, confirmed: true })),
    });
    const { page, context } = await newPage(browser);
    await useSession(context, cadre);
    await page.goto(`/visits/${logged.visit.id}`);
    await page.getByRole('heading', { name: new RegExp(names.place) }).first().waitFor();
    await page.getByText('张三').first().waitFor();
    await expect.poll(() => page.getByText('仅对参与人员、本单位成员').count()).toBe(2);
    expect(await page.getByText(`江山的内部发现${tag}`).count()).toBe(0);
    expect(await page.getByText(`江山的后续事项${tag}`).count()).toBe(0);
    await context.close();
  });

  it('logs a visit on a phone with the five prohibitions attested, warns of the overlap, and moves the dashboard', async () => {
    // The city supervisor watches the village target of their subtree (their unit by default).
    const watcher = await newPage(browser, { width: 1280, height: 900 });
    await useSession(watcher.context, supervisor);
    await watcher.page.goto('/progress');
    await expect.poll(() => watcher.page.getByLabel('单位', { exact: true }).inputValue()).toBe(String(cityId));
    const villages = watcher.page.getByTestId('target-village');
    await expect.poll(() => villages.textContent()).toMatch(/^\s*0\s*\/\s*100/);

    const { page, context, errors } = await newPage(browser, { width: 360, height: 740 });
    await useSession(context, cadre);
    await page.goto('/visits');
    await page.getByRole('link', { name: '记录走访' }).click();
    await page.waitForURL(/\/visits\/new$/);

    await page.getByLabel('走访地点').fill(names.place.slice(0, 4));
    await page.getByRole('button', { name: new RegExp(names.place) }).click();
    // The cadre logs, a few days late, the visit made ten days ago.
    await page.getByLabel('走访日期').fill(daysAgo(10));
    // Place and date are chosen: the coordination warning appears before submitting.
    const warning = page.getByRole('status').filter({ hasText: `${names.countyB} 已于` });
    await warning.waitFor();
    await expect.poll(() => warning.textContent()).toContain('请与 张三 协调');

    await page.getByLabel('走访目的').fill('了解文化礼堂建设情况');
    await page.getByLabel('热点难点问题').fill('村文化礼堂缺少活动经费');
    await page.getByLabel('帮助解决').fill('联系县文化馆送戏下乡');
    await page.getByRole('button', { name: '添加后续事项' }).click();
    await page.getByRole('textbox', { name: '事项 1', exact: true }).fill('落实文化礼堂活动经费');

    // Submitting with nothing attested: each item needs a tick or an explanation.
    await page.getByRole('button', { name: '提交走访记录' }).click();
    await page.getByText('请勾选确认，或说明未能遵守的情况。').first().waitFor();

    const boxes = page.getByRole('checkbox');
    expect(await boxes.count()).toBe(5);
    for (const index of [0, 1, 2, 3]) await boxes.nth(index).check();
    await page.getByLabel('未确认，请说明情况').fill('村里安排了迎送，已当场劝止');

    // The draft survives a reload (a closed tab) and is offered back.
    await page.getByText(/草稿已保存在本机/).waitFor();
    await page.reload();
    await page.getByRole('button', { name: '恢复草稿' }).click();
    await expect.poll(() => page.getByLabel('热点难点问题').inputValue()).toBe('村文化礼堂缺少活动经费');
    expect(await page.getByRole('checkbox').nth(3).isChecked()).toBe(true);

    // The connection drops in the village: the visit is not lost.
    await context.setOffline(true);
    await page.getByRole('button', { name: '提交走访记录' }).click();
    await page.getByText('网络连接中断，走访记录尚未提交').waitFor();
    await context.setOffline(false);

    await page.getByRole('button', { name: '提交走访记录' }).click();
    await page.waitForURL(/\/visits\/\d+\?logged=1$/);
    await page.getByText('走访记录已提交。').waitFor();
    await page.getByText('村里安排了迎送，已当场劝止').waitFor();
    await page.getByText('落实文化礼堂活动经费').waitFor();
    // The logger ticks the follow-up off; it stays done.
    const followUp = page.getByRole('checkbox', { name: /落实文化礼堂活动经费/ });
    // The box ticks at once; the change is saved when the PATCH answers (a reload before would cancel it).
    const saved = page.waitForResponse((r) => r.url().includes('/follow-ups/') && r.request().method() === 'PATCH');
    await followUp.check();
    expect((await saved).status()).toBe(200);
    await page.reload();
    await expect.poll(() => page.getByRole('checkbox', { name: /落实文化礼堂活动经费/ }).isChecked()).toBe(true);

    // The personal action plan counts the village toward the cadre's quota.
    await page.goto('/plan');
    await page.getByRole('link', { name: new RegExp(names.place) }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: '走访任务' }).textContent()).toMatch(/联系的村\s*1\s*个已走访/);

    // The draft was cleared on success.
    await page.goto('/visits/new');
    await page.getByLabel('走访地点').waitFor();
    expect(await page.getByRole('button', { name: '恢复草稿' }).count()).toBe(0);

    // The supervisor's dashboard moves: a village counts once, on its first visit, which is
    // now the cadre's (ten days ago, before the other county's), inside the supervisor's tree.
    await watcher.page.reload();
    await expect.poll(() => villages.textContent()).toMatch(/^\s*1\s*\/\s*100/);
    const cells = (unit: string) =>
      watcher.page.getByRole('region', { name: '各单位进度' }).getByRole('row', { name: new RegExp(unit) }).locator('td').allTextContents();
    // villages, enterprises, visits: the city's numbers roll up its county's.
    await expect.poll(() => cells(names.countyA)).toEqual(['1', '0', '1']);
    await expect.poll(() => cells(names.city)).toEqual(['1', '0', '1']);
    // The explained prohibition is listed for the supervisor.
    await watcher.page.getByText('村里安排了迎送，已当场劝止').waitFor();

    // Offline failures and 401s of sign-in probes are expected; nothing else (no CSP violation).
    expect(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
    expect(watcher.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    await context.close();
    await watcher.context.close();
  });
  it('imports places from CSV with a row-by-row report, and plans a visit on the shared calendar with its warning', async () => {
    const { page, context, errors } = await newPage(browser, { width: 360, height: 740 });
    await useSession(context, admin);
    await page.goto('/places');
    const good = `清漾测试村${tag}`;
    const csv = `名称,类型,类别,单位,地址\n${good},村,文明村,${names.countyA},江山市石门镇\n坏行测试村${tag},村,文明村,没有这个单位${tag},\n`;
    await page.getByLabel('CSV 内容（可直接粘贴）').fill(csv);
    await page.getByRole('button', { name: '导入', exact: true }).click();
    const report = page.getByRole('table', { name: /发现 1 处问题/ });
    await report.waitFor();
    await expect.poll(() => report.getByRole('row').nth(1).locator('td').allTextContents()).toEqual([
      '2', 'unit', expect.stringContaining(`没有这个单位${tag}`),
    ]);
    // Nothing was half-imported.
    await page.getByLabel('按名称查找').fill(good);
    await page.getByText('没有找到地点。').waitFor();
    await page.getByLabel('CSV 内容（可直接粘贴）').fill(csv.split('\n').slice(0, 2).join('\n'));
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await page.getByText('已导入 1 个地点。').waitFor();
    await page.getByLabel('按名称查找').fill(good.slice(0, 5));
    await page.getByRole('link', { name: good }).waitFor();

    // A moderator or admin corrects its address on the place's page.
    await page.getByRole('link', { name: good }).click();
    await page.getByRole('button', { name: '编辑地点' }).click();
    await page.getByLabel('地址').fill('江山市石门镇清漾村');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText('地点已保存。').waitFor();
    await page.getByText('江山市石门镇清漾村').waitFor();

    // Another county plans to visit it next week; a cadre planning the same place is warned.
    const { items } = await cadre.call<{ items: Array<{ id: number }> }>('GET', `/api/places?q=${encodeURIComponent(good)}`);
    const placeOfPlan = items[0]?.id;
    const inAWeek = daysAgo(-7);
    await other.call('POST', '/api/visit-plans', { placeId: placeOfPlan, plannedFor: inAWeek, note: '调研文化礼堂' });
    await context.clearCookies();
    await useSession(context, cadre);
    await page.goto('/visits?view=calendar');
    await page.getByRole('heading', { name: '安排走访' }).waitFor();
    await page.getByLabel('走访地点').fill(good.slice(0, 5));
    await page.getByRole('button', { name: new RegExp(good) }).click();
    await page.getByLabel('计划日期').fill(daysAgo(-10));
    await page.getByRole('status').filter({ hasText: `${names.countyB} 计划于` }).waitFor();
    await page.getByRole('button', { name: '加入计划' }).click();
    await page.getByText(/已安排 .* 走访/).waitFor();
    await page.getByRole('link', { name: good }).first().waitFor();
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    await context.close();
  });

  it('lets an admin edit the campaign settings, checking the phases', async () => {
    const { page, context } = await newPage(browser, { width: 360, height: 740 });
    await useSession(context, admin);
    const before = await admin.call<{ overlapWindowDays: number; phases: Array<{ from: string }> }>('GET', '/api/campaign');
    try {
      await page.goto('/campaign/settings');
      const end = page.getByLabel('结束日期').first();
      await end.fill(`${before.phases[0]?.from.slice(0, 4)}-01-01`);
      await page.getByLabel('开始日期').first().fill(`${before.phases[0]?.from.slice(0, 4)}-02-01`);
      await page.getByRole('button', { name: '保存设置' }).click();
      await page.getByText('结束日期不能早于开始日期。').waitFor();
      expect(await end.getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel('开始日期').first().fill(before.phases[0]?.from ?? '');
      await end.fill(`${before.phases[0]?.from.slice(0, 4)}-03-31`);
      await page.getByLabel('重复走访提醒天数').fill(String(before.overlapWindowDays + 1));
      await page.getByRole('button', { name: '保存设置' }).click();
      await page.getByText('设置已保存。').waitFor();
      const after = await admin.call<{ overlapWindowDays: number }>('GET', '/api/campaign');
      expect(after.overlapWindowDays).toBe(before.overlapWindowDays + 1);
    } finally {
      await admin.call('PUT', '/api/campaign', { overlapWindowDays: before.overlapWindowDays });
      await context.close();
    }
  });
  it('fits every campaign page on a 360 px phone without horizontal scrolling', async () => {
    const { page, context } = await newPage(browser, { width: 360, height: 740 });
    await useSession(context, supervisor);
    const pages: Array<[string, string]> = [
      ['/visits', '走访日志'],
      ['/visits?view=calendar', '安排走访'],
      ['/visits/new', '提交走访记录'],
      [`/places/${placeId}`, '走访次数'],
      ['/plan', '走访任务'],
      [`/progress?unitId=${cityId}`, '各单位进度'],
    ];
    for (const [path, text] of pages) {
      await page.goto(path);
      await page.getByText(text).first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
  it('shows a server field error beside its field, counting follow-ups as the form shows them', async () => {
    const { page, context } = await newPage(browser, { width: 360, height: 740 });
    await useSession(context, cadre);
    // The server's answer is staged here (its own checks are in the integration tests):
    // a blank first follow-up is left out of the request, so the server's followUps.0 is
    // the form's second row.
    await page.route('**/api/visits', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({
              statusCode: 400, code: 'VALIDATION', error: 'Bad Request', message: '完成期限不是有效日期。', field: 'followUps.0.dueOn',
            }),
          })
        : route.continue(),
    );
    await page.goto(`/visits/new?placeId=${placeId}`);
    await page.getByRole('button', { name: /更换地点/ }).waitFor();
    await page.getByRole('button', { name: '添加后续事项' }).click();
    await page.getByRole('button', { name: '添加后续事项' }).click();
    await page.getByRole('textbox', { name: '事项 2', exact: true }).fill('回访');
    for (const box of await page.getByRole('checkbox').all()) await box.check();
    await page.getByRole('button', { name: '提交走访记录' }).click();
    await page.getByText('完成期限不是有效日期。').waitFor();
    const due = page.getByLabel('完成期限').nth(1);
    expect(await due.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('完成期限').first().getAttribute('aria-invalid')).toBe('false');
    await expect.poll(() => page.evaluate(() => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active?.id;
    })).toBe('followup-1-due');
    await context.close();
  });
});
