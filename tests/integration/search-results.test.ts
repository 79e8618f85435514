import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp } from '../helpers/test-app';
import { describeStatements, statementsOf } from '../helpers/statements';
import { presentableHits } from '../../server/services/forum/search.service';
import { queryRows } from '../../server/db/client';
import { Client } from '../helpers/client';
import { registerUser, signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import type { Page as PageOf } from '../../server/presenters/page.presenter';
import type { SearchHitView } from '../../server/presenters/search.presenter';
import type { PostView } from '../../server/presenters/post.presenter';
import type { TopicView } from '../../server/presenters/topic.presenter';

type Page = PageOf<SearchHitView>;

let app: FastifyInstance;
let admin: Client;
let writer: SignedInUser;
let other: SignedInUser;
let mod: SignedInUser;
let slug: string;
let otherSlug: string;
/** A marker of this run: every query below includes one, so rows of other files never match. */
const run = `r${Date.now().toString(36)}${process.pid.toString(36)}`;
let markers = 0;
const marker = () => `${run}x${(markers += 1)}`;

beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' }, { countStatements: true });
  admin = await signInAdmin(app);
  writer = await registerUser(app, { displayName: '写作者' });
  other = await registerUser(app);
  mod = await registerUser(app, { roles: ['moderator'] });
  slug = (await createBoard(app, { admin })).slug;
  otherSlug = (await createBoard(app, { admin })).slug;
});
afterAll(async () => {
  await app?.close();
});

/** Every hit of a query, page after page (`limit` a page), as one client sees them. */
async function allPages(client: Client, query: string, limit = 2): Promise<number[]> {
  const seen: number[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages += 1) {
    const res: { statusCode: number; data: Page } = await client.get<Page>(`/api/search?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode).toBe(200);
    expect(res.data.items.length).toBeLessThanOrEqual(limit);
    seen.push(...res.data.items.map((i) => i.postId));
    cursor = res.data.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error(`more than 50 pages for ${query}`);
}
const qs = (text: string, extra = '') => `q=${encodeURIComponent(text)}${extra}`;

describe('GET /api/search: hidden and held posts', () => {
  it('never finds a hidden post for readers, on any page or with any filter; its author and moderators find it', async () => {
    const word = marker();
    const { topic, post } = await createTopic(writer.client, slug, { title: '走访记录', body: `第一帖 ${word}`, kind: 'field_note' });
    const replies: number[] = [];
    for (let i = 0; i < 4; i += 1) replies.push((await createReply(writer.client, topic.id, { body: `回复${i} ${word}` })).id);
    const hiddenReply = replies[1]!;
    expect((await mod.client.post(`/api/posts/${hiddenReply}/hide`, { note: '测试' })).statusCode).toBe(200);
    expect((await mod.client.post(`/api/posts/${post.id}/hide`, { note: '测试' })).statusCode).toBe(200);
    const visible = replies.filter((id) => id !== hiddenReply);
    const everything = [post.id, ...replies];
    // Without filters (the topic is not joined for the candidates) and with both (it is).
    for (const extra of ['', `&board=${slug}&kind=field_note`]) {
      for (const client of [new Client(app), other.client]) {
        const seen = await allPages(client, qs(word, extra), 2);
        expect(seen.sort()).toEqual([...visible].sort());
      }
      for (const client of [writer.client, mod.client]) {
        const seen = await allPages(client, qs(word, extra), 2);
        expect(seen.sort()).toEqual([...everything].sort());
      }
    }
    // A snippet never carries a hidden body to a reader: the hidden posts' own words find nothing.
    const res = await new Client(app).get<Page>(`/api/search?${qs(`第一帖 ${word}`)}`);
    expect(res.data.items).toEqual([]);
    expect(res.body).not.toContain('第一帖');
  });

  it('never finds a held topic or a held reply for readers; its author and moderators find it until approval, then everyone does', async () => {
    const word = marker();
    const reviewed = (await createBoard(app, { admin })).slug;
    expect((await admin.patch(`/api/boards/${reviewed}`, { reviewBeforePublish: true })).statusCode).toBe(200);
    const heldTopic = await writer.client.post<{ topic: TopicView; post: PostView }>(`/api/boards/${reviewed}/topics`, { title: `待审主题 ${word}`, body: `待审正文 ${word}` });
    expect(heldTopic.statusCode).toBe(202);
    // A moderator's topic is not held; a member's reply in it is.
    const open = await createTopic(mod.client, reviewed, { title: '公开主题', body: `公开正文 ${word}` });
    const heldReply = await writer.client.post<{ post: PostView }>(`/api/topics/${open.topic.id}/posts`, { body: `待审回复 ${word}` });
    expect(heldReply.statusCode).toBe(202);
    const held = [heldTopic.data.post.id, heldReply.data.post.id];
    for (const extra of ['', `&board=${reviewed}`]) {
      for (const client of [new Client(app), other.client]) {
        expect(await allPages(client, qs(word, extra))).toEqual([open.post.id]);
        expect(await allPages(client, qs(`待审 ${word}`, extra))).toEqual([]);
      }
      for (const client of [writer.client, mod.client]) {
        expect((await allPages(client, qs(word, extra))).sort()).toEqual([open.post.id, ...held].sort());
      }
    }
    const queue = await mod.client.get<{ items: { id: number; post?: { id: number } }[] }>('/api/mod/queue?type=held_post&limit=100');
    const item = queue.data.items.find((i) => i.post?.id === heldReply.data.post.id);
    expect(item).toBeDefined();
    expect((await mod.client.post(`/api/mod/queue/${item?.id}/resolve`, { action: 'approve' })).statusCode).toBe(200);
    expect((await allPages(new Client(app), qs(word))).sort()).toEqual([open.post.id, heldReply.data.post.id].sort());
  });
});

describe('GET /api/search: the statements a search runs', () => {
  it('ranks in one statement and presents the page in a second; a search that finds nothing runs one; a board adds its lookup', async () => {
    const word = marker();
    await createTopic(writer.client, slug, { title: '统计语句', body: `正文 ${word}` });
    const found = await statementsOf(app, () => new Client(app).get<Page>(`/api/search?${qs(word)}`));
    expect(found.result.data.items).toHaveLength(1);
    expect(found.statements, describeStatements(found.statements)).toHaveLength(2);
    const none = await statementsOf(app, () => new Client(app).get<Page>(`/api/search?${qs(`${word}无此词`)}`));
    expect(none.result.data.items).toEqual([]);
    expect(none.statements, describeStatements(none.statements)).toHaveLength(1);
    const inBoard = await statementsOf(app, () => new Client(app).get<Page>(`/api/search?${qs(word, `&board=${slug}`)}`));
    expect(inBoard.result.data.items).toHaveLength(1);
    expect(inBoard.statements, describeStatements(inBoard.statements)).toHaveLength(3);
  });

  it('presents no hidden post, held post or post of a held topic to a reader who may not see it, whatever ids it is given', async () => {
    const word = marker();
    const shown = await createTopic(writer.client, slug, { title: '呈现', body: `可见 ${word}` });
    const hidden = await createReply(writer.client, shown.topic.id, { body: `隐藏 ${word}` });
    expect((await mod.client.post(`/api/posts/${hidden.id}/hide`, { note: '测试' })).statusCode).toBe(200);
    const reviewed = (await createBoard(app, { admin })).slug;
    expect((await admin.patch(`/api/boards/${reviewed}`, { reviewBeforePublish: true })).statusCode).toBe(200);
    const heldTopic = await writer.client.post<{ topic: TopicView; post: PostView }>(`/api/boards/${reviewed}/topics`, { title: `待审 ${word}`, body: `待审正文 ${word}` });
    expect(heldTopic.statusCode).toBe(202);
    // The same ids whatever ranked them (as if each post had been hidden or held after it was ranked).
    const ids = [shown.post.id, hidden.id, heldTopic.data.post.id];
    const presented = async (viewer: Parameters<typeof presentableHits>[2]) => (await presentableHits(app.db, ids, viewer)).map((r) => Number(r.id)).sort();
    expect(await presented(null)).toEqual([shown.post.id]);
    expect(await presented({ id: other.user.id, roles: other.user.roles })).toEqual([shown.post.id]);
    expect(await presented({ id: writer.user.id, roles: writer.user.roles })).toEqual([...ids].sort());
    expect(await presented({ id: mod.user.id, roles: mod.user.roles })).toEqual([...ids].sort());
    const rows = await presentableHits(app.db, ids, null);
    expect(JSON.stringify(rows)).not.toContain('隐藏');
    expect(JSON.stringify(rows)).not.toContain('待审');
    expect(await presentableHits(app.db, [], null)).toEqual([]);
  });
});

describe('GET /api/search: ranking and cursor pages', () => {
  it('ranks equal relevance newest first across page boundaries, each hit once', async () => {
    const word = marker();
    const { topic } = await createTopic(writer.client, slug, { title: '分页测试', body: `开头 ${word}` });
    const replies: number[] = [];
    for (let i = 0; i < 7; i += 1) replies.push((await createReply(writer.client, topic.id, { body: `同样的内容 ${word}` })).id);
    for (const limit of [1, 2, 3, 7, 20]) {
      const seen = await allPages(new Client(app), qs(word), limit);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => replies.includes(id))).toEqual([...replies].reverse());
      expect(seen).toHaveLength(8);
    }
  });

  it('ranks a post whose title and body match above newer posts that match once', async () => {
    const word = marker();
    const older = await createTopic(writer.client, slug, { title: `标题里有 ${word}`, body: `正文也有 ${word}，再说一遍 ${word}` });
    const newer: number[] = [];
    for (let i = 0; i < 3; i += 1) newer.push((await createReply(writer.client, older.topic.id, { body: `只有一次 ${word}` })).id);
    const seen = await allPages(new Client(app), qs(word), 2);
    expect(seen).toEqual([older.post.id, ...[...newer].reverse()]);
  });

  it('keeps later pages to the posts of the first page: posts written meanwhile come in a new search', async () => {
    const word = marker();
    const { topic, post } = await createTopic(writer.client, slug, { title: '游标', body: `第一 ${word}` });
    const made = [post.id];
    for (let i = 0; i < 3; i += 1) made.push((await createReply(writer.client, topic.id, { body: `内容 ${word}` })).id);
    const first = await new Client(app).get<Page>(`/api/search?${qs(word)}&limit=2`);
    expect(first.data.items.map((i) => i.postId)).toEqual([made[3], made[2]]);
    const late = await createReply(writer.client, topic.id, { body: `后来的 ${word}` });
    const second = await new Client(app).get<Page>(`/api/search?${qs(word)}&limit=2&cursor=${first.data.nextCursor}`);
    expect(second.data.items.map((i) => i.postId)).toEqual([made[1], made[0]]);
    expect(second.data.nextCursor).toBeNull();
    expect((await allPages(new Client(app), qs(word), 2))[0]).toBe(late.id);
  });

  it('answers an empty page without a cursor when nothing matches, and the last page without one', async () => {
    const word = marker();
    const none = await new Client(app).get<Page>(`/api/search?${qs(word)}`);
    expect(none.data).toEqual({ items: [], nextCursor: null });
    const { post } = await createTopic(writer.client, slug, { body: `唯一 ${word}` });
    const one = await new Client(app).get<Page>(`/api/search?${qs(word)}&limit=1`);
    expect(one.data.items.map((i) => i.postId)).toEqual([post.id]);
    expect(one.data.nextCursor).toBeNull();
  });

  it('presents each hit with its topic, board, author and time', async () => {
    const word = marker();
    const { topic, post } = await createTopic(writer.client, slug, { title: '呈现', body: `正文 **加粗** ${word}` });
    const res = await new Client(app).get<Page>(`/api/search?${qs(word)}`);
    expect(res.data.items).toEqual([{
      topicId: topic.id,
      postId: post.id,
      title: '呈现',
      snippet: `正文 加粗 <mark>${word}</mark>`,
      boardSlug: slug,
      author: { id: writer.user.id, username: writer.user.username, displayName: '写作者' },
      createdAt: post.createdAt,
    }]);
  });
});

describe('GET /api/search: what a query finds', () => {
  it('finds a one-character query at the start of a word, at the end of a run and alone, and nothing where it is absent', async () => {
    const word = marker();
    const start = (await createTopic(writer.client, slug, { body: `鹿鸣山下 ${word}` })).post.id;
    const end = (await createTopic(writer.client, slug, { body: `山中有鹿 ${word}` })).post.id;
    const alone = (await createTopic(writer.client, slug, { body: `鹿 ${word}` })).post.id;
    const without = (await createTopic(writer.client, slug, { body: `山下无兽 ${word}` })).post.id;
    expect((await allPages(new Client(app), qs(`鹿 ${word}`))).sort()).toEqual([start, end, alone].sort());
    expect((await allPages(new Client(app), qs(`山 ${word}`))).sort()).toEqual([start, end, without].sort());
    expect(await allPages(new Client(app), qs(`鹤 ${word}`))).toEqual([]);
  });

  it('answers a query of one character alone: a prefix of every word it starts', async () => {
    const word = marker();
    const older = (await createTopic(writer.client, slug, { body: `鼋头渚 ${word}` })).post.id;
    const newer = (await createTopic(writer.client, slug, { body: `一只鼋 ${word}` })).post.id;
    const res = await new Client(app).get<Page>(`/api/search?${qs('鼋')}&limit=100`);
    expect(res.statusCode).toBe(200);
    const ids = res.data.items.map((i) => i.postId);
    expect(ids).toContain(older);
    expect(ids).toContain(newer);
    expect(res.data.items.find((i) => i.postId === newer)?.snippet).toContain('<mark>鼋</mark>');
  });

  it('combines Chinese and English terms with AND, with or without a space, and full-width letters', async () => {
    const word = marker();
    const both = (await createTopic(writer.client, slug, { body: `我们去村里visiting了群众 ${word}` })).post.id;
    const zhOnly = (await createTopic(writer.client, slug, { body: `群众的事 ${word}` })).post.id;
    const enOnly = (await createTopic(writer.client, slug, { body: `They visited us ${word}` })).post.id;
    expect(await allPages(new Client(app), qs(`群众 visit ${word}`))).toEqual([both]);
    expect(await allPages(new Client(app), qs(`村里visiting ${word}`))).toEqual([both]);
    expect((await allPages(new Client(app), qs(`ＶＩＳＩＴ ${word}`))).sort()).toEqual([both, enOnly].sort());
    expect((await allPages(new Client(app), qs(`群众 ${word}`))).sort()).toEqual([both, zhOnly].sort());
  });

  it('follows edits and moves: an edited post is found by its new words only, a moved topic under its new board', async () => {
    const word = marker();
    const { topic, post } = await createTopic(writer.client, slug, { body: `旧的说法 ${word}` });
    expect((await writer.client.patch(`/api/posts/${post.id}`, { body: `新的表述 ${word}` })).statusCode).toBe(200);
    expect(await allPages(new Client(app), qs(`旧的 ${word}`))).toEqual([]);
    expect(await allPages(new Client(app), qs(`表述 ${word}`))).toEqual([post.id]);
    expect((await mod.client.post(`/api/topics/${topic.id}/move`, { boardSlug: otherSlug })).statusCode).toBe(200);
    expect(await allPages(new Client(app), qs(word, `&board=${slug}`))).toEqual([]);
    const moved = await new Client(app).get<Page>(`/api/search?${qs(word, `&board=${otherSlug}`)}`);
    expect(moved.data.items.map((i) => [i.postId, i.boardSlug])).toEqual([[post.id, otherSlug]]);
  });
});

describe('GET /api/search: the board and kind filters (post_filters)', () => {
  it('finds every post of a moved topic under its new board only, replies from before and after the move, a hidden one still hidden', async () => {
    const word = marker();
    const { topic, post } = await createTopic(writer.client, slug, { title: '搬家的主题', body: `首帖 ${word}`, kind: 'field_note' });
    const first = await createReply(other.client, topic.id, { body: `回复甲 ${word}` });
    const nested = await createReply(writer.client, topic.id, { body: `回复乙 ${word}`, parentId: first.id });
    expect((await mod.client.post(`/api/topics/${topic.id}/move`, { boardSlug: otherSlug })).statusCode).toBe(200);
    const after = await createReply(other.client, topic.id, { body: `搬后回复 ${word}` });
    expect((await mod.client.post(`/api/posts/${nested.id}/hide`, { note: '测试' })).statusCode).toBe(200);
    const visible = [post.id, first.id, after.id].sort();
    const anonymous = new Client(app);
    for (const extra of [`&board=${otherSlug}`, `&board=${otherSlug}&kind=field_note`, '&kind=field_note']) {
      expect((await allPages(anonymous, qs(word, extra))).sort()).toEqual(visible);
      expect((await allPages(mod.client, qs(word, extra))).sort()).toEqual([...visible, nested.id].sort());
    }
    for (const extra of [`&board=${slug}`, `&board=${slug}&kind=field_note`, '&kind=discussion', `&board=${otherSlug}&kind=discussion`]) {
      expect(await allPages(anonymous, qs(word, extra))).toEqual([]);
      expect(await allPages(mod.client, qs(word, extra))).toEqual([]);
    }
    // A hidden post's own words find nothing for readers, with the filters too.
    expect(await allPages(anonymous, qs(`回复乙 ${word}`, `&board=${otherSlug}&kind=field_note`))).toEqual([]);
    // Moving it back moves every post's copy back.
    expect((await mod.client.post(`/api/topics/${topic.id}/move`, { boardSlug: slug })).statusCode).toBe(200);
    expect((await allPages(anonymous, qs(word, `&board=${slug}&kind=field_note`))).sort()).toEqual(visible);
    expect(await allPages(anonymous, qs(word, `&board=${otherSlug}`))).toEqual([]);
  });

  it("gives a held reply its topic's board and kind: found with the filters by its author before approval and by everyone after", async () => {
    const word = marker();
    const reviewed = (await createBoard(app, { admin })).slug;
    expect((await admin.patch(`/api/boards/${reviewed}`, { reviewBeforePublish: true })).statusCode).toBe(200);
    const open = await createTopic(mod.client, reviewed, { title: '编辑日记', body: `日记正文 ${word}`, kind: 'editor_diary' });
    const held = await writer.client.post<{ post: PostView }>(`/api/topics/${open.topic.id}/posts`, { body: `待审回复 ${word}` });
    expect(held.statusCode).toBe(202);
    const filters = `&board=${reviewed}&kind=editor_diary`;
    expect(await allPages(new Client(app), qs(word, filters))).toEqual([open.post.id]);
    expect((await allPages(writer.client, qs(word, filters))).sort()).toEqual([open.post.id, held.data.post.id].sort());
    const queue = await mod.client.get<{ items: { id: number; post?: { id: number } }[] }>('/api/mod/queue?type=held_post&limit=100');
    const item = queue.data.items.find((i) => i.post?.id === held.data.post.id);
    expect(item).toBeDefined();
    expect((await mod.client.post(`/api/mod/queue/${item?.id}/resolve`, { action: 'approve' })).statusCode).toBe(200);
    expect((await allPages(new Client(app), qs(word, filters))).sort()).toEqual([open.post.id, held.data.post.id].sort());
    expect(await allPages(new Client(app), qs(word, `&board=${reviewed}&kind=discussion`))).toEqual([]);
  });

  it("keeps one copy of the board and kind of every post, equal to its topic's", async () => {
    // Every writer above (topics, replies, held replies, moves) has run by now in this file.
    const [row] = await queryRows<{ posts: unknown; copies: unknown; wrong: unknown }>(app.db, sql`
      select (select count(*) from posts)::int as posts, (select count(*) from post_filters)::int as copies,
        (select count(*) from posts p join topics t on t.id = p.topic_id left join post_filters f on f.post_id = p.id
          where f.post_id is null or f.board_id <> t.board_id or f.kind <> t.kind)::int as wrong`);
    expect(Number(row?.posts)).toBeGreaterThan(0);
    expect(Number(row?.copies)).toBe(Number(row?.posts));
    expect(Number(row?.wrong)).toBe(0);
  });
});
