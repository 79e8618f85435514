import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { registerUser, type SignedInUser } from '../factories/user.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import type { NotificationPageView as List } from '../../server/presenters/notification.presenter';


let app: FastifyInstance;
beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0' });
});
afterAll(async () => {
  await app?.close();
});

async function people(): Promise<{ alice: SignedInUser; bob: SignedInUser; carol: SignedInUser }> {
  const [alice, bob, carol] = await Promise.all([
    registerUser(app, { displayName: '爱丽丝' }),
    registerUser(app, { displayName: '鲍勃' }),
    registerUser(app, { displayName: '卡罗尔' }),
  ]);
  return { alice, bob, carol };
}

describe('mention and reply notifications', () => {
  it('notifies a mentioned user and the author a reply answers, once per post, never yourself', async () => {
    const { alice, bob, carol } = await people();
    const { topic, post } = await createTopic(alice.client, 'qunzhong', { title: '提到测试', body: `请 @${carol.user.username} 看看，@${alice.user.username} 自己` });
    const carolList = await carol.client.get<List>('/api/notifications');
    expect(carolList.statusCode).toBe(200);
    expect(carolList.data.items).toHaveLength(1);
    expect(carolList.data.items[0]).toMatchObject({
      type: 'mention', postId: post.id, topicId: topic.id, readAt: null, topicTitle: '提到测试',
      actor: { id: alice.user.id, username: alice.user.username, displayName: '爱丽丝' },
    });
    expect(carolList.data.unreadCount).toBe(1);
    expect((await alice.client.get<List>('/api/notifications')).data.items).toHaveLength(0);

    // Bob answers the first post and mentions Alice too: one notification, a reply.
    const reply = await createReply(bob.client, topic.id, { parentId: post.id, body: `好的 @${alice.user.username} @${alice.user.username}` });
    let aliceList = await alice.client.get<List>('/api/notifications');
    expect(aliceList.data.items.map((n) => [n.type, n.postId])).toEqual([['reply', reply.id]]);
    // A reply without parentId answers the topic's author.
    const flat = await createReply(carol.client, topic.id, { body: '平铺回复' });
    aliceList = await alice.client.get<List>('/api/notifications');
    expect(aliceList.data.items.map((n) => [n.type, n.postId])).toEqual([['reply', flat.id], ['reply', reply.id]]);
    // Replying to yourself notifies no one.
    await createReply(bob.client, topic.id, { parentId: reply.id, body: '补充' });
    expect((await bob.client.get<List>('/api/notifications')).data.items).toHaveLength(0);
  });

  it('notifies users newly mentioned in an edit, but not those already notified', async () => {
    const { alice, bob, carol } = await people();
    const { post } = await createTopic(alice.client, 'qunzhong', { body: `你好 @${bob.user.username}` });
    await alice.client.patch(`/api/posts/${post.id}`, { body: `你好 @${bob.user.username} 和 @${carol.user.username}` });
    await alice.client.patch(`/api/posts/${post.id}`, { body: `再改 @${bob.user.username} @${carol.user.username}` });
    expect((await bob.client.get<List>('/api/notifications')).data.items).toHaveLength(1);
    const carolList = await carol.client.get<List>('/api/notifications');
    expect(carolList.data.items.map((n) => [n.type, n.postId])).toEqual([['mention', post.id]]);
  });

  it('ignores mentions of users who do not exist', async () => {
    const { alice } = await people();
    const res = await alice.client.post('/api/boards/qunzhong/topics', { title: '无人', body: '@nobody_at_all_zz 在吗' });
    expect(res.statusCode).toBe(201);
  });
});

describe('GET /api/notifications, unread count and mark read', () => {
  it('pages newest first and marks read by ids (only your own) or all', async () => {
    const { alice, bob, carol } = await people();
    const { topic, post } = await createTopic(alice.client, 'qunzhong');
    const replies = [];
    for (let i = 0; i < 5; i += 1) replies.push(await createReply(bob.client, topic.id, { parentId: post.id }));
    const page1 = await alice.client.get<List>('/api/notifications?limit=2');
    expect(page1.data.items.map((n) => n.postId)).toEqual([replies[4]?.id, replies[3]?.id]);
    expect(page1.data.unreadCount).toBe(5);
    const page2 = await alice.client.get<List>(`/api/notifications?limit=2&cursor=${page1.data.nextCursor}`);
    expect(page2.data.items.map((n) => n.postId)).toEqual([replies[2]?.id, replies[1]?.id]);
    const page3 = await alice.client.get<List>(`/api/notifications?limit=2&cursor=${page2.data.nextCursor}`);
    expect(page3.data.items.map((n) => n.postId)).toEqual([replies[0]?.id]);
    expect(page3.data.nextCursor).toBeNull();

    const ids = page1.data.items.map((n) => n.id);
    // Someone else's ids change nothing.
    expect((await carol.client.post('/api/notifications/read', { ids })).statusCode).toBe(204);
    expect((await alice.client.get<{ count: number }>('/api/notifications/unread-count')).data.count).toBe(5);
    expect((await alice.client.post('/api/notifications/read', { ids })).statusCode).toBe(204);
    const after = await alice.client.get<List>('/api/notifications');
    expect(after.data.unreadCount).toBe(3);
    expect(after.data.items.filter((n) => n.readAt !== null).map((n) => n.id).sort()).toEqual([...ids].sort());
    expect((await alice.client.post('/api/notifications/read', { all: true })).statusCode).toBe(204);
    const count = await alice.client.get<{ count: number }>('/api/notifications/unread-count');
    expect(count.statusCode).toBe(200);
    expect(count.data).toEqual({ count: 0, seq: expect.any(Number) as number });
  });

  it('refuses anonymous users, bad input and foreign cursors', async () => {
    const anonymous = new Client(app);
    expect((await anonymous.get('/api/notifications')).statusCode).toBe(401);
    expect((await anonymous.get('/api/notifications/unread-count')).statusCode).toBe(401);
    expect((await anonymous.post('/api/notifications/read', { all: true })).statusCode).toBe(401);
    const { alice } = await people();
    for (const [body, field] of [[{}, 'ids'], [{ ids: 'x' }, 'ids'], [{ ids: [0] }, 'ids.0'], [{ all: 'yes' }, 'all']] as const) {
      const res = await alice.client.post('/api/notifications/read', body);
      expect(res.statusCode).toBe(400);
      expect(res.data).toMatchObject({ code: 'VALIDATION', field });
    }
    const foreign = Buffer.from(JSON.stringify(['journal', 5])).toString('base64url');
    expect((await alice.client.get(`/api/notifications?cursor=${foreign}`)).data).toMatchObject({ code: 'BAD_CURSOR' });
    expect((await alice.client.get('/api/notifications?limit=500')).data).toMatchObject({ code: 'VALIDATION', field: 'limit' });
  });
});
