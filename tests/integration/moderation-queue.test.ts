import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { connectSocket, listen, type WireEvent } from '../helpers/sockets';
import { registerUser, signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createTopic } from '../factories/topic.factory';
import type { PostView } from '../../server/presenters/post.presenter';
import type { ModerationQueueView, QueueItemView, ReasonTemplateView } from '../../server/presenters/moderation.presenter';
import type { TopicView } from '../../server/presenters/topic.presenter';

let app: FastifyInstance;
let baseUrl: string;
let admin: Client;
let mod: SignedInUser;
let mod2: SignedInUser;
let author: SignedInUser;
let flagger: SignedInUser;
let flagger2: SignedInUser;
let boardSlug: string;
beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' });
  baseUrl = await listen(app);
  admin = await signInAdmin(app);
  mod = await registerUser(app, { roles: ['moderator'] });
  mod2 = await registerUser(app, { roles: ['moderator'] });
  author = await registerUser(app);
  flagger = await registerUser(app);
  flagger2 = await registerUser(app);
  boardSlug = (await createBoard(app, { admin })).slug;
});
afterAll(async () => {
  await app?.close();
});

type QueuePage = { items: QueueItemView[]; nextCursor: string | null; open: number };

async function flagItem(postId: number): Promise<QueueItemView> {
  const page = await mod.client.get<QueuePage>('/api/mod/queue?type=flag&limit=100');
  const item = page.data.items.find((i) => i.post?.id === postId);
  if (!item) throw new Error(`no queue item for post ${postId}`);
  return item;
}

describe('POST /api/posts/:id/flags', () => {
  it('flags a post, shows myFlag to the flagger only, and gathers every flag on one queue item', async () => {
    const { post } = await createTopic(author.client, boardSlug, { body: '可疑的帖子' });
    const first = await flagger.client.post<{ post: PostView; flag: { id: number; reason: string } }>(`/api/posts/${post.id}/flags`, { reason: 'spam' });
    expect(first.statusCode).toBe(201);
    expect(first.data.flag).toMatchObject({ reason: 'spam' });
    expect(first.data.post.myFlag).toMatchObject({ reason: 'spam', note: null });
    const second = await flagger2.client.post(`/api/posts/${post.id}/flags`, { reason: 'other', note: '广告链接' });
    expect(second.statusCode).toBe(201);
    expect((await flagger.client.get<{ post: PostView }>(`/api/posts/${post.id}`)).data.post.myFlag).toMatchObject({ reason: 'spam' });
    expect((await author.client.get<{ post: PostView }>(`/api/posts/${post.id}`)).data.post.myFlag).toBeNull();
    expect((await new Client(app).get<{ post: PostView }>(`/api/posts/${post.id}`)).data.post.myFlag).toBeUndefined();
    const item = await flagItem(post.id);
    expect(item).toMatchObject({ type: 'flag', status: 'open', flagCount: 2, board: { slug: boardSlug }, author: { id: author.user.id, postCount: 1 } });
    expect(item.post?.body).toBe('可疑的帖子');
    expect(item.flags.map((f) => [f.user.id, f.reason, f.note])).toEqual([[flagger.user.id, 'spam', null], [flagger2.user.id, 'other', '广告链接']]);
  });

  it('names the item\'s board in the reader\'s language, falling back to Chinese', async () => {
    const renamed = await admin.patch(`/api/boards/${boardSlug}`, { names: { zh: '群众心声', en: 'Voices of the people' } });
    expect(renamed.statusCode).toBe(200);
    const { post } = await createTopic(author.client, boardSlug, { body: '需要看看的帖子' });
    await flagger.client.post(`/api/posts/${post.id}/flags`, { reason: 'spam' });
    const inEnglish = await mod.client.get<QueuePage>('/api/mod/queue?type=flag&limit=100', { headers: { 'accept-language': 'en' } });
    expect(inEnglish.data.items.find((i) => i.post?.id === post.id)?.board).toMatchObject({ slug: boardSlug, name: 'Voices of the people' });
    const inChinese = await mod.client.get<QueuePage>('/api/mod/queue?type=flag&limit=100', { headers: { 'accept-language': 'zh-CN' } });
    expect(inChinese.data.items.find((i) => i.post?.id === post.id)?.board?.name).toBe('群众心声');
  });

  it('answers 409 ALREADY_FLAGGED to a second open flag, and lets the flagger withdraw and flag again', async () => {
    const { post } = await createTopic(author.client, boardSlug);
    expect((await flagger.client.post(`/api/posts/${post.id}/flags`, { reason: 'off_topic' })).statusCode).toBe(201);
    const again = await flagger.client.post(`/api/posts/${post.id}/flags`, { reason: 'spam' });
    expect(again.statusCode).toBe(409);
    expect(again.data).toMatchObject({ code: 'ALREADY_FLAGGED' });
    const withdrawn = await flagger.client.delete<{ post: PostView }>(`/api/posts/${post.id}/flags/mine`);
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.data.post.myFlag).toBeNull();
    // The only flag withdrawn: its item leaves the open queue.
    const open = await mod.client.get<QueuePage>('/api/mod/queue?type=flag&limit=100');
    expect(open.data.items.find((i) => i.post?.id === post.id)).toBeUndefined();
    expect((await flagger.client.delete(`/api/posts/${post.id}/flags/mine`)).statusCode).toBe(404);
    expect((await flagger.client.post(`/api/posts/${post.id}/flags`, { reason: 'spam' })).statusCode).toBe(201);
  });

  it('refuses bad input (400), anonymous users (401), one\'s own post (403) and unknown posts (404)', async () => {
    const { post } = await createTopic(author.client, boardSlug);
    const noNote = await flagger.client.post(`/api/posts/${post.id}/flags`, { reason: 'other' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.data).toMatchObject({ code: 'VALIDATION', field: 'note' });
    const blankNote = await flagger.client.post(`/api/posts/${post.id}/flags`, { reason: 'other', note: '   ' });
    expect(blankNote.statusCode).toBe(400);
    expect((await flagger.client.post(`/api/posts/${post.id}/flags`, { reason: 'rude' })).data).toMatchObject({ code: 'VALIDATION', field: 'reason' });
    expect((await flagger.client.post(`/api/posts/${post.id}/flags`, { reason: 'spam', note: 'x'.repeat(1001) })).statusCode).toBe(400);
    expect((await new Client(app).post(`/api/posts/${post.id}/flags`, { reason: 'spam' })).statusCode).toBe(401);
    expect((await author.client.post(`/api/posts/${post.id}/flags`, { reason: 'spam' })).statusCode).toBe(403);
    expect((await flagger.client.post('/api/posts/2147483000/flags', { reason: 'spam' })).statusCode).toBe(404);
  });
});

describe('GET /api/mod/queue', () => {
  it('is for moderators only: 401 anonymous, 403 members', async () => {
    expect((await new Client(app).get('/api/mod/queue')).statusCode).toBe(401);
    expect((await flagger.client.get('/api/mod/queue')).statusCode).toBe(403);
    expect((await flagger.client.get('/api/mod/queue/count')).statusCode).toBe(403);
    expect((await flagger.client.get('/api/mod/log')).statusCode).toBe(403);
  });

  it('filters by type, board, status and assigned=me; sorts newest, oldest, most flagged; pages by keyset', async () => {
    const slug = (await createBoard(app, { admin })).slug;
    const posts: number[] = [];
    for (let i = 0; i < 3; i += 1) posts.push((await createTopic(author.client, slug, { body: `排序 ${i}` })).post.id);
    await flagger.client.post(`/api/posts/${posts[0]}/flags`, { reason: 'spam' });
    await flagger.client.post(`/api/posts/${posts[1]}/flags`, { reason: 'spam' });
    await flagger2.client.post(`/api/posts/${posts[1]}/flags`, { reason: 'spam' });
    await flagger.client.post(`/api/posts/${posts[2]}/flags`, { reason: 'spam' });
    const ids = (page: QueuePage) => page.items.map((i) => i.post?.id);
    const newest = (await mod.client.get<QueuePage>(`/api/mod/queue?board=${slug}`)).data;
    expect(ids(newest)).toEqual([posts[2], posts[1], posts[0]]);
    const oldest = (await mod.client.get<QueuePage>(`/api/mod/queue?board=${slug}&sort=oldest`)).data;
    expect(ids(oldest)).toEqual([posts[0], posts[1], posts[2]]);
    const most = (await mod.client.get<QueuePage>(`/api/mod/queue?board=${slug}&sort=most_flagged`)).data;
    expect(most.items[0]?.post?.id).toBe(posts[1]);
    const first = (await mod.client.get<QueuePage>(`/api/mod/queue?board=${slug}&limit=2`)).data;
    expect(first.items).toHaveLength(2);
    const second = (await mod.client.get<QueuePage>(`/api/mod/queue?board=${slug}&limit=2&cursor=${first.nextCursor}`)).data;
    expect(ids(second)).toEqual([posts[0]]);
    expect(second.nextCursor).toBeNull();
    expect(newest.open).toBeGreaterThanOrEqual(3);
    const claimed = newest.items[0] as QueueItemView;
    await mod.client.post(`/api/mod/queue/${claimed.id}/claim`);
    const mine = (await mod.client.get<QueuePage>(`/api/mod/queue?board=${slug}&assigned=me`)).data;
    expect(mine.items.map((i) => i.id)).toEqual([claimed.id]);
    expect((await mod.client.get<QueuePage>(`/api/mod/queue?board=${slug}&type=visit_claim`)).data.items).toEqual([]);
    await mod.client.post(`/api/mod/queue/${claimed.id}/resolve`, { action: 'dismiss' });
    const resolved = (await mod.client.get<QueuePage>(`/api/mod/queue?board=${slug}&status=resolved`)).data;
    expect(resolved.items.map((i) => i.id)).toEqual([claimed.id]);
    expect(resolved.items[0]?.resolution).toMatchObject({ action: 'dismiss', by: { id: mod.user.id } });
  });

  it('answers 400 to a forged cursor, an unknown board, type, status or sort', async () => {
    const forged = Buffer.from(JSON.stringify(['queue-newest', 'not-a-time', 1])).toString('base64url');
    expect((await mod.client.get(`/api/mod/queue?cursor=${forged}`)).data).toMatchObject({ code: 'BAD_CURSOR' });
    expect((await mod.client.get('/api/mod/queue?cursor=%%%')).statusCode).toBe(400);
    const otherList = Buffer.from(JSON.stringify(['queue-oldest', new Date().toISOString(), 1])).toString('base64url');
    expect((await mod.client.get(`/api/mod/queue?cursor=${otherList}`)).statusCode).toBe(400);
    expect((await mod.client.get('/api/mod/queue?board=no-such-board-q')).statusCode).toBe(400);
    for (const q of ['type=nope', 'status=closed', 'sort=random', 'assigned=you', 'limit=1000']) {
      expect((await mod.client.get(`/api/mod/queue?${q}`)).statusCode).toBe(400);
    }
  });
});

describe('POST /api/mod/queue/:id/claim, /resolve', () => {
  it('lets one moderator claim an item: others see who has it and get 409 ALREADY_CLAIMED; only the claimant or an admin releases', async () => {
    const { post } = await createTopic(author.client, boardSlug);
    await flagger.client.post(`/api/posts/${post.id}/flags`, { reason: 'spam' });
    const item = await flagItem(post.id);
    const claimed = await mod.client.post<{ item: QueueItemView }>(`/api/mod/queue/${item.id}/claim`);
    expect(claimed.data.item.claimedBy?.id).toBe(mod.user.id);
    expect((await mod.client.post(`/api/mod/queue/${item.id}/claim`)).statusCode).toBe(200);
    const seen = await mod2.client.get<{ item: QueueItemView }>(`/api/mod/queue/${item.id}`);
    expect(seen.data.item.claimedBy?.id).toBe(mod.user.id);
    expect((await mod2.client.post(`/api/mod/queue/${item.id}/claim`)).data).toMatchObject({ code: 'ALREADY_CLAIMED' });
    expect((await mod2.client.post(`/api/mod/queue/${item.id}/resolve`, { action: 'dismiss' })).statusCode).toBe(409);
    expect((await mod2.client.delete(`/api/mod/queue/${item.id}/claim`)).statusCode).toBe(403);
    expect((await flagger.client.post(`/api/mod/queue/${item.id}/claim`)).statusCode).toBe(403);
    const released = await admin.delete<{ item: QueueItemView }>(`/api/mod/queue/${item.id}/claim`);
    expect(released.data.item.claimedBy).toBeNull();
    expect((await mod2.client.post(`/api/mod/queue/${item.id}/resolve`, { action: 'dismiss' })).statusCode).toBe(200);
    expect((await mod.client.post(`/api/mod/queue/${item.id}/claim`)).data).toMatchObject({ code: 'ALREADY_RESOLVED' });
  });

  it('hides the flagged post from the item, closing its flags; a second resolve is 409 ALREADY_RESOLVED', async () => {
    const { post } = await createTopic(author.client, boardSlug, { body: '要隐藏的' });
    await flagger.client.post(`/api/posts/${post.id}/flags`, { reason: 'inappropriate' });
    const item = await flagItem(post.id);
    const resolved = await mod.client.post<{ item: QueueItemView }>(`/api/mod/queue/${item.id}/resolve`, { action: 'hide', note: '不文明' });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.data.item).toMatchObject({ status: 'resolved', flagCount: 0, resolution: { action: 'hide', note: '不文明' } });
    expect(resolved.data.item.flags[0]?.status).toBe('resolved');
    expect((await flagger.client.get<{ post: PostView }>(`/api/posts/${post.id}`)).data.post).toMatchObject({ hidden: true, body: null, myFlag: null });
    const again = await mod.client.post(`/api/mod/queue/${item.id}/resolve`, { action: 'dismiss' });
    expect(again.statusCode).toBe(409);
    expect(again.data).toMatchObject({ code: 'ALREADY_RESOLVED' });
  });

  it('answers 400 to an action that does not fit the item, 404 to an unknown item, 403 to members', async () => {
    const { post } = await createTopic(author.client, boardSlug);
    await flagger.client.post(`/api/posts/${post.id}/flags`, { reason: 'spam' });
    const item = await flagItem(post.id);
    const wrong = await mod.client.post(`/api/mod/queue/${item.id}/resolve`, { action: 'approve' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.data).toMatchObject({ code: 'VALIDATION', field: 'action' });
    expect((await mod.client.post(`/api/mod/queue/${item.id}/resolve`, { action: 'explode' })).statusCode).toBe(400);
    expect((await mod.client.post('/api/mod/queue/2147483000/resolve', { action: 'dismiss' })).statusCode).toBe(404);
    expect((await flagger.client.post(`/api/mod/queue/${item.id}/resolve`, { action: 'dismiss' })).statusCode).toBe(403);
  });

  it('locks the topic and silences the author from the same item when asked', async () => {
    const victim = await registerUser(app);
    const { topic, post } = await createTopic(victim.client, boardSlug);
    await flagger.client.post(`/api/posts/${post.id}/flags`, { reason: 'spam' });
    const item = await flagItem(post.id);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const res = await mod.client.post(`/api/mod/queue/${item.id}/resolve`, { action: 'hide', note: '刷屏', lockTopic: true, silenceUntil: until });
    expect(res.statusCode).toBe(200);
    expect((await victim.client.get<{ topic: TopicView }>(`/api/topics/${topic.id}`)).data.topic).toMatchObject({ locked: true, lockReason: '刷屏' });
    const silenced = await victim.client.post(`/api/boards/${boardSlug}/topics`, { title: '还要发', body: '正文' });
    expect(silenced.statusCode).toBe(403);
    expect(silenced.data).toMatchObject({ code: 'SILENCED' });
    const past = await mod.client.post(`/api/mod/queue/${item.id}/resolve`, { action: 'dismiss', silenceUntil: '2020-01-01T00:00:00Z' });
    expect(past.statusCode).toBe(409);
  });
});

describe('POST /api/mod/queue/bulk', () => {
  it('applies one action to several items and reports each outcome', async () => {
    const a = await createTopic(author.client, boardSlug);
    const b = await createTopic(author.client, boardSlug);
    await flagger.client.post(`/api/posts/${a.post.id}/flags`, { reason: 'spam' });
    await flagger.client.post(`/api/posts/${b.post.id}/flags`, { reason: 'spam' });
    const itemA = await flagItem(a.post.id);
    const itemB = await flagItem(b.post.id);
    await mod.client.post(`/api/mod/queue/${itemB.id}/resolve`, { action: 'dismiss' });
    const res = await mod.client.post<{ results: { id: number; ok: boolean; code: string | null; item: QueueItemView | null }[] }>(
      '/api/mod/queue/bulk', { ids: [itemA.id, itemB.id, 2147483000], action: 'dismiss', note: '批量' },
    );
    expect(res.statusCode).toBe(200);
    expect(res.data.results.map((r) => [r.id, r.ok, r.code])).toEqual([
      [itemA.id, true, null], [itemB.id, false, 'ALREADY_RESOLVED'], [2147483000, false, 'NOT_FOUND'],
    ]);
    expect(res.data.results[0]?.item?.status).toBe('resolved');
    expect((await mod.client.post('/api/mod/queue/bulk', { ids: [], action: 'dismiss' })).statusCode).toBe(400);
    expect((await mod.client.post('/api/mod/queue/bulk', { ids: Array.from({ length: 101 }, (_, i) => i + 1), action: 'dismiss' })).statusCode).toBe(400);
    expect((await flagger.client.post('/api/mod/queue/bulk', { ids: [itemA.id], action: 'dismiss' })).statusCode).toBe(403);
  });
});

describe('queue:changed', () => {
  it('reaches a moderator subscribed to the moderators room with the open count, and no member', async () => {
    const modSocket = await connectSocket(baseUrl, mod.client.cookie);
    const memberSocket = await connectSocket(baseUrl, flagger2.client.cookie);
    try {
      const count = await mod.client.get<{ open: number; seq: number }>('/api/mod/queue/count');
      expect(count.statusCode).toBe(200);
      expect(await modSocket.subscribe('moderators', count.data.seq)).toMatchObject({ ok: true });
      expect(await memberSocket.subscribe('moderators')).toMatchObject({ ok: false });
      const { post } = await createTopic(author.client, boardSlug);
      await flagger.client.post(`/api/posts/${post.id}/flags`, { reason: 'spam' });
      const item = await flagItem(post.id);
      const event = (await modSocket.waitFor('queue:changed', (p) => (p as WireEvent<ModerationQueueView>).data.itemId === item.id)) as WireEvent<ModerationQueueView>;
      expect(event.data.change).toBe('created');
      // Other test files share the PostgreSQL database, so the count is at least this one more.
      expect(event.data.open).toBeGreaterThanOrEqual(1);
      expect(event.seq).toBeGreaterThan(count.data.seq);
      expect(event.room).toBe('moderators');
      expect(memberSocket.raw.find((r) => r.name === 'queue:changed')).toBeUndefined();
    } finally {
      modSocket.close();
      memberSocket.close();
    }
  });
  it('gives the queue page the room seq it was read at, so a claim made before subscribing is replayed', async () => {
    const { post } = await createTopic(author.client, boardSlug);
    await flagger.client.post(`/api/posts/${post.id}/flags`, { reason: 'spam' });
    const item = await flagItem(post.id);
    const page = await mod.client.get<{ items: QueueItemView[]; seq: number }>('/api/mod/queue?type=flag&limit=50');
    expect(page.statusCode).toBe(200);
    expect(Number.isInteger(page.data.seq)).toBe(true);
    expect(page.data.items.find((it) => it.id === item.id)?.claimedBy).toBeNull();
    // The claim lands while the page "travels": before the page's socket subscribes.
    expect((await mod.client.post(`/api/mod/queue/${item.id}/claim`)).statusCode).toBe(200);
    const socket = await connectSocket(baseUrl, mod.client.cookie);
    try {
      expect(await socket.subscribe('moderators', page.data.seq)).toMatchObject({ ok: true });
      const event = (await socket.waitFor('queue:changed', (p) => (p as WireEvent<ModerationQueueView>).data.itemId === item.id)) as WireEvent<ModerationQueueView>;
      expect(event.seq).toBeGreaterThan(page.data.seq);
    } finally {
      socket.close();
    }
    // The seq of a later page has moved past the claim.
    const later = await mod.client.get<{ seq: number }>('/api/mod/queue?type=flag&limit=50');
    expect(later.data.seq).toBeGreaterThan(page.data.seq);
  });
});

describe('/api/mod/reason-templates', () => {
  it('lets admins create, change and delete templates and moderators read them', async () => {
    expect((await mod.client.post('/api/mod/reason-templates', { title: '广告', text: '含广告' })).statusCode).toBe(403);
    const created = await admin.post<{ template: ReasonTemplateView }>('/api/mod/reason-templates', { title: '广告', text: '含广告内容，已隐藏。' });
    expect(created.statusCode).toBe(201);
    const id = created.data.template.id;
    expect((await admin.patch<{ template: ReasonTemplateView }>(`/api/mod/reason-templates/${id}`, { text: '含广告。' })).data.template.text).toBe('含广告。');
    const list = await mod.client.get<{ items: ReasonTemplateView[] }>('/api/mod/reason-templates');
    expect(list.data.items.find((t) => t.id === id)).toMatchObject({ title: '广告', text: '含广告。' });
    expect((await flagger.client.get('/api/mod/reason-templates')).statusCode).toBe(403);
    expect((await admin.post('/api/mod/reason-templates', { title: '', text: 'x' })).statusCode).toBe(400);
    expect((await admin.post('/api/mod/reason-templates', { title: '  ', text: 'x' })).statusCode).toBe(400);
    expect((await mod.client.delete(`/api/mod/reason-templates/${id}`)).statusCode).toBe(403);
    expect((await admin.delete(`/api/mod/reason-templates/${id}`)).statusCode).toBe(204);
    expect((await admin.delete(`/api/mod/reason-templates/${id}`)).statusCode).toBe(404);
  });
});
