import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { connectSocket, listen, type WireEvent } from '../helpers/sockets';
import { registerUser, signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createTopic } from '../factories/topic.factory';
import type { BoardView } from '../../server/presenters/board.presenter';
import type { PostView } from '../../server/presenters/post.presenter';
import type { TopicView } from '../../server/presenters/topic.presenter';
import type { QueueItemView } from '../../server/presenters/moderation.presenter';
import type { NotificationView } from '../../server/presenters/notification.presenter';

let app: FastifyInstance;
let baseUrl: string;
let admin: Client;
let mod: SignedInUser;
let author: SignedInUser;
let reader: SignedInUser;
beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' });
  baseUrl = await listen(app);
  admin = await signInAdmin(app);
  mod = await registerUser(app, { roles: ['moderator'] });
  author = await registerUser(app);
  reader = await registerUser(app);
});
afterAll(async () => {
  await app?.close();
});

/** A board with review before publication switched on by the admin. */
async function reviewedBoard(): Promise<string> {
  const board = await createBoard(app, { admin });
  const res = await admin.patch<{ board: BoardView }>(`/api/boards/${board.slug}`, { reviewBeforePublish: true });
  expect(res.data.board.reviewBeforePublish).toBe(true);
  return board.slug;
}

/**
 * The queue item holding a post, from its board's queue: the board is the test's own, so the
 * page is one or two items (the whole queue, 100 items presented with their posts, was most
 * of the held-topic test's time, and grows with every file on a shared database).
 */
async function heldItem(postId: number, boardSlug: string): Promise<QueueItemView> {
  const page = await mod.client.get<{ items: QueueItemView[] }>(`/api/mod/queue?type=held_post&board=${boardSlug}&limit=10`);
  const item = page.data.items.find((i) => i.post?.id === postId);
  if (!item) throw new Error(`no held item for post ${postId}`);
  return item;
}

async function boardOf(slug: string): Promise<BoardView | undefined> {
  return (await reader.client.get<{ items: BoardView[] }>('/api/boards')).data.items.find((b) => b.slug === slug);
}

const SECRET = `heldsecret${Date.now().toString(36)}`;

describe('PATCH /api/boards/:slug', () => {
  it('lets admins change name, description and reviewBeforePublish; refuses others and bad input', async () => {
    const board = await createBoard(app, { admin });
    expect((await mod.client.patch(`/api/boards/${board.slug}`, { reviewBeforePublish: true })).statusCode).toBe(403);
    expect((await new Client(app).patch(`/api/boards/${board.slug}`, { reviewBeforePublish: true })).statusCode).toBe(401);
    expect((await admin.patch(`/api/boards/${board.slug}`, { reviewBeforePublish: 'yes' })).statusCode).toBe(400);
    expect((await admin.patch(`/api/boards/${board.slug}`, { name: '   ' })).statusCode).toBe(400);
    expect((await admin.patch('/api/boards/no-such-board-h', { name: '新' })).statusCode).toBe(404);
    const res = await admin.patch<{ board: BoardView }>(`/api/boards/${board.slug}`, { name: '新名字', description: '说明' });
    expect(res.data.board).toMatchObject({ name: '新名字', description: '说明', reviewBeforePublish: false });
  });
});

describe('held topics and replies (先审后发)', () => {
  it('answers 202 held and shows the topic to nobody but its author and moderators, on every read path', async () => {
    const slug = await reviewedBoard();
    const res = await author.client.post<{ topic: TopicView; post: PostView }>(`/api/boards/${slug}/topics`, { title: `待审 ${SECRET}`, body: `正文 ${SECRET} @${reader.user.username}` });
    expect(res.statusCode).toBe(202);
    expect(res.data.post.held).toBe(true);
    expect(res.data.topic.held).toBe(true);
    const { topic, post } = res.data;
    const boardSocket = await connectSocket(baseUrl, reader.client.cookie);
    const readerSocket = await connectSocket(baseUrl, reader.client.cookie);
    try {
      await boardSocket.subscribe(`board:${slug}`);
      expect((await readerSocket.subscribe(`topic:${topic.id}`)).ok).toBe(false);
      for (const client of [new Client(app), reader.client]) {
        expect((await client.get(`/api/topics/${topic.id}`)).statusCode).toBe(404);
        expect((await client.get(`/api/posts/${post.id}`)).statusCode).toBe(404);
        expect((await client.get(`/api/topics/${topic.id}/tree`)).statusCode).toBe(404);
        const list = await client.get<{ items: TopicView[] }>(`/api/boards/${slug}/topics`);
        expect(list.data.items).toEqual([]);
        const search = await client.get<{ items: unknown[] }>(`/api/search?q=${SECRET}`);
        expect(search.data.items).toEqual([]);
        const profile = await client.get(`/api/users/${author.user.username}/profile`);
        expect(profile.body).not.toContain(SECRET);
      }
      expect(await boardOf(slug)).toMatchObject({ topicCount: 0, postCount: 0 });
      expect((await reader.client.get<{ items: NotificationView[] }>('/api/notifications')).data.items.find((n) => n.topicId === topic.id)).toBeUndefined();
      expect((await reader.client.post(`/api/posts/${post.id}/flags`, { reason: 'spam' })).statusCode).toBe(404);
      // Its author and moderators see it, marked held.
      expect((await author.client.get<{ topic: TopicView }>(`/api/topics/${topic.id}`)).data.topic.held).toBe(true);
      const item = await heldItem(post.id, slug);
      expect(item.post?.body).toContain(SECRET);
      expect(boardSocket.raw.find((r) => JSON.stringify(r.payload).includes(SECRET))).toBeUndefined();

      // Approval publishes it at that moment: counts, search, the board room, the mention.
      const approved = await mod.client.post(`/api/mod/queue/${item.id}/resolve`, { action: 'approve' });
      expect(approved.statusCode).toBe(200);
      const event = (await boardSocket.waitFor('topic:updated', (p) => (p as WireEvent<TopicView>).data.id === topic.id)) as WireEvent<TopicView>;
      expect(event.data.held).toBe(false);
    } finally {
      boardSocket.close();
      readerSocket.close();
    }
    expect(await boardOf(slug)).toMatchObject({ topicCount: 1, postCount: 1 });
    expect((await reader.client.get<{ items: { postId: number }[] }>(`/api/search?q=${SECRET}`)).data.items.map((i) => i.postId)).toContain(post.id);
    expect((await reader.client.get<{ post: PostView }>(`/api/posts/${post.id}`)).data.post).toMatchObject({ held: false, body: expect.stringContaining(SECRET) });
    const mentions = await reader.client.get<{ items: NotificationView[] }>('/api/notifications');
    expect(mentions.data.items.find((n) => n.type === 'mention' && n.postId === post.id)).toBeDefined();
    const approvedNote = await author.client.get<{ items: NotificationView[] }>('/api/notifications');
    expect(approvedNote.data.items.find((n) => n.type === 'post_approved' && n.postId === post.id)).toBeDefined();
  });

  it('holds a reply: no count, no event, no reply notification until approved; rejection tells the author why', async () => {
    const open = await createBoard(app, { admin });
    const { topic, post: first } = await createTopic(reader.client, open.slug);
    await admin.patch(`/api/boards/${open.slug}`, { reviewBeforePublish: true });
    const res = await author.client.post<{ post: PostView }>(`/api/topics/${topic.id}/posts`, { body: `回复 ${SECRET}`, parentId: first.id });
    expect(res.statusCode).toBe(202);
    expect(res.data.post.held).toBe(true);
    const page = await reader.client.get<{ topic: TopicView; posts: { items: PostView[] } }>(`/api/topics/${topic.id}`);
    expect(page.data.topic.postCount).toBe(1);
    expect(page.data.posts.items.map((p) => p.id)).toEqual([first.id]);
    expect((await author.client.get<{ posts: { items: PostView[] } }>(`/api/topics/${topic.id}`)).data.posts.items.map((p) => p.id)).toEqual([first.id, res.data.post.id]);
    const item = await heldItem(res.data.post.id, open.slug);
    await mod.client.post(`/api/mod/queue/${item.id}/resolve`, { action: 'approve' });
    const after = await reader.client.get<{ topic: TopicView; posts: { items: PostView[] } }>(`/api/topics/${topic.id}`);
    expect(after.data.topic.postCount).toBe(2);
    expect(after.data.posts.items.find((p) => p.id === first.id)?.replyCount).toBe(1);
    const notes = await reader.client.get<{ items: NotificationView[] }>('/api/notifications');
    expect(notes.data.items.find((n) => n.type === 'reply' && n.postId === res.data.post.id)).toBeDefined();

    const rejected = await author.client.post<{ post: PostView }>(`/api/topics/${topic.id}/posts`, { body: '第二条回复' });
    const rejectItem = await heldItem(rejected.data.post.id, open.slug);
    expect((await mod.client.post(`/api/mod/queue/${rejectItem.id}/resolve`, { action: 'hide' })).statusCode).toBe(400);
    await mod.client.post(`/api/mod/queue/${rejectItem.id}/resolve`, { action: 'reject', note: '与主题无关' });
    expect((await reader.client.get(`/api/posts/${rejected.data.post.id}`)).statusCode).toBe(404);
    const told = await author.client.get<{ items: NotificationView[] }>('/api/notifications');
    expect(told.data.items.find((n) => n.type === 'post_rejected' && n.postId === rejected.data.post.id)?.data?.note).toBe('与主题无关');
  });

  it('publishes moderators\' posts at once even on a reviewed board', async () => {
    const slug = await reviewedBoard();
    const res = await mod.client.post(`/api/boards/${slug}/topics`, { title: '版主发帖', body: '正文' });
    expect(res.statusCode).toBe(201);
  });
});

describe('HOLD_NEW_ACCOUNT_POSTS', () => {
  let held: FastifyInstance;
  beforeAll(async () => {
    held = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', HOLD_NEW_ACCOUNT_POSTS: '1' });
  });
  afterAll(async () => {
    await held?.close();
  });

  it('holds a new account\'s first post, and publishes the next one once the first was approved', async () => {
    const heldAdmin = await signInAdmin(held);
    const slug = (await createBoard(held, { admin: heldAdmin })).slug;
    const newcomer = await registerUser(held);
    const first = await newcomer.client.post<{ post: PostView }>(`/api/boards/${slug}/topics`, { title: '新人', body: '第一帖' });
    expect(first.statusCode).toBe(202);
    const queue = await heldAdmin.get<{ items: QueueItemView[] }>('/api/mod/queue?type=held_post&limit=100');
    const item = queue.data.items.find((i) => i.post?.id === first.data.post.id);
    await heldAdmin.post(`/api/mod/queue/${item?.id}/resolve`, { action: 'approve' });
    const second = await newcomer.client.post(`/api/boards/${slug}/topics`, { title: '新人', body: '第二帖' });
    expect(second.statusCode).toBe(201);
  });
});
