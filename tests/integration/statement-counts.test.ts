import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { describeStatements, statementsOf } from '../helpers/statements';
import { registerUser, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';

/**
 * Today's statement counts per route, for reads that miss the cache of public reads (CACHE_MAX_BYTES=0
 * here), and for writes: the line issue 14 part two asked for (topic page ≤ 3, board list ≤ 2,
 * a reply ≤ 8: all reached). Each count is an upper bound, and each route is also held to the
 * same count for a small and a large answer, so an N+1 fails here. Part one measured topic
 * anonymous 8, signed-in 11, board topics 6. The reads that hit the cache (a second app with
 * it on) are counted too: none for an anonymous reader, the session and one overlay for a
 * signed-in member.
 */
const TODAY = {
  /** The topic with its room's seq, then the posts with authors and reactions. */
  topicAnonymous: 2,
  /** The same two (the viewer's reactions and flags inside the posts' statement), after the session lookup. */
  topicSignedIn: 3,
  topicMissing: 1,
  /** The board with its room's seq, then the topics with authors, excerpts and visits. */
  boardTopics: 2,
  /** The tree: the topic's held state with its room's seq, then the posts. */
  tree: 2,
  boards: 1,
  /**
   * The session lookup with the reply's one read in its statement (topic, board, first post's
   * author, the watched words' version), one write (topic, post, draft, notifications), one
   * closing statement (the topic and user rooms' events, the board's counters and room).
   * However many members it notifies. (Before group commit: 6; before the read joined the
   * session lookup: 4.)
   */
  replyToTopic: 3,
  /** A reply to a post reads its context (with the parent) in a statement of its own. */
  replyToPost: 4,
  /** Session, the board, the watched-words version, one write, one closing statement (before: 6). */
  newTopic: 5,
  /**
   * A signed-in member's read served from the shared entry of the public reads' cache: the
   * session lookup, then the overlay (their reactions and open flags on the page's posts, and
   * whether they have anything hidden or held of their own there), one statement.
   */
  signedInHit: 2,
  /** An anonymous read served from the cache: nothing. */
  anonymousHit: 0,
} as const;

let app: FastifyInstance;
let writers: SignedInUser[];
beforeAll(async () => {
  // The cache of public reads off: these are the counts of reads that miss it.
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', CACHE_MAX_BYTES: '0' }, { countStatements: true });
  writers = [];
  for (let i = 0; i < 4; i += 1) writers.push(await registerUser(app, { displayName: `写手${i}` }));
});
afterAll(async () => {
  await app?.close();
});

/**
 * The refill of the watched words' compiled list (watched-word.service.ts): once per change of
 * the list, by any process. On the PostgreSQL server every test file shares one database, so
 * another file changing the list between two requests here makes the next write refill it.
 */
const LIST_REFILL = /from "watched_words"/;

/**
 * The statements one request runs, after checking its status (the list is shown when a bound
 * fails). A request that refilled the watched words' list is measured once more: the refill is
 * that change's cost, not the route's; a route that refills every time still fails.
 */
async function statementsFor(work: () => Promise<{ statusCode: number; body: string }>, status: number): Promise<{ count: number; list: string }> {
  let { result, statements } = await statementsOf(app, work);
  if (statements.some((s) => LIST_REFILL.test(s.sql))) ({ result, statements } = await statementsOf(app, work));
  expect(result.statusCode, result.body).toBe(status);
  return { count: statements.length, list: describeStatements(statements) };
}

/** A topic with `replies` replies by four authors, some threaded, some with reactions. */
async function topicWith(boardSlug: string, replies: number): Promise<number> {
  const { topic, post } = await createTopic(writers[0]!.client, boardSlug, { body: '开篇 **正文**' });
  let parentId: number | null = null;
  for (let i = 0; i < replies; i += 1) {
    const reply = await createReply(writers[i % 4]!.client, topic.id, { parentId: i % 3 === 0 ? post.id : parentId, body: `第${i}楼 reply ${i}` });
    parentId = i % 5 === 0 ? reply.id : parentId;
    if (i % 2 === 0) await writers[(i + 1) % 4]!.client.put(`/api/posts/${reply.id}/reactions/like`);
  }
  return topic.id;
}

describe('the statement log (tests/helpers/statements.ts)', () => {
  // Built in a hook (hookTimeout), not in the test: on a fresh PostgreSQL database a second app
  // may wait for another test process's migrations, which is setup, not the behaviour tested.
  let plain: FastifyInstance;
  beforeAll(async () => {
    plain = await createTestApp();
  });
  afterAll(async () => {
    await plain?.close();
  });

  it('is absent from an app built without countStatements', async () => {
    expect(plain.statementLog).toBeNull();
    await expect(statementsOf(plain, async () => 1)).rejects.toThrow(/countStatements/);
  });

  it('counts only the work it wraps, not statements run outside it', async () => {
    const anon = new Client(app);
    const [inside] = await Promise.all([
      statementsOf(app, () => anon.get('/api/boards')),
      anon.get('/api/boards/qunzhong/topics'),
    ]);
    expect(inside.result.statusCode).toBe(200);
    expect(inside.statements.map((s) => s.sql)).toEqual([expect.stringMatching(/from "boards" order by/)]);
  });
});

describe('GET /api/topics/:id statement count', () => {
  it(`runs at most ${TODAY.topicAnonymous} statements for an anonymous reader, whatever the topic's size`, async () => {
    const board = await createBoard(app);
    const small = await topicWith(board.slug, 1);
    const large = await topicWith(board.slug, 10);
    const anon = new Client(app);
    const one = await statementsFor(() => anon.get(`/api/topics/${small}`), 200);
    const many = await statementsFor(() => anon.get(`/api/topics/${large}`), 200);
    expect(one.count, one.list).toBeLessThanOrEqual(TODAY.topicAnonymous);
    expect(many.count, many.list).toBe(one.count);
  });

  it(`runs at most ${TODAY.topicSignedIn} statements for a signed-in reader (session and own reactions)`, async () => {
    const board = await createBoard(app);
    const large = await topicWith(board.slug, 6);
    const read = await statementsFor(() => writers[1]!.client.get(`/api/topics/${large}`), 200);
    expect(read.count, read.list).toBeLessThanOrEqual(TODAY.topicSignedIn);
  });

  it(`answers a missing topic in at most ${TODAY.topicMissing} statement, and a malformed id in none`, async () => {
    const anon = new Client(app);
    const missing = await statementsFor(() => anon.get('/api/topics/2147483000'), 404);
    expect(missing.count, missing.list).toBeLessThanOrEqual(TODAY.topicMissing);
    const malformed = await statementsFor(() => anon.get('/api/topics/abc'), 400);
    expect(malformed.count, malformed.list).toBe(0);
  });
});

describe('GET /api/topics/:id/tree statement count', () => {
  it(`runs at most ${TODAY.tree} statements for an anonymous reader and for a signed-in one after the session lookup, whatever the topic's size`, async () => {
    const board = await createBoard(app);
    const small = await topicWith(board.slug, 1);
    const large = await topicWith(board.slug, 10);
    const anon = new Client(app);
    const one = await statementsFor(() => anon.get(`/api/topics/${small}/tree`), 200);
    const many = await statementsFor(() => anon.get(`/api/topics/${large}/tree`), 200);
    expect(one.count, one.list).toBeLessThanOrEqual(TODAY.tree);
    expect(many.count, many.list).toBe(one.count);
    const signedIn = await statementsFor(() => writers[1]!.client.get(`/api/topics/${large}/tree`), 200);
    expect(signedIn.count, signedIn.list).toBeLessThanOrEqual(TODAY.tree + 1);
  });
});

describe('GET /api/boards/:slug/topics statement count', () => {
  it(`runs at most ${TODAY.boardTopics} statements, whatever the number of topics and authors`, async () => {
    const few = await createBoard(app);
    await createTopic(writers[0]!.client, few.slug);
    const many = await createBoard(app);
    for (let i = 0; i < 8; i += 1) await createTopic(writers[i % 4]!.client, many.slug, { title: `主题${i}` });
    const anon = new Client(app);
    const one = await statementsFor(() => anon.get(`/api/boards/${few.slug}/topics`), 200);
    const eight = await statementsFor(() => anon.get(`/api/boards/${many.slug}/topics`), 200);
    expect(one.count, one.list).toBeLessThanOrEqual(TODAY.boardTopics);
    expect(eight.count, eight.list).toBe(one.count);
  });

  it('answers an unknown board with a 404 in fewer statements than a list', async () => {
    const missing = await statementsFor(() => new Client(app).get('/api/boards/no-such-board-here/topics'), 404);
    expect(missing.count, missing.list).toBeLessThan(TODAY.boardTopics);
  });
});

describe('signed-in cached reads statement count (GET /api/topics/:id, /tree, /api/posts/:id/replies, /api/boards/:slug/topics)', () => {
  // An app with the cache of public reads on, beside the one above (which has it off).
  let cachedApp: FastifyInstance;
  let member: SignedInUser;
  beforeAll(async () => {
    cachedApp = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' }, { countStatements: true });
    member = await registerUser(cachedApp, { displayName: '缓存读者' });
  });
  afterAll(async () => {
    await cachedApp?.close();
  });

  /** A topic on the cached app with `replies` replies, the member's reactions on some and a flag on one. */
  async function cachedTopicWith(boardSlug: string, replies: number): Promise<{ topicId: number; rootId: number }> {
    const writer = await registerUser(cachedApp);
    const { topic, post } = await createTopic(writer.client, boardSlug, { body: '开篇' });
    for (let i = 0; i < replies; i += 1) {
      const reply = await createReply(writer.client, topic.id, { parentId: post.id, body: `第${i}楼` });
      if (i % 2 === 0) await member.client.put(`/api/posts/${reply.id}/reactions/like`);
      if (i === 1) await member.client.post(`/api/posts/${reply.id}/flags`, { reason: 'spam' });
    }
    return { topicId: topic.id, rootId: post.id };
  }

  async function hitStatements(client: Client, url: string): Promise<{ count: number; list: string }> {
    expect((await client.get(url)).statusCode).toBe(200);
    const { result, statements } = await statementsOf(cachedApp, () => client.get(url));
    expect(result.statusCode, result.body).toBe(200);
    return { count: statements.length, list: describeStatements(statements) };
  }

  it(`runs at most ${TODAY.signedInHit} statements for a member's cached read of each route, whatever the topic's size`, async () => {
    const board = await createBoard(cachedApp);
    const small = await cachedTopicWith(board.slug, 1);
    const large = await cachedTopicWith(board.slug, 10);
    const urls = (t: { topicId: number; rootId: number }) => [`/api/topics/${t.topicId}`, `/api/topics/${t.topicId}/tree`, `/api/posts/${t.rootId}/replies`];
    for (const [i, url] of urls(small).entries()) {
      const one = await hitStatements(member.client, url);
      const many = await hitStatements(member.client, urls(large)[i]!);
      expect(one.count, one.list).toBeLessThanOrEqual(TODAY.signedInHit);
      expect(many.count, many.list).toBe(one.count);
    }
    const topics = await hitStatements(member.client, `/api/boards/${board.slug}/topics`);
    expect(topics.count, topics.list).toBeLessThanOrEqual(TODAY.signedInHit);
  });

  it(`runs ${TODAY.anonymousHit} statements for an anonymous cached read`, async () => {
    const board = await createBoard(cachedApp);
    const t = await cachedTopicWith(board.slug, 3);
    for (const url of [`/api/topics/${t.topicId}`, `/api/topics/${t.topicId}/tree`, `/api/posts/${t.rootId}/replies`, `/api/boards/${board.slug}/topics`]) {
      const read = await hitStatements(new Client(cachedApp), url);
      expect(read.count, read.list).toBe(TODAY.anonymousHit);
    }
  });

  it(`keeps a moderator's read fresh: the miss count (${TODAY.topicSignedIn}) on a cached app`, async () => {
    const board = await createBoard(cachedApp);
    const t = await cachedTopicWith(board.slug, 4);
    const moderator = await registerUser(cachedApp, { roles: ['moderator'] });
    const read = await hitStatements(moderator.client, `/api/topics/${t.topicId}`);
    expect(read.count, read.list).toBeLessThanOrEqual(TODAY.topicSignedIn);
  });
});

describe('GET /api/boards statement count', () => {
  it(`runs at most ${TODAY.boards} statement`, async () => {
    const read = await statementsFor(() => new Client(app).get('/api/boards'), 200);
    expect(read.count, read.list).toBeLessThanOrEqual(TODAY.boards);
  });
});

describe('POST /api/topics/:id/posts statement count', () => {
  it(`runs at most ${TODAY.replyToTopic} statements for a reply notifying the topic's author and a mentioned member, whatever the topic's size`, async () => {
    const board = await createBoard(app);
    const small = await topicWith(board.slug, 0);
    const large = await topicWith(board.slug, 8);
    const body = `同意 @${writers[3]!.user.username}`;
    const first = await statementsFor(() => writers[2]!.client.post(`/api/topics/${small}/posts`, { body }), 201);
    const second = await statementsFor(() => writers[2]!.client.post(`/api/topics/${large}/posts`, { body }), 201);
    expect(first.count, first.list).toBeLessThanOrEqual(TODAY.replyToTopic);
    expect(second.count, second.list).toBe(first.count);
  });

  it(`runs at most ${TODAY.replyToPost} statements for a reply to a post (the parent is re-presented)`, async () => {
    const board = await createBoard(app);
    const { topic, post } = await createTopic(writers[0]!.client, board.slug);
    const reply = await statementsFor(() => writers[1]!.client.post(`/api/topics/${topic.id}/posts`, { body: 'a reply to the post', parentId: post.id }), 201);
    expect(reply.count, reply.list).toBeLessThanOrEqual(TODAY.replyToPost);
  });

  it('costs the same for a reply notifying nobody, one member or three (set-based notifications, one events statement)', async () => {
    const board = await createBoard(app);
    const { topic } = await createTopic(writers[0]!.client, board.slug);
    const own = await statementsFor(() => writers[0]!.client.post(`/api/topics/${topic.id}/posts`, { body: '楼主自己补充' }), 201);
    const one = await statementsFor(() => writers[1]!.client.post(`/api/topics/${topic.id}/posts`, { body: '只通知楼主' }), 201);
    const three = await statementsFor(
      () => writers[1]!.client.post(`/api/topics/${topic.id}/posts`, { body: `@${writers[2]!.user.username} @${writers[3]!.user.username} 一起看` }),
      201,
    );
    expect(one.count, one.list).toBeLessThanOrEqual(TODAY.replyToTopic);
    expect(own.count, own.list).toBeLessThanOrEqual(one.count);
    expect(three.count, three.list).toBe(one.count);
  });

  it('refuses an empty body before running any statement but the session lookup', async () => {
    const board = await createBoard(app);
    const { topic } = await createTopic(writers[0]!.client, board.slug);
    const refused = await statementsFor(() => writers[1]!.client.post(`/api/topics/${topic.id}/posts`, { body: '' }), 400);
    expect(refused.count, refused.list).toBeLessThanOrEqual(1);
  });
});

describe('POST /api/boards/:slug/topics statement count', () => {
  it(`runs at most ${TODAY.newTopic} statements for a new topic, with or without mentions`, async () => {
    const board = await createBoard(app);
    const created = await statementsFor(() => writers[0]!.client.post(`/api/boards/${board.slug}/topics`, { title: '新主题', body: '正文' }), 201);
    expect(created.count, created.list).toBeLessThanOrEqual(TODAY.newTopic);
    const mentioning = await statementsFor(
      () => writers[0]!.client.post(`/api/boards/${board.slug}/topics`, { title: '提及', body: `@${writers[1]!.user.username} @${writers[2]!.user.username}` }),
      201,
    );
    expect(mentioning.count, mentioning.list).toBe(created.count);
  });
});
