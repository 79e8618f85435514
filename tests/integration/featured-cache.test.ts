import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { connectSocket, listen, type WireEvent } from '../helpers/sockets';
import { registerUser, signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createTopic } from '../factories/topic.factory';
import type { FeaturedView, FeaturedWallView } from '../../server/presenters/featured.presenter';

/*
 * GET /api/featured through the cache of public reads (issue 14 item 1, the featured wall):
 * an anonymous wall is answered from memory until the featured room or the topic room of one
 * of its entries hears a change, so every writer's change (feature, edit of the citation,
 * unfeature, an edit of the post, hiding it, the campaign's targets) shows in the very next
 * anonymous read, and a hidden body never leaves the cache.
 */

let app: FastifyInstance;
let admin: Client;
let mod: SignedInUser;
let author: SignedInUser;
let member: SignedInUser;
let boardSlug: string;
const anon = () => new Client(app);
const run = Date.now().toString(36);
let sequence = 0;

beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', EDIT_RATE_LIMIT: '0' });
  admin = await signInAdmin(app);
  mod = await registerUser(app, { roles: ['moderator'] });
  author = await registerUser(app, { displayName: '入选作者' });
  member = await registerUser(app);
  boardSlug = (await createBoard(app, { admin })).slug;
});
afterAll(async () => {
  await app?.close();
});

async function cacheCount(result: 'hit' | 'miss'): Promise<number> {
  const body = (await admin.get('/api/metrics')).body;
  const line = body.split('\n').find((l) => l.startsWith('grassroots_cache_requests_total{') && l.includes('cache="featured"') && l.includes(`result="${result}"`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

/** A new post by the author with a body unique to this run. */
async function newPost(): Promise<{ postId: number; topicId: number; body: string }> {
  sequence += 1;
  const body = `入选正文 ${run} ${sequence}`;
  const { topic, post } = await createTopic(author.client, boardSlug, { body });
  return { postId: post.id, topicId: topic.id, body };
}

async function feature(postId: number, collection = 'good_people'): Promise<FeaturedView> {
  const res = await mod.client.post<{ featured: FeaturedView }>('/api/featured', { postId, collection, citation: `推荐理由 ${run}` });
  if (res.statusCode !== 201) throw new Error(`feature failed: ${res.statusCode} ${res.body}`);
  return res.data.featured;
}

async function wall(query = 'limit=100', client: Client = anon()): Promise<FeaturedWallView> {
  const res = await client.get<FeaturedWallView>(`/api/featured?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.data;
}

/** Reads the anonymous wall twice, so that it is in the cache (the second read is a hit). */
async function cachedWall(query = 'limit=100'): Promise<FeaturedWallView> {
  await wall(query);
  const hits = await cacheCount('hit');
  const second = await wall(query);
  expect(await cacheCount('hit')).toBe(hits + 1);
  return second;
}

const entry = (w: FeaturedWallView, id: number) => w.items.find((i) => i.id === id);
const countOf = (w: FeaturedWallView, collection: string) => w.counts.find((c) => c.collection === collection)?.count ?? -1;

describe('GET /api/featured from the cache of public reads', () => {
  it('serves a repeated anonymous wall from memory with the same body, an ETag and a 304', async () => {
    await feature((await newPost()).postId);
    const first = await anon().get('/api/featured?limit=7');
    const hits = await cacheCount('hit');
    const second = await anon().get('/api/featured?limit=7');
    expect(await cacheCount('hit')).toBe(hits + 1);
    expect(second.body).toBe(first.body);
    expect(second.headers['cache-control']).toBe('no-cache');
    const etag = String(second.headers.etag);
    expect(etag).toMatch(/^W\/"/);
    const notModified = await anon().get('/api/featured?limit=7', { headers: { 'if-none-match': etag } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
  });

  it('keeps each filter and page apart: another collection, limit or author is another entry', async () => {
    const { postId } = await newPost();
    const featured = await feature(postId, 'exemplars');
    const exemplars = await cachedWall('collection=exemplars&limit=100');
    const deeds = await cachedWall('collection=good_deeds&limit=100');
    expect(entry(exemplars, featured.id)).toBeDefined();
    expect(entry(deeds, featured.id)).toBeUndefined();
    const mine = await cachedWall(`author=${author.user.username}&limit=100`);
    expect(entry(mine, featured.id)).toBeDefined();
    expect((await wall('limit=1')).items).toHaveLength(1);
  });

  it('a new feature shows in the next anonymous read, with the count', async () => {
    const before = await cachedWall();
    const featured = await feature((await newPost()).postId, 'good_deeds');
    const after = await wall();
    expect(after.items[0]?.id).toBe(featured.id);
    expect(countOf(after, 'good_deeds')).toBe(countOf(before, 'good_deeds') + 1);
  });

  it('an edited citation shows in the next anonymous read', async () => {
    const featured = await feature((await newPost()).postId);
    expect(entry(await cachedWall(), featured.id)?.citation).toBe(`推荐理由 ${run}`);
    const edited = await mod.client.patch(`/api/featured/${featured.id}`, { citation: `改过的推荐理由 ${run}` });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(entry(await wall(), featured.id)?.citation).toBe(`改过的推荐理由 ${run}`);
  });

  it('an edit of the featured post shows in the next anonymous read (its body and excerpt)', async () => {
    const { postId } = await newPost();
    const featured = await feature(postId);
    await cachedWall();
    const edited = await author.client.patch(`/api/posts/${postId}`, { body: `作者改过的正文 ${run}` });
    expect(edited.statusCode, edited.body).toBe(200);
    const shown = entry(await wall(), featured.id);
    expect(shown?.post.body).toBe(`作者改过的正文 ${run}`);
    expect(shown?.excerpt).toBe(`作者改过的正文 ${run}`);
  });

  it('unfeaturing takes the entry off the next anonymous read, with the count', async () => {
    const featured = await feature((await newPost()).postId, 'good_deeds');
    const before = await cachedWall();
    expect(entry(before, featured.id)).toBeDefined();
    expect((await mod.client.delete(`/api/featured/${featured.id}`)).statusCode).toBe(204);
    const after = await wall();
    expect(entry(after, featured.id)).toBeUndefined();
    expect(countOf(after, 'good_deeds')).toBe(countOf(before, 'good_deeds') - 1);
  });

  it('hiding the post takes it off every cached anonymous wall at once; its body never leaves the cache; showing it brings it back', async () => {
    const { postId, body } = await newPost();
    const featured = await feature(postId, 'good_deeds');
    const paths = ['limit=100', `postId=${postId}`, `author=${author.user.username}&limit=100`, 'limit=3', 'collection=good_deeds&limit=100'];
    for (const query of paths) expect((await cachedWall(query)).items.some((i) => i.id === featured.id)).toBe(true);
    const before = await wall();
    expect((await mod.client.post(`/api/posts/${postId}/hide`, {})).statusCode).toBe(200);
    for (const query of paths) {
      for (const viewer of [anon(), anon(), member.client]) {
        const res = await viewer.get(`/api/featured?${query}`);
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toContain(body);
        expect((JSON.parse(res.body) as FeaturedWallView).items.some((i) => i.id === featured.id)).toBe(false);
      }
    }
    expect(countOf(await wall(), 'good_deeds')).toBe(countOf(before, 'good_deeds') - 1);
    expect((await mod.client.post(`/api/posts/${postId}/unhide`, {})).statusCode).toBe(200);
    expect(entry(await wall(), featured.id)?.post.body).toBe(body);
  });

  it('never hands a moderator\'s fuller answer to anonymous readers, nor the anonymous one to a moderator', async () => {
    const { postId, body } = await newPost();
    const featured = await feature(postId);
    expect((await mod.client.post(`/api/posts/${postId}/hide`, {})).statusCode).toBe(200);
    // The moderator first: their answer (the hidden post's feature) does not enter the cache.
    expect((await wall(`postId=${postId}`, mod.client)).items.map((i) => i.id)).toEqual([featured.id]);
    for (let i = 0; i < 2; i += 1) {
      const res = await anon().get(`/api/featured?postId=${postId}`);
      expect(res.body).not.toContain(body);
      expect((JSON.parse(res.body) as FeaturedWallView).items).toEqual([]);
    }
    // With the anonymous answer cached, the moderator still reads fresh.
    expect((await wall(`postId=${postId}`, mod.client)).items.map((i) => i.id)).toEqual([featured.id]);
  });

  it('a change of the campaign\'s featured targets shows in the next anonymous read', async () => {
    await cachedWall();
    const set = await admin.put('/api/campaign', { featuredTargets: { exemplars: 100, good_people: 41, good_deeds: 100 } });
    expect(set.statusCode, set.body).toBe(200);
    try {
      expect((await wall()).counts.find((c) => c.collection === 'good_people')?.target).toBe(41);
    } finally {
      await admin.put('/api/campaign', { featuredTargets: { exemplars: 100, good_people: 100, good_deeds: 100 } });
    }
    expect((await wall()).counts.find((c) => c.collection === 'good_people')?.target).toBe(100);
  });

  it('answers bad input with a 400 and an unknown author with a 404, and caches neither', async () => {
    for (const query of ['cursor=forged', 'limit=0', 'limit=1000000000000', 'collection=nope', 'unitId=999999999', 'phase=%00']) {
      const res = await anon().get(`/api/featured?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      expect(res.headers.etag, query).toBeUndefined();
    }
    const unknown = await anon().get('/api/featured?author=nobody_here_at_all');
    expect(unknown.statusCode).toBe(404);
    expect((await anon().get('/api/featured?author=nobody_here_at_all')).statusCode).toBe(404);
  });
});

const databaseUrl = process.env.DATABASE_URL ?? '';
if (!databaseUrl) console.warn('\n[featured-cache] the second-process case needs DATABASE_URL: the embedded database cannot be shared by two apps; skipped.\n');

describe.skipIf(!databaseUrl)('GET /api/featured from the cache on a second process (PostgreSQL)', () => {
  let other: FastifyInstance;
  let otherUrl: string;
  beforeAll(async () => {
    other = await createTestApp({ POST_RATE_LIMIT: '0' });
    otherUrl = await listen(other);
  });
  afterAll(async () => {
    await other?.close();
  });

  it('serves the other process\'s feature and hide once their events reached it', async () => {
    const readOther = async () => JSON.parse((await new Client(other).get('/api/featured?limit=100')).body) as FeaturedWallView;
    await readOther();
    await readOther();
    const socket = await connectSocket(otherUrl);
    try {
      expect(await socket.subscribe('featured')).toMatchObject({ ok: true });
      const { postId, body } = await newPost();
      const featured = await feature(postId);
      await socket.waitFor('featured:changed', (e) => (e as WireEvent<{ id: number; change: string }>).data.id === featured.id);
      expect(entry(await readOther(), featured.id)).toBeDefined();
      await mod.client.post(`/api/posts/${postId}/hide`, {});
      await socket.waitFor('featured:changed', (e) => (e as WireEvent<{ id: number; change: string }>).data.change === 'hidden');
      const hidden = await new Client(other).get('/api/featured?limit=100');
      expect(hidden.body).not.toContain(body);
    } finally {
      socket.close();
    }
  });
});
