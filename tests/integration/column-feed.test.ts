import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editionItems, editions, mediaColumns } from '../../server/db/schema';
import { createTestApp } from '../helpers/test-app';
import { signInAdmin, type SignedInUser } from '../factories/user.factory';
import { createBoard } from '../factories/board.factory';
import { createTopic } from '../factories/topic.factory';
import { makePlace, makeSubtree, memberOf, visitBody, type CampaignBody, type Subtree } from '../factories/campaign.factory';
import { insertColumn, insertEdition } from '../factories/column.factory';
import type { Client } from '../helpers/client';

const PUBLIC_URL = 'https://news.example.org';
let app: FastifyInstance;
let admin: Client;
let tree: Subtree;
let campaign: CampaignBody;
let mod: SignedInUser;
let author: SignedInUser;
let boardSlug: string;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  app = await createTestApp({ POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', PUBLIC_URL });
  admin = await signInAdmin(app);
  tree = await makeSubtree(app, admin);
  mod = await memberOf(app, tree.countyA.id, ['moderator']);
  author = await memberOf(app, tree.townshipA.id);
  campaign = (await admin.get<CampaignBody>('/api/campaign')).data;
  boardSlug = (await createBoard(app, { admin })).slug;
});
afterAll(async () => {
  await app?.close();
});

/** An XML element as fast-xml-parser reads it with every child element in an array. */
type El = { [name: string]: El[] | string | undefined; '#text'?: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Every element an array, so each count of RFC 4287's "exactly one" is checked as a count.
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

/** Parses the feed with a real XML parser (well-formedness first), its root <feed>. */
function parseFeed(xml: string): El {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml) as Record<string, El[]>;
  const feeds = doc.feed;
  expect(feeds).toHaveLength(1);
  return (feeds as El[])[0] as El;
}

const children = (el: El, name: string): El[] => (Array.isArray(el[name]) ? (el[name] as El[]) : []);
const text = (el: El, name: string): string => {
  const [only] = children(el, name);
  const value = only === undefined ? undefined : typeof only === 'string' ? only : only['#text'];
  return String(value ?? '');
};
const attr = (el: El, name: string): string => String(el[`@${name}`] ?? '');

/** RFC 3339 date-time (the Atom Date construct, RFC 4287 §3.3). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** A tag: URI (RFC 4151): tag:authority,date:specific. */
const TAG_URI = /^tag:[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?:\S+$/;

/** The checks RFC 4287 makes of a Person construct: one name. */
function expectPerson(person: El): void {
  expect(children(person, 'name')).toHaveLength(1);
  expect(text(person, 'name')).not.toBe('');
}

/** The required set of RFC 4287 §4.1.1 and §4.1.2, element by element. */
function expectValidAtom(feed: El): void {
  expect(attr(feed, 'xmlns')).toBe('http://www.w3.org/2005/Atom');
  expect(attr(feed, 'xml:lang')).toBe('zh-CN');
  for (const name of ['id', 'title', 'updated']) expect(children(feed, name), `feed ${name}`).toHaveLength(1);
  expect(text(feed, 'id')).toMatch(TAG_URI);
  expect(text(feed, 'title')).not.toBe('');
  expect(text(feed, 'updated')).toMatch(RFC3339);
  const links = children(feed, 'link');
  const self = links.filter((l) => attr(l, 'rel') === 'self');
  const alternate = links.filter((l) => attr(l, 'rel') === 'alternate');
  expect(self).toHaveLength(1);
  expect(alternate).toHaveLength(1);
  for (const l of links) expect(attr(l, 'href').startsWith(`${PUBLIC_URL}/`)).toBe(true);
  const entries = children(feed, 'entry');
  const feedAuthors = children(feed, 'author');
  // A feed without an author needs one in every entry (§4.1.1).
  if (feedAuthors.length === 0) for (const e of entries) expect(children(e, 'author').length).toBeGreaterThan(0);
  feedAuthors.forEach(expectPerson);
  for (const entry of entries) {
    for (const name of ['id', 'title', 'updated']) expect(children(entry, name), `entry ${name}`).toHaveLength(1);
    expect(text(entry, 'id')).toMatch(TAG_URI);
    expect(text(entry, 'updated')).toMatch(RFC3339);
    expect(children(entry, 'published').length).toBeLessThanOrEqual(1);
    for (const p of children(entry, 'published')) expect(typeof p === 'string' ? p : p['#text']).toMatch(RFC3339);
    expect(children(entry, 'content').length).toBeLessThanOrEqual(1);
    children(entry, 'author').forEach(expectPerson);
    const entryAlternates = children(entry, 'link').filter((l) => attr(l, 'rel') === 'alternate');
    expect(entryAlternates).toHaveLength(1);
    expect(attr(entryAlternates[0] as El, 'href').startsWith(`${PUBLIC_URL}/columns/`)).toBe(true);
  }
  const ids = entries.map((e) => text(e, 'id'));
  expect(new Set(ids).size).toBe(ids.length);
}

async function getFeed(slug: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url: `/columns/${slug}/feed.xml`, headers });
}

describe('GET /columns/:slug/feed.xml', () => {
  it('is a valid Atom feed of the published editions, newest first, with RFC 4287\'s required elements', async () => {
    const column = await insertColumn(app, { name: '走基层', outletName: '《衢州日报》', description: '下乡手记' });
    const place = await makePlace(admin, tree.countyA.id);
    const visit = await author.client.post<{ visit: { id: number } }>('/api/visits', visitBody(campaign, place.id, today()));
    const note = await createTopic(author.client, boardSlug, { kind: 'field_note', title: '田埂上的<会议>', body: '正文 & 细节', visitId: visit.data.visit.id });
    await mod.client.put(`/api/topics/${note.topic.id}/visit`, { visitId: visit.data.visit.id });
    const other = await createTopic(author.client, boardSlug, { title: '第二篇' });
    const one = await insertEdition(app, column.id, [note.post.id], { number: 1, title: '春耕 ]]> <b>时节</b>', note: '编者按一', publishedAt: minutesAgo(60) });
    const two = await insertEdition(app, column.id, [other.post.id], { number: 2, title: '夏收', publishedAt: minutesAgo(30) });
    await insertEdition(app, column.id, [other.post.id], { number: 3, title: '还是草稿' });
    const res = await getFeed(column.slug);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(res.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const feed = parseFeed(res.body);
    expectValidAtom(feed);
    expect(text(feed, 'title')).toBe('《衢州日报》「走基层」');
    expect(text(children(feed, 'author')[0] as El, 'name')).toBe('《衢州日报》');
    expect(attr(feed, 'xml:base')).toBe(`${PUBLIC_URL}/`);
    const links = children(feed, 'link');
    expect(attr(links.find((l) => attr(l, 'rel') === 'self') as El, 'href')).toBe(`${PUBLIC_URL}/columns/${column.slug}/feed.xml`);
    expect(attr(links.find((l) => attr(l, 'rel') === 'alternate') as El, 'href')).toBe(`${PUBLIC_URL}/columns/${column.slug}`);
    const entries = children(feed, 'entry');
    expect(entries.map((e) => text(e, 'title'))).toEqual(['第2期 · 夏收', '第1期 · 春耕 ]]&gt; &lt;b&gt;时节&lt;/b&gt;']);
    const host = new URL(PUBLIC_URL).hostname;
    expect(text(feed, 'id')).toBe(`tag:${host},${column.createdAt.toISOString().slice(0, 10)}:columns/${column.id}`);
    expect(entries.map((e) => text(e, 'id'))).toEqual([two.id, one.id].map((id) => `tag:${host},${column.createdAt.toISOString().slice(0, 10)}:columns/${column.id}/editions/${id}`));
    expect(text(entries[1] as El, 'published')).toBe(one.publishedAt?.toISOString());
    const [first] = children(entries[1] as El, 'link');
    expect(attr(first as El, 'href')).toBe(`${PUBLIC_URL}/columns/${column.slug}/editions/1`);
    expect(attr(first as El, 'type')).toBe('text/html');
    // Each entry: the edition as HTML, its items' authors.
    const content = children(entries[1] as El, 'content')[0] as El;
    expect(attr(content, 'type')).toBe('html');
    const html = String(content['#text']);
    expect(html).toContain('田埂上的&lt;会议&gt;');
    expect(html).toContain('正文 &amp; 细节');
    expect(html).toContain('实地走访');
    expect(html).toContain(place.name);
    expect(html).toContain('编者按一');
    expect(html).not.toMatch(/<script/i);
    expect(text(children(entries[1] as El, 'author')[0] as El, 'name')).toBe(author.user.displayName);
    expect(res.body).not.toContain('还是草稿');
  });

  it('keeps its ids when an edition is renumbered or retitled', async () => {
    const column = await insertColumn(app);
    const p = await createTopic(author.client, boardSlug, { title: '稳定的标识' });
    const edition = await insertEdition(app, column.id, [p.post.id], { number: 5, publishedAt: minutesAgo(5) });
    const before = children(parseFeed((await getFeed(column.slug)).body), 'entry').map((e) => text(e, 'id'));
    await app.db.update(editions).set({ number: 6, title: '改过的标题', updatedAt: new Date() }).where(eq(editions.id, edition.id));
    app.readCache.invalidate([`column:${column.id}`]);
    const feed = parseFeed((await getFeed(column.slug)).body);
    expect(children(feed, 'entry').map((e) => text(e, 'title'))).toEqual(['第6期 · 改过的标题']);
    expect(children(feed, 'entry').map((e) => text(e, 'id'))).toEqual(before);
  });

  it('is valid with no edition published yet (the outlet as the author, the column\'s time as updated)', async () => {
    const column = await insertColumn(app);
    await app.db.update(mediaColumns).set({ updatedAt: new Date('2026-01-02T03:04:05.000Z') }).where(eq(mediaColumns.id, column.id));
    const feed = parseFeed((await getFeed(column.slug)).body);
    expectValidAtom(feed);
    expect(children(feed, 'entry')).toHaveLength(0);
    expect(text(feed, 'updated')).toBe('2026-01-02T03:04:05.000Z');
  });

  it('drops a post hidden after publication on the very next request, cache on', async () => {
    expect(app.readCache.enabled).toBe(true);
    const column = await insertColumn(app);
    const keep = await createTopic(author.client, boardSlug, { title: '留在订阅里的', body: '留在订阅里的正文' });
    const gone = await createTopic(author.client, boardSlug, { title: '将被隐藏的', body: '将被隐藏的正文' });
    await insertEdition(app, column.id, [keep.post.id, gone.post.id], { publishedAt: minutesAgo(2) });
    const before = await getFeed(column.slug);
    expect(before.body).toContain('将被隐藏的正文');
    expect((await getFeed(column.slug, { 'if-none-match': String(before.headers.etag) })).statusCode).toBe(304);
    expect((await mod.client.post(`/api/posts/${gone.post.id}/hide`, {})).statusCode).toBe(200);
    const after = await getFeed(column.slug, { 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.body).not.toContain('将被隐藏的');
    expect(after.body).toContain('留在订阅里的正文');
    expectValidAtom(parseFeed(after.body));
  });

  it('answers 304 to a current ETag or Last-Modified, with Cache-Control no-cache', async () => {
    const writer = await memberOf(app, tree.townshipA.id);
    const column = await insertColumn(app);
    await app.db.update(mediaColumns).set({ updatedAt: minutesAgo(20) }).where(eq(mediaColumns.id, column.id));
    const p = await createTopic(writer.client, boardSlug, { title: '轮询' });
    const edition = await insertEdition(app, column.id, [p.post.id], { publishedAt: minutesAgo(20) });
    await app.db.update(editions).set({ updatedAt: minutesAgo(20) }).where(eq(editions.id, edition.id));
    await app.db.update(editionItems).set({ createdAt: minutesAgo(20) }).where(eq(editionItems.editionId, edition.id));
    app.readCache.invalidate([`column:${column.id}`]);
    const first = await getFeed(column.slug);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers.etag).toMatch(/^W\/"/);
    const lastModified = String(first.headers['last-modified']);
    expect(Date.parse(lastModified)).toBeLessThan(Date.now() - 60_000);
    expect((await getFeed(column.slug, { 'if-none-match': String(first.headers.etag) })).statusCode).toBe(304);
    expect((await getFeed(column.slug, { 'if-modified-since': lastModified })).statusCode).toBe(304);
    expect((await getFeed(column.slug, { 'if-modified-since': new Date(Date.parse(lastModified) - 60_000).toUTCString() })).statusCode).toBe(200);
  });

  it('is 404 for an unknown column and 400 for a hostile slug', async () => {
    expect((await getFeed('no-such-column')).statusCode).toBe(404);
    for (const slug of ['%00', 'x'.repeat(60_000), 'A', '%ED%A0%80']) {
      expect((await getFeed(slug)).statusCode).toBe(400);
    }
  });
});
