import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { connectSocket, listen, type WireEvent } from '../helpers/sockets';
import { signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard, uniqueSlug } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import { memberOf } from '../factories/campaign.factory';
import { loadConfig } from '../../server/config';
import type { ColumnView, EditionView } from '../../server/presenters/column.presenter';
import type { TopicPageView } from '../../server/presenters/topic.presenter';

/*
 * The writers whose changes show in cached public answers without an event of those answers'
 * rooms (issue 14: never a stale answer; the audit is server/realtime/cache-coverage.ts):
 * a column's new name and an edition's new title or number show in the `usedIn` of the
 * topic pages that column used, on the next anonymous read, on this process and (PostgreSQL)
 * on another. The expiry's configuration, and a lost LISTEN connection dropping every
 * cached answer.
 */

let app: FastifyInstance;
let admin: Client;
let editor: SignedInUser;
let member: SignedInUser;
let author: SignedInUser;
let boardSlug: string;
const anon = () => new Client(app);

beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' });
  admin = await signInAdmin(app);
  editor = await memberOf(app, null, ['editor']);
  member = await memberOf(app, null);
  author = await memberOf(app, null);
  boardSlug = (await createBoard(app, { admin })).slug;
});
afterAll(async () => {
  await app?.close();
});

/** The cache counter of one cache and result, read from /api/metrics as an admin of `on`. */
async function cacheCount(cache: string, result: 'hit' | 'miss', as: Client = admin): Promise<number> {
  const body = (await as.get('/api/metrics')).body;
  const line = body.split('\n').find((l) => l.startsWith('grassroots_cache_requests_total{') && l.includes(`cache="${cache}"`) && l.includes(`result="${result}"`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

async function topicPage(id: number, client: Client = anon()): Promise<TopicPageView> {
  const res = await client.get<TopicPageView>(`/api/topics/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.data;
}

/** Checks that the next anonymous read of each topic page is served from the cache (a hit each). */
async function expectHits(ids: number[], on: FastifyInstance = app, as: Client = admin): Promise<void> {
  const hits = await cacheCount('topic', 'hit', as);
  for (const id of ids) await topicPage(id, new Client(on));
  expect(await cacheCount('topic', 'hit', as)).toBe(hits + ids.length);
}

/**
 * Reads each topic page anonymously until the next reads are all hits: the pages are held.
 * (On another process the events of the setup's writes arrive a moment later, and rightly drop
 * what was read before they came: another round then.)
 */
async function cachePages(ids: number[], on: FastifyInstance = app, as: Client = admin): Promise<void> {
  for (let round = 1; ; round += 1) {
    for (const id of ids) await topicPage(id, new Client(on));
    const hits = await cacheCount('topic', 'hit', as);
    for (const id of ids) await topicPage(id, new Client(on));
    if ((await cacheCount('topic', 'hit', as)) === hits + ids.length) return;
    if (round >= 20) throw new Error(`the topic pages ${ids.join(', ')} were never served from the cache`);
  }
}

/**
 * Runs `round` again if it failed while a notice of every room (ALL_ROOMS) arrived from
 * another process: on the shared PostgreSQL database other test files rename places and
 * change the campaign, which rightly drops every cached answer of every process, ours too.
 * Without such a notice a failure stands (and on the embedded database none ever arrives).
 */
async function quietly(on: FastifyInstance, round: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    let heard = false;
    const listener = (rooms: unknown) => {
      if (Array.isArray(rooms) && rooms.includes('*')) heard = true;
    };
    const nsp = on.io.of('/') as unknown as { on(event: string, fn: (rooms: unknown) => void): void; off(event: string, fn: (rooms: unknown) => void): void };
    nsp.on('cache:invalidate', listener);
    try {
      await round();
      return;
    } catch (err) {
      if (!heard || attempt >= 5) throw err;
    } finally {
      nsp.off('cache:invalidate', listener);
    }
  }
}

/** A published edition of a new column holding the first post of each of `topics` new topics. */
async function publishedColumn(topics = 2): Promise<{ column: ColumnView; edition: EditionView; topicIds: number[] }> {
  const col = await editor.client.post<{ column: ColumnView }>('/api/columns', { slug: uniqueSlug('u').slice(0, 40), name: '走基层', outlet: 'newspaper', outletName: '《衢州日报》' });
  expect(col.statusCode, col.body).toBe(201);
  const ed = await editor.client.post<{ edition: EditionView }>(`/api/columns/${col.data.column.slug}/editions`, { title: '村里的变化', note: '编者按' });
  expect(ed.statusCode, ed.body).toBe(201);
  const topicIds: number[] = [];
  for (let i = 0; i < topics; i += 1) {
    const { topic, post } = await createTopic(author.client, boardSlug, { kind: 'field_note' });
    topicIds.push(topic.id);
    expect((await editor.client.post(`/api/editions/${ed.data.edition.id}/items`, { postId: post.id })).statusCode).toBe(201);
  }
  const published = await editor.client.post<{ edition: EditionView }>(`/api/editions/${ed.data.edition.id}/publish`, {});
  expect(published.statusCode, published.body).toBe(200);
  return { column: col.data.column, edition: published.data.edition, topicIds };
}

describe('PATCH /api/columns/:slug and the cached topic pages that credit the column', () => {
  it('a new column name and outlet name show in the next anonymous read of every topic page it used', async () => {
    const { column, topicIds } = await publishedColumn();
    for (const id of topicIds) expect((await topicPage(id)).usedIn).toMatchObject([{ columnSlug: column.slug, columnName: '走基层', outletName: '《衢州日报》' }]);
    await cachePages(topicIds);
    const res = await editor.client.patch(`/api/columns/${column.slug}`, { name: '走基层·新篇', outletName: '《衢州晚报》' });
    expect(res.statusCode, res.body).toBe(200);
    for (const id of topicIds) expect((await topicPage(id)).usedIn).toMatchObject([{ columnName: '走基层·新篇', outletName: '《衢州晚报》' }]);
  });

  it('a new description leaves the topic pages cached: it shows on none of them', async () => {
    const { column, topicIds } = await publishedColumn(1);
    await quietly(app, async () => {
      await cachePages(topicIds);
      expect((await editor.client.patch(`/api/columns/${column.slug}`, { description: `新的简介 ${Date.now()}` })).statusCode).toBe(200);
      await expectHits(topicIds);
    });
  });

  it('a refused change (another member, anonymous, a blank name, no fields) leaves the credit as it was', async () => {
    const { column, topicIds } = await publishedColumn(1);
    await cachePages(topicIds);
    expect((await member.client.patch(`/api/columns/${column.slug}`, { name: '抢' })).statusCode).toBe(403);
    expect((await anon().patch(`/api/columns/${column.slug}`, { name: '抢' })).statusCode).toBe(401);
    const blank = await editor.client.patch(`/api/columns/${column.slug}`, { name: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.data).toMatchObject({ statusCode: 400, code: 'VALIDATION', message: expect.any(String) });
    expect((await editor.client.patch(`/api/columns/${column.slug}`, {})).statusCode).toBe(400);
    expect((await topicPage(topicIds[0] as number)).usedIn).toMatchObject([{ columnName: '走基层' }]);
  });
});

describe('PATCH /api/editions/:id and the cached topic pages that credit the edition', () => {
  it('a published edition\'s new title and number show in the next anonymous topic page (and its link), and on the column page', async () => {
    const { column, edition, topicIds } = await publishedColumn();
    await cachePages(topicIds);
    const front = await anon().get(`/columns/${column.slug}`);
    expect(front.statusCode).toBe(200);
    expect(front.body).toContain('村里的变化');
    const res = await editor.client.patch(`/api/editions/${edition.id}`, { title: '山乡新貌', number: 7 });
    expect(res.statusCode, res.body).toBe(200);
    for (const id of topicIds) {
      expect((await topicPage(id)).usedIn).toMatchObject([{ editionTitle: '山乡新貌', editionNumber: 7, url: `/columns/${column.slug}/editions/7` }]);
    }
    const after = await anon().get(`/columns/${column.slug}`);
    expect(after.body).toContain('山乡新貌');
    expect(after.body).not.toContain('村里的变化');
  });

  it('a new editor\'s note leaves the topic pages cached: usedIn does not show it', async () => {
    const { edition, topicIds } = await publishedColumn(1);
    await quietly(app, async () => {
      await cachePages(topicIds);
      expect((await editor.client.patch(`/api/editions/${edition.id}`, { note: `新的编者按 ${Date.now()}` })).statusCode).toBe(200);
      await expectHits(topicIds);
    });
  });

  it('a refused change (another member, a blank title, a forged id) leaves the credit as it was', async () => {
    const { edition, topicIds } = await publishedColumn(1);
    await cachePages(topicIds);
    expect((await member.client.patch(`/api/editions/${edition.id}`, { title: '抢' })).statusCode).toBe(403);
    expect((await editor.client.patch(`/api/editions/${edition.id}`, { title: ' ' })).statusCode).toBe(400);
    expect((await editor.client.patch('/api/editions/99999999999999999999', { title: '抢' })).statusCode).toBe(400);
    expect((await topicPage(topicIds[0] as number)).usedIn).toMatchObject([{ editionTitle: '村里的变化' }]);
  });
});

describe('CACHE_TTL_MS', () => {
  it('defaults to a minute, takes 0 for no expiry, and refuses what is not a whole number of milliseconds', () => {
    expect(loadConfig({}).cacheTtlMs).toBe(60_000);
    expect(loadConfig({ CACHE_TTL_MS: '0' }).cacheTtlMs).toBe(0);
    expect(loadConfig({ CACHE_TTL_MS: '1500' }).cacheTtlMs).toBe(1500);
    for (const bad of ['soon', '-1', '1.5', '1e12']) expect(() => loadConfig({ CACHE_TTL_MS: bad })).toThrow(/CACHE_TTL_MS/);
  });
});

const databaseUrl = process.env.DATABASE_URL ?? '';
if (!databaseUrl) console.warn('\n[read-cache-coverage] the second-process cases need DATABASE_URL (the embedded database has no LISTEN/NOTIFY between processes); skipped.\n');

/** The backend pid of an app's adapter LISTEN connection, or null between connections (the adapter keeps its pg client private). */
function listenerPid(on: FastifyInstance): number | null {
  const adapter = on.io.of('/').adapter as unknown as { client?: { client?: { processID?: number } } };
  const pid = adapter.client?.client?.processID;
  return typeof pid === 'number' ? pid : null;
}

/** Resolves once `check` answers true, trying every 50 ms for at most `ms`. */
async function eventually(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (check()) return;
    if (Date.now() > until) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!databaseUrl)('the cached topic pages on a second process (PostgreSQL)', () => {
  let other: FastifyInstance;
  let otherAdmin: Client;
  beforeAll(async () => {
    other = await createTestApp({ POST_RATE_LIMIT: '0' });
    await listen(other);
    otherAdmin = await signInAdmin(other);
  });
  afterAll(async () => {
    await other?.close();
  });

  it('a column renamed on one process shows in the other process\'s next anonymous topic page', async () => {
    const { column, topicIds } = await publishedColumn(1);
    await cachePages(topicIds, other, otherAdmin);
    // The notice naming this topic's room (other files on the database send notices of their own).
    const heard = new Promise<void>((resolve) => {
      other.io.on('cache:invalidate' as never, ((rooms: unknown) => {
        if (Array.isArray(rooms) && rooms.includes(`topic:${topicIds[0]}`)) resolve();
      }) as never);
    });
    expect((await editor.client.patch(`/api/columns/${column.slug}`, { name: '跨进程专栏' })).statusCode).toBe(200);
    await heard;
    expect((await topicPage(topicIds[0] as number, new Client(other))).usedIn).toMatchObject([{ columnName: '跨进程专栏' }]);
  });
});

describe.skipIf(!databaseUrl)('a lost LISTEN connection (PostgreSQL)', () => {
  let gap: FastifyInstance;
  let gapUrl: string;
  let gapAdmin: Client;
  beforeAll(async () => {
    gap = await createTestApp({ POST_RATE_LIMIT: '0' });
    gapUrl = await listen(gap);
    gapAdmin = await signInAdmin(gap);
  });
  afterAll(async () => {
    await gap?.close();
  });

  it('drops every cached answer when the connection ends, and again once it listens anew; then hears other processes again', async () => {
    const { topic } = await createTopic(author.client, boardSlug);
    // Counts the adapter's gap signals (the plugin calls the cache's invalidateAll for each).
    const cache = gap.readCache;
    const dropAll = cache.invalidateAll.bind(cache);
    let gaps = 0;
    cache.invalidateAll = () => {
      gaps += 1;
      dropAll();
    };
    await cachePages([topic.id], gap, gapAdmin);
    const pid = listenerPid(gap);
    expect(pid).not.toBeNull();
    const killer = new pg.Client({ connectionString: databaseUrl });
    await killer.connect();
    try {
      await killer.query('select pg_terminate_backend($1)', [pid]);
    } finally {
      await killer.end();
    }
    // Notices sent while it is down are lost: the cached page is dropped, the next read misses…
    await eventually(() => gaps >= 1);
    let misses = await cacheCount('topic', 'miss', gapAdmin);
    await topicPage(topic.id, new Client(gap));
    expect(await cacheCount('topic', 'miss', gapAdmin)).toBe(misses + 1);
    // …and once the adapter listens on a new connection, what was stored meanwhile is dropped too.
    await eventually(() => gaps >= 2);
    expect(listenerPid(gap)).not.toBeNull();
    expect(listenerPid(gap)).not.toBe(pid);
    misses = await cacheCount('topic', 'miss', gapAdmin);
    await topicPage(topic.id, new Client(gap));
    expect(await cacheCount('topic', 'miss', gapAdmin)).toBe(misses + 1);
    // Listening again: a reply written on the first process reaches this one's cache and sockets.
    await cachePages([topic.id], gap, gapAdmin);
    const socket = await connectSocket(gapUrl);
    try {
      expect(await socket.subscribe(`topic:${topic.id}`)).toMatchObject({ ok: true });
      const reply = await createReply(member.client, topic.id, { body: '重新连上之后的回复' });
      await socket.waitFor('post:created', (e) => (e as WireEvent<{ id: number }>).data.id === reply.id);
      expect((await topicPage(topic.id, new Client(gap))).posts.items.map((p) => p.id)).toContain(reply.id);
    } finally {
      socket.close();
    }
  });
});
