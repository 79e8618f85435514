import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, launchBrowser, newPage } from '../helpers/browser';
import { TEST_ADMIN } from '../setup/test-config';

/** A member registered through the API, with the session cookie the browser gets. */
interface Member {
  username: string;
  displayName: string;
  cookie: { name: string; value: string };
  csrfToken: string;
}

let counter = 0;
function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}${Math.floor(Math.random() * 1e4)}`.slice(0, 32);
}

/** Some Chinese characters that do not otherwise appear together, for search-unique words. */
function chineseWord(length: number): string {
  const pool = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥梅兰竹菊松柏桃李杏桂';
  let word = '';
  for (let i = 0; i < length; i += 1) word += pool[Math.floor(Math.random() * pool.length)];
  return word;
}

async function register(displayName: string, unitId?: number): Promise<Member> {
  const username = uniqueName('e2e');
  const res = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'e2e-password-123', displayName, ...(unitId ? { unitId } : {}) }),
  });
  expect(res.status).toBe(201);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const [pair = ''] = setCookie.split(';');
  const eq = pair.indexOf('=');
  const body = (await res.json()) as { csrfToken: string };
  return { username, displayName, cookie: { name: pair.slice(0, eq), value: pair.slice(eq + 1) }, csrfToken: body.csrfToken };
}

async function signInAdmin(): Promise<Member> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(TEST_ADMIN),
  });
  expect(res.status).toBe(200);
  const pair = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const eq = pair.indexOf('=');
  return {
    username: TEST_ADMIN.username,
    displayName: '',
    cookie: { name: pair.slice(0, eq), value: pair.slice(eq + 1) },
    csrfToken: ((await res.json()) as { csrfToken: string }).csrfToken,
  };
}

async function call<T>(member: Member, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      cookie: `${member.cookie.name}=${member.cookie.value}`,
      'x-csrf-token': member.csrfToken,
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}

interface Created {
  topic: { id: number };
  post: { id: number };
}

async function createTopic(member: Member, title: string, body: string, board = 'qunzhong'): Promise<Created> {
  return call<Created>(member, 'POST', `/api/boards/${board}/topics`, { title, body });
}

async function reply(member: Member, topicId: number, body: string, parentId?: number): Promise<{ post: { id: number } }> {
  return call(member, 'POST', `/api/topics/${topicId}/posts`, parentId ? { body, parentId } : { body });
}

async function pageAs(
  browser: Browser,
  member: Member | null,
  width = 1280,
): Promise<{ page: Page; errors: string[]; context: BrowserContext }> {
  const { context, page, errors } = await newPage(browser, { width });
  if (member) await context.addCookies([{ ...member.cookie, url: baseUrl }]);
  return { page, errors, context };
}

describe.skipIf(!baseUrl)('discussion boards in the browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('browses from the home page to the theme board and starts a topic there (360 px wide)', async () => {
    const author = await register('浏览者');
    const { page, errors } = await pageAs(browser, author, 360);
    await page.goto('/');
    const theme = page.locator('gr-home-page li.theme h3 a');
    await expect.poll(() => theme.textContent()).toBe('群众在我心中、我在群众当中');
    await theme.click();
    await page.locator('gr-board-page h1', { hasText: '群众在我心中、我在群众当中' }).waitFor();

    await page.getByRole('button', { name: '发表新主题' }).click();
    const title = `下乡见闻 ${chineseWord(4)}`;
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('类型').selectOption('field_note');
    await page.locator('gr-board-page gr-composer textarea').fill('今天走进**文化礼堂**，和村民聊了很久。');
    await page.getByRole('button', { name: '发表主题' }).click();

    await page.waitForURL(/\/t\/\d+$/);
    await page.locator('gr-topic-page h1', { hasText: title }).waitFor();
    await page.locator('gr-topic-page .badge.kind', { hasText: '下乡心得' }).waitFor();
    // The markdown was rendered by the server.
    await page.locator('gr-post .content strong', { hasText: '文化礼堂' }).waitFor();
    // No horizontal scrolling at phone width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
  });

  it('replies to a reply and shows it nested under the post it answers', async () => {
    const alice = await register('阿丽');
    const bob = await register('鲍勃');
    const { topic } = await createTopic(alice, `树状讨论 ${chineseWord(3)}`, '大家怎么看？');
    const { post: bobPost } = await reply(bob, topic.id, '我觉得要多下乡。');

    const { page } = await pageAs(browser, alice);
    await page.goto(`/t/${topic.id}`);
    const bobNode = page.locator(`gr-topic-page li#post-${bobPost.id}`);
    await bobNode.locator('gr-post', { hasText: '我觉得要多下乡。' }).waitFor();

    await bobNode.locator('gr-post').getByRole('button', { name: '回复', exact: true }).click();
    const inline = bobNode.locator('.inline-composer textarea');
    await inline.fill('同意，而且要住下来。');
    await inline.press('Control+Enter');

    // The reply sits inside the replies list of Bob's post, and links back to it.
    const nested = bobNode.locator('ol.replies > li gr-post', { hasText: '同意，而且要住下来。' });
    await nested.waitFor();
    await nested.getByRole('link', { name: '回复 鲍勃' }).waitFor();
    const parentOfReply = await nested.evaluate((el) => el.closest('ol.replies')?.closest('li')?.id);
    expect(parentOfReply).toBe(`post-${bobPost.id}`);
    // The inline composer closed after sending.
    await expect.poll(() => bobNode.locator('.inline-composer').count()).toBe(0);
  });

  it('collapses deep threads into "continue this thread"', async () => {
    const alice = await register('深度');
    const { topic } = await createTopic(alice, `深层讨论 ${chineseWord(3)}`, '起点');
    let parent: number | undefined;
    for (let depth = 0; depth < 7; depth += 1) {
      parent = (await reply(alice, topic.id, `第${depth}层回复`, parent)).post.id;
    }
    const { page } = await pageAs(browser, null);
    await page.goto(`/t/${topic.id}`);
    await page.locator('gr-post', { hasText: '第5层回复' }).waitFor();
    expect(await page.locator('gr-post', { hasText: '第6层回复' }).count()).toBe(0);
    await page.getByRole('link', { name: /继续查看此讨论/ }).click();
    await page.locator('gr-post', { hasText: '第6层回复' }).waitFor();
    await page.getByRole('link', { name: '返回完整讨论' }).waitFor();
  });

  it('quotes the selected text of a post into the composer with attribution', async () => {
    const alice = await register('引用者');
    const bob = await register('被引者');
    const { topic } = await createTopic(alice, `引用测试 ${chineseWord(3)}`, '开头');
    const { post } = await reply(bob, topic.id, '第一句话很长。第二句话只要这一段。');

    const { page } = await pageAs(browser, alice);
    await page.goto(`/t/${topic.id}`);
    const target = page.locator(`gr-topic-page li#post-${post.id} > gr-post`);
    await target.locator('.content p').waitFor();
    // Select "第二句话只要这一段" inside that post (its text node lives in a shadow root).
    await target.locator('.content p').evaluate((p) => {
      const text = p.firstChild as Text;
      const start = (text.data ?? '').indexOf('第二句话');
      const range = document.createRange();
      range.setStart(text, start);
      range.setEnd(text, start + '第二句话只要这一段'.length);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    });
    await target.getByRole('button', { name: '引用', exact: true }).click();

    const composer = page.locator(`gr-topic-page li#post-${post.id} .inline-composer textarea`);
    await expect.poll(() => composer.inputValue()).toContain('> 第二句话只要这一段');
    const value = await composer.inputValue();
    expect(value).toContain(`被引者](/t/${topic.id}#post-${post.id}) 写道：`);
    expect(value).not.toContain('第一句话');

    await composer.press('End');
    await composer.pressSequentially('说得好。');
    await page.getByRole('button', { name: '发表回复' }).click();
    const sent = page.locator('gr-post', { hasText: '说得好。' });
    await sent.locator('.content blockquote', { hasText: '第二句话只要这一段' }).waitFor();
  });

  it('edits a post and shows the change in its history', async () => {
    const alice = await register('编辑者');
    const { topic, post } = await createTopic(alice, `编辑测试 ${chineseWord(3)}`, '第一行\n\n原来的第二行');
    const { page } = await pageAs(browser, alice);
    await page.goto(`/t/${topic.id}`);
    const node = page.locator(`gr-topic-page li#post-${post.id} > gr-post`);
    await node.getByRole('button', { name: '编辑', exact: true }).click();
    const editor = node.locator('gr-composer textarea');
    await expect.poll(() => editor.inputValue()).toBe('第一行\n\n原来的第二行');
    await editor.fill('第一行\n\n修改后的第二行');
    await node.getByRole('button', { name: '保存修改' }).click();
    await node.locator('.content', { hasText: '修改后的第二行' }).waitFor();
    await node.getByText(/已编辑/).waitFor();

    await node.getByRole('button', { name: '编辑历史' }).click();
    const history = node.locator('gr-post-history');
    await history.locator('.diff .del', { hasText: '原来的第二行' }).waitFor();
    await history.locator('.diff .add', { hasText: '修改后的第二行' }).waitFor();
    await history.locator('.diff .same', { hasText: '第一行' }).waitFor();
    await history.getByText(/编辑者 编辑于/).waitFor();
  });

  it('keeps a reply draft on the server across a reload', async () => {
    const alice = await register('草稿者');
    const { topic } = await createTopic(alice, `草稿测试 ${chineseWord(3)}`, '正文');
    const { page } = await pageAs(browser, alice);
    await page.goto(`/t/${topic.id}`);
    const box = page.locator('gr-topic-page .reply-section textarea');
    await box.fill('还没写完的回复草稿');
    await page.locator('gr-topic-page .reply-section').getByText(/草稿已保存/).waitFor();
    await page.reload();
    await expect.poll(() => page.locator('gr-topic-page .reply-section textarea').inputValue()).toBe('还没写完的回复草稿');

    // Sending clears it: after another reload the box is empty.
    await page.getByRole('button', { name: '发表回复' }).click();
    await page.locator('gr-post', { hasText: '还没写完的回复草稿' }).waitFor();
    await page.reload();
    await page.locator('gr-topic-page .reply-section textarea').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.locator('gr-topic-page .reply-section textarea').inputValue()).toBe('');
  });

  it('previews markdown through the server and explains a missing title', async () => {
    const alice = await register('预览者');
    const { page } = await pageAs(browser, alice);
    await page.goto('/b/dataolun');
    await page.getByRole('button', { name: '发表新主题' }).click();
    const composer = page.locator('gr-board-page gr-composer');
    await composer.locator('textarea').fill('- 第一条\n- 第二条\n\n<script>alert(1)</script>');
    await composer.getByRole('tab', { name: '预览' }).click();
    await composer.locator('.preview li', { hasText: '第二条' }).waitFor();
    expect(await composer.locator('.preview script').count()).toBe(0);
    await composer.getByRole('tab', { name: '编写' }).click();
    await composer.getByRole('button', { name: '发表主题' }).click();
    await composer.getByText('请输入标题。').waitFor();

    // Ctrl+B makes the selection bold; the list button prefixes the selected lines.
    const area = composer.locator('textarea');
    await area.fill('重要');
    await area.selectText();
    await area.press('Control+b');
    await expect.poll(() => area.inputValue()).toBe('**重要**');
    await area.fill('甲\n乙');
    await area.selectText();
    await composer.getByRole('button', { name: '列表' }).click();
    await expect.poll(() => area.inputValue()).toBe('- 甲\n- 乙');
  });

  it('finds Chinese words inside unsegmented text from the search page', async () => {
    const alice = await register('搜索者');
    const word = chineseWord(5);
    const { topic } = await createTopic(alice, `关于${word}的调研`, `石室乡文化村的${word}礼堂很热闹。`);
    const { page } = await pageAs(browser, null, 360);
    await page.goto('/');
    await page.locator('gr-site-header input[type="search"]').fill(word.slice(1, 4));
    await page.locator('gr-site-header input[type="search"]').press('Enter');
    await page.waitForURL(/\/search\?q=/);
    const hit = page.locator('gr-search-page ol.results li', { hasText: `关于${word}的调研` });
    await hit.waitFor();
    await hit.locator('.snippet mark').first().waitFor();
    await hit.getByRole('link').click();
    await page.waitForURL(new RegExp(`/t/${topic.id}#post-\\d+$`));
    await page.locator('gr-topic-page h1', { hasText: `关于${word}的调研` }).waitFor();

    await page.goto(`/search?q=${encodeURIComponent(`${word.slice(0, 2)} 文化村`)}&board=qunzhong`);
    await page.locator('gr-search-page ol.results li', { hasText: `关于${word}的调研` }).waitFor();
    await page.goto(`/search?q=${encodeURIComponent(`${word} 不存在的词组合`)}`);
    await page.getByText(/没有找到与/).waitFor();
  });

  it('loads a board beyond its first page with "load more", each topic once', async () => {
    const admin = await signInAdmin();
    const slug = `pg-${Date.now().toString(36)}`;
    await call(admin, 'POST', '/api/boards', { slug, name: `翻页测试${chineseWord(3)}` });
    // 23 topics from two members (the posting limit is per member and minute).
    const writers = [await register('翻页甲'), await register('翻页乙')];
    for (let i = 1; i <= 23; i += 1) await createTopic(writers[i % 2] as Member, `翻页主题 ${String(i).padStart(2, '0')}`, '内容', slug);
    const { page } = await pageAs(browser, null);
    await page.goto(`/b/${slug}`);
    const topics = page.locator('gr-board-page ol.topics > li');
    await expect.poll(() => topics.count()).toBe(20);
    // Newest activity first: the first page ends at topic 04.
    await expect.poll(() => topics.last().textContent()).toContain('翻页主题 04');
    // New activity while reading: topic 01 (on the next page) moves to the top live.
    await page.waitForLoadState('networkidle');
    const bumped = await call<{ items: { id: number; title: string }[] }>(admin, 'GET', `/api/boards/${slug}/topics?limit=50`);
    const oldest = bumped.items.find((topic) => topic.title === '翻页主题 01');
    await reply(writers[0] as Member, oldest?.id ?? 0, '顶一下');
    await expect.poll(() => topics.first().textContent()).toContain('翻页主题 01');
    await page.getByRole('button', { name: '加载更多主题' }).click();
    await expect.poll(() => topics.count()).toBe(23);
    const titles = await page.locator('gr-board-page ol.topics > li .title').allTextContents();
    expect(new Set(titles).size).toBe(titles.length);
    expect(await page.getByRole('button', { name: '加载更多主题' }).count()).toBe(0);
  });

  it('links a new field note to a visit of the writer\'s unit', async () => {
    const admin = await signInAdmin();
    const tag = chineseWord(4);
    const unit = await call<{ unit: { id: number } }>(admin, 'POST', '/api/units', { name: `手记测试市${tag}`, level: 'city' });
    const place = await call<{ place: { id: number } }>(admin, 'POST', '/api/places', {
      name: `手记测试村${tag}`, kind: 'village', unitId: unit.unit.id,
    });
    const writer = await register('手记作者', unit.unit.id);
    const campaign = await call<{ integrity: Array<{ id: string }>; activities: Array<{ id: string }> }>(writer, 'GET', '/api/campaign');
    const today = new Date();
    const visitedOn = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    const { visit } = await call<{ visit: { id: number } }>(writer, 'POST', '/api/visits', {
      placeId: place.place.id,
      visitedOn,
      activity: campaign.activities[0]?.id,
      integrity: campaign.integrity.map((item) => ({ item: item.id, confirmed: true })),
    });

    const { page } = await pageAs(browser, writer);
    await page.goto('/b/xiaxiang');
    await page.getByRole('button', { name: '发表新主题' }).click();
    await page.getByLabel('标题').fill(`走进手记测试村 ${tag}`);
    await page.getByLabel('类型').selectOption('field_note');
    await page.getByLabel(/关联走访/).selectOption(String(visit.id));
    await page.locator('gr-board-page gr-composer textarea').fill('村里的文化礼堂办起了读书会。');
    await page.getByRole('button', { name: '发表主题' }).click();
    await page.waitForURL(/\/t\/\d+$/);
    const link = page.locator('gr-topic-page .badges a', { hasText: '来自一次走访' });
    await expect.poll(() => link.getAttribute('href')).toBe(`/visits/${visit.id}`);
  });

  it('shows a profile with recent topics and the journal', async () => {
    const alice = await register('主页者');
    await call(alice, 'POST', '/api/boards/xiaxiang/topics', { title: '采风小记', body: '山里的歌', kind: 'field_impression' });
    const { page } = await pageAs(browser, null);
    await page.goto(`/u/${alice.username}`);
    await page.locator('gr-profile-page h1', { hasText: '主页者' }).waitFor();
    await page.locator('gr-profile-page section.journal li', { hasText: '采风小记' }).locator('.badge', { hasText: '采风感怀' }).waitFor();
  });
});

describe.skipIf(!baseUrl)('live updates in the browser (issue 4)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows a reply typed in one page in the other without a reload, with typing and readers', async () => {
    const alice = await register('实时甲');
    const bob = await register('实时乙');
    const { topic, post } = await createTopic(alice, `实时讨论 ${chineseWord(3)}`, '谁在线？');
    const { page: alicePage } = await pageAs(browser, alice);
    const { page: bobPage } = await pageAs(browser, bob);
    await alicePage.goto(`/t/${topic.id}`);
    await bobPage.goto(`/t/${topic.id}`);
    await alicePage.locator(`gr-topic-page li#post-${post.id}`).waitFor();
    await bobPage.locator(`gr-topic-page li#post-${post.id}`).waitFor();
    await alicePage.getByText('2 人正在阅读').waitFor();

    const box = bobPage.locator('gr-topic-page .reply-section textarea');
    await box.pressSequentially('我在线，', { delay: 20 });
    await alicePage.getByText('实时乙 正在输入…').waitFor();
    await box.pressSequentially('刚从村里回来。');
    await bobPage.getByRole('button', { name: '发表回复' }).click();

    const arrived = alicePage.locator('gr-topic-page ol.thread > li gr-post', { hasText: '我在线，刚从村里回来。' });
    await arrived.waitFor();
    // Alice's page was never reloaded: the reply arrived over the socket.
    expect(await alicePage.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);

    // An edit arrives in place too.
    const replyId = await bobPage
      .locator('gr-topic-page ol.thread > li', { hasText: '我在线，刚从村里回来。' })
      .getAttribute('data-post-id');
    await call(bob, 'PATCH', `/api/posts/${replyId}`, { body: '我在线，刚从村里回来，带回了问题清单。' });
    await alicePage.locator(`gr-topic-page li#post-${replyId} gr-post`, { hasText: '带回了问题清单' }).waitFor();
  });

  it('shows a reply sent after the page read the thread but before its socket connected', async () => {
    const alice = await register('迟连甲');
    const bob = await register('迟连乙');
    const { topic, post } = await createTopic(alice, `迟到的连接 ${chineseWord(3)}`, '慢网络');
    const { page } = await pageAs(browser, alice);
    // Hold the page's socket until the reply is committed: a slow phone network.
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.routeWebSocket(/\/socket\.io\//, async (ws) => {
      await gate;
      ws.connectToServer();
    });
    await page.goto(`/t/${topic.id}`);
    await page.locator(`gr-topic-page li#post-${post.id}`).waitFor();
    await reply(bob, topic.id, '连接之前发出的回复');
    release();
    await page.locator('gr-topic-page li.node > gr-post', { hasText: '连接之前发出的回复' }).waitFor();
    await reply(bob, topic.id, '连接之后发出的回复');
    await page.locator('gr-topic-page li.node > gr-post', { hasText: '连接之后发出的回复' }).waitFor();
    expect(await page.locator('gr-topic-page li.node > gr-post', { hasText: '连接之前发出的回复' }).count()).toBe(1);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
  });

  it('catches up after a dropped connection without losing or doubling a reply', async () => {
    const alice = await register('断线甲');
    const bob = await register('断线乙');
    const { topic, post } = await createTopic(alice, `断线重连 ${chineseWord(3)}`, '网络不稳');
    const { page, context } = await pageAs(browser, alice);
    // Keep a handle on the page's WebSockets so the test can drop them (laptop sleep, network change).
    await page.addInitScript(() => {
      const sockets: WebSocket[] = [];
      const Native = window.WebSocket;
      class Tracked extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          sockets.push(this);
        }
      }
      window.WebSocket = Tracked;
      (window as unknown as { dropSockets: () => void }).dropSockets = () => sockets.forEach((ws) => ws.close());
    });
    await page.goto(`/t/${topic.id}`);
    await page.locator(`gr-topic-page li#post-${post.id}`).waitFor();
    await reply(bob, topic.id, '断线之前的回复');
    await page.locator('gr-post', { hasText: '断线之前的回复' }).waitFor();

    await context.setOffline(true);
    await page.evaluate(() => (window as unknown as { dropSockets: () => void }).dropSockets());
    await reply(bob, topic.id, '断线期间的第一条');
    await reply(bob, topic.id, '断线期间的第二条');
    await page.waitForTimeout(1500);
    expect(await page.locator('gr-post', { hasText: '断线期间的第一条' }).count()).toBe(0);
    await context.setOffline(false);

    await page.locator('gr-post', { hasText: '断线期间的第二条' }).waitFor({ timeout: 15_000 });
    await page.locator('gr-post', { hasText: '断线期间的第一条' }).waitFor();
    await reply(bob, topic.id, '重连之后的回复');
    await page.locator('gr-post', { hasText: '重连之后的回复' }).waitFor();
    for (const text of ['断线之前的回复', '断线期间的第一条', '断线期间的第二条', '重连之后的回复']) {
      expect(await page.locator('gr-topic-page li.node > gr-post', { hasText: text }).count(), text).toBe(1);
    }
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
  });

  it('updates the notification bell live and links to the post', async () => {
    const alice = await register('通知甲');
    const bob = await register('通知乙');
    const { topic } = await createTopic(alice, `通知测试 ${chineseWord(3)}`, '求回复');
    const { page } = await pageAs(browser, alice);
    await page.goto('/');
    const bell = page.locator('gr-notification-bell button.bell');
    await bell.waitFor();
    await page.waitForLoadState('networkidle');
    const { post } = await reply(bob, topic.id, `@${alice.username} 来了`);
    await page.locator('gr-notification-bell').getByRole('button', { name: '通知 1 条未读' }).waitFor();
    await bell.click();
    await page.locator('gr-notification-bell li.unread a', { hasText: '通知乙' }).click();
    await page.waitForURL(new RegExp(`/t/${topic.id}#post-${post.id}$`));
    await page.locator(`gr-topic-page li#post-${post.id}`).waitFor();
    await page.locator('gr-notification-bell').getByRole('button', { name: '通知', exact: true }).waitFor();
  });

  it('follows the signed-in user live after signing in without a page load', async () => {
    const alice = await register('登录甲');
    const bob = await register('登录乙');
    const { topic } = await createTopic(alice, `登录后实时 ${chineseWord(3)}`, '先匿名看看');
    const { page } = await pageAs(browser, null);
    // Anonymous first: the page's socket connects without a session.
    await page.goto(`/t/${topic.id}`);
    await page.locator('gr-topic-page h1').waitFor();
    // Through the header's link: no page load, the same socket.
    await page.locator('gr-site-header').getByRole('link', { name: '登录', exact: true }).click();
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('用户名').fill(alice.username);
    await page.getByLabel('密码').fill('e2e-password-123');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(new RegExp(`/t/${topic.id}$`));
    const bell = page.locator('gr-notification-bell button.bell');
    await bell.waitFor();
    await page.waitForLoadState('networkidle');
    await reply(bob, topic.id, '欢迎登录');
    await page.locator('gr-notification-bell').getByRole('button', { name: '通知 1 条未读' }).waitFor();
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    await page.locator('gr-post', { hasText: '欢迎登录' }).waitFor();
  });
});

describe.skipIf(!baseUrl)('more of the topic page in the browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('toggles reactions with counts and lists who reacted', async () => {
    const alice = await register('回应甲');
    const bob = await register('回应乙');
    const { topic, post } = await createTopic(alice, `回应测试 ${chineseWord(3)}`, '请点赞');
    const { page } = await pageAs(browser, bob);
    await page.goto(`/t/${topic.id}`);
    const node = page.locator(`gr-topic-page li#post-${post.id} > gr-post`);
    const like = node.getByRole('button', { name: '赞 0' });
    await like.click();
    const liked = node.getByRole('button', { name: '赞 1' });
    await expect.poll(() => liked.getAttribute('aria-pressed')).toBe('true');
    await node.getByRole('button', { name: '谁回应了' }).click();
    await node.locator('.panel li', { hasText: '回应乙' }).waitFor();
    await liked.click();
    await expect.poll(() => node.getByRole('button', { name: '赞 0' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('explains the posting rate limit and keeps the text', async () => {
    const alice = await register('限速者');
    const { topic } = await createTopic(alice, `限速测试 ${chineseWord(3)}`, '开头');
    // The e2e server keeps the default limit (20 topics and replies a minute per member).
    for (let i = 0; i < 19; i += 1) await reply(alice, topic.id, `第${i}条`);
    const { page } = await pageAs(browser, alice);
    await page.goto(`/t/${topic.id}`);
    const box = page.locator('gr-topic-page .reply-section textarea');
    await box.fill('这一条会被限速');
    await page.getByRole('button', { name: '发表回复' }).click();
    await page.locator('gr-topic-page .reply-section gr-error-message').getByText(/发帖太频繁/).waitFor();
    expect(await box.inputValue()).toBe('这一条会被限速');
  });

  it('shows a live reply behind an "N new replies" bar when the reader has scrolled away', async () => {
    const alice = await register('长帖甲');
    const bob = await register('长帖乙');
    const { topic, post } = await createTopic(alice, `长帖 ${chineseWord(3)}`, '很多回复');
    for (let i = 0; i < 12; i += 1) await reply(bob, topic.id, `较早的回复 ${i}\n\n${'内容很长的一段话。'.repeat(8)}`);
    const { page } = await pageAs(browser, alice, 800);
    await page.goto(`/t/${topic.id}`);
    await page.locator('gr-post', { hasText: '较早的回复 11' }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator(`gr-topic-page li#post-${post.id}`).waitFor();

    const { post: late } = await reply(bob, topic.id, '最新的一条回复');
    const bar = page.getByRole('button', { name: '1 条新回复' });
    await bar.waitFor();
    // The page did not jump: the reader is still at the top.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await bar.click();
    await expect.poll(() => bar.count()).toBe(0);
    const inView = await page.locator(`gr-topic-page li#post-${late.id}`).evaluate((el) => {
      const rect = el.getBoundingClientRect();
      return rect.top >= 0 && rect.top < window.innerHeight;
    });
    expect(inView).toBe(true);
  });

  it('opens a linked post beyond the first page of a long topic in its branch', async () => {
    const alice = await register('长链甲');
    const { topic } = await createTopic(alice, `很长的主题 ${chineseWord(3)}`, '开头');
    // 54 replies from three members (each under the per-minute posting limit).
    const roots: number[] = [];
    for (const name of ['长链乙', '长链丙', '长链丁']) {
      const member = await register(name);
      for (let i = 0; i < 18; i += 1) roots.push((await reply(member, topic.id, `${name}的第${i}条`)).post.id);
    }
    const lastRoot = roots[roots.length - 1] as number;
    const { post: target } = await reply(alice, topic.id, '藏在后面的那条回复', lastRoot);
    const { page } = await pageAs(browser, null);
    await page.goto(`/t/${topic.id}#post-${target.id}`);
    await page.waitForURL(new RegExp(`/t/${topic.id}\\?thread=${lastRoot}#post-${target.id}$`));
    await page.locator(`gr-topic-page li#post-${target.id} gr-post`, { hasText: '藏在后面的那条回复' }).waitFor();
    await page.getByRole('link', { name: '返回完整讨论' }).waitFor();
  });

  it('moves a topic with new activity to the top of its board live', async () => {
    const alice = await register('版块甲');
    const older = await createTopic(alice, `较早的主题 ${chineseWord(3)}`, '一', 'dafuwu');
    const newer = await createTopic(alice, `较新的主题 ${chineseWord(3)}`, '二', 'dafuwu');
    const { page } = await pageAs(browser, null);
    await page.goto('/b/dafuwu');
    const first = page.locator('gr-board-page ol.topics > li').first();
    await expect.poll(() => first.locator('a').textContent()).toContain('较新的主题');
    await page.waitForLoadState('networkidle');
    await reply(alice, older.topic.id, '顶一下');
    await expect.poll(() => first.locator('a').textContent()).toContain('较早的主题');
    expect(newer.topic.id).toBeGreaterThan(older.topic.id);
  });
});
