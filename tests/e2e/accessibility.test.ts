import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, newPage } from '../helpers/browser';
import { daysAgo, signIn, signInAdmin, useSession, type ApiSession } from '../helpers/e2e-session';
import { uniqueUsername } from '../factories/user.factory';

/*
 * axe-core in Chromium on every page of the app (API.md "Pages", and the not-found page),
 * signed out and as a member, a moderator and an admin, in Chinese and in English: no
 * serious or critical violation anywhere. @axe-core/playwright works over playwright-core
 * (its peer dependency); it injects axe through the DevTools protocol, which the page's
 * CSP does not govern, so the CSP stays as it is in production.
 */

type Role = 'anonymous' | 'member' | 'moderator' | 'admin';
const ROLES: readonly Role[] = ['anonymous', 'member', 'moderator', 'admin'];
const LANGUAGES = ['zh-CN', 'en'] as const;
const PASSWORD = 'a-long-enough-password';

/** One finding, as the failure message lists it. */
interface Finding {
  path: string;
  rule: string;
  impact: string;
  targets: string[];
  help: string;
}

/** Waits until the page has stopped loading (no request in flight, no "loading" status left). */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('gr-app main').waitFor();
  await page.waitForFunction(() => {
    const texts: string[] = [];
    const walk = (root: Document | ShadowRoot): void => {
      for (const el of root.querySelectorAll('[role="status"]')) texts.push(el.textContent ?? '');
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
    };
    walk(document);
    return !texts.some((text) => /加载中|Loading/.test(text));
  }, undefined, { timeout: 15_000 });
}

/** Runs axe on the page and returns its serious and critical violations. */
async function seriousViolations(page: Page, path: string): Promise<Finding[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      path,
      rule: v.id,
      impact: v.impact ?? '',
      targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)),
      help: v.help,
    }));
}

describe.skipIf(!baseUrl)('accessibility of every page (axe-core)', () => {
  let browser: Browser;
  const sessions = new Map<Role, ApiSession>();
  let paths: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    const admin = await signInAdmin();
    const tag = uniqueUsername('a').slice(-6);
    const city = await admin.call<{ unit: { id: number } }>('POST', '/api/units', { name: `无障碍测试市${tag}`, level: 'city' });
    const county = await admin.call<{ unit: { id: number } }>('POST', '/api/units', {
      name: `无障碍测试区${tag}`, level: 'county', parentId: city.unit.id,
    });
    const place = await admin.call<{ place: { id: number } }>('POST', '/api/places', {
      name: `无障碍测试村${tag}`, kind: 'village', unitId: county.unit.id,
    });
    const member = await signIn('/api/auth/register', {
      username: uniqueUsername('axm'), password: PASSWORD, displayName: '无障碍成员', unitId: county.unit.id,
    });
    const mod = await signIn('/api/auth/register', {
      username: uniqueUsername('axd'), password: PASSWORD, displayName: '无障碍版主', unitId: county.unit.id,
    });
    await admin.call('PUT', `/api/users/${mod.user.id}/roles`, { roles: ['member', 'moderator', 'supervisor'] });
    const moderator = await signIn('/api/auth/login', { username: mod.user.username, password: PASSWORD });
    sessions.set('member', member).set('moderator', moderator).set('admin', admin);

    // A topic with a thread (a reply to a reply, a reaction, an edit), a visit and a plan.
    const created = await member.call<{ topic: { id: number } }>('POST', '/api/boards/qunzhong/topics', {
      title: `无障碍检查 ${tag}`, body: '今天走进**文化礼堂**。',
    });
    const first = await moderator.call<{ post: { id: number } }>('POST', `/api/topics/${created.topic.id}/posts`, { body: '说得好。' });
    const second = await member.call<{ post: { id: number } }>('POST', `/api/topics/${created.topic.id}/posts`, {
      body: '谢谢，**还要**再去。', parentId: first.post.id,
    });
    await member.call('PATCH', `/api/posts/${second.post.id}`, { body: '谢谢，**还要**再去一次。' });
    await member.call('PUT', `/api/posts/${first.post.id}/reactions/like`);
    const campaign = await member.call<{ integrity: Array<{ id: string }>; activities: Array<{ id: string }> }>('GET', '/api/campaign');
    const visit = await member.call<{ visit: { id: number } }>('POST', '/api/visits', {
      placeId: place.place.id,
      visitedOn: daysAgo(3),
      activity: campaign.activities[0]?.id,
      purpose: '了解文化礼堂',
      findings: { problems: '缺少经费', help: '', exemplars: '', opinions: '' },
      integrity: campaign.integrity.map((item, i) => (i === 0 ? { item: item.id, confirmed: false, explanation: '村里安排了迎送' } : { item: item.id, confirmed: true })),
    });
    paths = [
      '/', '/b/qunzhong', `/t/${created.topic.id}`, `/u/${member.user.username}`, '/search?q=文化礼堂',
      '/visits', '/visits?view=calendar', '/visits/new', `/visits/${visit.visit.id}`, '/places', `/places/${place.place.id}`,
      '/plan', '/progress', '/campaign/settings', '/featured', '/mod', '/editor', '/login', '/register', '/settings',
      '/admin', '/no-such-page',
    ];
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const language of LANGUAGES) {
    for (const role of ROLES) {
      it(`finds no serious or critical violation on any page, ${role === 'anonymous' ? 'signed out' : `as ${role}`}, in ${language}`, async () => {
        const { page, context } = await newPage(browser, { width: 1280, height: 800, locale: language });
        await context.addInitScript((locale) => localStorage.setItem('gr.locale', locale), language);
        const session = sessions.get(role);
        if (session) await useSession(context, session);
        const findings: Finding[] = [];
        for (const path of paths) {
          await page.goto(path);
          await settle(page);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
          findings.push(...(await seriousViolations(page, path)));
        }
        expect(findings).toEqual([]);
        await context.close();
      }, 240_000);
    }
  }
});
