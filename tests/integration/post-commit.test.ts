import type { FastifyInstance } from 'fastify';
import { and, asc, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { connectSocket, listen, type WireEvent } from '../helpers/sockets';
import { registerUser, signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createTopic } from '../factories/topic.factory';
import { boards, realtimeEvents, realtimeRooms, users, type UserRow } from '../../server/db/schema';
import { loadConfig, ConfigError } from '../../server/config';
import { AppError } from '../../server/errors';
import { prepareReply } from '../../server/services/forum/post.service';
import { rooms } from '../../server/realtime/rooms';
import type { PostView } from '../../server/presenters/post.presenter';
import type { TopicPageView, TopicView } from '../../server/presenters/topic.presenter';
import type { NotificationView } from '../../server/presenters/notification.presenter';

/*
 * Group commit of new posts (server/services/forum/post-commit.ts): replies and topics that
 * arrive while a transaction commits are written together in the next one. Whatever the
 * grouping, every post lands, the counters are exact, each room's events are numbered in the
 * order the posts were written and reach sockets in that order, and a post that fails inside
 * a group fails alone.
 */

let app: FastifyInstance;
let baseUrl: string;
let writers: SignedInUser[];
let author: SignedInUser;
let mod: SignedInUser;
beforeAll(async () => {
  // Group commit on (the default on both databases), whatever POST_COMMIT_GROUP the environment sets.
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', POST_COMMIT_GROUP: '32' });
  baseUrl = await listen(app);
  author = await registerUser(app, { displayName: '楼主' });
  mod = await registerUser(app, { roles: ['moderator'] });
  writers = [];
  for (let i = 0; i < 4; i += 1) writers.push(await registerUser(app, { displayName: `写手${i}` }));
});
afterAll(async () => {
  await app?.close();
});

interface LoggedEvent {
  seq: number;
  type: string;
  data: unknown;
}

/** The events logged in a room after a seq, in seq order. */
async function eventsIn(room: string, after = 0): Promise<LoggedEvent[]> {
  const rows = await app.db
    .select({ seq: realtimeEvents.seq, type: realtimeEvents.type, data: realtimeEvents.data })
    .from(realtimeEvents)
    .where(and(eq(realtimeEvents.room, room), gt(realtimeEvents.seq, after)))
    .orderBy(asc(realtimeEvents.seq));
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

async function lastSeq(room: string): Promise<number> {
  const [row] = await app.db.select({ seq: realtimeRooms.seq }).from(realtimeRooms).where(eq(realtimeRooms.room, room));
  return Number(row?.seq ?? 0);
}

async function userRow(id: number): Promise<UserRow> {
  const [row] = await app.db.select().from(users).where(eq(users.id, id));
  if (!row) throw new Error(`no user ${id}`);
  return row;
}

async function boardCounts(slug: string): Promise<{ topicCount: number; postCount: number }> {
  const [row] = await app.db.select({ topicCount: boards.topicCount, postCount: boards.postCount }).from(boards).where(eq(boards.slug, slug));
  if (!row) throw new Error(`no board ${slug}`);
  return row;
}

async function publicTopic(topicId: number): Promise<TopicPageView> {
  const res = await new Client(app).get<TopicPageView>(`/api/topics/${topicId}?limit=100`);
  expect(res.statusCode).toBe(200);
  return res.data;
}

describe('POST /api/topics/:id/posts under concurrent writers (group commit)', () => {
  it('lands every one of 24 concurrent replies, with exact counts, events in write order and every notification', async () => {
    const board = await createBoard(app);
    const topics = [await createTopic(author.client, board.slug), await createTopic(author.client, board.slug)];
    const boardRoom = rooms.board(board.slug);
    const boardBefore = await lastSeq(boardRoom);
    const userRoom = rooms.user(author.user.id);
    const userBefore = await lastSeq(userRoom);
    const reader = await connectSocket(baseUrl);
    try {
      expect((await reader.subscribe(boardRoom)).ok).toBe(true);
      const sent = Array.from({ length: 24 }, (_, i) => writers[i % 4]!.client.post<{ post: PostView }>(
        `/api/topics/${topics[i % 2]!.topic.id}/posts`, { body: `并发回复 ${i} concurrent` },
      ));
      const answers = await Promise.all(sent);
      expect(answers.map((a) => a.statusCode)).toEqual(Array.from({ length: 24 }, () => 201));
      const ids = answers.map((a) => a.data.post.id);
      expect(new Set(ids).size).toBe(24);

      // Counters: each topic 1 + 12 posts, the board 2 topics and 26 posts.
      for (const { topic, post } of topics) {
        const page = await publicTopic(topic.id);
        expect(page.topic.postCount).toBe(13);
        expect(page.posts.items.map((p) => p.id).sort((a, b) => a - b)).toEqual(
          [post.id, ...ids.filter((_, i) => topics[i % 2]!.topic.id === topic.id)].sort((a, b) => a - b),
        );
      }
      expect(await boardCounts(board.slug)).toEqual({ topicCount: 2, postCount: 26 });

      // Each topic room: one post:created per reply, numbered in the order the posts were written (by id).
      for (const { topic } of topics) {
        const created = (await eventsIn(rooms.topic(topic.id))).filter((e) => e.type === 'post:created').map((e) => (e.data as PostView).id);
        expect(created.slice(1)).toEqual([...created.slice(1)].sort((a, b) => a - b));
        expect(created.slice(1).sort((a, b) => a - b)).toEqual(ids.filter((_, i) => topics[i % 2]!.topic.id === topic.id).sort((a, b) => a - b));
      }
      // The board room: 24 topic:updated with consecutive seqs, each topic's post count rising with them.
      const boardEvents = await eventsIn(boardRoom, boardBefore);
      expect(boardEvents.map((e) => e.seq)).toEqual(Array.from({ length: 24 }, (_, i) => boardBefore + 1 + i));
      for (const { topic } of topics) {
        const counts = boardEvents.map((e) => e.data as TopicView).filter((t) => t.id === topic.id).map((t) => t.postCount);
        expect(counts).toEqual(Array.from({ length: 12 }, (_, i) => 2 + i));
      }
      // The topics' author was notified of every reply, in the user room's order.
      const notes = (await eventsIn(userRoom, userBefore)).filter((e) => e.type === 'notification').map((e) => e.data as NotificationView);
      expect(notes.map((n) => n.postId).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([...ids].sort((a, b) => a - b));
      expect(notes.every((n) => n.type === 'reply')).toBe(true);

      // Sockets hear the board room's events in seq order (published in commit order).
      await reader.waitFor('topic:updated', (e) => (e as WireEvent).seq === boardBefore + 24);
      const heard = reader.raw.filter((r) => r.name === 'topic:updated' && (r.payload as WireEvent).room === boardRoom).map((r) => (r.payload as WireEvent).seq);
      expect(heard).toEqual(Array.from({ length: 24 }, (_, i) => boardBefore + 1 + i));
    } finally {
      reader.close();
    }
  });

  it('commits replies sent in the same turn of the event loop in one transaction, numbered by topic id and then in the order sent, each board counted once per post', async () => {
    const boardA = await createBoard(app);
    const boardB = await createBoard(app);
    const topics = [
      (await createTopic(author.client, boardA.slug)).topic,
      (await createTopic(author.client, boardA.slug)).topic,
      (await createTopic(author.client, boardB.slug)).topic,
    ];
    const before = { a: await lastSeq(rooms.board(boardA.slug)), b: await lastSeq(rooms.board(boardB.slug)) };
    const sends = [];
    for (let i = 0; i < 5; i += 1) {
      sends.push(await prepareReply(app.ctx, await userRow(writers[i % 4]!.user.id), topics[i % 3]!.id, { body: `同一批 ${i}` }));
    }
    const stats = { ...app.ctx.posts.stats };
    const posted = await Promise.all(sends.map((send) => send()));
    expect(app.ctx.posts.stats.transactions - stats.transactions).toBe(1);
    expect(app.ctx.posts.stats.posts - stats.posts).toBe(5);
    expect(app.ctx.posts.stats.retried - stats.retried).toBe(0);
    // Written in the order of their topics' ids (the group's lock order), each topic's replies
    // in the order sent: ids rising in that order, and each board room's events in it.
    const written = [0, 3, 1, 4, 2].map((i) => posted[i]!);
    expect(written.map((p) => p.id)).toEqual([...posted.map((p) => p.id)].sort((a, b) => a - b));
    const inA = written.filter((p) => p.topicId !== topics[2]!.id);
    expect((await eventsIn(rooms.board(boardA.slug), before.a)).map((e) => [e.seq, (e.data as TopicView).id]))
      .toEqual(inA.map((p, i) => [before.a + 1 + i, p.topicId]));
    expect((await eventsIn(rooms.board(boardB.slug), before.b)).map((e) => [e.seq, (e.data as TopicView).id])).toEqual([[before.b + 1, topics[2]!.id]]);
    expect(await boardCounts(boardA.slug)).toEqual({ topicCount: 2, postCount: 6 });
    expect(await boardCounts(boardB.slug)).toEqual({ topicCount: 1, postCount: 2 });
    // The topics' author was notified of each, once.
    const notes = await author.client.get<{ items: NotificationView[] }>('/api/notifications?limit=100');
    expect(notes.statusCode).toBe(200);
    for (const p of posted) expect(notes.data.items.filter((n) => n.postId === p.id).map((n) => n.type)).toEqual(['reply']);
  });

  it('fails only the reply that fails inside its group (423 for a topic locked meanwhile) and commits the others', async () => {
    const board = await createBoard(app);
    const topics = [];
    for (let i = 0; i < 5; i += 1) topics.push((await createTopic(author.client, board.slug)).topic);
    const sends = [];
    for (let i = 0; i < 5; i += 1) sends.push(await prepareReply(app.ctx, await userRow(writers[i % 4]!.user.id), topics[i]!.id, { body: `回复 ${i}` }));
    // Locked after the reply was checked: the lock is seen only inside the write.
    const locked = topics[2]!;
    expect((await mod.client.post(`/api/topics/${locked.id}/lock`, { reason: '讨论结束' })).statusCode).toBe(200);
    const lockedBefore = await lastSeq(rooms.topic(locked.id));
    const stats = { ...app.ctx.posts.stats };
    const results = await Promise.allSettled(sends.map((send) => send()));

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const failure = (results[2] as PromiseRejectedResult).reason as unknown;
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('TOPIC_LOCKED');
    expect((failure as AppError).statusCode).toBe(423);
    expect((failure as AppError).message).toContain('讨论结束');
    // The group was rolled back and each reply tried alone.
    expect(app.ctx.posts.stats.retried - stats.retried).toBe(5);
    expect(app.ctx.posts.stats.posts - stats.posts).toBe(4);

    for (const [i, topic] of topics.entries()) {
      const page = await publicTopic(topic.id);
      expect(page.topic.postCount).toBe(i === 2 ? 1 : 2);
    }
    expect(await boardCounts(board.slug)).toEqual({ topicCount: 5, postCount: 9 });
    // Nothing of the failed reply was logged; the others' events are there once each.
    expect(await eventsIn(rooms.topic(locked.id), lockedBefore)).toEqual([]);
    for (const [i, result] of results.entries()) {
      if (result.status !== 'fulfilled') continue;
      const created = (await eventsIn(rooms.topic(topics[i]!.id))).filter((e) => e.type === 'post:created' && (e.data as PostView).id === result.value.id);
      expect(created).toHaveLength(1);
    }
    // Over HTTP the same reply is answered 423 in the error shape.
    const refused = await writers[0]!.client.post<{ statusCode: number; code: string; message: string }>(`/api/topics/${locked.id}/posts`, { body: '再试一次' });
    expect(refused.statusCode).toBe(423);
    expect(refused.data).toMatchObject({ statusCode: 423, code: 'TOPIC_LOCKED' });
    expect(refused.data.message).toContain('讨论结束');
  });

  it('opens topics through the same groups: a held topic in a group is counted nowhere, the others are', async () => {
    const board = await createBoard(app);
    const reviewed = await createBoard(app);
    const admin = await signInAdmin(app);
    expect((await admin.patch(`/api/boards/${reviewed.slug}`, { reviewBeforePublish: true })).statusCode).toBe(200);
    const stats = { ...app.ctx.posts.stats };
    const answers = await Promise.all([
      writers[0]!.client.post<{ topic: TopicView; held?: boolean }>(`/api/boards/${board.slug}/topics`, { title: '同批主题一', body: '正文一' }),
      writers[1]!.client.post<{ topic: TopicView; held?: boolean }>(`/api/boards/${reviewed.slug}/topics`, { title: '待审主题', body: '正文二' }),
      writers[2]!.client.post<{ topic: TopicView; held?: boolean }>(`/api/boards/${board.slug}/topics`, { title: '同批主题三', body: '正文三' }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([201, 202, 201]);
    expect(app.ctx.posts.stats.posts - stats.posts).toBe(3);
    expect(await boardCounts(board.slug)).toEqual({ topicCount: 2, postCount: 2 });
    expect(await boardCounts(reviewed.slug)).toEqual({ topicCount: 0, postCount: 0 });
    expect((await new Client(app).get(`/api/topics/${answers[1]!.data.topic.id}`)).statusCode).toBe(404);
  });
});

describe('POST_COMMIT_GROUP', () => {
  let alone: FastifyInstance;
  // An app of its own (its start is a hook's work, not the test's).
  beforeAll(async () => {
    alone = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', POST_COMMIT_GROUP: '1' });
  });
  afterAll(async () => {
    await alone?.close();
  });

  it('gives each post its own transaction at 1', async () => {
    const writer = await registerUser(alone);
    const board = await createBoard(alone);
    const { topic } = await createTopic(writer.client, board.slug);
    const [row] = await alone.db.select().from(users).where(eq(users.id, writer.user.id));
    const sends = [];
    for (let i = 0; i < 3; i += 1) sends.push(await prepareReply(alone.ctx, row!, topic.id, { body: `单独 ${i}` }));
    const stats = { ...alone.ctx.posts.stats };
    await Promise.all(sends.map((send) => send()));
    expect(alone.ctx.posts.stats.transactions - stats.transactions).toBe(3);
    expect(alone.ctx.posts.stats.posts - stats.posts).toBe(3);
  });

  it('defaults to groups of 32 on both databases', () => {
    expect(loadConfig({}).postCommitGroup).toBe(32);
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' }).postCommitGroup).toBe(32);
    expect(loadConfig({ POST_COMMIT_GROUP: '8' }).postCommitGroup).toBe(8);
  });

  it('refuses 0, a fraction and a word, naming the variable', () => {
    for (const value of ['0', '2.5', 'many', '100000']) {
      let error: unknown;
      try {
        loadConfig({ POST_COMMIT_GROUP: value });
      } catch (e) {
        error = e;
      }
      expect(error, value).toBeInstanceOf(ConfigError);
      expect(String((error as Error).message)).toContain('POST_COMMIT_GROUP');
    }
  });
});
