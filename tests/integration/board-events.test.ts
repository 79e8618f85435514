import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp } from '../helpers/test-app';
import { connectSocket, listen, type WireEvent } from '../helpers/sockets';
import { registerUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import { posts } from '../../server/db/schema';
import type { PostView } from '../../server/presenters/post.presenter';
import type { TopicView } from '../../server/presenters/topic.presenter';
import type { NotificationView } from '../../server/presenters/notification.presenter';

let app: FastifyInstance;
let baseUrl: string;
beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0' });
  baseUrl = await listen(app);
});
afterAll(async () => {
  await app?.close();
});

describe('board realtime events', () => {
  it('delivers post:created, topic:updated and notification after commit, with public payloads', async () => {
    const alice = await registerUser(app);
    const bob = await registerUser(app);
    const board = await createBoard(app);
    const { topic, post } = await createTopic(alice.client, board.slug);
    const reader = await connectSocket(baseUrl);
    const aliceSocket = await connectSocket(baseUrl, alice.client.cookie);
    try {
      expect((await reader.subscribe(`topic:${topic.id}`)).ok).toBe(true);
      expect((await reader.subscribe(`board:${board.slug}`)).ok).toBe(true);
      const reply = await createReply(bob.client, topic.id, { parentId: post.id, body: '实时回复' });

      const created = (await reader.waitFor('post:created')) as WireEvent;
      expect(created.room).toBe(`topic:${topic.id}`);
      expect(created.data as PostView).toMatchObject({ id: reply.id, body: '实时回复', parentId: post.id });
      expect(created.data).not.toHaveProperty('myReactions');
      const updated = (await reader.waitFor('topic:updated', (e) => (e as WireEvent).room === `board:${board.slug}`)) as WireEvent;
      expect(updated.data as TopicView).toMatchObject({ id: topic.id, postCount: 2 });
      const note = (await aliceSocket.waitFor('notification')) as WireEvent;
      expect(note.room).toBe(`user:${alice.user.id}`);
      expect(note.data as NotificationView).toMatchObject({ type: 'reply', postId: reply.id, topicId: topic.id, actor: { id: bob.user.id } });

      // An edit of a hidden post travels without its body.
      await app.db.update(posts).set({ hidden: true }).where(eq(posts.id, reply.id));
      expect((await bob.client.patch(`/api/posts/${reply.id}`, { body: '秘密修改' })).statusCode).toBe(200);
      const edited = (await reader.waitFor('post:updated', (e) => ((e as WireEvent).data as PostView).id === reply.id && ((e as WireEvent).data as PostView).hidden)) as WireEvent;
      expect(edited.data as PostView).toMatchObject({ id: reply.id, hidden: true, body: null, html: null });
      expect(JSON.stringify(edited)).not.toContain('秘密修改');
    } finally {
      reader.close();
      aliceSocket.close();
    }
  });
});
