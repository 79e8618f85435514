import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { connectSocket, listen, type WireEvent } from '../helpers/sockets';
import { registerUser, signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import type { PostView } from '../../server/presenters/post.presenter';
import type { TopicView } from '../../server/presenters/topic.presenter';
import type { BoardView } from '../../server/presenters/board.presenter';
import type { NotificationView } from '../../server/presenters/notification.presenter';
import type { ModLogView } from '../../server/presenters/moderation.presenter';

let app: FastifyInstance;
let baseUrl: string;
let admin: Client;
let mod: SignedInUser;
let author: SignedInUser;
let reader: SignedInUser;
let boardSlug: string;
beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' });
  baseUrl = await listen(app);
  admin = await signInAdmin(app);
  mod = await registerUser(app, { roles: ['moderator'] });
  author = await registerUser(app);
  reader = await registerUser(app);
  boardSlug = (await createBoard(app, { admin })).slug;
});
afterAll(async () => {
  await app?.close();
});

const SECRET = `hiddensecret${Date.now().toString(36)}`;

describe('POST /api/posts/:id/hide', () => {
  it('refuses anonymous users (401), members (403), unknown posts (404) and a note too long (400)', async () => {
    const { post } = await createTopic(author.client, boardSlug);
    expect((await new Client(app).post(`/api/posts/${post.id}/hide`, {})).statusCode).toBe(401);
    const asMember = await reader.client.post(`/api/posts/${post.id}/hide`, {});
    expect(asMember.statusCode).toBe(403);
    expect(asMember.data).toMatchObject({ code: 'FORBIDDEN' });
    expect((await mod.client.post('/api/posts/2147483000/hide', {})).statusCode).toBe(404);
    const long = await mod.client.post(`/api/posts/${post.id}/hide`, { note: 'x'.repeat(1001) });
    expect(long.statusCode).toBe(400);
    expect(long.data).toMatchObject({ code: 'VALIDATION', field: 'note' });
    expect((await mod.client.post('/api/posts/abc/hide', {})).statusCode).toBe(400);
  });

  it('hides the body from everyone but its author and moderators on every read path', async () => {
    const { topic, post } = await createTopic(author.client, boardSlug, { title: '隐藏测试', body: `第一帖 ${SECRET}`, kind: 'field_note' });
    const reply = await createReply(reader.client, topic.id, { body: '回复', parentId: post.id });
    const hidden = await mod.client.post<{ post: PostView }>(`/api/posts/${post.id}/hide`, { note: '违反版规' });
    expect(hidden.statusCode).toBe(200);
    expect(hidden.data.post).toMatchObject({ hidden: true, body: `第一帖 ${SECRET}` });

    const anonymous = new Client(app);
    for (const client of [anonymous, reader.client]) {
      const page = await client.get<{ topic: TopicView; posts: { items: PostView[] } }>(`/api/topics/${topic.id}`);
      expect(page.data.posts.items[0]).toMatchObject({ id: post.id, hidden: true, body: null, html: null });
      expect(page.data.topic.excerpt).toBeNull();
      const tree = await client.get<{ items: PostView[] }>(`/api/topics/${topic.id}/tree`);
      expect(tree.data.items.find((p) => p.id === post.id)).toMatchObject({ body: null, html: null });
      const one = await client.get<{ post: PostView }>(`/api/posts/${post.id}`);
      expect(one.data.post).toMatchObject({ hidden: true, body: null, html: null });
      const board = await client.get<{ items: TopicView[] }>(`/api/boards/${boardSlug}/topics?limit=100`);
      expect(board.data.items.find((t) => t.id === topic.id)?.excerpt).toBeNull();
      const journal = await client.get<{ items: TopicView[] }>(`/api/users/${author.user.username}/journal`);
      expect(journal.data.items.find((t) => t.id === topic.id)?.excerpt).toBeNull();
      const profile = await client.get<{ recentPosts: PostView[]; recentTopics: TopicView[] }>(`/api/users/${author.user.username}/profile`);
      expect(profile.statusCode).toBe(200);
      // The profile lists replies only (issue 13); the hidden opening post shows there as its topic, without an excerpt.
      expect(profile.data.recentTopics.find((t) => t.id === topic.id)).toMatchObject({ excerpt: null });
      expect(profile.body).not.toContain(SECRET);
      const search = await client.get<{ items: { postId: number }[] }>(`/api/search?q=${SECRET}`);
      expect(search.data.items.map((i) => i.postId)).not.toContain(post.id);
      expect(JSON.stringify([page.data, tree.data, one.data, board.data, journal.data])).not.toContain(SECRET);
      const replies = await client.get<{ items: PostView[] }>(`/api/posts/${post.id}/replies`);
      expect(replies.data.items.map((p) => p.id)).toEqual([reply.id]);
    }
    // The author still sees it, marked hidden, and finds it in search; so do moderators.
    for (const client of [author.client, mod.client]) {
      const one = await client.get<{ post: PostView }>(`/api/posts/${post.id}`);
      expect(one.data.post).toMatchObject({ hidden: true, body: `第一帖 ${SECRET}` });
      const search = await client.get<{ items: { postId: number }[] }>(`/api/search?q=${SECRET}`);
      expect(search.data.items.map((i) => i.postId)).toContain(post.id);
    }
    // The author is told what happened and why, without the body.
    const notes = await author.client.get<{ items: NotificationView[] }>('/api/notifications');
    const notice = notes.data.items.find((n) => n.type === 'post_hidden' && n.postId === post.id);
    expect(notice).toMatchObject({ topicId: topic.id, data: { note: '违反版规' } });
    expect(typeof notice?.data?.modLogId).toBe('number');
    expect(JSON.stringify(notes.data)).not.toContain(SECRET);
  });

  it('names the hide (mod-log id, reason, time) on the post to its author and moderators only, and the author appeals by that id', async () => {
    const { topic, post } = await createTopic(author.client, boardSlug, { body: '要申诉的帖子' });
    const reply = await createReply(reader.client, topic.id, { body: '别人的回复', parentId: post.id });
    const hidden = await mod.client.post<{ post: PostView }>(`/api/posts/${post.id}/hide`, { note: '疑似广告' });
    const log = await mod.client.get<{ items: ModLogView[] }>(`/api/mod/log?targetUserId=${author.user.id}&action=hide&limit=100`);
    const entry = log.data.items.find((r) => r.targetId === post.id);
    expect(entry).toBeDefined();
    const expected = { logId: entry?.id, reason: '疑似广告', at: entry?.createdAt };
    expect(hidden.data.post.hiddenAction).toEqual(expected);
    for (const client of [author.client, mod.client, admin]) {
      const one = await client.get<{ post: PostView }>(`/api/posts/${post.id}`);
      expect(one.data.post.hiddenAction).toEqual(expected);
      const page = await client.get<{ posts: { items: PostView[] } }>(`/api/topics/${topic.id}`);
      expect(page.data.posts.items.find((p) => p.id === post.id)?.hiddenAction).toEqual(expected);
      // A post that is not hidden names no hide.
      expect(page.data.posts.items.find((p) => p.id === reply.id)).not.toHaveProperty('hiddenAction');
    }
    for (const client of [new Client(app), reader.client]) {
      const one = await client.get<{ post: PostView }>(`/api/posts/${post.id}`);
      expect(one.data.post).toMatchObject({ hidden: true, body: null });
      expect(one.data.post).not.toHaveProperty('hiddenAction');
      const page = await client.get<{ posts: { items: PostView[] } }>(`/api/topics/${topic.id}`);
      const tree = await client.get<{ items: PostView[] }>(`/api/topics/${topic.id}/tree`);
      for (const body of [one.body, page.body, tree.body]) {
        expect(body).not.toContain('疑似广告');
        expect(body).not.toContain('hiddenAction');
      }
    }
    // The id is the one POST /api/appeals takes; someone else cannot appeal it.
    expect((await reader.client.post('/api/appeals', { action: expected.logId, text: '不是我的' })).statusCode).toBe(403);
    const appeal = await author.client.post<{ appeal: { status: string } }>('/api/appeals', { action: expected.logId, text: '这是村里的通知，不是广告。' });
    expect(appeal.statusCode).toBe(201);
    // Hidden again after an unhide: the newest hide is named.
    await mod.client.post(`/api/posts/${post.id}/unhide`, {});
    expect((await author.client.get<{ post: PostView }>(`/api/posts/${post.id}`)).data.post).not.toHaveProperty('hiddenAction');
    const again = await mod.client.post<{ post: PostView }>(`/api/posts/${post.id}/hide`, { note: '第二次' });
    expect(again.data.post.hiddenAction?.reason).toBe('第二次');
    expect(again.data.post.hiddenAction?.logId).toBeGreaterThan(expected.logId ?? 0);
  });

  it('sends post:hidden with the public view to a non-moderator subscriber, and replays no old body', async () => {
    const { topic, post } = await createTopic(author.client, boardSlug, { body: `实时 ${SECRET}` });
    const socket = await connectSocket(baseUrl, reader.client.cookie);
    try {
      const answer = await socket.subscribe(`topic:${topic.id}`);
      expect(answer.ok).toBe(true);
      expect((await mod.client.post(`/api/posts/${post.id}/hide`, {})).statusCode).toBe(200);
      const event = (await socket.waitFor('post:hidden')) as WireEvent<PostView>;
      expect(event.data).toMatchObject({ id: post.id, hidden: true, body: null, html: null });
      expect(event.data).not.toHaveProperty('hiddenAction');
    } finally {
      socket.close();
    }
    // A reader reconnecting from seq 0 replays post:created too: it carries the public view now.
    const late = await connectSocket(baseUrl);
    try {
      const answer = await late.subscribe(`topic:${topic.id}`, 0);
      expect(answer.ok).toBe(true);
      await late.waitFor('post:hidden');
      expect(late.raw.length).toBeGreaterThan(0);
      expect(JSON.stringify(late.raw)).not.toContain(SECRET);
    } finally {
      late.close();
    }
  });

  it('changes nothing and logs nothing when the post is already hidden; unhide brings the body back', async () => {
    const { topic, post } = await createTopic(author.client, boardSlug, { body: '再次隐藏' });
    await mod.client.post(`/api/posts/${post.id}/hide`, {});
    await mod.client.post(`/api/posts/${post.id}/hide`, {});
    const log = await mod.client.get<{ items: ModLogView[] }>(`/api/mod/log?targetUserId=${author.user.id}&action=hide&limit=100`);
    expect(log.data.items.filter((r) => r.targetId === post.id)).toHaveLength(1);
    const socket = await connectSocket(baseUrl);
    try {
      await socket.subscribe(`topic:${topic.id}`);
      const shown = await mod.client.post<{ post: PostView }>(`/api/posts/${post.id}/unhide`, {});
      expect(shown.statusCode).toBe(200);
      expect(shown.data.post.hidden).toBe(false);
      const event = (await socket.waitFor('post:updated', (p) => (p as WireEvent<PostView>).data.id === post.id)) as WireEvent<PostView>;
      expect(event.data.body).toBe('再次隐藏');
    } finally {
      socket.close();
    }
    expect((await reader.client.get<{ post: PostView }>(`/api/posts/${post.id}`)).data.post.body).toBe('再次隐藏');
    expect((await reader.client.post(`/api/posts/${post.id}/unhide`, {})).statusCode).toBe(403);
  });
});

describe('POST /api/topics/:id/lock and /unlock', () => {
  it('refuses members replies with 423 TOPIC_LOCKED naming the reason, and shows the reason on the topic', async () => {
    const { topic } = await createTopic(author.client, boardSlug);
    expect((await reader.client.post(`/api/topics/${topic.id}/lock`, {})).statusCode).toBe(403);
    expect((await mod.client.post(`/api/topics/${topic.id}/lock`, { reason: 'x'.repeat(1001) })).statusCode).toBe(400);
    const locked = await mod.client.post<{ topic: TopicView }>(`/api/topics/${topic.id}/lock`, { reason: '讨论已结束' });
    expect(locked.statusCode).toBe(200);
    expect(locked.data.topic).toMatchObject({ locked: true, lockReason: '讨论已结束' });
    const refused = await reader.client.post(`/api/topics/${topic.id}/posts`, { body: '还想说' }, { headers: { 'accept-language': 'zh-CN' } });
    expect(refused.statusCode).toBe(423);
    expect(refused.data).toMatchObject({ code: 'TOPIC_LOCKED' });
    expect(String(refused.data.message)).toContain('讨论已结束');
    expect((await new Client(app).get<{ topic: TopicView }>(`/api/topics/${topic.id}`)).data.topic.lockReason).toBe('讨论已结束');
    const notes = await author.client.get<{ items: NotificationView[] }>('/api/notifications');
    expect(notes.data.items.find((n) => n.type === 'topic_locked' && n.topicId === topic.id)?.data?.note).toBe('讨论已结束');
    const unlocked = await mod.client.post<{ topic: TopicView }>(`/api/topics/${topic.id}/unlock`, {});
    expect(unlocked.data.topic).toMatchObject({ locked: false, lockReason: null });
    expect((await reader.client.post(`/api/topics/${topic.id}/posts`, { body: '又能说了' })).statusCode).toBe(201);
  });
});

describe('POST /api/topics/:id/pin and /unpin', () => {
  it('puts a pinned topic first on its board and back when unpinned', async () => {
    const slug = (await createBoard(app, { admin })).slug;
    const first = await createTopic(author.client, slug, { title: '早' });
    await createTopic(author.client, slug, { title: '晚' });
    expect((await reader.client.post(`/api/topics/${first.topic.id}/pin`, {})).statusCode).toBe(403);
    const pinned = await mod.client.post<{ topic: TopicView }>(`/api/topics/${first.topic.id}/pin`, {});
    expect(pinned.data.topic.pinned).toBe(true);
    const list = await reader.client.get<{ items: TopicView[] }>(`/api/boards/${slug}/topics`);
    expect(list.data.items[0]?.id).toBe(first.topic.id);
    await mod.client.post(`/api/topics/${first.topic.id}/unpin`, {});
    const after = await reader.client.get<{ items: TopicView[] }>(`/api/boards/${slug}/topics`);
    expect(after.data.items[0]?.id).not.toBe(first.topic.id);
  });
});

describe('POST /api/topics/:id/move', () => {
  it('moves a topic: counts on both boards, topic:updated to both boards\' rooms and the topic\'s', async () => {
    const from = (await createBoard(app, { admin })).slug;
    const to = (await createBoard(app, { admin })).slug;
    const { topic } = await createTopic(author.client, from);
    await createReply(reader.client, topic.id);
    const sockets = await Promise.all([connectSocket(baseUrl), connectSocket(baseUrl), connectSocket(baseUrl)]);
    try {
      await sockets[0]?.subscribe(`board:${from}`);
      await sockets[1]?.subscribe(`board:${to}`);
      await sockets[2]?.subscribe(`topic:${topic.id}`);
      expect((await reader.client.post(`/api/topics/${topic.id}/move`, { boardSlug: to })).statusCode).toBe(403);
      expect((await mod.client.post(`/api/topics/${topic.id}/move`, { boardSlug: 'no-such-board-x' })).statusCode).toBe(404);
      expect((await mod.client.post(`/api/topics/${topic.id}/move`, { boardSlug: 'Bad Slug' })).statusCode).toBe(400);
      expect((await mod.client.post(`/api/topics/${topic.id}/move`, { boardSlug: from })).statusCode).toBe(400);
      const moved = await mod.client.post<{ topic: TopicView }>(`/api/topics/${topic.id}/move`, { boardSlug: to });
      expect(moved.statusCode).toBe(200);
      expect(moved.data.topic.boardSlug).toBe(to);
      for (const s of sockets) {
        const event = (await s.waitFor('topic:updated', (p) => (p as WireEvent<TopicView>).data.boardSlug === to)) as WireEvent<TopicView>;
        expect(event.data.id).toBe(topic.id);
      }
    } finally {
      for (const s of sockets) s.close();
    }
    const boards = await reader.client.get<{ items: BoardView[] }>('/api/boards');
    expect(boards.data.items.find((b) => b.slug === from)).toMatchObject({ topicCount: 0, postCount: 0 });
    expect(boards.data.items.find((b) => b.slug === to)).toMatchObject({ topicCount: 1, postCount: 2 });
    const log = await mod.client.get<{ items: ModLogView[] }>(`/api/mod/log?action=move&limit=100`);
    expect(log.data.items.find((r) => r.targetId === topic.id)).toMatchObject({ before: { boardSlug: from }, after: { boardSlug: to }, moderator: { id: mod.user.id } });
  });
});
