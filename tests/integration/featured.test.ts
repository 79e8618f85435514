import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { connectSocket, listen, type WireEvent } from '../helpers/sockets';
import { signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import { makePlace, makeSubtree, memberOf, visitBody, type CampaignBody, type Subtree } from '../factories/campaign.factory';
import type { FeaturedChangeView, FeaturedView, FeaturedWallView } from '../../server/presenters/featured.presenter';
import type { ModLogView } from '../../server/presenters/moderation.presenter';
import type { NotificationView } from '../../server/presenters/notification.presenter';
import type { TopicView } from '../../server/presenters/topic.presenter';
import type { BoardView } from '../../server/presenters/board.presenter';

let app: FastifyInstance;
let baseUrl: string;
let admin: Client;
let tree: Subtree;
let campaign: CampaignBody;
let mod: SignedInUser;
let author: SignedInUser;
let member: SignedInUser;
let boardSlug: string;
const anonymous = () => new Client(app);
const HASH = 'ab'.repeat(32);

beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' });
  baseUrl = await listen(app);
  admin = await signInAdmin(app);
  tree = await makeSubtree(app, admin);
  mod = await memberOf(app, tree.countyA.id, ['moderator']);
  author = await memberOf(app, tree.townshipA.id);
  member = await memberOf(app, tree.countyB.id);
  campaign = (await admin.get<CampaignBody>('/api/campaign')).data;
  boardSlug = (await createBoard(app, { admin })).slug;
});
afterAll(async () => {
  await app?.close();
});

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A new topic by the author (in township A1), its first post's id. */
async function note(overrides: { title?: string; body?: string; kind?: string } = {}): Promise<{ topic: TopicView; postId: number }> {
  const { topic, post } = await createTopic(author.client, boardSlug, { kind: 'field_note', ...overrides });
  return { topic, postId: post.id };
}

async function feature(postId: number, collection = 'good_people', extra: Record<string, unknown> = {}): Promise<FeaturedView> {
  const res = await mod.client.post<{ featured: FeaturedView }>('/api/featured', { postId, collection, citation: '扎根基层，热心助人。', ...extra });
  if (res.statusCode !== 201) throw new Error(`feature failed: ${res.statusCode} ${res.body}`);
  return res.data.featured;
}

async function wall(query = ''): Promise<FeaturedWallView> {
  const res = await anonymous().get<FeaturedWallView>(`/api/featured?limit=100${query}`);
  expect(res.statusCode).toBe(200);
  return res.data;
}

const countOf = (w: FeaturedWallView, collection: string) => w.counts.find((c) => c.collection === collection)?.count ?? -1;

describe('POST /api/featured', () => {
  it('features a post for a moderator: the entry, the log row, the author\'s live notification and the featured room\'s event', async () => {
    const { topic, postId } = await note({ title: '村里的好人', body: `张大姐照顾孤寡老人十年。\n\n![村口](/uploads/${HASH}.webp)` });
    const authorSocket = await connectSocket(baseUrl, author.client.cookie);
    const reader = await connectSocket(baseUrl);
    try {
      expect((await reader.subscribe('featured')).ok).toBe(true);
      const featured = await feature(postId, 'good_people', { personName: '张大姐', place: '柯城区某村' });
      expect(featured).toMatchObject({
        collection: 'good_people', citation: '扎根基层，热心助人。', personName: '张大姐', place: '柯城区某村',
        post: { id: postId }, topic: { id: topic.id, title: '村里的好人' }, author: { id: author.user.id },
        unit: { id: tree.townshipA.id }, featuredBy: { id: mod.user.id }, visitConfirmed: false, visit: null,
        photo: { url: `/uploads/${HASH}.webp`, thumbnailUrl: `/uploads/${HASH}.thumb.webp` },
      });
      expect(featured.excerpt).toContain('张大姐照顾孤寡老人十年');
      const event = (await reader.waitFor('featured:changed', (p) => (p as WireEvent<FeaturedChangeView>).data.id === featured.id)) as WireEvent<FeaturedChangeView>;
      expect(event).toMatchObject({ room: 'featured', data: { change: 'featured', collection: 'good_people', postId, topicId: topic.id } });
      const live = (await authorSocket.waitFor('notification', (p) => (p as WireEvent<NotificationView>).data.type === 'post_featured')) as WireEvent<NotificationView>;
      expect(live.data).toMatchObject({ postId, topicId: topic.id, data: { collection: 'good_people' } });
      expect(JSON.stringify(live.data)).not.toContain('孤寡老人');
    } finally {
      authorSocket.close();
      reader.close();
    }
    const log = await mod.client.get<{ items: ModLogView[] }>(`/api/mod/log?action=feature&targetUserId=${author.user.id}`);
    expect(log.data.items[0]).toMatchObject({ targetType: 'post', targetId: postId, moderator: { id: mod.user.id }, after: { collection: 'good_people', citation: '扎根基层，热心助人。' } });
    const notes = await author.client.get<{ items: NotificationView[] }>('/api/notifications');
    expect(notes.data.items.find((n) => n.type === 'post_featured' && n.postId === postId)?.data).toMatchObject({ collection: 'good_people' });
  });

  it('refuses anonymous readers (401), members (403) and a missing CSRF token', async () => {
    const { postId } = await note();
    const body = { postId, collection: 'exemplars', citation: '好' };
    expect((await anonymous().post('/api/featured', body)).statusCode).toBe(401);
    const asMember = await member.client.post('/api/featured', body);
    expect(asMember.statusCode).toBe(403);
    expect(asMember.data).toMatchObject({ code: 'FORBIDDEN' });
    expect((await author.client.post('/api/featured', body)).statusCode).toBe(403);
    expect((await mod.client.post('/api/featured', body, { noCsrf: true })).statusCode).toBe(403);
    expect((await wall(`&postId=${postId}`)).items).toEqual([]);
  });

  it('features a post at most once per collection: a second time is 409 ALREADY_FEATURED with a sentence, another collection is fine', async () => {
    const { postId } = await note();
    await feature(postId, 'good_deeds');
    const again = await mod.client.post('/api/featured', { postId, collection: 'good_deeds', citation: '再次推荐' }, { headers: { 'accept-language': 'zh-CN' } });
    expect(again.statusCode).toBe(409);
    expect(again.data).toMatchObject({ code: 'ALREADY_FEATURED', statusCode: 409, error: 'Conflict' });
    expect(String(again.data.message)).toContain('凡人善举');
    const en = await mod.client.post('/api/featured', { postId, collection: 'good_deeds', citation: '再次推荐' });
    expect(String(en.data.message)).toContain('already featured');
    await feature(postId, 'exemplars');
    expect((await wall(`&postId=${postId}`)).items.map((i) => i.collection).sort()).toEqual(['exemplars', 'good_deeds']);
  });

  it('refuses a held post and a hidden post with 409 NOT_FEATURABLE, and an unknown post with 404', async () => {
    const reviewed = await createBoard(app, { admin });
    await admin.patch<{ board: BoardView }>(`/api/boards/${reviewed.slug}`, { reviewBeforePublish: true });
    const held = await author.client.post<{ post: { id: number; held: boolean } }>(`/api/boards/${reviewed.slug}/topics`, { title: '待审', body: '待审正文' });
    expect(held.statusCode).toBe(202);
    const heldRes = await mod.client.post('/api/featured', { postId: held.data.post.id, collection: 'exemplars', citation: '好' });
    expect(heldRes.statusCode).toBe(409);
    expect(heldRes.data).toMatchObject({ code: 'NOT_FEATURABLE' });
    expect(String(heldRes.data.message)).toContain('approval');
    const { postId } = await note();
    await mod.client.post(`/api/posts/${postId}/hide`, {});
    const hidden = await mod.client.post('/api/featured', { postId, collection: 'exemplars', citation: '好' }, { headers: { 'accept-language': 'zh-CN' } });
    expect(hidden.statusCode).toBe(409);
    expect(String(hidden.data.message)).toContain('隐藏');
    expect((await mod.client.post('/api/featured', { postId: 2_000_000_000, collection: 'exemplars', citation: '好' })).statusCode).toBe(404);
  });

  it('features a reply too, with the reply\'s own excerpt', async () => {
    const { topic } = await note({ body: '开头的帖子' });
    const reply = await createReply(member.client, topic.id, { body: '回复里写的好人好事' });
    const featured = await feature(reply.id, 'good_deeds');
    expect(featured).toMatchObject({ post: { id: reply.id }, author: { id: member.user.id }, excerpt: '回复里写的好人好事', unit: { id: tree.countyB.id } });
  });

  it('answers bad and hostile input with a 400 naming the field', async () => {
    const { postId } = await note();
    const cases: [Record<string, unknown>, string][] = [
      [{ postId, collection: 'exemplars' }, 'citation'],
      [{ postId, collection: 'exemplars', citation: '   ' }, 'citation'],
      [{ postId, collection: 'exemplars', citation: 'x'.repeat(60_000) }, 'citation'],
      [{ postId, collection: 'exemplars', citation: 'a\u0000b' }, 'citation'],
      [{ postId, collection: 'exemplars', citation: 'a\uD800b' }, 'citation'],
      [{ postId, collection: 'heroes', citation: '好' }, 'collection'],
      [{ postId: 99_999_999_999, collection: 'exemplars', citation: '好' }, 'postId'],
      [{ postId: 'x', collection: 'exemplars', citation: '好' }, 'postId'],
      [{ postId, collection: 'exemplars', citation: '好', personName: 'n'.repeat(101) }, 'personName'],
      [{ postId, collection: 'exemplars', citation: '好', place: 'p\u0007' }, 'place'],
    ];
    for (const [body, field] of cases) {
      const res = await mod.client.post('/api/featured', body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.data).toMatchObject({ statusCode: 400, field });
      expect(String(res.data.message)).not.toMatch(/at .*\.ts/);
    }
    const notJson = await mod.client.request('POST', '/api/featured', '{"postId":', { headers: { 'content-type': 'application/json' } });
    expect(notJson.statusCode).toBe(400);
  });

  it('applies the watched words to the citation and the names: a block or hold word is 400 WATCHED_WORD, a replace word is replaced', async () => {
    const tag = Date.now().toString(36);
    const block = `禁词${tag}`;
    const replace = `替换${tag}`;
    expect((await admin.post('/api/watched-words', { word: block, action: 'block' })).statusCode).toBe(201);
    expect((await admin.post('/api/watched-words', { word: `扣留${tag}`, action: 'hold' })).statusCode).toBe(201);
    expect((await admin.post('/api/watched-words', { word: replace, action: 'replace', replacement: '**' })).statusCode).toBe(201);
    const { postId } = await note();
    const blocked = await mod.client.post('/api/featured', { postId, collection: 'exemplars', citation: `推荐理由里有${block}。` });
    expect(blocked.statusCode).toBe(400);
    expect(blocked.data).toMatchObject({ code: 'WATCHED_WORD', field: 'citation' });
    const spaced = await mod.client.post('/api/featured', { postId, collection: 'exemplars', citation: `有${[...block].join(' ')}` });
    expect(spaced.data).toMatchObject({ code: 'WATCHED_WORD', field: 'citation' });
    const held = await mod.client.post('/api/featured', { postId, collection: 'exemplars', citation: '好', personName: `扣留${tag}` });
    expect(held.data).toMatchObject({ code: 'WATCHED_WORD', field: 'personName' });
    const replaced = await feature(postId, 'exemplars', { citation: `理由${replace}结束`, place: `在${block}` }).catch((e: Error) => e);
    expect(replaced).toBeInstanceOf(Error);
    const ok = await feature(postId, 'exemplars', { citation: `理由${replace}结束` });
    expect(ok.citation).toBe('理由**结束');
    expect((await wall(`&postId=${postId}`)).items).toHaveLength(1);
  });
});

describe('GET /api/featured', () => {
  it('shows the wall to anyone, newest first, paged by a keyset cursor; a forged cursor is 400', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await feature((await note()).postId, 'exemplars')).id);
    const first = await anonymous().get<FeaturedWallView>('/api/featured?collection=exemplars&limit=2');
    expect(first.statusCode).toBe(200);
    expect(first.data.items.map((i) => i.id)).toEqual([ids[2], ids[1]]);
    expect(first.data.nextCursor).not.toBeNull();
    const second = await anonymous().get<FeaturedWallView>(`/api/featured?collection=exemplars&limit=2&cursor=${encodeURIComponent(first.data.nextCursor ?? '')}`);
    expect(second.data.items[0]?.id).toBe(ids[0]);
    for (const cursor of ['nope', Buffer.from(JSON.stringify(['featured', 'x', 1])).toString('base64url'), Buffer.from(JSON.stringify(['journal', 1])).toString('base64url'),
      Buffer.from(JSON.stringify(['featured', '9999-01-01T00:00:00.000Z', 1])).toString('base64url')]) {
      const res = await anonymous().get(`/api/featured?cursor=${cursor}`);
      expect(res.statusCode).toBe(400);
      expect(res.data).toMatchObject({ code: 'BAD_CURSOR' });
    }
  });

  it('gives the wall the featured room\'s seq read before it, so a feature made before subscribing is replayed', async () => {
    const before = await wall('&collection=good_deeds');
    expect(Number.isInteger(before.seq)).toBe(true);
    // The feature lands while the wall "travels": before the reader's socket subscribes.
    const featured = await feature((await note()).postId, 'good_deeds');
    const reader = await connectSocket(baseUrl);
    try {
      expect(await reader.subscribe('featured', before.seq)).toMatchObject({ ok: true });
      const event = (await reader.waitFor('featured:changed', (p) => (p as WireEvent<FeaturedChangeView>).data.id === featured.id)) as WireEvent<FeaturedChangeView>;
      expect(event.seq).toBeGreaterThan(before.seq);
    } finally {
      reader.close();
    }
    // The next (fresh or cached) wall has moved past it, and shows it.
    const after = await wall('&collection=good_deeds');
    expect(after.seq).toBeGreaterThan(before.seq);
    expect(after.items.map((i) => i.id)).toContain(featured.id);
  });

  it('counts each collection toward the campaign\'s target, which an admin sets (default 100)', async () => {
    const before = await wall();
    expect(before.counts.map((c) => c.collection)).toEqual(['exemplars', 'good_people', 'good_deeds']);
    expect(before.counts.every((c) => c.target === 100)).toBe(true);
    await feature((await note()).postId, 'good_people');
    await feature((await note()).postId, 'good_people');
    const after = await wall('&collection=good_deeds');
    expect(countOf(after, 'good_people')).toBe(countOf(before, 'good_people') + 2);
    expect(countOf(after, 'exemplars')).toBe(countOf(before, 'exemplars'));
    expect((await member.client.put('/api/campaign', { featuredTargets: { exemplars: 5, good_people: 5, good_deeds: 5 } })).statusCode).toBe(403);
    const set = await admin.put<CampaignBody>('/api/campaign', { featuredTargets: { exemplars: 10, good_people: 37, good_deeds: 100 } });
    expect(set.statusCode).toBe(200);
    expect(set.data.featuredTargets).toEqual({ exemplars: 10, good_people: 37, good_deeds: 100 });
    expect((await wall()).counts.find((c) => c.collection === 'good_people')?.target).toBe(37);
    for (const bad of [{ exemplars: -1, good_people: 1, good_deeds: 1 }, { exemplars: 1e12, good_people: 1, good_deeds: 1 }, { exemplars: 1, good_people: 1 }, { exemplars: '1', good_people: 1, good_deeds: 1 }]) {
      expect((await admin.put('/api/campaign', { featuredTargets: bad })).statusCode).toBe(400);
    }
    await admin.put('/api/campaign', { featuredTargets: { exemplars: 100, good_people: 100, good_deeds: 100 } });
  });

  it('takes a hidden post off the wall and out of the counts while hidden, and brings it back when shown', async () => {
    const secret = `隐藏前的正文内容${Date.now().toString(36)}`;
    const { postId } = await note({ body: secret });
    const featured = await feature(postId, 'good_deeds');
    const before = await wall();
    expect(before.items.some((i) => i.id === featured.id)).toBe(true);
    const reader = await connectSocket(baseUrl);
    try {
      await reader.subscribe('featured');
      expect((await mod.client.post(`/api/posts/${postId}/hide`, {})).statusCode).toBe(200);
      const gone = (await reader.waitFor('featured:changed', (p) => (p as WireEvent<FeaturedChangeView>).data.change === 'hidden')) as WireEvent<FeaturedChangeView>;
      expect(gone.data).toMatchObject({ id: featured.id, postId });
    } finally {
      reader.close();
    }
    const hidden = await wall();
    expect(hidden.items.some((i) => i.id === featured.id)).toBe(false);
    expect(countOf(hidden, 'good_deeds')).toBe(countOf(before, 'good_deeds') - 1);
    // Every read path of the wall: the list, one post's features, the author's (profile), the home page's latest few.
    for (const path of ['/api/featured?limit=100', `/api/featured?postId=${postId}`, `/api/featured?author=${author.user.username}&limit=100`, '/api/featured?limit=3']) {
      for (const viewer of [anonymous(), member.client]) {
        const res = await viewer.get(path);
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toContain(secret);
      }
    }
    // A moderator asking about the one post still sees its feature, to edit or remove it.
    expect((await mod.client.get<FeaturedWallView>(`/api/featured?postId=${postId}`)).data.items.map((i) => i.id)).toEqual([featured.id]);
    const notes = await author.client.get('/api/notifications?limit=100');
    expect(notes.body).not.toContain(secret);
    await mod.client.post(`/api/posts/${postId}/unhide`, {});
    const back = await wall();
    expect(back.items.some((i) => i.id === featured.id)).toBe(true);
    expect(countOf(back, 'good_deeds')).toBe(countOf(before, 'good_deeds'));
  });

  it('shows the 实地走访 mark and the visit\'s place for a note whose visit a moderator confirmed', async () => {
    const place = await makePlace(admin, tree.countyA.id);
    const visit = await author.client.post<{ visit: { id: number } }>('/api/visits', visitBody(campaign, place.id, today()));
    expect(visit.statusCode).toBe(201);
    const { topic, postId } = await note();
    const claimed = await feature(postId, 'exemplars');
    expect(claimed.visitConfirmed).toBe(false);
    expect((await mod.client.put(`/api/topics/${topic.id}/visit`, { visitId: visit.data.visit.id })).statusCode).toBe(200);
    const entry = (await wall(`&postId=${postId}`)).items[0];
    expect(entry).toMatchObject({ visitConfirmed: true, visit: { placeId: place.id, placeName: place.name, visitedOn: today(), activity: campaign.activities[0]?.id }, photo: null });
    expect(JSON.stringify(entry)).not.toContain('findings');
  });

  it('filters by the author\'s unit subtree and by campaign phase, and refuses unknown values with 400', async () => {
    const { postId } = await note();
    const mine = await feature(postId, 'good_people');
    const inCountyA = await wall(`&unitId=${tree.countyA.id}`);
    expect(inCountyA.items.some((i) => i.id === mine.id)).toBe(true);
    expect(inCountyA.items.every((i) => i.unit !== null && [tree.countyA.id, tree.townshipA.id].includes(i.unit.id))).toBe(true);
    expect((await wall(`&unitId=${tree.countyB.id}`)).items.some((i) => i.id === mine.id)).toBe(false);
    const phase = campaign.phases.find((p) => p.from <= today() && today() <= p.to);
    const other = campaign.phases.find((p) => p !== phase);
    if (phase) expect((await wall(`&phase=${phase.id}`)).items.some((i) => i.id === mine.id)).toBe(true);
    if (other) expect((await wall(`&phase=${other.id}`)).items.some((i) => i.id === mine.id)).toBe(false);
    expect((await wall(`&author=${author.user.username}`)).items.every((i) => i.author.id === author.user.id)).toBe(true);
    const bad: [string, number, string | undefined][] = [
      ['unitId=2000000000', 400, 'unitId'], ['unitId=-1', 400, 'unitId'], ['unitId=99999999999', 400, 'unitId'], ['phase=nope', 400, 'phase'],
      ['phase=%00', 400, 'phase'], ['collection=heroes', 400, 'collection'], ['limit=1000', 400, 'limit'], ['postId=abc', 400, 'postId'],
      ['author=nobody-here-xyz', 404, undefined], ['author=%F0%9F%98%80', 400, 'author'],
    ];
    for (const [query, status, field] of bad) {
      const res = await anonymous().get(`/api/featured?${query}`);
      expect(res.statusCode, query).toBe(status);
      if (field) expect(res.data).toMatchObject({ field });
    }
  });
});

describe('PATCH /api/featured/:id', () => {
  it('edits the citation for a moderator, logged with before and after; members 403, anonymous 401', async () => {
    const { postId } = await note();
    const featured = await feature(postId, 'good_deeds');
    expect((await anonymous().patch(`/api/featured/${featured.id}`, { citation: '改' })).statusCode).toBe(401);
    expect((await member.client.patch(`/api/featured/${featured.id}`, { citation: '改' })).statusCode).toBe(403);
    const res = await mod.client.patch<{ featured: FeaturedView }>(`/api/featured/${featured.id}`, { citation: '新的推荐理由', personName: '李师傅', place: null });
    expect(res.statusCode).toBe(200);
    expect(res.data.featured).toMatchObject({ id: featured.id, citation: '新的推荐理由', personName: '李师傅', place: null });
    const log = await mod.client.get<{ items: ModLogView[] }>(`/api/mod/log?action=feature_edit&targetUserId=${author.user.id}`);
    expect(log.data.items[0]).toMatchObject({ targetId: postId, before: { citation: '扎根基层，热心助人。' }, after: { citation: '新的推荐理由', personName: '李师傅' } });
    expect((await wall(`&postId=${postId}`)).items[0]?.citation).toBe('新的推荐理由');
  });

  it('refuses bad input, watched words and unknown ids', async () => {
    const featured = await feature((await note()).postId, 'good_deeds');
    const block = `改禁${Date.now().toString(36)}`;
    await admin.post('/api/watched-words', { word: block, action: 'block' });
    for (const [body, status] of [[{}, 400], [{ citation: '' }, 400], [{ citation: ' \n ' }, 400], [{ citation: 'x'.repeat(501) }, 400], [{ citation: '\uDFFF' }, 400], [{ collection: 'exemplars' }, 400], [{ citation: `含${block}` }, 400]] as const) {
      expect((await mod.client.patch(`/api/featured/${featured.id}`, body)).statusCode, JSON.stringify(body)).toBe(status);
    }
    expect((await mod.client.patch('/api/featured/2000000000', { citation: '好' })).statusCode).toBe(404);
    expect((await mod.client.patch('/api/featured/0', { citation: '好' })).statusCode).toBe(400);
    expect((await mod.client.patch('/api/featured/99999999999', { citation: '好' })).statusCode).toBe(400);
  });
});

describe('DELETE /api/featured/:id', () => {
  it('unfeatures for a moderator, logged with why; the wall drops it and a second time is 404', async () => {
    const { postId } = await note();
    const featured = await feature(postId, 'exemplars');
    expect((await anonymous().delete(`/api/featured/${featured.id}`)).statusCode).toBe(401);
    expect((await member.client.delete(`/api/featured/${featured.id}`)).statusCode).toBe(403);
    const reader = await connectSocket(baseUrl);
    try {
      await reader.subscribe('featured');
      const res = await mod.client.delete(`/api/featured/${featured.id}?note=${encodeURIComponent('重复推荐')}`);
      expect(res.statusCode).toBe(204);
      const event = (await reader.waitFor('featured:changed', (p) => (p as WireEvent<FeaturedChangeView>).data.change === 'unfeatured')) as WireEvent<FeaturedChangeView>;
      expect(event.data).toMatchObject({ id: featured.id, postId });
    } finally {
      reader.close();
    }
    expect((await wall(`&postId=${postId}`)).items).toEqual([]);
    const log = await mod.client.get<{ items: ModLogView[] }>(`/api/mod/log?action=unfeature&targetUserId=${author.user.id}`);
    expect(log.data.items[0]).toMatchObject({ targetId: postId, note: '重复推荐', before: { collection: 'exemplars' }, after: null });
    expect((await mod.client.delete(`/api/featured/${featured.id}`)).statusCode).toBe(404);
    expect((await mod.client.delete(`/api/featured/${featured.id}?note=${'x'.repeat(2000)}`)).statusCode).toBe(400);
    expect((await mod.client.delete(`/api/featured/${featured.id}?note=%00`)).statusCode).toBe(400);
    // The post may be featured into that collection again.
    expect((await feature(postId, 'exemplars')).collection).toBe('exemplars');
  });
});

describe('GET /api/users/:username/journal', () => {
  it('lists the author\'s writing newest first with the visit\'s place, date and activity, filtered by kind', async () => {
    const writer = await memberOf(app, tree.countyA.id);
    const place = await makePlace(admin, tree.countyA.id);
    const visit = await writer.client.post<{ visit: { id: number } }>('/api/visits', visitBody(campaign, place.id, today()));
    const fieldNote = await createTopic(writer.client, boardSlug, { kind: 'field_note', visitId: visit.data.visit.id, title: '下乡心得' });
    const diary = await createTopic(writer.client, boardSlug, { kind: 'editor_diary', title: '编辑手记' });
    await createTopic(writer.client, boardSlug, { title: '普通讨论' });
    const all = await anonymous().get<{ items: TopicView[] }>(`/api/users/${writer.user.username}/journal`);
    expect(all.data.items.map((t) => t.id)).toEqual([diary.topic.id, fieldNote.topic.id]);
    expect(all.data.items[1]).toMatchObject({ visitClaim: 'claimed', visit: { placeName: place.name, visitedOn: today(), activity: campaign.activities[0]?.id } });
    const notes = await anonymous().get<{ items: TopicView[] }>(`/api/users/${writer.user.username}/journal?kind=field_note`);
    expect(notes.data.items.map((t) => t.id)).toEqual([fieldNote.topic.id]);
    for (const kind of ['discussion', 'poem', '%00']) {
      const res = await anonymous().get(`/api/users/${writer.user.username}/journal?kind=${kind}`);
      expect(res.statusCode).toBe(400);
      expect(res.data).toMatchObject({ field: 'kind' });
    }
  });

  it('never carries a hidden note\'s body in its excerpt', async () => {
    const writer = await memberOf(app, tree.countyA.id);
    const { topic, post } = await createTopic(writer.client, boardSlug, { kind: 'field_impression', body: '采风时看到的秘密' });
    await mod.client.post(`/api/posts/${post.id}/hide`, {});
    const res = await anonymous().get<{ items: TopicView[] }>(`/api/users/${writer.user.username}/journal?kind=field_impression`);
    expect(res.data.items.map((t) => t.id)).toEqual([topic.id]);
    expect(res.data.items[0]?.excerpt).toBeNull();
    expect(res.body).not.toContain('采风时看到的秘密');
  });
});

/*
 * GET /api/featured through the cache of public reads (issue 14 item 1, the featured wall):
 * an anonymous wall is answered from memory until the featured room or the topic room of one
 * of its entries hears a change, so every writer's change (feature, edit of the citation,
 * unfeature, an edit of the post, hiding it, a campaign change) shows in the very next
 * anonymous read, and a hidden body never leaves the cache. In this file, not one of its own:
 * the wall's counts are the whole database's, and on a shared PostgreSQL database another
 * file featuring posts at the same time would change them (and make its events invalidate
 * this file's cached walls) between two reads.
 */
describe('the featured wall from the cache of public reads', () => {
  const anon = () => new Client(app);
  const run = Date.now().toString(36);
  let sequence = 0;

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

  /**
   * The anonymous (cached) wall's counts are those of a fresh read: a member's wall, never
   * cached, read just before and just after. The counts are the whole wall's, which other test
   * files change at the same time on a shared PostgreSQL database; when the two fresh reads
   * differ, such a change fell between them, and the anonymous counts must be one of the two.
   */
  async function expectFreshCounts(anonymous: () => Promise<FeaturedWallView>): Promise<void> {
    const before = (await wall('limit=1', member.client)).counts;
    const cached = (await anonymous()).counts;
    const after = (await wall('limit=1', member.client)).counts;
    expect([before, after]).toContainEqual(cached);
  }

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

    it('a new feature shows in the next anonymous read, with the counts', async () => {
      await cachedWall(`author=${author.user.username}&limit=100`);
      const featured = await feature((await newPost()).postId, 'good_deeds');
      expect((await wall(`author=${author.user.username}&limit=100`)).items[0]?.id).toBe(featured.id);
      await expectFreshCounts(() => wall(`author=${author.user.username}&limit=100`));
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

    it('unfeaturing takes the entry off the next anonymous read, with the counts', async () => {
      const featured = await feature((await newPost()).postId, 'good_deeds');
      expect(entry(await cachedWall(), featured.id)).toBeDefined();
      expect((await mod.client.delete(`/api/featured/${featured.id}`)).statusCode).toBe(204);
      expect(entry(await wall(), featured.id)).toBeUndefined();
      await expectFreshCounts(() => wall());
    });

    it('hiding the post takes it off every cached anonymous wall at once; its body never leaves the cache; showing it brings it back', async () => {
      const { postId, body } = await newPost();
      const featured = await feature(postId, 'good_deeds');
      const paths = ['limit=100', `postId=${postId}`, `author=${author.user.username}&limit=100`, 'limit=3', 'collection=good_deeds&limit=100'];
      for (const query of paths) expect((await cachedWall(query)).items.some((i) => i.id === featured.id)).toBe(true);
      expect((await mod.client.post(`/api/posts/${postId}/hide`, {})).statusCode).toBe(200);
      for (const query of paths) {
        for (const viewer of [anon(), anon(), member.client]) {
          const res = await viewer.get(`/api/featured?${query}`);
          expect(res.statusCode).toBe(200);
          expect(res.body).not.toContain(body);
          expect((JSON.parse(res.body) as FeaturedWallView).items.some((i) => i.id === featured.id)).toBe(false);
        }
      }
      await expectFreshCounts(() => wall('collection=good_deeds&limit=100'));
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

    it('a campaign change makes the cached wall stale: the next anonymous read is read afresh, with the campaign\'s targets', async () => {
      await cachedWall();
      // A change that keeps the values, so that other files' campaign tests on a shared
      // PostgreSQL database see no difference; any campaign change makes every answer stale.
      const campaign = (await admin.get<{ overlapWindowDays: number }>('/api/campaign')).data;
      const set = await admin.put('/api/campaign', { overlapWindowDays: campaign.overlapWindowDays });
      expect(set.statusCode, set.body).toBe(200);
      const misses = await cacheCount('miss');
      await expectFreshCounts(() => wall());
      expect(await cacheCount('miss')).toBe(misses + 1);
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
});
