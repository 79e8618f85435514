import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import { makePlace, makeSubtree, memberOf, visitBody, type CampaignBody, type PlaceBody, type Subtree } from '../factories/campaign.factory';
import { insertColumn, insertEdition } from '../factories/column.factory';
import type { MaterialPageView, MaterialView } from '../../server/presenters/material.presenter';
import type { TopicView } from '../../server/presenters/topic.presenter';

let app: FastifyInstance;
let admin: Client;
let tree: Subtree;
let campaign: CampaignBody;
let editor: SignedInUser;
let author: SignedInUser;
let other: SignedInUser;
let member: SignedInUser;
let boardSlug: string;
let place: PlaceBody;

/** Four Han characters no other run of this file writes (a shared PostgreSQL database keeps old rows). */
function hanTag(): string {
  let seed = Date.now() + Math.floor(Math.random() * 1e6);
  let out = '';
  for (let i = 0; i < 4; i += 1) {
    out += String.fromCodePoint(0x4e00 + (seed % 20000));
    seed = Math.floor(seed / 7) + 104_729 * (i + 1);
  }
  return out;
}

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

let confirmedTopic: TopicView;
let confirmedPostId: number;
let featuredPostId: number;
let recentPostId: number;
let liveliestPostId: number;
let tag: string;

beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0' });
  admin = await signInAdmin(app);
  tree = await makeSubtree(app, admin);
  editor = await memberOf(app, tree.countyA.id, ['editor']);
  author = await memberOf(app, tree.townshipA.id);
  other = await memberOf(app, tree.countyB.id);
  member = await memberOf(app, tree.countyA.id);
  campaign = (await admin.get<CampaignBody>('/api/campaign')).data;
  boardSlug = (await createBoard(app, { admin })).slug;
  place = await makePlace(admin, tree.countyA.id);
  tag = hanTag();

  // A field note whose visit a moderator confirmed.
  const visit = await author.client.post<{ visit: { id: number } }>('/api/visits', visitBody(campaign, place.id, today()));
  if (visit.statusCode !== 201) throw new Error(`visit: ${visit.body}`);
  const note = await createTopic(author.client, boardSlug, { kind: 'field_note', title: `下乡心得 ${tag}`, body: `我们走进田间地头${tag}，和群众一起收稻谷。` });
  const linked = await admin.put(`/api/topics/${note.topic.id}/visit`, { visitId: visit.data.visit.id });
  if (linked.statusCode !== 200) throw new Error(`link: ${linked.body}`);
  confirmedTopic = note.topic;
  confirmedPostId = note.post.id;

  // A featured discussion by another author.
  const story = await createTopic(other.client, boardSlug, { title: `身边好人 ${tag}`, body: `张大姐照顾孤寡老人十年${tag}。` });
  const featured = await admin.post('/api/featured', { postId: story.post.id, collection: 'good_people', citation: '扎根基层，热心助人。' });
  if (featured.statusCode !== 201) throw new Error(`feature: ${featured.body}`);
  featuredPostId = story.post.id;

  // Two recent discussions: the livelier one (a reaction and two replies) comes first.
  const quiet = await createTopic(other.client, boardSlug, { title: `随想 ${tag}`, body: `今天天气很好${tag}。` });
  recentPostId = quiet.post.id;
  const lively = await createTopic(author.client, boardSlug, { title: `热议 ${tag}`, body: `村里修了新路${tag}。` });
  liveliestPostId = lively.post.id;
  await createReply(other.client, lively.topic.id, { body: '真好！' });
  await createReply(member.client, lively.topic.id, { body: '点赞。' });
  const liked = await member.client.put(`/api/posts/${lively.post.id}/reactions/like`);
  if (liked.statusCode !== 200) throw new Error(`react: ${liked.body}`);
});
afterAll(async () => {
  await app?.close();
});

async function desk(query: string, client: Client = editor.client): Promise<MaterialPageView> {
  const res = await client.get<MaterialPageView>(`/api/editor/material?${query.includes('limit=') ? '' : 'limit=100&'}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.data;
}
const ids = (page: MaterialPageView) => page.items.map((i) => i.post.id);
const find = (page: MaterialPageView, postId: number): MaterialView | undefined => page.items.find((i) => i.post.id === postId);

describe('GET /api/editor/material', () => {
  it('answers 401 to anonymous readers and 403 to members and moderators, and serves editors and admins', async () => {
    expect((await new Client(app).get('/api/editor/material')).statusCode).toBe(401);
    const refused = await member.client.get<{ code: string; message: string }>('/api/editor/material');
    expect(refused.statusCode).toBe(403);
    expect(refused.data.code).toBe('FORBIDDEN');
    const mod = await memberOf(app, tree.countyA.id, ['moderator']);
    expect((await mod.client.get('/api/editor/material')).statusCode).toBe(403);
    expect((await admin.get(`/api/editor/material?board=${boardSlug}`)).statusCode).toBe(200);
  });

  it('puts visit-confirmed field notes first, then featured posts, then recent posts by reactions and replies', async () => {
    const page = await desk(`board=${boardSlug}`);
    expect(ids(page)).toEqual([confirmedPostId, featuredPostId, liveliestPostId, recentPostId]);
    expect(page.items.map((i) => i.source)).toEqual(['confirmed', 'featured', 'recent', 'recent']);
    const confirmed = find(page, confirmedPostId);
    expect(confirmed).toMatchObject({
      topic: { id: confirmedTopic.id, kind: 'field_note', boardSlug },
      author: { id: author.user.id },
      unit: { id: tree.townshipA.id },
      place: { id: place.id, name: place.name },
      visit: { confirmed: true, visitedOn: today(), activity: campaign.activities[0]?.id },
      usedIn: [],
    });
    expect(confirmed?.post.excerpt).toContain('田间地头');
    expect(JSON.stringify(confirmed)).not.toContain('findings');
    expect(find(page, featuredPostId)?.featured).toEqual(['good_people']);
    expect(find(page, liveliestPostId)).toMatchObject({ reactions: 1, replies: 2 });
  });

  it('keeps to one source when asked', async () => {
    expect(ids(await desk(`board=${boardSlug}&source=confirmed`))).toEqual([confirmedPostId]);
    expect(ids(await desk(`board=${boardSlug}&source=featured`))).toEqual([featuredPostId]);
    // Every recent first post, the confirmed and featured ones too, by reactions plus replies.
    const recent = await desk(`board=${boardSlug}&source=recent`);
    expect(ids(recent)[0]).toBe(liveliestPostId);
    expect(new Set(ids(recent))).toEqual(new Set([confirmedPostId, featuredPostId, liveliestPostId, recentPostId]));
  });

  it('finds posts by a Chinese word inside unsegmented text', async () => {
    const page = await desk(`q=${encodeURIComponent(`地头${tag.slice(0, 2)}`)}`);
    expect(ids(page)).toEqual([confirmedPostId]);
    expect(ids(await desk(`q=${encodeURIComponent(`孤寡老人 ${tag}`)}`))).toEqual([featuredPostId]);
    expect(ids(await desk(`q=${encodeURIComponent(`${tag} 不存在的词语组合`)}`))).toEqual([]);
    expect(ids(await desk(`q=${encodeURIComponent('！？')}`))).toEqual([]);
  });

  it('filters by board, kind, unit subtree, activity, place and date', async () => {
    const q = `q=${encodeURIComponent(tag)}`;
    expect(ids(await desk(`${q}&kind=field_note`))).toEqual([confirmedPostId]);
    expect(new Set(ids(await desk(`${q}&unit=${tree.countyA.id}`)))).toEqual(new Set([confirmedPostId, liveliestPostId]));
    expect(ids(await desk(`${q}&unit=${tree.countyB.id}`)).sort()).toEqual([featuredPostId, recentPostId].sort());
    expect(ids(await desk(`${q}&place=${place.id}`))).toEqual([confirmedPostId]);
    const activity = campaign.activities[0]?.id ?? '';
    expect(ids(await desk(`${q}&activity=${activity}`))).toEqual([confirmedPostId]);
    expect(ids(await desk(`${q}&from=${today()}&to=${today()}`))).toHaveLength(4);
    expect(ids(await desk(`${q}&to=2001-01-01`))).toEqual([]);
    expect(ids(await desk(`${q}&from=2199-01-01`))).toEqual([]);
    const otherBoard = (await createBoard(app, { admin })).slug;
    expect(ids(await desk(`${q}&board=${otherBoard}`))).toEqual([]);
  });

  it('pages with a cursor in the same order, and refuses forged cursors with 400', async () => {
    const all = ids(await desk(`board=${boardSlug}`));
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: MaterialPageView = await desk(`board=${boardSlug}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor !== null && seen.length < 10);
    expect(seen).toEqual(all);
    const forged = [
      'not-a-cursor', Buffer.from('["material",9,"1",1]').toString('base64url'), Buffer.from('["material",0,"1e99",1]').toString('base64url'),
      Buffer.from('["featured","2020-01-01T00:00:00Z",1]').toString('base64url'), Buffer.from('["material",0,"12",99999999999]').toString('base64url'),
      Buffer.from('["material",0,"1; drop table posts",1]').toString('base64url'),
    ];
    for (const bad of forged) {
      const res = await editor.client.get<{ code: string; field: string }>(`/api/editor/material?cursor=${encodeURIComponent(bad)}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.data).toMatchObject({ code: 'BAD_CURSOR', field: 'cursor' });
    }
  });

  it('shows where each post was already used, in editions of any state', async () => {
    const column = await insertColumn(app, { name: '走基层', outletName: '《衢州日报》', editorIds: [editor.user.id] });
    const published = await insertEdition(app, column.id, [confirmedPostId], { publishedAt: new Date(), title: '秋收时节' });
    const draft = await insertEdition(app, column.id, [confirmedPostId, featuredPostId]);
    const page = await desk(`board=${boardSlug}`);
    const uses = find(page, confirmedPostId)?.usedIn ?? [];
    expect(uses).toHaveLength(2);
    expect(uses).toEqual(expect.arrayContaining([
      { editionId: published.id, columnSlug: column.slug, columnName: '走基层', outletName: '《衢州日报》', editionNumber: published.number, editionTitle: '秋收时节', state: 'published' },
      expect.objectContaining({ editionId: draft.id, editionNumber: draft.number, state: 'draft' }),
    ]));
    expect(find(page, featuredPostId)?.usedIn.map((u) => u.editionId)).toEqual([draft.id]);
    expect(find(page, recentPostId)?.usedIn).toEqual([]);
  });

  it('never shows a hidden or held post, nor a post of a held topic, nor a whole body', async () => {
    const secret = `deskhidden${Date.now().toString(36)}`;
    const hidden = await createTopic(author.client, boardSlug, { kind: 'field_note', title: `隐藏 ${secret}`, body: `不该出现 ${secret}` });
    expect((await admin.post(`/api/posts/${hidden.post.id}/hide`, { reason: 'spam' })).statusCode).toBe(200);
    const reviewed = await createBoard(app, { admin });
    expect((await admin.patch(`/api/boards/${reviewed.slug}`, { reviewBeforePublish: true })).statusCode).toBe(200);
    const held = await author.client.post(`/api/boards/${reviewed.slug}/topics`, { title: `待审 ${secret}`, body: `待审正文 ${secret}` });
    expect(held.statusCode).toBe(202);
    const visible = await createTopic(author.client, boardSlug, { title: `可见 ${secret}`, body: `${secret} ${'很长的正文。'.repeat(100)}结尾标记` });
    for (const query of [`q=${secret}`, `q=${secret}&source=recent`, `board=${boardSlug}`, `board=${reviewed.slug}`]) {
      const page = await desk(query, admin);
      expect(ids(page)).not.toContain(hidden.post.id);
      expect(JSON.stringify(page)).not.toContain('不该出现');
      expect(JSON.stringify(page)).not.toContain('待审');
    }
    const found = find(await desk(`q=${secret}`), visible.post.id);
    expect(found?.post.excerpt.endsWith('…')).toBe(true);
    expect(JSON.stringify(found)).not.toContain('结尾标记');
  });

  it('refuses bad input with 400 and names the field', async () => {
    const bad: [string, string][] = [
      ['source=everything', 'source'], ['kind=poem', 'kind'], ['board=no-such-board-xyz', 'board'], ['board=%00', 'board'],
      ['unit=2000000000', 'unit'], ['unit=-1', 'unit'], ['unit=99999999999', 'unit'], ['place=2000000000', 'place'], ['place=abc', 'place'],
      ['activity=nope', 'activity'], ['activity=%00', 'activity'], ['from=2026-02-30', 'from'], ['to=99999-01-01', 'to'],
      ['from=2026-05-02&to=2026-05-01', 'from'], ['limit=1000', 'limit'], [`q=${'字'.repeat(201)}`, 'q'], ['q=%00%00', 'q'],
    ];
    for (const [query, field] of bad) {
      const res = await editor.client.get<{ code: string; field: string; message: string }>(`/api/editor/material?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.data.field, query).toBe(field);
      expect(res.data.message.length, query).toBeGreaterThan(0);
    }
  });
});

describe('GET /api/notifications (post_used)', () => {
  it('names the used post\'s topic kind, so the bell can say 你的下乡心得被…采用', async () => {
    const slug = `desk-${Date.now().toString(36)}`;
    expect((await editor.client.post('/api/columns', { slug, name: '走基层', outlet: 'newspaper', outletName: '《衢州日报》' })).statusCode).toBe(201);
    const edition = await editor.client.post<{ edition: { id: number } }>(`/api/columns/${slug}/editions`, { title: '秋收' });
    expect(edition.statusCode).toBe(201);
    expect((await editor.client.post(`/api/editions/${edition.data.edition.id}/items`, { postId: confirmedPostId })).statusCode).toBe(201);
    expect((await editor.client.post(`/api/editions/${edition.data.edition.id}/publish`, {})).statusCode).toBe(200);
    const list = await author.client.get<{ items: { type: string; postId: number | null; topicKind?: string; data: Record<string, unknown> | null }[] }>('/api/notifications?limit=100');
    const used = list.data.items.find((n) => n.type === 'post_used' && n.postId === confirmedPostId && n.data?.['columnSlug'] === slug);
    expect(used).toMatchObject({ topicKind: 'field_note', data: { columnName: '走基层', outletName: '《衢州日报》', editionNumber: 1 } });
    // Other notifications carry no kind.
    expect(list.data.items.filter((n) => n.type !== 'post_used').every((n) => n.topicKind === undefined)).toBe(true);
  });
});
