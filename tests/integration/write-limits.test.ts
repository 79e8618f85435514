import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client, type JsonResponse } from '../helpers/client';
import { registerUser, type SignedInUser } from '../factories/user.factory';

let app: FastifyInstance;
beforeAll(async () => {
  app = await createTestApp({ EDIT_RATE_LIMIT: '2', DRAFT_RATE_LIMIT: '2', TOKEN_CREATE_RATE_LIMIT: '2', WRITE_RATE_LIMIT: '8' });
});
afterAll(async () => {
  await app?.close();
});

/** A member with a topic of their own to edit. */
async function writer(): Promise<SignedInUser & { postId: number }> {
  const member = await registerUser(app);
  const topic = await member.client.post<{ post: { id: number } }>('/api/boards/xiaxiang/topics', { title: '下乡见闻', body: '第一稿' });
  expect(topic.statusCode).toBe(201);
  return { ...member, postId: topic.data.post.id };
}

/** The posting limit's 429: RATE_LIMITED, the API.md shape, a wait in Retry-After and a sentence naming what to slow down. */
function expectLimited(res: JsonResponse, words: RegExp): void {
  expect(res.statusCode).toBe(429);
  expect(res.data).toEqual({ statusCode: 429, code: 'RATE_LIMITED', error: 'Too Many Requests', message: expect.stringMatching(words) as string });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

describe('PATCH /api/posts/:id', () => {
  it('answers 429 past EDIT_RATE_LIMIT edits a minute, each of which keeps a revision, per member', async () => {
    const member = await writer();
    for (const body of ['第二稿', '第三稿']) expect((await member.client.patch(`/api/posts/${member.postId}`, { body })).statusCode).toBe(200);
    expectLimited(await member.client.patch(`/api/posts/${member.postId}`, { body: '第四稿' }), /editing faster than 2 edits a minute/);
    const revisions = await member.client.get<{ items: unknown[] }>(`/api/posts/${member.postId}/revisions`);
    expect(revisions.data.items).toHaveLength(2);
    const other = await writer();
    expect((await other.client.patch(`/api/posts/${other.postId}`, { body: '别人的第二稿' })).statusCode).toBe(200);
  });

  it('says so in Chinese when asked', async () => {
    const member = await writer();
    for (let i = 0; i < 2; i += 1) await member.client.patch(`/api/posts/${member.postId}`, { body: `修改 ${i}` });
    const res = await member.client.patch(`/api/posts/${member.postId}`, { body: '再改' }, { headers: { 'accept-language': 'zh-CN' } });
    expect(res.statusCode).toBe(429);
    expect(res.data.message).toMatch(/编辑太快了/);
  });
});

describe('PUT /api/drafts/:scope', () => {
  it('answers 429 past DRAFT_RATE_LIMIT saves a minute, per member', async () => {
    const { client } = await registerUser(app);
    for (let i = 0; i < 2; i += 1) expect((await client.put('/api/drafts/board:xiaxiang', { title: '草稿', body: `第 ${i} 版` })).statusCode).toBe(200);
    expectLimited(await client.put('/api/drafts/board:xiaxiang', { body: '又一版' }), /saving drafts faster than 2 a minute/);
  });
});

describe('POST /api/tokens', () => {
  it('answers 429 past TOKEN_CREATE_RATE_LIMIT tokens an hour, per member, and leaves listing and revoking alone', async () => {
    const { client } = await registerUser(app);
    const made: number[] = [];
    for (let i = 0; i < 2; i += 1) {
      const res = await client.post<{ token: { id: number } }>('/api/tokens', { name: `脚本 ${i}` });
      expect(res.statusCode).toBe(201);
      made.push(res.data.token.id);
    }
    expectLimited(await client.post('/api/tokens', { name: '第三个' }), /created 2 tokens this hour/);
    expect((await client.get<{ items: unknown[] }>('/api/tokens')).data.items).toHaveLength(2);
    expect((await client.delete(`/api/tokens/${made[0]}`)).statusCode).toBe(204);
  });
});

describe('every write of a signed-in member', () => {
  it('answers 429 past WRITE_RATE_LIMIT changes a minute, counting the member\'s cookie and tokens together', async () => {
    const member = await writer();
    const token = await member.client.post<{ secret: string }>('/api/tokens', { name: '脚本' });
    const script = new Client(app);
    script.bearer = token.data.secret;
    // The topic and the token were two writes; six reactions make eight.
    for (const client of [member.client, script, member.client]) {
      expect((await client.put(`/api/posts/${member.postId}/reactions/like`)).statusCode).toBe(200);
      expect((await client.delete(`/api/posts/${member.postId}/reactions/like`)).statusCode).toBe(200);
    }
    expectLimited(await script.put(`/api/posts/${member.postId}/reactions/like`), /making changes faster than 8 a minute/);
    expectLimited(await member.client.post('/api/notifications/read', { all: true }), /making changes faster than 8 a minute/);
    // Reading is not a change, and other members are not held.
    expect((await member.client.get(`/api/posts/${member.postId}`)).statusCode).toBe(200);
    const other = await registerUser(app);
    expect((await other.client.put(`/api/posts/${member.postId}/reactions/like`)).statusCode).toBe(200);
  });

  it('is off with 0, like the other limits', async () => {
    const unlimited = await createTestApp({ WRITE_RATE_LIMIT: '0', EDIT_RATE_LIMIT: '0' });
    try {
      const { client } = await registerUser(unlimited);
      const topic = await client.post<{ post: { id: number } }>('/api/boards/xiaxiang/topics', { title: '不限', body: '第一稿' });
      for (let i = 0; i < 25; i += 1) expect((await client.patch(`/api/posts/${topic.data.post.id}`, { body: `第 ${i} 稿` })).statusCode).toBe(200);
    } finally {
      await unlimited.close();
    }
  });
});
