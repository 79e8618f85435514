import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { connectSocket, listen, type WireEvent } from '../helpers/sockets';
import { registerUser, signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import { makePlace, makeSubtree, memberOf, visitBody, type CampaignBody, type Subtree } from '../factories/campaign.factory';
import type { BoardView } from '../../server/presenters/board.presenter';
import type { PostView } from '../../server/presenters/post.presenter';
import type { TopicPageView, TopicView } from '../../server/presenters/topic.presenter';
import type { QueueItemView } from '../../server/presenters/moderation.presenter';
import { loadConfig } from '../../server/config';
import { etagOf } from '../../server/lib/read-cache';
import { rooms } from '../../server/realtime/rooms';

/*
 * The cache of public reads (issue 14 item 1): every writer's change shows in the very next
 * anonymous read on the same process (and, on PostgreSQL, on a second process once the
 * event reached it); hidden bodies never leave the cache to someone who may not see them;
 * ETags and 304s; the byte budget; the hit/miss counters.
 */

let app: FastifyInstance;
let admin: Client;
let mod: SignedInUser;
let author: SignedInUser;
let reader: SignedInUser;
let boardSlug: string;
const anon = () => new Client(app);

beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', EDIT_RATE_LIMIT: '0' });
  admin = await signInAdmin(app);
  mod = await registerUser(app, { roles: ['moderator'] });
  author = await registerUser(app, { displayName: '作者' });
  reader = await registerUser(app, { displayName: '读者' });
  boardSlug = (await createBoard(app, { admin })).slug;
});
afterAll(async () => {
  await app?.close();
});

type Page<T> = { items: T[]; nextCursor: string | null; seq: number };

async function topicPage(id: number, client: Client = anon()): Promise<TopicPageView> {
  const res = await client.get<TopicPageView>(`/api/topics/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.data;
}
async function boardTopics(slug: string): Promise<Page<TopicView>> {
  const res = await anon().get<Page<TopicView>>(`/api/boards/${slug}/topics`);
  expect(res.statusCode, res.body).toBe(200);
  return res.data;
}
async function boardList(locale = 'zh-CN'): Promise<BoardView[]> {
  const res = await anon().get<{ items: BoardView[] }>('/api/boards', { headers: { 'accept-language': locale } });
  expect(res.statusCode, res.body).toBe(200);
  return res.data.items;
}
async function tree(id: number): Promise<Page<PostView>> {
  const res = await anon().get<Page<PostView>>(`/api/topics/${id}/tree`);
  expect(res.statusCode, res.body).toBe(200);
  return res.data;
}

/** A topic by `author` whose anonymous topic page, tree and board page are cached (read twice: the second is a hit). */
async function cachedTopic(slug = boardSlug): Promise<{ topic: TopicView; post: PostView }> {
  const created = await createTopic(author.client, slug, { body: '开篇正文 original' });
  for (let i = 0; i < 2; i += 1) {
    await topicPage(created.topic.id);
    await tree(created.topic.id);
    await boardTopics(slug);
    await boardList();
  }
  return created;
}

describe('the public reads cache: a change through each writer shows in the next read on the same process', () => {
  it('serves a repeated anonymous read from memory (hit), with the same body', async () => {
    const { topic } = await createTopic(author.client, boardSlug);
    const hitsBefore = await cacheCount('topic', 'hit');
    const first = await anon().get(`/api/topics/${topic.id}`);
    const second = await anon().get(`/api/topics/${topic.id}`);
    expect(second.body).toBe(first.body);
    expect(await cacheCount('topic', 'hit')).toBe(hitsBefore + 1);
  });

  it('a reply: topic page, tree, replies, board topics and board list', async () => {
    const { topic, post } = await cachedTopic();
    const repliesBefore = await anon().get<Page<PostView>>(`/api/posts/${post.id}/replies`);
    expect(repliesBefore.data.items).toHaveLength(0);
    const boardBefore = (await boardList()).find((b) => b.slug === boardSlug);
    const reply = await createReply(reader.client, topic.id, { body: '新的回复 fresh', parentId: post.id });
    expect((await topicPage(topic.id)).posts.items.map((p) => p.id)).toContain(reply.id);
    expect((await topicPage(topic.id)).topic.postCount).toBe(2);
    expect((await tree(topic.id)).items.map((p) => p.id)).toContain(reply.id);
    expect((await anon().get<Page<PostView>>(`/api/posts/${post.id}/replies`)).data.items.map((p) => p.id)).toEqual([reply.id]);
    expect((await boardTopics(boardSlug)).items.find((t) => t.id === topic.id)?.postCount).toBe(2);
    expect((await boardList()).find((b) => b.slug === boardSlug)?.postCount).toBe((boardBefore?.postCount ?? 0) + 1);
  });

  it('a new topic: the board topics and the board list', async () => {
    await cachedTopic();
    const { topic } = await createTopic(author.client, boardSlug, { title: '又一个主题' });
    expect((await boardTopics(boardSlug)).items[0]?.id).toBe(topic.id);
    const board = (await boardList()).find((b) => b.slug === boardSlug);
    expect(board?.topicCount).toBe((await boardTopics(boardSlug)).items.length);
  });

  it('an edit: the body on the topic page and the excerpt on the board', async () => {
    const { topic, post } = await cachedTopic();
    const edited = await author.client.patch(`/api/posts/${post.id}`, { body: '改过的正文 edited' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await topicPage(topic.id)).posts.items[0]?.body).toBe('改过的正文 edited');
    expect((await tree(topic.id)).items[0]?.body).toBe('改过的正文 edited');
    expect((await boardTopics(boardSlug)).items.find((t) => t.id === topic.id)?.excerpt).toBe('改过的正文 edited');
  });

  it('a reaction and taking it back: the counts on the topic page', async () => {
    const { topic, post } = await cachedTopic();
    expect((await reader.client.put(`/api/posts/${post.id}/reactions/like`)).statusCode).toBe(200);
    expect((await topicPage(topic.id)).posts.items[0]?.reactions.like).toBe(1);
    expect((await reader.client.delete(`/api/posts/${post.id}/reactions/like`)).statusCode).toBe(200);
    expect((await topicPage(topic.id)).posts.items[0]?.reactions.like).toBe(0);
  });

  it('hide and unhide: the body goes and comes back, the excerpt with it', async () => {
    const { topic, post } = await cachedTopic();
    expect((await mod.client.post(`/api/posts/${post.id}/hide`, { note: '违规' })).statusCode).toBe(200);
    const hidden = (await topicPage(topic.id)).posts.items[0];
    expect(hidden).toMatchObject({ hidden: true, body: null, html: null });
    expect((await tree(topic.id)).items[0]).toMatchObject({ hidden: true, body: null });
    expect((await boardTopics(boardSlug)).items.find((t) => t.id === topic.id)?.excerpt).toBeNull();
    expect((await mod.client.post(`/api/posts/${post.id}/unhide`, {})).statusCode).toBe(200);
    expect((await topicPage(topic.id)).posts.items[0]).toMatchObject({ hidden: false, body: '开篇正文 original' });
  });

  it('lock, unlock, pin and unpin: the topic and the board order', async () => {
    const { topic } = await cachedTopic();
    await createTopic(author.client, boardSlug, { title: '更新的主题' });
    await boardTopics(boardSlug);
    expect((await mod.client.post(`/api/topics/${topic.id}/lock`, { reason: '已解决' })).statusCode).toBe(200);
    expect((await topicPage(topic.id)).topic).toMatchObject({ locked: true, lockReason: '已解决' });
    expect((await mod.client.post(`/api/topics/${topic.id}/unlock`, {})).statusCode).toBe(200);
    expect((await topicPage(topic.id)).topic.locked).toBe(false);
    expect((await mod.client.post(`/api/topics/${topic.id}/pin`, {})).statusCode).toBe(200);
    expect((await boardTopics(boardSlug)).items[0]).toMatchObject({ id: topic.id, pinned: true });
    expect((await mod.client.post(`/api/topics/${topic.id}/unpin`, {})).statusCode).toBe(200);
    expect((await boardTopics(boardSlug)).items[0]?.id).not.toBe(topic.id);
  });

  it('a move: both boards, the board list counts and the topic page', async () => {
    const target = await createBoard(app, { admin });
    const { topic } = await cachedTopic();
    await boardTopics(target.slug);
    await boardTopics(target.slug);
    const moved = await mod.client.post(`/api/topics/${topic.id}/move`, { boardSlug: target.slug });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await boardTopics(boardSlug)).items.map((t) => t.id)).not.toContain(topic.id);
    expect((await boardTopics(target.slug)).items.map((t) => t.id)).toEqual([topic.id]);
    expect((await topicPage(topic.id)).topic.boardSlug).toBe(target.slug);
    expect((await boardList()).find((b) => b.slug === target.slug)?.topicCount).toBe(1);
  });

  it('a board created or renamed by an admin: the board list in each language', async () => {
    await boardList('zh-CN');
    await boardList('en');
    const created = await createBoard(app, { admin, name: '新版块' });
    expect((await boardList('zh-CN')).map((b) => b.slug)).toContain(created.slug);
    const renamed = await admin.patch(`/api/boards/${created.slug}`, { names: { zh: '改名版块', en: 'Renamed board' }, reviewBeforePublish: true });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await boardList('zh-CN')).find((b) => b.slug === created.slug)).toMatchObject({ name: '改名版块', reviewBeforePublish: true });
    expect((await boardList('en')).find((b) => b.slug === created.slug)?.name).toBe('Renamed board');
  });

  it('a held reply approved by a moderator: the topic page', async () => {
    const review = await createBoard(app, { admin });
    const { topic } = await cachedTopic(review.slug);
    expect((await admin.patch(`/api/boards/${review.slug}`, { reviewBeforePublish: true })).statusCode).toBe(200);
    const held = await reader.client.post<{ post: PostView }>(`/api/topics/${topic.id}/posts`, { body: '等待审核的回复' });
    expect(held.statusCode).toBe(202);
    expect((await topicPage(topic.id)).posts.items.map((p) => p.id)).not.toContain(held.data.post.id);
    const queue = await mod.client.get<{ items: QueueItemView[] }>('/api/mod/queue?type=held_post&limit=100');
    const item = queue.data.items.find((i) => i.post?.id === held.data.post.id);
    expect(item).toBeDefined();
    expect((await mod.client.post(`/api/mod/queue/${item?.id}/resolve`, { action: 'approve' })).statusCode).toBe(200);
    expect((await topicPage(topic.id)).posts.items.map((p) => p.id)).toContain(held.data.post.id);
  });

  describe('visits', () => {
    let tree2: Subtree;
    let campaign: CampaignBody;
    beforeAll(async () => {
      tree2 = await makeSubtree(app, admin);
      campaign = (await admin.get<CampaignBody>('/api/campaign')).data;
    });
    const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

    it('a visit claim confirmed by a moderator, and the place renamed: the topic page', async () => {
      const member = await memberOf(app, tree2.countyA.id);
      const place = await makePlace(admin, tree2.countyA.id);
      const visit = await member.client.post<{ visit: { id: number } }>('/api/visits', visitBody(campaign, place.id, today()));
      expect(visit.statusCode, visit.body).toBe(201);
      const { topic } = await createTopic(member.client, boardSlug, { kind: 'field_note', visitId: visit.data.visit.id });
      await topicPage(topic.id);
      expect((await topicPage(topic.id)).topic).toMatchObject({ visitClaim: 'claimed', visitConfirmed: false });
      const linked = await mod.client.put(`/api/topics/${topic.id}/visit`, { visitId: visit.data.visit.id });
      expect(linked.statusCode, linked.body).toBe(200);
      expect((await topicPage(topic.id)).topic).toMatchObject({ visitClaim: 'confirmed', visitConfirmed: true });
      const renamed = await admin.patch(`/api/places/${place.id}`, { name: `${place.name}（新名）` });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect((await topicPage(topic.id)).topic.visit?.placeName).toBe(`${place.name}（新名）`);
    });
  });
});

describe('the public reads cache and what is hidden', () => {
  it('never hands a hidden body cached for its author or a moderator to an anonymous reader', async () => {
    const { topic, post } = await cachedTopic();
    await mod.client.post(`/api/posts/${post.id}/hide`, { note: '隐藏' });
    // The author and a moderator see the body; read by them first, then anonymously.
    expect((await topicPage(topic.id, author.client)).posts.items[0]?.body).toBe('开篇正文 original');
    expect((await topicPage(topic.id, mod.client)).posts.items[0]?.body).toBe('开篇正文 original');
    for (let i = 0; i < 2; i += 1) {
      const res = await anon().get(`/api/topics/${topic.id}`);
      expect(res.body).not.toContain('开篇正文');
      const page = JSON.parse(res.body) as TopicPageView;
      expect(page.posts.items[0]).toMatchObject({ hidden: true, body: null, html: null });
      const treeRes = await anon().get(`/api/topics/${topic.id}/tree`);
      expect(treeRes.body).not.toContain('开篇正文');
    }
    // A signed-in reader who is neither author nor moderator does not see it either.
    expect((await topicPage(topic.id, reader.client)).posts.items[0]?.body).toBeNull();
  });

  it('answers a signed-in reader with their own reactions, never from the anonymous entry', async () => {
    const { topic, post } = await cachedTopic();
    await reader.client.put(`/api/posts/${post.id}/reactions/like`);
    const mine = (await topicPage(topic.id, reader.client)).posts.items[0];
    expect(mine?.myReactions).toEqual(['like']);
    const anonymous = (await topicPage(topic.id)).posts.items[0];
    expect(anonymous?.myReactions).toBeUndefined();
    expect(anonymous?.reactions.like).toBe(1);
  });

  it('keeps a held topic a 404 to anonymous readers, cached or not', async () => {
    const review = await createBoard(app, { admin });
    await admin.patch(`/api/boards/${review.slug}`, { reviewBeforePublish: true });
    const held = await reader.client.post<{ topic: TopicView }>(`/api/boards/${review.slug}/topics`, { title: '待审主题', body: '待审正文' });
    expect(held.statusCode).toBe(202);
    for (let i = 0; i < 2; i += 1) {
      expect((await anon().get(`/api/topics/${held.data.topic.id}`)).statusCode).toBe(404);
      expect((await boardTopics(review.slug)).items).toHaveLength(0);
    }
  });
});

describe('ETag and 304 on public GETs', () => {
  it('sends an ETag with Cache-Control: no-cache and Vary: Cookie (a member reads the same URL differently), and a 304 with no body for If-None-Match', async () => {
    const { topic } = await createTopic(author.client, boardSlug);
    for (const url of [`/api/topics/${topic.id}`, `/api/topics/${topic.id}/tree`, `/api/boards/${boardSlug}/topics`, '/api/boards']) {
      const first = await anon().get(url);
      expect(first.statusCode).toBe(200);
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^W\/".+"$/);
      expect(first.headers['cache-control']).toBe('no-cache');
      expect(first.headers.vary).toBe('Cookie, Authorization');
      const again = await anon().get(url, { headers: { 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
      expect((await anon().get(url, { headers: { 'if-none-match': 'W/"something-else"' } })).statusCode).toBe(200);
    }
  });

  it('changes the ETag once the topic changes, so the old one gets the new body', async () => {
    const { topic } = await createTopic(author.client, boardSlug);
    const etag = String((await anon().get(`/api/topics/${topic.id}`)).headers.etag);
    await createReply(reader.client, topic.id);
    const after = await anon().get(`/api/topics/${topic.id}`, { headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
  });

  it('answers bad input on a cached route with the 400 error shape, never cached', async () => {
    const res = await anon().get('/api/topics/1/tree?cursor=forged-cursor');
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ statusCode: 400, code: expect.any(String), message: expect.any(String) });
    expect((await anon().get('/api/topics/abc')).statusCode).toBe(400);
  });
});

/** The cache counter of one cache and result, read from /api/metrics as an admin. */
async function cacheCount(cache: string, result: 'hit' | 'miss' | 'joined', as: Client = admin): Promise<number> {
  const body = (await as.get('/api/metrics')).body;
  const line = body.split('\n').find((l) => l.startsWith('grassroots_cache_requests_total{') && l.includes(`cache="${cache}"`) && l.includes(`result="${result}"`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('the byte budget (CACHE_MAX_BYTES)', () => {
  let small: FastifyInstance;
  let off: FastifyInstance;
  beforeAll(async () => {
    small = await createTestApp({ CACHE_MAX_BYTES: '6000', POST_RATE_LIMIT: '0' });
    off = await createTestApp({ CACHE_MAX_BYTES: '0' });
  });
  afterAll(async () => {
    await small?.close();
    await off?.close();
  });

  it('evicts the least recently used answers to stay within the budget', async () => {
    const writer = await signInAdmin(small);
    const ids: number[] = [];
    for (let i = 0; i < 4; i += 1) ids.push((await createTopic(writer, 'qunzhong', { body: `正文 ${'长'.repeat(400)} ${i}` })).topic.id);
    for (const id of ids) expect((await new Client(small).get(`/api/topics/${id}`)).statusCode).toBe(200);
    expect(small.readCache.bytes).toBeGreaterThan(0);
    expect(small.readCache.bytes).toBeLessThanOrEqual(6000);
    expect(small.readCache.size).toBeLessThan(ids.length);
    // The first topic was evicted: reading it again misses; the last one is still held.
    const missesBefore = await cacheCount('topic', 'miss', writer);
    const hitsBefore = await cacheCount('topic', 'hit', writer);
    await new Client(small).get(`/api/topics/${ids[3]}`);
    await new Client(small).get(`/api/topics/${ids[0]}`);
    expect(await cacheCount('topic', 'hit', writer)).toBe(hitsBefore + 1);
    expect(await cacheCount('topic', 'miss', writer)).toBe(missesBefore + 1);
  });

  it('stores nothing with CACHE_MAX_BYTES=0, and still answers with an ETag', async () => {
    expect(off.readCache.enabled).toBe(false);
    // (On PostgreSQL other files add boards meanwhile: each answer is checked against its own body.)
    for (let i = 0; i < 2; i += 1) {
      const res = await new Client(off).get('/api/boards');
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBe(etagOf(res.body));
    }
    expect(off.readCache.size).toBe(0);
  });

  it('refuses a CACHE_MAX_BYTES that is not a whole number of bytes', () => {
    expect(() => loadConfig({ CACHE_MAX_BYTES: 'lots' })).toThrow(/CACHE_MAX_BYTES/);
    expect(() => loadConfig({ CACHE_MAX_BYTES: '-1' })).toThrow(/CACHE_MAX_BYTES/);
  });
});

describe('the hit and miss counters in /api/metrics', () => {
  it('counts a miss for the first anonymous read and a hit for the next, per cache', async () => {
    const { topic, post } = await createTopic(author.client, boardSlug);
    const before = {
      treeMiss: await cacheCount('tree', 'miss'), treeHit: await cacheCount('tree', 'hit'),
      repliesMiss: await cacheCount('replies', 'miss'), repliesHit: await cacheCount('replies', 'hit'),
    };
    await tree(topic.id);
    await tree(topic.id);
    await anon().get(`/api/posts/${post.id}/replies`);
    await anon().get(`/api/posts/${post.id}/replies`);
    expect(await cacheCount('tree', 'miss')).toBe(before.treeMiss + 1);
    expect(await cacheCount('tree', 'hit')).toBe(before.treeHit + 1);
    expect(await cacheCount('replies', 'miss')).toBe(before.repliesMiss + 1);
    expect(await cacheCount('replies', 'hit')).toBe(before.repliesHit + 1);
  });
});

describe('anonymous readers who miss together', () => {
  it('are answered by one load (one miss, the rest joined), all with the same body, and a change after it loads again', async () => {
    const { topic } = await createTopic(author.client, boardSlug, { body: '同时阅读 together' });
    const before = { miss: await cacheCount('topic', 'miss'), joined: await cacheCount('topic', 'joined') };
    const answers = await Promise.all(Array.from({ length: 6 }, () => anon().get<TopicPageView>(`/api/topics/${topic.id}`)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array<number>(6).fill(200));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(await cacheCount('topic', 'miss')).toBe(before.miss + 1);
    expect(await cacheCount('topic', 'joined')).toBe(before.joined + 5);
    await createReply(author.client, topic.id, { body: '之后的回复 after' });
    const after = await Promise.all(Array.from({ length: 3 }, () => topicPage(topic.id)));
    for (const page of after) expect(page.posts.items.map((p) => p.body)).toContain('之后的回复 after');
    expect(await cacheCount('topic', 'miss')).toBe(before.miss + 2);
  });
});

const databaseUrl = process.env.DATABASE_URL ?? '';
if (!databaseUrl) console.warn('\n[read-cache] the second-process case needs DATABASE_URL: the embedded database cannot be shared by two apps (no LISTEN/NOTIFY between processes); skipped.\n');

describe.skipIf(!databaseUrl)('the public reads cache on a second process (PostgreSQL)', () => {
  let other: FastifyInstance;
  let otherUrl: string;
  beforeAll(async () => {
    other = await createTestApp({ POST_RATE_LIMIT: '0' });
    otherUrl = await listen(other);
  });
  afterAll(async () => {
    await other?.close();
  });

  it('serves the change on the other process once the event reached it: reply, hide, board rename', async () => {
    const { topic, post } = await createTopic(author.client, boardSlug, { body: '跨进程正文 cross' });
    const readOther = async () => JSON.parse((await new Client(other).get(`/api/topics/${topic.id}`)).body) as TopicPageView;
    await readOther();
    expect((await readOther()).posts.items).toHaveLength(1);
    const socket = await connectSocket(otherUrl);
    try {
      expect(await socket.subscribe(`topic:${topic.id}`)).toMatchObject({ ok: true });
      const reply = await createReply(reader.client, topic.id, { body: '另一进程写的回复' });
      await socket.waitFor('post:created', (e) => (e as WireEvent<{ id: number }>).data.id === reply.id);
      expect((await readOther()).posts.items.map((p) => p.id)).toContain(reply.id);
      await mod.client.post(`/api/posts/${post.id}/hide`, {});
      await socket.waitFor('post:hidden', (e) => (e as WireEvent<{ id: number }>).data.id === post.id);
      const hidden = await readOther();
      expect(hidden.posts.items[0]).toMatchObject({ hidden: true, body: null });
    } finally {
      socket.close();
    }
  });

  it('hears a cache-only notice (a board renamed) from the other process', async () => {
    const board = await createBoard(app, { admin });
    const listOther = async () => JSON.parse((await new Client(other).get('/api/boards')).body) as { items: BoardView[] };
    await listOther();
    // Other test files on this database create boards too, and each creation sends the same
    // notice (rooms: the board list): the wait is for the notice of this rename, the first
    // board-list notice after which the other process answers the new name. (The process's
    // own listener, registered first, has dropped the entry when this one runs.)
    let onNotice: ((noticeRooms: string[]) => void) | null = null;
    const invalidated = new Promise<void>((resolve) => {
      onNotice = (noticeRooms) => {
        if (!noticeRooms.includes(rooms.boardList)) return;
        void listOther().then((list) => {
          if (list.items.find((b) => b.slug === board.slug)?.name === '跨进程改名') resolve();
        });
      };
      other.io.on('cache:invalidate' as never, onNotice as never);
    });
    try {
      expect((await admin.patch(`/api/boards/${board.slug}`, { name: '跨进程改名' })).statusCode).toBe(200);
      await invalidated;
    } finally {
      other.io.off('cache:invalidate' as never, onNotice as never);
    }
    expect((await listOther()).items.find((b) => b.slug === board.slug)?.name).toBe('跨进程改名');
  });
});
