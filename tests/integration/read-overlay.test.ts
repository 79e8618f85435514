import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { openSharedDatabase } from '../helpers/test-app';
import { testConfig } from '../setup/test-config';
import { Client } from '../helpers/client';
import { registerUser, signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import { makePlace, makeSubtree, memberOf, visitBody, type CampaignBody } from '../factories/campaign.factory';
import type { PostView } from '../../server/presenters/post.presenter';
import type { TopicPageView, TopicView } from '../../server/presenters/topic.presenter';
import type { QueueItemView } from '../../server/presenters/moderation.presenter';

/*
 * Signed-in readers served from the shared cache plus a per-user overlay (issue 14 item 1):
 * two apps on one database, one with the cache of public reads and one without
 * (CACHE_MAX_BYTES=0, every read fresh). For every kind of viewer, every cached read and its
 * second page, the cached app's answer is the fresh app's answer (deep-equal JSON), read twice
 * so the second is served from the shared entry; a member's own hidden or held post never
 * reaches anyone else through that entry; signed-in answers are private.
 * Every write goes through the cached app, whose cache hears its own events.
 */

let shared: Awaited<ReturnType<typeof openSharedDatabase>>;
let cached: FastifyInstance;
let fresh: FastifyInstance;
let admin: Client;
let mod: SignedInUser;
/** Writes the topic; has nothing hidden or held of their own. */
let opener: SignedInUser;
/** A plain member with reactions (two kinds on one post) and an open flag. */
let member: SignedInUser;
/** A second plain member, with a different flag and no reactions. */
let other: SignedInUser;
/** Wrote a reply a moderator hid, and the first post of another topic, hidden too. */
let hiddenAuthor: SignedInUser;
/** Wrote a reply and a topic waiting for approval (先审后发). */
let heldAuthor: SignedInUser;
/** Wrote a field note whose visit claim a moderator rejected with a note. */
let noteAuthor: SignedInUser;
let boardSlug: string;
let topicId: number;
let rootPostId: number;
let hiddenReplyId: number;
let heldReplyId: number;
let heldTopicId: number;
let hiddenFirstTopicId: number;
let noteTopicId: number;
const HIDDEN_TEXT = '被隐藏的回复 hidden-reply-body';
const HELD_TEXT = '待审核的回复 held-reply-body';
const HIDDEN_FIRST_TEXT = '被隐藏的开篇 hidden-first-body';
const REVIEW_NOTE = '走访记录与内容不符';

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  shared = await openSharedDatabase();
  const limits = { POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', EDIT_RATE_LIMIT: '0' };
  cached = await buildApp(testConfig(limits), { logger: false, ...(shared.pglite ? { pglite: shared.pglite } : {}) });
  fresh = await buildApp(testConfig({ ...limits, CACHE_MAX_BYTES: '0' }), { logger: false, ...(shared.pglite ? { pglite: shared.pglite } : {}) });
  admin = await signInAdmin(cached);
  mod = await registerUser(cached, { roles: ['moderator'], displayName: '版主' });
  opener = await registerUser(cached, { displayName: '楼主' });
  member = await registerUser(cached, { displayName: '读者' });
  other = await registerUser(cached, { displayName: '另一位读者' });
  hiddenAuthor = await registerUser(cached, { displayName: '被隐藏者' });
  heldAuthor = await registerUser(cached, { displayName: '待审者' });
  boardSlug = (await createBoard(cached, { admin })).slug;

  // The topic: a first post and replies by several people, threaded under the first post.
  const { topic, post } = await createTopic(opener.client, boardSlug, { body: '开篇正文 opening' });
  topicId = topic.id;
  rootPostId = post.id;
  const replies: PostView[] = [];
  for (let i = 0; i < 6; i += 1) {
    const writer = [opener, member, other][i % 3]!;
    replies.push(await createReply(writer.client, topicId, { body: `第${i}楼 reply ${i}`, parentId: i % 2 === 0 ? rootPostId : (replies[i - 1]?.id ?? null) }));
  }
  const hiddenReply = await createReply(hiddenAuthor.client, topicId, { body: HIDDEN_TEXT, parentId: rootPostId });
  hiddenReplyId = hiddenReply.id;
  expect((await mod.client.post(`/api/posts/${hiddenReplyId}/hide`, { note: '违规' })).statusCode).toBe(200);
  for (let i = 6; i < 9; i += 1) replies.push(await createReply(other.client, topicId, { body: `第${i}楼 reply ${i}`, parentId: rootPostId }));

  // Held: the board reviews new posts for a moment.
  expect((await admin.patch(`/api/boards/${boardSlug}`, { reviewBeforePublish: true })).statusCode).toBe(200);
  const held = await heldAuthor.client.post<{ post: PostView }>(`/api/topics/${topicId}/posts`, { body: HELD_TEXT, parentId: rootPostId });
  expect(held.statusCode, held.body).toBe(202);
  heldReplyId = held.data.post.id;
  const heldTopic = await heldAuthor.client.post<{ topic: TopicView }>(`/api/boards/${boardSlug}/topics`, { title: '待审主题', body: '待审主题正文 held-topic-body' });
  expect(heldTopic.statusCode, heldTopic.body).toBe(202);
  heldTopicId = heldTopic.data.topic.id;
  expect((await admin.patch(`/api/boards/${boardSlug}`, { reviewBeforePublish: false })).statusCode).toBe(200);
  for (let i = 9; i < 11; i += 1) replies.push(await createReply(member.client, topicId, { body: `第${i}楼 reply ${i}`, parentId: rootPostId }));

  // A topic whose first post is hidden: the board's excerpt differs for its author.
  const hiddenFirst = await createTopic(hiddenAuthor.client, boardSlug, { title: '被隐藏的主题', body: HIDDEN_FIRST_TEXT });
  hiddenFirstTopicId = hiddenFirst.topic.id;
  expect((await mod.client.post(`/api/posts/${hiddenFirst.post.id}/hide`, {})).statusCode).toBe(200);

  // A field note whose claim was rejected: its author sees the visit and the moderator's note.
  const tree = await makeSubtree(cached, admin);
  noteAuthor = await memberOf(cached, tree.countyA.id);
  const campaign = (await admin.get<CampaignBody>('/api/campaign')).data;
  const place = await makePlace(admin, tree.countyA.id);
  const visit = await noteAuthor.client.post<{ visit: { id: number } }>('/api/visits', visitBody(campaign, place.id, today()));
  expect(visit.statusCode, visit.body).toBe(201);
  const note = await createTopic(noteAuthor.client, boardSlug, { kind: 'field_note', visitId: visit.data.visit.id, title: '下乡心得' });
  noteTopicId = note.topic.id;
  const queue = await mod.client.get<{ items: QueueItemView[] }>('/api/mod/queue?type=visit_claim&limit=100');
  const claim = queue.data.items.find((i) => i.topic?.id === noteTopicId);
  expect((await mod.client.post(`/api/mod/queue/${claim?.id}/resolve`, { action: 'reject_visit', note: REVIEW_NOTE })).statusCode).toBe(200);

  // Marks: the member reacts twice on one post, once on another, and flags a third; the
  // other member flags one post; the opener reacts once.
  const [r0, r1, r2, r3] = replies;
  for (const [who, postId, kind] of [
    [member, r0!.id, 'like'], [member, r0!.id, 'thanks'], [member, rootPostId, 'like'], [opener, r2!.id, 'like'], [other, r1!.id, 'thanks'],
  ] as const) {
    expect((await who.client.put(`/api/posts/${postId}/reactions/${kind}`)).statusCode).toBe(200);
  }
  expect((await member.client.post(`/api/posts/${r3!.id}/flags`, { reason: 'spam', note: '广告' })).statusCode).toBe(201);
  expect((await other.client.post(`/api/posts/${r0!.id}/flags`, { reason: 'off_topic' })).statusCode).toBe(201);
}, 180_000);

afterAll(async () => {
  await cached?.close();
  await fresh?.close();
  await shared?.close();
});

/** The same request on the fresh app, with the same session. */
async function freshGet(as: Client | null, url: string) {
  const client = new Client(fresh);
  if (as) client.cookie = as.cookie;
  return client.get(url);
}
function on(app: FastifyInstance, as: Client | null): Client {
  const client = new Client(app);
  if (as) client.cookie = as.cookie;
  return client;
}

/** Hits of one cached read on the cached app (its metrics, as an admin reads them). */
async function hits(read: string): Promise<number> {
  const body = (await admin.get('/api/metrics')).body;
  const line = body.split('\n').find((l) => l.startsWith('grassroots_cache_requests_total{') && l.includes(`cache="${read}"`) && l.includes('result="hit"'));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

type Viewer = { name: string; client: () => Client | null; fromShared: boolean };
const viewers: Viewer[] = [
  { name: 'an anonymous reader', client: () => null, fromShared: true },
  { name: 'a plain member with reactions and a flag', client: () => member.client, fromShared: true },
  { name: 'another plain member with a flag', client: () => other.client, fromShared: true },
  { name: 'the opener (reactions, nothing hidden)', client: () => opener.client, fromShared: true },
  { name: 'the author of a hidden post', client: () => hiddenAuthor.client, fromShared: false },
  { name: 'the author of a held post and a held topic', client: () => heldAuthor.client, fromShared: false },
  { name: 'the author of a rejected visit claim', client: () => noteAuthor.client, fromShared: false },
  { name: 'a moderator', client: () => mod.client, fromShared: false },
  { name: 'an admin', client: () => admin, fromShared: false },
];

/** A cached read: its path, page size, where the next page starts, and whether it has more than one. */
interface Read {
  read: string;
  path: string;
  limit: number;
  next: (body: Record<string, unknown>) => string | null;
  paged: boolean;
}
const listCursor = (b: Record<string, unknown>) => b.nextCursor as string | null;
const reads = (): Read[] => [
  { read: 'board-topics', path: `/api/boards/${boardSlug}/topics`, limit: 2, next: listCursor, paged: true },
  { read: 'topic', path: `/api/topics/${topicId}`, limit: 4, next: (b) => (b.posts as { nextCursor: string | null }).nextCursor, paged: true },
  { read: 'tree', path: `/api/topics/${topicId}/tree`, limit: 4, next: listCursor, paged: true },
  { read: 'replies', path: `/api/posts/${rootPostId}/replies`, limit: 3, next: listCursor, paged: true },
  { read: 'topic', path: `/api/topics/${noteTopicId}`, limit: 20, next: () => null, paged: false },
  { read: 'topic', path: `/api/topics/${hiddenFirstTopicId}`, limit: 20, next: () => null, paged: false },
];
const urlOf = (r: Read, cursor: string | null = null) => `${r.path}?limit=${r.limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;

describe('signed-in reads through the shared cache with an overlay: the same answer as a fresh read', () => {
  for (const viewer of viewers) {
    it(`answers ${viewer.name} exactly as the fresh app does, on every cached read and its following pages`, async () => {
      for (const r of reads()) {
        const { read, next } = r;
        let pageUrl: string | null = urlOf(r);
        let pages = 0;
        while (pageUrl !== null && pages < 4) {
          const expected = await freshGet(viewer.client(), pageUrl);
          expect(expected.statusCode, expected.body).toBe(200);
          const before = await hits(read);
          const first = await on(cached, viewer.client()).get(pageUrl);
          const second = await on(cached, viewer.client()).get(pageUrl);
          expect(first.statusCode, first.body).toBe(200);
          expect(JSON.parse(first.body), `${viewer.name} ${pageUrl} (first read)`).toEqual(JSON.parse(expected.body));
          expect(JSON.parse(second.body), `${viewer.name} ${pageUrl} (second read)`).toEqual(JSON.parse(expected.body));
          // Members read the shared entry (a hit at least on the second read); moderators and
          // the rare viewer with something hidden of their own here are read fresh.
          const served = (await hits(read)) - before;
          if (viewer.fromShared) expect(served, `${viewer.name} ${pageUrl}`).toBeGreaterThanOrEqual(1);
          pages += 1;
          const cursor = next(JSON.parse(expected.body) as Record<string, unknown>);
          pageUrl = cursor === null ? null : urlOf(r, cursor);
        }
        if (r.paged) expect(pages, `${viewer.name} ${r.path} has a second page`).toBeGreaterThan(1);
      }
    });
  }

  it('shows what differs where it should: marks, hidden bodies and held posts for their own authors only', async () => {
    const page = async (as: Client | null) => JSON.parse((await on(cached, as).get(`/api/topics/${topicId}/tree?limit=100`)).body) as { items: PostView[] };
    const mine = await page(member.client);
    expect(mine.items.find((p) => p.id === rootPostId)?.myReactions).toEqual(['like']);
    expect(mine.items.filter((p) => p.myFlag).map((p) => p.myFlag?.reason)).toEqual(['spam']);
    expect(mine.items.every((p) => Array.isArray(p.myReactions) && p.myFlag !== undefined)).toBe(true);
    const anonymous = await page(null);
    expect(anonymous.items.every((p) => p.myReactions === undefined && p.myFlag === undefined)).toBe(true);
    const hiddenOwn = await page(hiddenAuthor.client);
    expect(hiddenOwn.items.find((p) => p.id === hiddenReplyId)).toMatchObject({ hidden: true, body: HIDDEN_TEXT, hiddenAction: { reason: '违规' } });
    const heldOwn = await page(heldAuthor.client);
    expect(heldOwn.items.find((p) => p.id === heldReplyId)).toMatchObject({ held: true, body: HELD_TEXT });
    const note = JSON.parse((await noteAuthor.client.get(`/api/topics/${noteTopicId}`)).body) as TopicPageView;
    expect(note.topic).toMatchObject({ visitClaim: 'rejected', visitReviewNote: REVIEW_NOTE });
    expect(note.topic.visit).not.toBeNull();
  });

  it('shows a flag opened or withdrawn after the page was cached in the very next read', async () => {
    const url = `/api/topics/${topicId}?limit=100`;
    await member.client.get(url);
    const target = (JSON.parse((await member.client.get(url)).body) as TopicPageView).posts.items
      .find((p) => p.myFlag === null && !p.hidden && p.author.id !== member.user.id)!;
    expect((await member.client.post(`/api/posts/${target.id}/flags`, { reason: 'other', note: '再看看' })).statusCode).toBe(201);
    const flagged = JSON.parse((await member.client.get(url)).body) as TopicPageView;
    expect(flagged.posts.items.find((p) => p.id === target.id)?.myFlag).toMatchObject({ reason: 'other', note: '再看看' });
    expect(flagged).toEqual(JSON.parse((await freshGet(member.client, url)).body));
    expect((await member.client.delete(`/api/posts/${target.id}/flags/mine`)).statusCode).toBe(200);
    const withdrawn = JSON.parse((await member.client.get(url)).body) as TopicPageView;
    expect(withdrawn.posts.items.find((p) => p.id === target.id)?.myFlag).toBeNull();
    expect(withdrawn).toEqual(JSON.parse((await freshGet(member.client, url)).body));
  });

  it('answers a malformed cursor, a missing topic and a held topic as the fresh read does, for a member and for its author', async () => {
    for (const url of [
      `/api/topics/${topicId}?cursor=forged`, `/api/topics/${topicId}/tree?cursor=%00`, `/api/posts/${rootPostId}/replies?limit=0`,
      '/api/topics/2147483000', `/api/topics/${heldTopicId}`, `/api/topics/${heldTopicId}/tree`, `/api/posts/${heldReplyId}/replies`,
      `/api/boards/no-such-board-here/topics`, `/api/boards/${boardSlug}/topics?cursor=${'x'.repeat(600)}`,
    ]) {
      for (const as of [member.client, heldAuthor.client, null]) {
        const expected = await freshGet(as, url);
        const got = await on(cached, as).get(url);
        expect(got.statusCode, `${url}: ${got.body}`).toBe(expected.statusCode);
        expect(JSON.parse(got.body)).toEqual(JSON.parse(expected.body));
      }
    }
    expect((await on(cached, heldAuthor.client).get(`/api/topics/${heldTopicId}`)).statusCode).toBe(200);
    expect((await on(cached, member.client).get(`/api/topics/${heldTopicId}`)).statusCode).toBe(404);
  });
});

/** The ids of every post (it has a topicId) and every topic (it has a boardSlug) in an answer. */
function idsIn(value: unknown, into = { postIds: [] as number[], topicIds: [] as number[] }) {
  if (Array.isArray(value)) for (const v of value) idsIn(v, into);
  else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.id === 'number' && 'topicId' in o) into.postIds.push(o.id);
    if (typeof o.id === 'number' && 'boardSlug' in o) into.topicIds.push(o.id);
    for (const v of Object.values(o)) idsIn(v, into);
  }
  return into;
}

describe('hidden stays hidden through the shared entry', () => {
  it('never hands a member\'s own hidden or held post, read by them first, to another member or an anonymous reader', async () => {
    const urls = [
      `/api/topics/${topicId}?limit=100`, `/api/topics/${topicId}/tree?limit=100`, `/api/posts/${rootPostId}/replies?limit=100`,
      `/api/boards/${boardSlug}/topics?limit=100`, `/api/topics/${hiddenFirstTopicId}`, `/api/topics/${noteTopicId}`,
    ];
    for (const url of urls) {
      for (const author of [hiddenAuthor, heldAuthor, noteAuthor, mod]) {
        expect((await author.client.get(url)).statusCode).toBe(200);
      }
      for (const as of [member.client, other.client, null, member.client, null]) {
        const res = await on(cached, as).get(url);
        expect(res.statusCode).toBe(200);
        for (const secret of [HIDDEN_TEXT, HELD_TEXT, HIDDEN_FIRST_TEXT, 'held-topic-body', REVIEW_NOTE]) expect(res.body, url).not.toContain(secret);
        const { postIds, topicIds } = idsIn(JSON.parse(res.body));
        expect(postIds, url).not.toContain(heldReplyId);
        expect(topicIds, url).not.toContain(heldTopicId);
        expect(res.body).not.toContain('hiddenAction');
      }
    }
  });
});

describe('headers of signed-in cached reads', () => {
  it('sends a member Cache-Control: private, no-cache, Vary: Cookie and an ETag of their own that 304s only for them', async () => {
    for (const url of reads().map((r) => urlOf(r))) {
      const anonymous = await on(cached, null).get(url);
      expect(anonymous.headers['cache-control']).toBe('no-cache');
      // The anonymous answer varies on the cookie too: a cache holding it must not hand it to a member.
      expect(String(anonymous.headers.vary)).toMatch(/(^|, *)Cookie(,|$)/i);
      const mine = await on(cached, member.client).get(url);
      expect(mine.headers['cache-control']).toBe('private, no-cache');
      expect(String(mine.headers.vary)).toMatch(/(^|, *)Cookie(,|$)/i);
      const etag = String(mine.headers.etag);
      expect(etag).toMatch(/^W\/".+"$/);
      expect(etag).not.toBe(anonymous.headers.etag);
      const again = await on(cached, member.client).get(url, { headers: { 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      // Someone else's tag (or the shared one) never confirms a body: they get their own answer.
      const theirs = await on(cached, other.client).get(url, { headers: { 'if-none-match': etag } });
      expect(theirs.statusCode).toBe(200);
      expect((await on(cached, member.client).get(url, { headers: { 'if-none-match': String(anonymous.headers.etag) } })).statusCode).toBe(200);
      expect((await on(cached, null).get(url, { headers: { 'if-none-match': etag } })).statusCode).toBe(200);
    }
  });

  it('sends moderators and viewers read fresh the same private headers', async () => {
    for (const as of [mod.client, hiddenAuthor.client]) {
      const res = await on(cached, as).get(`/api/topics/${topicId}`);
      expect(res.headers['cache-control']).toBe('private, no-cache');
      expect(String(res.headers.vary)).toMatch(/Cookie/);
      expect((await on(cached, as).get(`/api/topics/${topicId}`, { headers: { 'if-none-match': String(res.headers.etag) } })).statusCode).toBe(304);
    }
  });
});
