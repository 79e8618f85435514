import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, newPage } from '../helpers/browser';
import { uniqueUsername } from '../factories/user.factory';
import { TEST_ADMIN } from '../setup/test-config';

describe.skipIf(!baseUrl)('accounts in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('registers in Chinese, signs out and signs in again through the pages, with no CSP or script errors', async () => {
    const { page, errors, context } = await newPage(browser);
    const username = uniqueUsername('e2e');
    await page.goto('/register');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('显示名称').fill('王小明');
    await page.getByLabel('密码').fill('short');
    await page.getByRole('button', { name: '注册', exact: true }).click();
    // The password rule is checked before anything is sent.
    await page.locator('[aria-invalid="true"]').first().waitFor();
    await page.getByLabel('密码').fill('a-long-enough-password');
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await page.waitForURL(`${baseUrl}/`);
    const menu = page.getByRole('button', { name: '王小明' });
    await menu.waitFor();

    // A deep link answers on reload, still signed in (the session is a cookie in the database).
    await page.goto('/settings');
    await page.getByLabel('令牌名称').waitFor();
    await page.reload();
    await page.getByLabel('令牌名称').waitFor();

    await page.getByRole('button', { name: '王小明' }).click();
    await page.getByRole('button', { name: '退出' }).click();
    await page.getByRole('link', { name: '登录' }).first().waitFor();

    await page.goto('/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill('wrong-password-xx');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '用户名或密码不正确' }).waitFor();
    await page.getByLabel('密码').fill('a-long-enough-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('button', { name: '王小明' }).waitFor();
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'gr_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    // 401s from /api/me before sign-in and from the wrong password are expected answers;
    // anything else (a CSP violation, a script error) is a failure.
    expect(errors.filter((e) => !/Failed to load resource: .* (401|400)/.test(e))).toEqual([]);
    await context.close();
  });

  it('shows the server’s field error next to the field: a taken username', async () => {
    const { page, context } = await newPage(browser);
    await page.goto('/register');
    await page.getByLabel('用户名').fill(TEST_ADMIN.username.toUpperCase());
    await page.getByLabel('显示名称').fill('冒名者');
    await page.getByLabel('密码').fill('a-long-enough-password');
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await page.getByText('该用户名已被使用').waitFor();
    expect(await page.getByLabel('用户名').getAttribute('aria-invalid')).toBe('true');
    await context.close();
  });

  it('switches to English and remembers the choice across a reload', async () => {
    const { page, context } = await newPage(browser);
    await page.goto('/login');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Username').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.reload();
    await page.getByLabel('Username').waitFor();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByLabel('用户名').waitFor();
    await context.close();
  });

  it('lets the admin build the unit tree and grant a role in the admin page', async () => {
    const { page, context } = await newPage(browser);
    const member = uniqueUsername('role');
    const reg = await fetch(`${baseUrl}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: member, password: 'a-long-enough-password', displayName: '被授权者' }),
    });
    expect(reg.status).toBe(201);
    await page.goto('/login?next=/admin');
    await page.getByLabel('用户名').fill(TEST_ADMIN.username);
    await page.getByLabel('密码').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(`${baseUrl}/admin`);
    const unitName = `测试乡${Date.now()}`;
    await page.getByLabel('单位名称').fill(unitName);
    await page.getByLabel('级别').selectOption('county');
    const parent = page.getByLabel('上级单位');
    const cityValue = await parent.locator('option').filter({ hasText: '中共衢州市委宣传部' }).getAttribute('value');
    await parent.selectOption(cityValue ?? '');
    await page.getByRole('button', { name: '添加单位' }).click();
    await page.getByText(`已添加单位“${unitName}”。`).waitFor();
    const units = (await (await fetch(`${baseUrl}/api/units`)).json()) as { items: { name: string; level: string }[] };
    expect(units.items).toContainEqual(expect.objectContaining({ name: unitName, level: 'county' }));

    // Found through the people search, by part of the display name.
    await page.getByLabel('要授权的人').fill('被授权');
    await page.locator('gr-role-editor gr-user-picker').getByRole('button', { name: new RegExp(`@${member}`) }).click();
    await page.getByLabel('版主').check();
    await page.getByRole('button', { name: '保存角色' }).click();
    await page.getByText('的角色。').waitFor();
    const profile = (await (await fetch(`${baseUrl}/api/users/${member}`)).json()) as { user: { roles: string[] } };
    expect(profile.user.roles).toContain('moderator');
    await context.close();
  });

  it('stays on this site after signing in with a next that normalises to another host (/.//evil.example)', async () => {
    const { page, context } = await newPage(browser);
    const username = uniqueUsername('nx');
    const reg = await fetch(`${baseUrl}/api/auth/register`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'a-long-enough-password', displayName: '跳转测试' }),
    });
    expect(reg.status).toBe(201);
    await page.goto('/login?next=/.//evil.example/phish');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill('a-long-enough-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(`${baseUrl}/`);
    await page.getByRole('button', { name: '跳转测试' }).waitFor();
    expect(new URL(page.url()).origin).toBe(new URL(baseUrl).origin);
    await context.close();
  });

  it('changes the password on the settings page, then signs in with the new one', async () => {
    const { page, context } = await newPage(browser);
    const username = uniqueUsername('pw');
    const reg = await page.request.post('/api/auth/register', {
      data: { username, password: 'the-first-password', displayName: '改密码的人' },
    });
    expect(reg.status()).toBe(201);
    const { csrfToken } = (await reg.json()) as { csrfToken: string };
    const token = await page.request.post('/api/tokens', { data: { name: '脚本' }, headers: { 'x-csrf-token': csrfToken } });
    const { secret } = (await token.json()) as { secret: string };
    await page.goto('/settings');
    await page.locator('gr-api-tokens li', { hasText: '脚本' }).waitFor();
    // What the change does is said before it is made.
    await page.getByText('您的所有个人 API 令牌也将被撤销').waitFor();
    await page.getByLabel('当前密码').fill('wrong-password-1');
    await page.getByLabel('新密码').fill('the-second-password');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('当前密码不正确').waitFor();
    await page.getByLabel('当前密码').fill('the-first-password');
    await page.getByLabel('新密码').fill('short');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.locator('#new-password[aria-invalid="true"]').waitFor();
    await page.getByLabel('新密码').fill('the-second-password');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('密码已修改').waitFor();
    // The revoked token leaves the list at once, without a reload.
    await page.locator('gr-api-tokens').getByText('您还没有创建令牌。').waitFor();
    const withToken = await fetch(`${baseUrl}/api/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(withToken.status).toBe(401);
    const fresh = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'the-second-password' }),
    });
    expect(fresh.status).toBe(200);
    await context.close();
  });

  it('lists the signed-in devices on the settings page and signs another one out', async () => {
    const { page, context } = await newPage(browser);
    const username = uniqueUsername('dev');
    const reg = await page.request.post('/api/auth/register', {
      data: { username, password: 'a-device-password', displayName: '多设备的人' },
    });
    expect(reg.status()).toBe(201);
    // The same account signed in on a phone elsewhere.
    const phone = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (Linux; Android 14; Pixel) Chrome/126.0 Mobile Safari/537.36' },
      body: JSON.stringify({ username, password: 'a-device-password' }),
    });
    const phoneCookie = (phone.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    await page.goto('/settings');
    const devices = page.locator('gr-sessions ul.list > li');
    await expect.poll(() => devices.count()).toBe(2);
    await devices.filter({ hasText: '当前设备' }).waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '退出该设备：Chrome（Android）' }).click();
    await expect.poll(() => devices.count()).toBe(1);
    const after = await fetch(`${baseUrl}/api/me`, { headers: { cookie: phoneCookie } });
    expect(after.status).toBe(401);
    // This browser is still signed in.
    await page.reload();
    await devices.filter({ hasText: '当前设备' }).waitFor();
    await context.close();
  });

  it('fits a 360 px phone without horizontal scrolling, with Chinese text in a CJK font', async () => {
    const { page, context } = await newPage(browser, { width: 360, height: 740 });
    await page.goto('/register');
    await page.getByLabel('用户名').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const family = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(family).toMatch(/Noto Sans CJK SC|PingFang SC|Microsoft YaHei/);
    await context.close();
  });
});
