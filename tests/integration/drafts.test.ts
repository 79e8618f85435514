import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { registerUser } from '../factories/user.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import type { DraftView } from '../../server/presenters/draft.presenter';

let app: FastifyInstance;
beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0' });
});
afterAll(async () => {
  await app?.close();
});

describe('PUT, GET and DELETE /api/drafts/:scope', () => {
  it('saves, replaces, returns on another device and deletes a draft per user and scope', async () => {
    const me = await registerUser(app);
    expect((await me.client.get<{ draft: DraftView | null }>('/api/drafts/board:qunzhong')).data).toEqual({ draft: null });
    const saved = await me.client.put<{ draft: DraftView }>('/api/drafts/board:qunzhong', { title: '草稿标题', body: '写到一半' });
    expect(saved.statusCode).toBe(200);
    expect(saved.data.draft).toMatchObject({ scope: 'board:qunzhong', title: '草稿标题', body: '写到一半', updatedAt: expect.any(String) });
    await me.client.put('/api/drafts/board:qunzhong', { body: '写得更多了' });

    // The same account on another device (a fresh sign-in) gets the draft back.
    const other = new Client(app);
    await other.post('/api/auth/login', { username: me.user.username, password: me.password });
    const back = await other.get<{ draft: DraftView }>('/api/drafts/board:qunzhong');
    expect(back.data.draft).toMatchObject({ title: '', body: '写得更多了' });

    // Someone else's drafts are their own.
    const stranger = await registerUser(app);
    expect((await stranger.client.get<{ draft: null }>('/api/drafts/board:qunzhong')).data.draft).toBeNull();

    expect((await me.client.delete('/api/drafts/board:qunzhong')).statusCode).toBe(204);
    expect((await me.client.get<{ draft: null }>('/api/drafts/board:qunzhong')).data.draft).toBeNull();
    expect((await me.client.delete('/api/drafts/board:qunzhong')).statusCode).toBe(204);
  });

  it('is cleared when the topic or the reply it was for is sent', async () => {
    const me = await registerUser(app);
    await me.client.put('/api/drafts/board:qunzhong', { title: '标题', body: '正文' });
    const { topic } = await createTopic(me.client, 'qunzhong');
    expect((await me.client.get<{ draft: null }>('/api/drafts/board:qunzhong')).data.draft).toBeNull();
    await me.client.put(`/api/drafts/topic:${topic.id}`, { body: '回复草稿' });
    await me.client.put('/api/drafts/board:dataolun', { body: '另一个草稿' });
    expect((await me.client.post(`/api/topics/${topic.id}/posts`, { body: '回复' })).statusCode).toBe(201);
    expect((await me.client.get<{ draft: null }>(`/api/drafts/topic:${topic.id}`)).data.draft).toBeNull();
    expect((await me.client.get<{ draft: DraftView }>('/api/drafts/board:dataolun')).data.draft?.body).toBe('另一个草稿');
  });

  it('refuses bad scopes, bad bodies and anonymous users', async () => {
    const me = await registerUser(app);
    for (const scope of ['topic:abc', 'topic:0', 'board:X', 'board:a', 'post:1', 'topic:', 'anything']) {
      const res = await me.client.put(`/api/drafts/${encodeURIComponent(scope)}`, { body: 'x' });
      expect(res.statusCode).toBe(400);
      expect(res.data).toMatchObject({ code: 'VALIDATION', field: 'scope' });
    }
    for (const [body, field] of [[{}, 'body'], [{ body: 1 }, 'body'], [{ body: 'x'.repeat(200_001) }, 'body'], [{ body: 'x', parentId: 0 }, 'parentId'], [{ body: 'x', parentId: 2_147_483_648 }, 'parentId'], [{ body: 'x', parentId: '1' }, 'parentId'], [{ body: 'x', title: 'x'.repeat(201) }, 'title']] as const) {
      const res = await me.client.put('/api/drafts/topic:1', body);
      expect(res.statusCode).toBe(400);
      expect(res.data).toMatchObject({ code: 'VALIDATION', field });
    }
    const anonymous = new Client(app);
    expect((await anonymous.get('/api/drafts/topic:1')).statusCode).toBe(401);
    expect((await anonymous.put('/api/drafts/topic:1', { body: 'x' })).statusCode).toBe(401);
    expect((await anonymous.delete('/api/drafts/topic:1')).statusCode).toBe(401);
  });

  it('keeps a draft longer than a post may be (60,000 characters), for the writer to shorten', async () => {
    const me = await registerUser(app);
    const { topic } = await createTopic(me.client, 'qunzhong');
    const body = '长'.repeat(60_000);
    const saved = await me.client.put<{ draft: DraftView }>(`/api/drafts/topic:${topic.id}`, { body });
    expect(saved.statusCode).toBe(200);
    const back = await me.client.get<{ draft: DraftView }>(`/api/drafts/topic:${topic.id}`);
    expect(back.data.draft.body).toHaveLength(60_000);
    // The post itself is still held to its limit.
    const sent = await me.client.post(`/api/topics/${topic.id}/posts`, { body });
    expect(sent.statusCode).toBe(400);
    expect(sent.data).toMatchObject({ code: 'VALIDATION', field: 'body' });
  });

  it('keeps the post a reply draft answers, and forgets it when the draft answers the topic again', async () => {
    const me = await registerUser(app);
    const { topic } = await createTopic(me.client, 'qunzhong');
    const reply = await createReply(me.client, topic.id);
    const saved = await me.client.put<{ draft: DraftView }>(`/api/drafts/topic:${topic.id}`, { body: '回复那一条', parentId: reply.id });
    expect(saved.data.draft).toMatchObject({ parentId: reply.id, body: '回复那一条' });
    expect((await me.client.get<{ draft: DraftView }>(`/api/drafts/topic:${topic.id}`)).data.draft.parentId).toBe(reply.id);
    await me.client.put(`/api/drafts/topic:${topic.id}`, { body: '回复整个主题' });
    expect((await me.client.get<{ draft: DraftView }>(`/api/drafts/topic:${topic.id}`)).data.draft.parentId).toBeNull();
  });

  it('refuses a parent that is not a post of the draft\'s topic, or a parent for a new topic', async () => {
    const me = await registerUser(app);
    const { topic } = await createTopic(me.client, 'qunzhong');
    const { topic: other } = await createTopic(me.client, 'qunzhong');
    const elsewhere = await createReply(me.client, other.id);
    for (const [scope, parentId] of [[`topic:${topic.id}`, elsewhere.id], [`topic:${topic.id}`, 2_147_483_647], ['board:qunzhong', elsewhere.id]] as const) {
      const res = await me.client.put(`/api/drafts/${scope}`, { body: 'x', parentId });
      expect(res.statusCode).toBe(400);
      expect(res.data).toMatchObject({ code: 'VALIDATION', field: 'parentId' });
    }
    expect((await me.client.get<{ draft: null }>(`/api/drafts/topic:${topic.id}`)).data.draft).toBeNull();
  });
});
