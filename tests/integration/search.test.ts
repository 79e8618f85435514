import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { Client } from '../helpers/client';
import { registerUser, signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createReply, createTopic } from '../factories/topic.factory';
import type { Page as PageOf } from '../../server/presenters/page.presenter';
import type { SearchHitView } from '../../server/presenters/search.presenter';

type Hit = SearchHitView;
type Page = PageOf<Hit>;

let app: FastifyInstance;
let writer: SignedInUser;
let slug: string;
/** A marker in every post of this file, so searches are scoped to this run's rows. */
const mark = `m${Date.now().toString(36)}${process.pid.toString(36)}`;
const ids: Record<string, number> = {};

const search = (query: string) => new Client(app).get<Page>(`/api/search?${query}`);
const q = (text: string, extra = '') => search(`q=${encodeURIComponent(`${text} ${mark}`)}&board=${slug}${extra}`);

beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0' });
  writer = await registerUser(app, { displayName: '记者' });
  slug = (await createBoard(app, { admin: await signInAdmin(app) })).slug;
  const theme = await createTopic(writer.client, slug, { title: '主题活动', body: `我在群众当中，心里装着群众。${mark}` });
  ids.theme = theme.post.id;
  ids.hall = (await createTopic(writer.client, slug, { title: '乡村文化礼堂见闻', body: `走进村里的礼堂。${mark}`, kind: 'field_note' })).post.id;
  ids.both = (await createReply(writer.client, theme.topic.id, { body: `今天去了石室乡，参观了那里的文化村。${mark}` })).id;
  ids.onlyOne = (await createReply(writer.client, theme.topic.id, { body: `石室乡的山路很陡。${mark}` })).id;
  ids.english = (await createTopic(writer.client, slug, { title: 'Field trip', body: `We visited three villages <b>today</b>. ${mark}` })).post.id;
});
afterAll(async () => {
  await app?.close();
});

describe('GET /api/search', () => {
  it('finds a Chinese word inside unsegmented text, with a highlighted snippet', async () => {
    const res = await q('群众');
    expect(res.statusCode).toBe(200);
    expect(res.data.items.map((i) => i.postId)).toEqual([ids.theme]);
    const hit = res.data.items[0];
    expect(hit).toMatchObject({ title: '主题活动', boardSlug: slug, author: { id: writer.user.id, displayName: '记者' } });
    expect(hit?.snippet).toContain('<mark>群众</mark>');
  });

  it('finds words in titles as well as bodies', async () => {
    const res = await q('文化礼堂');
    expect(res.data.items.map((i) => i.postId)).toEqual([ids.hall]);
    expect(res.data.items[0]?.title).toBe('乡村文化礼堂见闻');
  });

  it('combines terms with AND: 石室乡 文化村 matches only the post with both', async () => {
    const both = await q('石室乡 文化村');
    expect(both.data.items.map((i) => i.postId)).toEqual([ids.both]);
    const one = await q('石室乡');
    expect(one.data.items.map((i) => i.postId).sort()).toEqual([ids.both, ids.onlyOne].sort());
  });

  it('finds a one-character word together with other terms, and not when it is absent', async () => {
    expect((await q('礼')).data.items.map((i) => i.postId)).toEqual([ids.hall]);
    expect((await q('鱼')).data.items).toEqual([]);
  });

  it('finds English words by stem and escapes the snippet', async () => {
    const res = await q('visit');
    expect(res.data.items.map((i) => i.postId)).toEqual([ids.english]);
    expect(res.data.items[0]?.snippet).toContain('<mark>visited</mark>');
    expect(res.data.items[0]?.snippet).not.toContain('<b>');
    expect(res.data.items[0]?.snippet).toContain('&lt;b&gt;');
  });

  it('filters by kind and board', async () => {
    expect((await q('礼堂', '&kind=field_note')).data.items.map((i) => i.postId)).toEqual([ids.hall]);
    expect((await q('礼堂', '&kind=discussion')).data.items).toEqual([]);
    const elsewhere = await search(`q=${encodeURIComponent(`群众 ${mark}`)}&board=daxuexi`);
    expect(elsewhere.data.items).toEqual([]);
  });

  it('is safe with tsquery operators and quotes', async () => {
    for (const text of [`群众 & | ! ( ) : * ' "`, `'群众':* | !`, '& | ! ( ) : * \' "', '\\', '<->', "a'b"]) {
      const res = await search(`q=${encodeURIComponent(text)}`);
      expect(res.statusCode).toBe(200);
      expect(Array.isArray(res.data.items)).toBe(true);
    }
    const res = await q(`群众 & | ! ( ) : * ' "`);
    expect(res.data.items.map((i) => i.postId)).toEqual([ids.theme]);
  });

  it('ranks by relevance, then recency, and pages with a cursor', async () => {
    const own = `p${mark}`;
    const made: number[] = [];
    const { topic } = await createTopic(writer.client, slug, { title: '分页', body: `分页 ${own}` });
    for (let i = 0; i < 4; i += 1) made.push(await createReply(writer.client, topic.id, { body: `内容 ${own}` }).then((p) => p.id));
    const seen: number[] = [];
    let cursor: string | null = null;
    let first = true;
    do {
      const res: { statusCode: number; data: Page } = await search(`q=${own}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      seen.push(...res.data.items.map((i) => i.postId));
      cursor = res.data.nextCursor;
      if (first) {
        // Posts arriving after the first page do not shift the later pages.
        await createReply(writer.client, topic.id, { body: `内容 ${own}` });
        first = false;
      }
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    // Equal relevance among the replies: newest first.
    const replyOrder = seen.filter((id) => made.includes(id));
    expect(replyOrder).toEqual([...made].reverse());
  });

  it('refuses a blank query, unknown boards and kinds, bad limits and foreign cursors', async () => {
    for (const [query, field] of [['q=', 'q'], ['q=%20%20', 'q'], ['', 'q'], ['q=x&board=no-such-board-zz', 'board'], ['q=x&board=BAD', 'board'], ['q=x&kind=poem', 'kind'], ['q=x&limit=0', 'limit'], ['q=x&limit=101', 'limit']] as const) {
      const res = await search(query);
      expect(res.statusCode).toBe(400);
      expect(res.data).toMatchObject({ code: 'VALIDATION', field });
    }
    const forged = Buffer.from(JSON.stringify(['search', 'NaN', 1, 1])).toString('base64url');
    for (const cursor of ['nonsense', forged, Buffer.from(JSON.stringify(['topics', 1, 'x', 1])).toString('base64url')]) {
      const res = await search(`q=x&cursor=${cursor}`);
      expect(res.statusCode).toBe(400);
      expect(res.data).toMatchObject({ code: 'BAD_CURSOR' });
    }
  });
});
