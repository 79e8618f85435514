import type { FastifyInstance } from 'fastify';
import { and, asc, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { registerUser, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import { realtimeEvents, realtimeRooms } from '../../server/db/schema';
import { recordEvents } from '../../server/realtime/events';
import { rooms } from '../../server/realtime/rooms';
import type { PostView } from '../../server/presenters/post.presenter';
import type { TopicPageView, TopicView } from '../../server/presenters/topic.presenter';
import type { NotificationView } from '../../server/presenters/notification.presenter';

/*
 * A reply and a new topic build their events from the rows their statements returned, not
 * from re-reads: these hold each payload to what the REST reads answer the public, so the
 * two never drift apart (and a hidden first post's excerpt never travels).
 */

let app: FastifyInstance;
let author: SignedInUser;
let replier: SignedInUser;
let mentioned: SignedInUser;
let mod: SignedInUser;
beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' });
  author = await registerUser(app, { displayName: '楼主' });
  replier = await registerUser(app, { displayName: '回复者' });
  mentioned = await registerUser(app, { displayName: '被提及' });
  mod = await registerUser(app, { roles: ['moderator'] });
});
afterAll(async () => {
  await app?.close();
});

interface LoggedEvent {
  room: string;
  seq: number;
  type: string;
  data: unknown;
}

/** The events logged in a room after a seq, oldest first. */
async function eventsIn(room: string, after = 0): Promise<LoggedEvent[]> {
  const rows = await app.db
    .select({ room: realtimeEvents.room, seq: realtimeEvents.seq, type: realtimeEvents.type, data: realtimeEvents.data })
    .from(realtimeEvents)
    .where(and(eq(realtimeEvents.room, room), gt(realtimeEvents.seq, after)))
    .orderBy(asc(realtimeEvents.seq));
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

async function lastSeq(room: string): Promise<number> {
  const [row] = await app.db.select({ seq: realtimeRooms.seq }).from(realtimeRooms).where(eq(realtimeRooms.room, room));
  return Number(row?.seq ?? 0);
}

/** The topic as an anonymous reader gets it from GET /api/topics/:id. */
async function publicTopic(topicId: number): Promise<TopicView> {
  const res = await new Client(app).get<TopicPageView>(`/api/topics/${topicId}`);
  expect(res.statusCode).toBe(200);
  return res.data.topic;
}

describe('POST /api/topics/:id/posts events', () => {
  it('logs post:created, the parent\'s post:updated and topic:updated in the topic room, in that order, as the public reads them', async () => {
    const board = await createBoard(app);
    const { topic, post } = await createTopic(author.client, board.slug, { body: `开篇的正文 **加粗** ${'长'.repeat(200)}` });
    await mod.client.put(`/api/posts/${post.id}/reactions/like`);
    const before = await lastSeq(rooms.topic(topic.id));
    const reply = await createReply(replier.client, topic.id, { parentId: post.id, body: '一条回复' });
    const logged = await eventsIn(rooms.topic(topic.id), before);
    expect(logged.map((e) => [e.type, e.seq])).toEqual([['post:created', before + 1], ['post:updated', before + 2], ['topic:updated', before + 3]]);
    const anon = new Client(app);
    const created = await anon.get<{ post: PostView }>(`/api/posts/${reply.id}`);
    const parent = await anon.get<{ post: PostView }>(`/api/posts/${post.id}`);
    expect(logged[0]!.data).toEqual(created.data.post);
    expect(logged[1]!.data).toEqual(parent.data.post);
    expect((logged[1]!.data as PostView).replyCount).toBe(1);
    expect((logged[1]!.data as PostView).reactions.like).toBe(1);
    expect(logged[2]!.data).toEqual(await publicTopic(topic.id));
  });

  it('logs the same topic:updated in the board room, after the topic room\'s', async () => {
    const board = await createBoard(app);
    const { topic } = await createTopic(author.client, board.slug);
    const before = await lastSeq(rooms.board(board.slug));
    await createReply(replier.client, topic.id);
    const logged = await eventsIn(rooms.board(board.slug), before);
    expect(logged.map((e) => [e.type, e.seq])).toEqual([['topic:updated', before + 1]]);
    const view = await publicTopic(topic.id);
    expect(logged[0]!.data).toEqual(view);
    expect(view.postCount).toBe(2);
  });

  it('sends a hidden first post\'s topic without its excerpt', async () => {
    const board = await createBoard(app);
    const { topic, post } = await createTopic(author.client, board.slug, { body: 'hiddenexcerptsecret 正文' });
    expect((await mod.client.post(`/api/posts/${post.id}/hide`, { note: '违规' })).statusCode).toBe(200);
    const before = await lastSeq(rooms.topic(topic.id));
    await createReply(replier.client, topic.id);
    const [updated] = (await eventsIn(rooms.topic(topic.id), before)).filter((e) => e.type === 'topic:updated');
    expect((updated!.data as TopicView).excerpt).toBeNull();
    expect(JSON.stringify(updated!.data)).not.toContain('hiddenexcerptsecret');
  });

  it('logs one notification in each notified member\'s room, as their notification list shows it', async () => {
    const board = await createBoard(app);
    const { topic } = await createTopic(author.client, board.slug);
    const beforeAuthor = await lastSeq(rooms.user(author.user.id));
    const beforeMentioned = await lastSeq(rooms.user(mentioned.user.id));
    const reply = await createReply(replier.client, topic.id, { body: `请看 @${mentioned.user.username} 和 @${author.user.username}` });
    const toAuthor = await eventsIn(rooms.user(author.user.id), beforeAuthor);
    const toMentioned = await eventsIn(rooms.user(mentioned.user.id), beforeMentioned);
    expect(toAuthor.map((e) => [e.type, (e.data as NotificationView).type, (e.data as NotificationView).postId])).toEqual([['notification', 'reply', reply.id]]);
    expect(toMentioned.map((e) => [e.type, (e.data as NotificationView).type, (e.data as NotificationView).postId])).toEqual([['notification', 'mention', reply.id]]);
    const list = await mentioned.client.get<{ items: NotificationView[] }>('/api/notifications');
    expect(toMentioned[0]!.data).toEqual(list.data.items.find((n) => n.postId === reply.id));
  });
});

describe('POST /api/boards/:slug/topics events', () => {
  it('logs post:created and topic:updated in the new topic\'s room and topic:updated in the board\'s, as the public reads them', async () => {
    const board = await createBoard(app);
    const beforeBoard = await lastSeq(rooms.board(board.slug));
    const { topic, post } = await createTopic(author.client, board.slug, { body: `新主题 @${mentioned.user.username}` });
    const inTopic = await eventsIn(rooms.topic(topic.id));
    expect(inTopic.map((e) => [e.type, e.seq])).toEqual([['post:created', 1], ['topic:updated', 2]]);
    const view = await publicTopic(topic.id);
    expect(inTopic[0]!.data).toEqual((await new Client(app).get<{ post: PostView }>(`/api/posts/${post.id}`)).data.post);
    expect(inTopic[1]!.data).toEqual(view);
    const inBoard = await eventsIn(rooms.board(board.slug), beforeBoard);
    expect(inBoard.map((e) => [e.type, e.data])).toEqual([['topic:updated', view]]);
    // The author's own answer is the same topic, as its author sees it.
    expect(topic).toEqual((await author.client.get<TopicPageView>(`/api/topics/${topic.id}`)).data.topic);
  });
});

describe('recordEvents (server/realtime/events.ts)', () => {
  it('numbers several events of several rooms in one statement, in the order given, after each room\'s last seq', async () => {
    const a = `test:events-a-${Date.now()}`;
    const b = `test:events-b-${Date.now()}`;
    const notice = (id: number) => ({ id, type: 'reply', postId: null, topicId: null, actor: null, createdAt: new Date(0).toISOString(), readAt: null, topicTitle: null, data: null });
    const first = await app.db.transaction((tx) => recordEvents(tx, [{ room: a, type: 'notification', data: notice(1) }]));
    expect(first.map((e) => [e.room, e.seq])).toEqual([[a, 1]]);
    const recorded = await app.db.transaction((tx) => recordEvents(tx, [
      { room: a, type: 'notification', data: notice(2) },
      { room: b, type: 'notification', data: notice(3) },
      { room: a, type: 'notification', data: notice(4) },
    ]));
    expect(recorded.map((e) => [e.room, e.seq, (e.data as NotificationView).id])).toEqual([[a, 2, 2], [b, 1, 3], [a, 3, 4]]);
    expect((await eventsIn(a)).map((e) => [e.seq, (e.data as NotificationView).id])).toEqual([[1, 1], [2, 2], [3, 4]]);
    expect((await eventsIn(b)).map((e) => [e.seq, (e.data as NotificationView).id])).toEqual([[1, 3]]);
    expect(await lastSeq(a)).toBe(3);
    expect(await lastSeq(b)).toBe(1);
  });

  it('records nothing for no events', async () => {
    expect(await app.db.transaction((tx) => recordEvents(tx, []))).toEqual([]);
  });
});
