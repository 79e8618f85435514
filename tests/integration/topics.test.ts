import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { registerUser, signInAdmin, type SignedInUser } from '../factories/user.factory';
import { makePlace, makeSubtree, memberOf, visitBody, type CampaignBody } from '../factories/campaign.factory';
import { createBoard } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import { topics } from '../../server/db/schema';
import type { TopicView } from '../../server/presenters/topic.presenter';
import type { PostView } from '../../server/presenters/post.presenter';
import type { Page } from '../../server/presenters/page.presenter';


let app: FastifyInstance;
let admin: Client;

/** Logs a real visit (a unit, a place, a cadre of that unit) and returns its id. */
async function logVisit(): Promise<number> {
  const tree = await makeSubtree(app, admin);
  const place = await makePlace(admin, tree.countyA.id);
  const cadre = await memberOf(app, tree.countyA.id);
  const campaign = (await cadre.client.get<CampaignBody>('/api/campaign')).data;
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const res = await cadre.client.post<{ visit: { id: number } }>('/api/visits', visitBody(campaign, place.id, today));
  if (res.statusCode !== 201) throw new Error(`visit failed: ${res.statusCode} ${res.body}`);
  return res.data.visit.id;
}
let alice: SignedInUser;
let bob: SignedInUser;
beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0' });
  admin = await signInAdmin(app);
  alice = await registerUser(app, { displayName: '爱丽丝' });
  bob = await registerUser(app, { displayName: '鲍勃' });
});
afterAll(async () => {
  await app?.close();
});

describe('POST /api/boards/:slug/topics', () => {
  it('opens a topic with its first post, rendered from markdown', async () => {
    const board = await createBoard(app, { admin });
    const res = await alice.client.post<{ topic: TopicView; post: PostView }>(`/api/boards/${board.slug}/topics`, {
      title: '  走进石室乡  ',
      body: '  今天**走访**了文化礼堂。  ',
    });
    expect(res.statusCode).toBe(201);
    const { topic, post } = res.data;
    expect(topic).toMatchObject({
      boardId: board.id, boardSlug: board.slug, title: '走进石室乡', kind: 'discussion', authorId: alice.user.id,
      visitId: null, visitConfirmed: false, locked: false, pinned: false, postCount: 1,
      author: { id: alice.user.id, username: alice.user.username, displayName: '爱丽丝' },
    });
    expect(topic.excerpt).toBe('今天走访了文化礼堂。');
    expect(topic.lastPostAt).toBe(topic.createdAt);
    expect(post).toMatchObject({
      topicId: topic.id, parentId: null, body: '今天**走访**了文化礼堂。', hidden: false, editedAt: null,
      reactions: { like: 0, thanks: 0, insightful: 0 }, depth: 0, replyCount: 0, myReactions: [],
      author: { id: alice.user.id, username: alice.user.username, displayName: '爱丽丝' },
    });
    expect(post.html).toContain('<strong>走访</strong>');
  });

  it('stores the writing kinds and a visit id', async () => {
    const board = await createBoard(app, { admin });
    const visitId = await logVisit();
    for (const kind of ['field_note', 'editor_diary', 'field_impression', 'discussion']) {
      const { topic } = await createTopic(alice.client, board.slug, { kind, visitId });
      expect(topic).toMatchObject({ kind, visitId, visitConfirmed: false });
    }
    const { topic } = await createTopic(alice.client, board.slug, { visitId: null });
    expect(topic.visitId).toBeNull();
  });

  it('refuses a visit id of no logged visit with 400 naming visitId, creating nothing', async () => {
    const board = await createBoard(app, { admin });
    const res = await alice.client.post(`/api/boards/${board.slug}/topics`, { title: '下乡心得', body: '正文', kind: 'field_note', visitId: 2147483000 });
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ code: 'VALIDATION', field: 'visitId' });
    const list = await alice.client.get<{ items: unknown[] }>(`/api/boards/${board.slug}/topics`);
    expect(list.data.items).toEqual([]);
  });

  it.each([
    [{ body: '正文' }, 'title'],
    [{ title: '', body: '正文' }, 'title'],
    [{ title: '   ', body: '正文' }, 'title'],
    [{ title: 'x'.repeat(201), body: '正文' }, 'title'],
    [{ title: 7, body: '正文' }, 'title'],
    [{ title: '标题' }, 'body'],
    [{ title: '标题', body: '' }, 'body'],
    [{ title: '标题', body: ' \n\t ' }, 'body'],
    [{ title: '标题', body: 'x'.repeat(50_001) }, 'body'],
    [{ title: '标题', body: '正文', kind: 'poem' }, 'kind'],
    [{ title: '标题', body: '正文', visitId: 0 }, 'visitId'],
    [{ title: '标题', body: '正文', visitId: -3 }, 'visitId'],
    [{ title: '标题', body: '正文', visitId: 1.5 }, 'visitId'],
    [{ title: '标题', body: '正文', visitId: '12' }, 'visitId'],
  ])('refuses bad input #%# naming the field', async (body, field) => {
    const res = await alice.client.post('/api/boards/qunzhong/topics', body);
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ code: 'VALIDATION', field });
  });

  it('accepts a title of 200 characters once trimmed, and a body of 50,000', async () => {
    const board = await createBoard(app, { admin });
    const res = await alice.client.post(`/api/boards/${board.slug}/topics`, { title: ` ${'题'.repeat(200)} `, body: 'x'.repeat(50_000) });
    expect(res.statusCode).toBe(201);
  });

  it('answers 404 for an unknown board, 401 for anonymous users and 403 without the CSRF token', async () => {
    expect((await alice.client.post('/api/boards/no-such-board-zz/topics', { title: 't', body: 'b' })).statusCode).toBe(404);
    const anonymous = await new Client(app).post('/api/boards/qunzhong/topics', { title: 't', body: 'b' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.data).toMatchObject({ code: 'UNAUTHENTICATED' });
    const csrf = await alice.client.post('/api/boards/qunzhong/topics', { title: 't', body: 'b' }, { noCsrf: true });
    expect(csrf.statusCode).toBe(403);
    expect(csrf.data).toMatchObject({ code: 'CSRF' });
  });
});

describe('GET /api/boards/:slug/topics', () => {
  it('lists newest activity first, pinned first, and a reply moves a topic up', async () => {
    const board = await createBoard(app, { admin });
    const first = await createTopic(alice.client, board.slug, { title: '一' });
    const second = await createTopic(alice.client, board.slug, { title: '二' });
    const third = await createTopic(alice.client, board.slug, { title: '三' });
    let list = await new Client(app).get<Page<TopicView>>(`/api/boards/${board.slug}/topics`);
    expect(list.statusCode).toBe(200);
    expect(list.data.items.map((t) => t.title)).toEqual(['三', '二', '一']);
    await createReply(bob.client, first.topic.id);
    await app.db.update(topics).set({ pinned: true }).where(eq(topics.id, second.topic.id));
    list = await new Client(app).get<Page<TopicView>>(`/api/boards/${board.slug}/topics`);
    expect(list.data.items.map((t) => t.title)).toEqual(['二', '一', '三']);
    expect(list.data.items[0]?.pinned).toBe(true);
    expect(list.data.items[1]?.postCount).toBe(2);
    expect(list.data.nextCursor).toBeNull();
    expect(third.topic.id).toBeGreaterThan(second.topic.id);
  });

  it('keeps pages stable while new topics arrive: no duplicates, no gaps', async () => {
    const board = await createBoard(app, { admin });
    const made: number[] = [];
    for (let i = 0; i < 7; i += 1) made.push((await createTopic(alice.client, board.slug, { title: `旧 ${i}` })).topic.id);
    const page1 = await new Client(app).get<Page<TopicView>>(`/api/boards/${board.slug}/topics?limit=3`);
    expect(page1.data.items).toHaveLength(3);
    expect(page1.data.nextCursor).toEqual(expect.any(String));
    for (let i = 0; i < 4; i += 1) await createTopic(bob.client, board.slug, { title: `新 ${i}` });
    const seen = page1.data.items.map((t) => t.id);
    let cursor = page1.data.nextCursor;
    while (cursor) {
      const page = await new Client(app).get<Page<TopicView>>(`/api/boards/${board.slug}/topics?limit=3&cursor=${cursor}`);
      expect(page.statusCode).toBe(200);
      seen.push(...page.data.items.map((t) => t.id));
      cursor = page.data.nextCursor;
    }
    expect(seen).toEqual([...made].reverse());
  });

  it('refuses a cursor it did not issue, a bad limit, and answers 404 for an unknown board', async () => {
    const forged = Buffer.from(JSON.stringify(['topics', 1, 'yesterday', 3])).toString('base64url');
    for (const cursor of ['garbage', forged, Buffer.from(JSON.stringify(['posts', 5])).toString('base64url')]) {
      const res = await new Client(app).get(`/api/boards/qunzhong/topics?cursor=${cursor}`);
      expect(res.statusCode).toBe(400);
      expect(res.data).toMatchObject({ code: 'BAD_CURSOR' });
    }
    for (const limit of ['0', '101', 'abc']) {
      const res = await new Client(app).get(`/api/boards/qunzhong/topics?limit=${limit}`);
      expect(res.statusCode).toBe(400);
      expect(res.data).toMatchObject({ code: 'VALIDATION', field: 'limit' });
    }
    expect((await new Client(app).get('/api/boards/no-such-board-zz/topics')).statusCode).toBe(404);
  });
});

describe('GET /api/topics/:id', () => {
  it('answers the topic and its posts oldest first, paged', async () => {
    const board = await createBoard(app, { admin });
    const { topic, post } = await createTopic(alice.client, board.slug);
    const replies: number[] = [];
    for (let i = 0; i < 4; i += 1) replies.push((await createReply(bob.client, topic.id, { parentId: i % 2 ? post.id : null })).id);
    const res = await new Client(app).get<{ topic: TopicView; posts: Page<PostView> }>(`/api/topics/${topic.id}?limit=3`);
    expect(res.statusCode).toBe(200);
    expect(res.data.topic).toMatchObject({ id: topic.id, postCount: 5 });
    expect(res.data.posts.items.map((p) => p.id)).toEqual([post.id, ...replies.slice(0, 2)]);
    expect(res.data.posts.items[0]).not.toHaveProperty('myReactions');
    const next = await new Client(app).get<{ posts: Page<PostView> }>(`/api/topics/${topic.id}?limit=3&cursor=${res.data.posts.nextCursor}`);
    expect(next.data.posts.items.map((p) => p.id)).toEqual(replies.slice(2));
    expect(next.data.posts.nextCursor).toBeNull();
  });

  it('answers 404 for an unknown topic and 400 for a malformed id', async () => {
    expect((await new Client(app).get('/api/topics/99999999')).statusCode).toBe(404);
    const bad = await new Client(app).get('/api/topics/abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.data).toMatchObject({ code: 'VALIDATION', field: 'id' });
  });
});

describe('GET /api/topics/:id/tree', () => {
  it('answers the thread depth first, siblings oldest first, with depths, paged anywhere', async () => {
    const board = await createBoard(app, { admin });
    const { topic, post: root } = await createTopic(alice.client, board.slug);
    const a = await createReply(bob.client, topic.id, { parentId: root.id, body: 'A' });
    const b = await createReply(bob.client, topic.id, { parentId: root.id, body: 'B' });
    const a1 = await createReply(alice.client, topic.id, { parentId: a.id, body: 'A1' });
    const flat = await createReply(alice.client, topic.id, { body: 'flat' });
    const a1x = await createReply(bob.client, topic.id, { parentId: a1.id, body: 'A1x' });
    const a2 = await createReply(bob.client, topic.id, { parentId: a.id, body: 'A2' });
    const b1 = await createReply(alice.client, topic.id, { parentId: b.id, body: 'B1' });
    const expected = [root.id, a.id, a1.id, a1x.id, a2.id, b.id, b1.id, flat.id];

    const whole = await new Client(app).get<Page<PostView>>(`/api/topics/${topic.id}/tree?limit=100`);
    expect(whole.statusCode).toBe(200);
    expect(whole.data.items.map((p) => p.id)).toEqual(expected);
    expect(whole.data.items.map((p) => p.depth)).toEqual([0, 1, 2, 3, 2, 1, 2, 0]);
    expect(whole.data.items.find((p) => p.id === a.id)).toMatchObject({ parentId: root.id, replyCount: 2 });

    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const res: { data: Page<PostView> } = await new Client(app).get<Page<PostView>>(`/api/topics/${topic.id}/tree?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...res.data.items.map((p) => p.id));
      cursor = res.data.nextCursor;
    } while (cursor);
    expect(ids).toEqual(expected);

    const replies = await new Client(app).get<Page<PostView>>(`/api/posts/${a.id}/replies`);
    expect(replies.statusCode).toBe(200);
    expect(replies.data.items.map((p) => p.id)).toEqual([a1.id, a1x.id, a2.id]);
    const page1 = await new Client(app).get<Page<PostView>>(`/api/posts/${a.id}/replies?limit=2`);
    const page2 = await new Client(app).get<Page<PostView>>(`/api/posts/${a.id}/replies?limit=2&cursor=${page1.data.nextCursor}`);
    expect([...page1.data.items, ...page2.data.items].map((p) => p.id)).toEqual([a1.id, a1x.id, a2.id]);
    expect((await new Client(app).get<Page<PostView>>(`/api/posts/${b1.id}/replies`)).data.items).toEqual([]);
  });

  it('pages a long topic by keyset and refuses foreign cursors', async () => {
    const board = await createBoard(app, { admin });
    const { topic, post: root } = await createTopic(alice.client, board.slug);
    let parent = root.id;
    for (let i = 0; i < 5; i += 1) parent = (await createReply(bob.client, topic.id, { parentId: parent })).id;
    const res = await new Client(app).get<Page<PostView>>(`/api/topics/${topic.id}/tree?limit=2`);
    expect(res.data.items.map((p) => p.depth)).toEqual([0, 1]);
    const foreign = Buffer.from(JSON.stringify(['tree', 2147483000])).toString('base64url');
    const bad = await new Client(app).get(`/api/topics/${topic.id}/tree?cursor=${foreign}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.data).toMatchObject({ code: 'BAD_CURSOR' });
    expect((await new Client(app).get('/api/topics/99999999/tree')).statusCode).toBe(404);
    expect((await new Client(app).get('/api/posts/99999999/replies')).statusCode).toBe(404);
  });
});

describe('very deep threads', () => {
  it('keep thread order past the materialised path limit (the thread flattens there)', async () => {
    const board = await createBoard(app, { admin });
    const { topic, post: root } = await createTopic(alice.client, board.slug);
    const chain = [root.id];
    for (let i = 0; i < 105; i += 1) chain.push((await createReply(i % 2 ? alice.client : bob.client, topic.id, { parentId: chain[chain.length - 1] })).id);
    const ids: number[] = [];
    const depths: number[] = [];
    let cursor: string | null = null;
    do {
      const res: { data: Page<PostView> } = await new Client(app).get<Page<PostView>>(`/api/topics/${topic.id}/tree?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...res.data.items.map((p) => p.id));
      depths.push(...res.data.items.map((p) => p.depth));
      cursor = res.data.nextCursor;
    } while (cursor);
    expect(ids).toEqual(chain);
    expect(depths).toEqual(chain.map((_, i) => i));
    // "Continue this thread" from a post past the limit still finds exactly its replies.
    const side = await createReply(alice.client, topic.id, { parentId: chain[101] });
    const below = await new Client(app).get<Page<PostView>>(`/api/posts/${chain[102]}/replies?limit=2`);
    const more = await new Client(app).get<Page<PostView>>(`/api/posts/${chain[102]}/replies?limit=2&cursor=${below.data.nextCursor}`);
    expect([...below.data.items, ...more.data.items].map((p) => p.id)).toEqual(chain.slice(103));
    const fromAbove = await new Client(app).get<Page<PostView>>(`/api/posts/${chain[101]}/replies?limit=100`);
    expect(fromAbove.data.items.map((p) => p.id)).toEqual([...chain.slice(102), side.id]);
  });
});

describe('POST /api/topics/:id/posts', () => {
  it('refuses a parent from another topic or one that does not exist, naming parentId', async () => {
    const board = await createBoard(app, { admin });
    const one = await createTopic(alice.client, board.slug);
    const other = await createTopic(alice.client, board.slug);
    for (const parentId of [other.post.id, 99999999]) {
      const res = await bob.client.post(`/api/topics/${one.topic.id}/posts`, { body: '回复', parentId });
      expect(res.statusCode).toBe(400);
      expect(res.data).toMatchObject({ code: 'VALIDATION', field: 'parentId' });
    }
  });

  it.each([
    [{}, 'body'],
    [{ body: '' }, 'body'],
    [{ body: '   ' }, 'body'],
    [{ body: 'x'.repeat(50_001) }, 'body'],
    [{ body: 5 }, 'body'],
    [{ body: 'ok', parentId: 0 }, 'parentId'],
    [{ body: 'ok', parentId: 'x' }, 'parentId'],
  ])('refuses bad input #%# naming the field', async (body, field) => {
    const { topic } = await createTopic(alice.client, 'qunzhong');
    const res = await bob.client.post(`/api/topics/${topic.id}/posts`, body);
    expect(res.statusCode).toBe(400);
    expect(res.data).toMatchObject({ code: 'VALIDATION', field });
  });

  it('answers 423 TOPIC_LOCKED to members in a locked topic, but lets moderators reply', async () => {
    const board = await createBoard(app, { admin });
    const { topic } = await createTopic(alice.client, board.slug);
    await app.db.update(topics).set({ locked: true }).where(eq(topics.id, topic.id));
    const res = await bob.client.post(`/api/topics/${topic.id}/posts`, { body: '还能回复吗' });
    expect(res.statusCode).toBe(423);
    expect(res.data).toMatchObject({ code: 'TOPIC_LOCKED', statusCode: 423 });
    const moderator = await registerUser(app, { roles: ['member', 'moderator'] });
    expect((await moderator.client.post(`/api/topics/${topic.id}/posts`, { body: '版主说明' })).statusCode).toBe(201);
  });

  it('answers 401 for anonymous users and 404 for an unknown topic', async () => {
    const { topic } = await createTopic(alice.client, 'qunzhong');
    expect((await new Client(app).post(`/api/topics/${topic.id}/posts`, { body: 'x' })).statusCode).toBe(401);
    expect((await bob.client.post('/api/topics/99999999/posts', { body: 'x' })).statusCode).toBe(404);
  });

  it('records post:created and topic:updated events with the public post in the event log', async () => {
    const board = await createBoard(app, { admin });
    const { topic } = await createTopic(alice.client, board.slug);
    const reply = await createReply(bob.client, topic.id, { body: '事件' });
    const rows = await app.db.query.realtimeEvents.findMany({ where: (t, { eq: is }) => is(t.room, `topic:${topic.id}`), orderBy: (t, { asc }) => [asc(t.seq)] });
    const types = rows.map((r) => r.type);
    expect(types).toEqual(['post:created', 'topic:updated', 'post:created', 'topic:updated']);
    expect(rows[2]?.data).toMatchObject({ id: reply.id, body: '事件', hidden: false });
    expect(rows[2]?.data).not.toHaveProperty('myReactions');
    const boardEvents = await app.db.query.realtimeEvents.findMany({ where: (t, { eq: is }) => is(t.room, `board:${board.slug}`), orderBy: (t, { asc }) => [asc(t.seq)] });
    expect(boardEvents.map((r) => r.type)).toEqual(['topic:updated', 'topic:updated']);
    expect(boardEvents[1]?.data).toMatchObject({ id: topic.id, postCount: 2 });
  });
});

describe('concurrent writers', () => {
  it('keep topic and board counts exact and never deadlock: replies, new topics and mentions at once', async () => {
    const board = await createBoard(app, { admin });
    const writers = await Promise.all([registerUser(app), registerUser(app), registerUser(app)]);
    const opened = await Promise.all(writers.map((w) => createTopic(w.client, board.slug)));
    const work: Promise<unknown>[] = [];
    for (let round = 0; round < 4; round += 1) {
      writers.forEach((w, i) => {
        const other = writers[(i + 1) % writers.length];
        for (const { topic, post } of opened) {
          work.push(createReply(w.client, topic.id, { parentId: post.id, body: `并发 @${other?.user.username ?? ''}` }));
        }
      });
      const opener = writers[round % writers.length];
      if (opener) work.push(createTopic(opener.client, board.slug));
    }
    await Promise.all(work);
    const boardNow = (await new Client(app).get<{ board: { topicCount: number; postCount: number } }>(`/api/boards/${board.slug}`)).data.board;
    expect(boardNow).toMatchObject({ topicCount: 3 + 4, postCount: 3 + 4 * 3 * 3 + 4 });
    for (const { topic, post } of opened) {
      const now = await new Client(app).get<{ topic: TopicView; posts: Page<PostView> }>(`/api/topics/${topic.id}?limit=100`);
      expect(now.data.topic.postCount).toBe(1 + 4 * 3);
      expect(now.data.posts.items).toHaveLength(1 + 4 * 3);
      expect(now.data.posts.items.find((p) => p.id === post.id)?.replyCount).toBe(4 * 3);
    }
  });
});

describe('rate limit on topics and replies', () => {
  it('answers 429 RATE_LIMITED past POST_RATE_LIMIT a minute, counting topics and replies together per member', async () => {
    const limited = await createTestApp({ POST_RATE_LIMIT: '2' });
    try {
      const member = await registerUser(limited);
      const other = await registerUser(limited);
      const { topic } = await createTopic(member.client, 'qunzhong');
      expect((await member.client.post(`/api/topics/${topic.id}/posts`, { body: '第二条' })).statusCode).toBe(201);
      const third = await member.client.post(`/api/topics/${topic.id}/posts`, { body: '第三条' });
      expect(third.statusCode).toBe(429);
      expect(third.data).toMatchObject({ code: 'RATE_LIMITED', statusCode: 429, error: 'Too Many Requests' });
      expect(third.data.message).toMatch(/posting faster than 2 posts a minute.*wait \d+ seconds/);
      const topicToo = await member.client.post('/api/boards/qunzhong/topics', { title: 't', body: 'b' });
      expect(topicToo.statusCode).toBe(429);
      expect((await other.client.post(`/api/topics/${topic.id}/posts`, { body: '别人' })).statusCode).toBe(201);
    } finally {
      await limited.close();
    }
  });
});

describe('GET /api/users/:username/journal and /profile', () => {
  it('lists only the writing kinds of one author, newest first, paged', async () => {
    const writer = await registerUser(app);
    const board = await createBoard(app, { admin });
    const note = await createTopic(writer.client, board.slug, { kind: 'field_note' });
    await createTopic(writer.client, board.slug, { kind: 'discussion' });
    const diary = await createTopic(writer.client, board.slug, { kind: 'editor_diary' });
    const impression = await createTopic(writer.client, board.slug, { kind: 'field_impression' });
    await createTopic(alice.client, board.slug, { kind: 'field_note' });
    const res = await new Client(app).get<Page<TopicView>>(`/api/users/${writer.user.username}/journal?limit=2`);
    expect(res.statusCode).toBe(200);
    expect(res.data.items.map((t) => t.id)).toEqual([impression.topic.id, diary.topic.id]);
    const next = await new Client(app).get<Page<TopicView>>(`/api/users/${writer.user.username}/journal?limit=2&cursor=${res.data.nextCursor}`);
    expect(next.data.items.map((t) => t.id)).toEqual([note.topic.id]);
    expect(next.data.nextCursor).toBeNull();
    expect((await new Client(app).get('/api/users/nobody-here-zz/journal')).statusCode).toBe(404);
    expect((await new Client(app).get('/api/users/x/journal')).statusCode).toBe(400);
    expect((await new Client(app).get(`/api/users/${writer.user.username}/journal?cursor=zzz`)).statusCode).toBe(400);
  });

  it('answers a profile with unit, counts, recent topics and recent replies (replies only, not opening posts)', async () => {
    const units = await new Client(app).get<{ items: { id: number; name: string; level: string }[] }>('/api/units');
    const unit = units.data.items.find((u) => u.level === 'county');
    const writer = await registerUser(app, { unitId: unit?.id ?? null, displayName: '作者' });
    const { topic } = await createTopic(writer.client, 'qunzhong', { title: '我的主题' });
    await createReply(writer.client, topic.id, { body: '我的回复' });
    const res = await new Client(app).get<{
      user: { username: string }; unit: { id: number; name: string } | null; postCount: number; topicCount: number;
      recentTopics: TopicView[]; recentPosts: (PostView & { topicTitle: string })[];
    }>(`/api/users/${writer.user.username}/profile`);
    expect(res.statusCode).toBe(200);
    expect(res.data).toMatchObject({ user: { username: writer.user.username }, unit: { id: unit?.id, name: unit?.name }, postCount: 2, topicCount: 1 });
    expect(res.data.recentTopics.map((t) => t.title)).toEqual(['我的主题']);
    expect(res.data.recentPosts.map((p) => [p.body, p.topicTitle])).toEqual([['我的回复', '我的主题']]);
    const none = await new Client(app).get<{ unit: null }>(`/api/users/${alice.user.username}/profile`);
    expect(none.data.unit).toBeNull();
    expect((await new Client(app).get('/api/users/nobody-here-zz/profile')).statusCode).toBe(404);
  });
});
