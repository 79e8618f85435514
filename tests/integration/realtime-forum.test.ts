import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp } from '../helpers/test-app';
import { connectSocket, listen, type WireEvent } from '../helpers/sockets';
import { registerUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import { posts } from '../../server/db/schema';
import { startServerProcess } from '../helpers/server-process';
import { TEST_ADMIN } from '../setup/test-config';

let app: FastifyInstance;
let baseUrl: string;
let boardSlug: string;
beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0' });
  baseUrl = await listen(app);
  boardSlug = (await createBoard(app)).slug;
});
afterAll(async () => {
  await app?.close();
});

interface PostData { id: number; body: string | null; html: string | null; hidden: boolean; parentId: number | null }

describe('forum events', () => {
  it('delivers post:created to topic readers and topic:updated to topic and board rooms, with contiguous seqs', async () => {
    const author = await registerUser(app);
    const { topic } = await createTopic(author.client, boardSlug, { title: '实时测试' });
    const reader = await connectSocket(baseUrl);
    const boardReader = await connectSocket(baseUrl);
    try {
      expect(await reader.subscribe(`topic:${topic.id}`)).toMatchObject({ ok: true });
      expect(await boardReader.subscribe(`board:${boardSlug}`)).toMatchObject({ ok: true });
      const reply = await createReply(author.client, topic.id, { body: '大家好 **欢迎**' });
      const created = (await reader.waitFor('post:created', (p) => (p as WireEvent<PostData>).data.id === reply.id)) as WireEvent<PostData>;
      expect(created.room).toBe(`topic:${topic.id}`);
      expect(created.data.html).toContain('<strong>欢迎</strong>');
      const updated = (await reader.waitFor('topic:updated')) as WireEvent<{ postCount: number }>;
      expect(updated.data.postCount).toBe(2);
      expect(updated.seq).toBe(created.seq + 1);
      const onBoard = (await boardReader.waitFor('topic:updated')) as WireEvent<{ id: number }>;
      expect(onBoard).toMatchObject({ room: `board:${boardSlug}`, data: { id: topic.id } });
    } finally {
      reader.close();
      boardReader.close();
    }
  });

  it('sends post:updated on an edit and a notification to the author of the post answered', async () => {
    const author = await registerUser(app);
    const replier = await registerUser(app);
    const { topic, post } = await createTopic(author.client, boardSlug);
    const authorSocket = await connectSocket(baseUrl, author.client.cookie);
    const reader = await connectSocket(baseUrl);
    try {
      await reader.subscribe(`topic:${topic.id}`);
      await createReply(replier.client, topic.id, { body: '回复你', parentId: post.id });
      const note = (await authorSocket.waitFor('notification')) as WireEvent<{ type: string; postId: number }>;
      expect(note.room).toBe(`user:${author.user.id}`);
      expect(note.data.type).toBe('reply');
      const edit = await author.client.patch(`/api/posts/${post.id}`, { body: '修改后的正文' });
      expect(edit.statusCode).toBe(200);
      const updated = (await reader.waitFor('post:updated', (p) => (p as WireEvent<PostData>).data.id === post.id && (p as WireEvent<PostData>).data.body !== post.body)) as WireEvent<PostData>;
      expect(updated.data.body).toBe('修改后的正文');
    } finally {
      authorSocket.close();
      reader.close();
    }
  });

  it('never carries the body of a hidden post in an event', async () => {
    const author = await registerUser(app);
    const { topic, post } = await createTopic(author.client, boardSlug, { body: '秘密内容 secret-body' });
    await app.db.update(posts).set({ hidden: true }).where(eq(posts.id, post.id));
    const reader = await connectSocket(baseUrl);
    try {
      await reader.subscribe(`topic:${topic.id}`);
      const edit = await author.client.patch(`/api/posts/${post.id}`, { body: '仍是秘密 still-secret' });
      expect(edit.statusCode).toBe(200);
      const event = (await reader.waitFor('post:updated')) as WireEvent<PostData>;
      expect(event.data).toMatchObject({ id: post.id, hidden: true, body: null, html: null });
      expect(JSON.stringify(reader.raw)).not.toMatch(/secret/);
    } finally {
      reader.close();
    }
  });

  it('refuses rooms of topics and boards that do not exist', async () => {
    const socket = await connectSocket(baseUrl);
    try {
      expect(await socket.subscribe('topic:999999999')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await socket.subscribe('board:no-such-board-x')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    } finally {
      socket.close();
    }
  });

  it('refuses room ids that are no ids, as REST refuses them: VALIDATION, and the database is not asked', async () => {
    const socket = await connectSocket(baseUrl);
    try {
      for (const room of ['topic:9999999999', 'topic:2147483648', 'topic:abc', 'topic:007', 'topic:0', 'topic:-1', 'topic:', 'board:Bad_Slug', 'board:a\u0000b', 'user:1e3']) {
        const answer = await socket.subscribe(room);
        expect(answer, room).toMatchObject({ ok: false, code: 'VALIDATION' });
      }
      const error = (await socket.waitFor('error', (e) => (e as { room?: string }).room === 'topic:9999999999')) as { message: string };
      expect(error.message).toContain('id');
    } finally {
      socket.close();
    }
  });

  it('replays replies missed while disconnected, in order, without duplicates', async () => {
    const author = await registerUser(app);
    const { topic } = await createTopic(author.client, boardSlug);
    const first = await connectSocket(baseUrl);
    const answer = await first.subscribe(`topic:${topic.id}`);
    const seenSeq = answer.seq ?? 0;
    first.close();
    const missed = [];
    for (let i = 0; i < 3; i += 1) missed.push((await createReply(author.client, topic.id, { body: `离线时的回复 ${i}` })).id);
    const again = await connectSocket(baseUrl);
    try {
      await again.subscribe(`topic:${topic.id}`, seenSeq);
      await again.waitFor('topic:updated', (p) => (p as WireEvent<{ postCount: number }>).data.postCount === 4);
      const events = again.received.filter((r) => r.name === 'post:created' || r.name === 'topic:updated').map((r) => r.payload as WireEvent<PostData>);
      const seqs = events.map((e) => e.seq);
      expect(seqs).toEqual(seqs.map((_, i) => seenSeq + 1 + i));
      expect(events.filter((e) => e.type === 'post:created').map((e) => e.data.id)).toEqual(missed);
    } finally {
      again.close();
    }
  });


  it('gives each live view the seq of its room, so a subscribe from it replays what changed after the read', async () => {
    const author = await registerUser(app);
    const { topic, post } = await createTopic(author.client, boardSlug);
    await createReply(author.client, topic.id, { body: '读取之前的回复' });

    const [tree, topicAnswer, replies, board, unread] = await Promise.all([
      author.client.get(`/api/topics/${topic.id}/tree`),
      author.client.get(`/api/topics/${topic.id}`),
      author.client.get(`/api/posts/${post.id}/replies`),
      author.client.get(`/api/boards/${boardSlug}/topics`),
      author.client.get('/api/notifications/unread-count'),
    ]);
    for (const answer of [tree, topicAnswer, replies, board, unread]) expect(answer.statusCode).toBe(200);
    const treeSeq = (tree.json() as { seq: number }).seq;
    // Created the topic (topic:updated), then a reply (post:created + topic:updated).
    expect(treeSeq).toBeGreaterThanOrEqual(2);
    expect((topicAnswer.json() as { seq: number }).seq).toBe(treeSeq);
    expect((replies.json() as { seq: number }).seq).toBe(treeSeq);
    expect((board.json() as { seq: number }).seq).toBeGreaterThanOrEqual(2);
    expect(unread.json()).toEqual({ count: 0, seq: 0 });

    // A reply lands after the page read its data and before its socket subscribed: the
    // subscribe from the page's seq replays it (a plain subscribe would start after it).
    const late = await createReply(author.client, topic.id, { body: '读取之后、订阅之前的回复' });
    const reader = await connectSocket(baseUrl);
    try {
      await reader.subscribe(`topic:${topic.id}`, treeSeq);
      const created = (await reader.waitFor('post:created', (p) => (p as WireEvent<PostData>).data.id === late.id)) as WireEvent<PostData>;
      expect(created.seq).toBe(treeSeq + 1);
    } finally {
      reader.close();
    }

    // The unread count and its seq come from one snapshot: the count never includes an
    // event that a replay from the seq would deliver again.
    const replier = await registerUser(app);
    await createReply(replier.client, topic.id, { body: '提醒作者', parentId: post.id });
    expect(((await author.client.get('/api/notifications/unread-count')).json())).toEqual({ count: 1, seq: 1 });
  });
  it('shows typing hints and reader counts in a topic, to others only', async () => {
    const alice = await registerUser(app, { displayName: '小李' });
    const { topic } = await createTopic(alice.client, boardSlug);
    const a = await connectSocket(baseUrl, alice.client.cookie);
    const b = await connectSocket(baseUrl);
    try {
      await a.subscribe(`topic:${topic.id}`);
      await b.subscribe(`topic:${topic.id}`);
      await b.waitFor('presence', (p) => (p as { readers: number }).readers === 2);
      a.socket.emit('typing', { room: `topic:${topic.id}` });
      const typing = (await b.waitFor('typing')) as { room: string; user: { displayName: string } };
      expect(typing).toMatchObject({ room: `topic:${topic.id}`, user: { displayName: '小李' } });
      expect(a.received.some((r) => r.name === 'typing')).toBe(false);
      b.close();
      await a.waitFor('presence', (p) => (p as { readers: number }).readers === 1);
    } finally {
      a.close();
      b.close();
    }
  });
});

describe.runIf(process.env.DATABASE_URL)('several server processes on one PostgreSQL server', () => {
  it('delivers a post created through one process to a client connected to the other', async () => {
    // A second server as its own OS process, on its own port, against the same database.
    const other = await startServerProcess({ DATABASE_URL: process.env.DATABASE_URL ?? '', ADMIN_PASSWORD: TEST_ADMIN.password });
    try {
      const otherUrl = other.url;
      const author = await registerUser(app);
      const { topic } = await createTopic(author.client, boardSlug);
      const remote = await connectSocket(otherUrl);
      try {
        expect(await remote.subscribe(`topic:${topic.id}`)).toMatchObject({ ok: true });
        const reply = await createReply(author.client, topic.id, { body: '跨进程的回复' });
        const got = (await remote.waitFor('post:created', (p) => (p as WireEvent<PostData>).data.id === reply.id, 5000)) as WireEvent<PostData>;
        expect(got.data.body).toBe('跨进程的回复');
        // Readers are counted across the processes: one here, one there.
        const local = await connectSocket(baseUrl);
        try {
          await local.subscribe(`topic:${topic.id}`);
          await local.waitFor('presence', (p) => (p as { readers: number }).readers === 2, 5000);
          await remote.waitFor('presence', (p) => (p as { readers: number }).readers === 2, 5000);
        } finally {
          local.close();
        }
      } finally {
        remote.close();
      }
    } finally {
      await other.stop();
    }
  }, 120_000);

  it('still counts readers when another process went silent without saying goodbye', async () => {
    // A process that was killed stays in the adapter's list until its heartbeat times out;
    // a count across processes waits for its answer in vain.
    const adapter = app.io.of('/').adapter as unknown as { nodesMap: Map<string, number> };
    adapter.nodesMap.set('ghost-process', Date.now());
    const author = await registerUser(app);
    const { topic } = await createTopic(author.client, boardSlug);
    const a = await connectSocket(baseUrl);
    const b = await connectSocket(baseUrl);
    try {
      await a.subscribe(`topic:${topic.id}`);
      await b.subscribe(`topic:${topic.id}`);
      await b.waitFor('presence', (p) => (p as { readers: number }).readers === 2, 5000);
    } finally {
      adapter.nodesMap.delete('ghost-process');
      a.close();
      b.close();
    }
  });
});
