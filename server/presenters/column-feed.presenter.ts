import { Feed } from 'feed';
import type { DataLocale } from '../domain/locale';
import { columnPaths, escapeHtml, renderEdition, type ColumnPageRead } from './column-page.presenter';

/*
 * A column's Atom feed (RFC 4287), one entry per published edition, written by the `feed`
 * library and completed here where it falls short of what the issue asks:
 * - `xml:lang="zh-CN"` on the feed (the library has no such option; `language` is RSS only);
 * - `xml:base` = PUBLIC_URL, so the relative links inside the posts' HTML (/t/12, /uploads/…)
 *   resolve to this site;
 * - `rel="alternate"` written out on each entry's link (the library leaves it implied), and
 *   `type` on the self link.
 * Ids are `tag:` URIs (RFC 4151) from the public host, the column's creation date and the
 * rows' ids, so they stay the same when an edition is renumbered or retitled. Titles are
 * escaped before the library puts them in `type="html"` CDATA, so a title reading <i> is
 * text, not markup.
 */

/** Where the feed's links point and what its ids are made of. */
export interface FeedOptions {
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  locale: DataLocale;
}

/** The feed's and each entry's tag: id. */
export function feedIds(publicUrl: string, column: { id: number; createdAt: Date }) {
  const host = new URL(publicUrl).hostname;
  const date = column.createdAt.toISOString().slice(0, 10);
  return {
    feed: `tag:${host},${date}:columns/${column.id}`,
    entry: (editionId: number) => `tag:${host},${date}:columns/${column.id}/editions/${editionId}`,
  };
}

/** The Atom document of a column's published editions (the read's editions, newest first). */
export function renderColumnFeed(read: ColumnPageRead, options: FeedOptions): string {
  const { column } = read;
  const base = options.publicUrl;
  const ids = feedIds(base, column);
  const feed = new Feed({
    id: ids.feed,
    title: `${column.outletName}「${column.name}」`,
    ...(column.description.trim() !== '' ? { description: column.description } : {}),
    link: `${base}${columnPaths.column(column.slug)}`,
    feed: `${base}${columnPaths.feed(column.slug)}`,
    updated: read.lastModified,
    author: { name: column.outletName },
    generator: false,
  });
  for (const edition of read.editions) {
    if (!edition.publishedAt) continue;
    const authors = [...new Set(edition.items.flatMap((i) => (i.state === 'shown' && i.authorName !== '' ? [i.authorName] : [])))];
    feed.addItem({
      id: ids.entry(edition.id),
      title: escapeHtml(`第${edition.number}期 · ${edition.title}`),
      link: `${base}${columnPaths.edition(column.slug, edition.number)}`,
      date: edition.lastModified,
      published: edition.publishedAt,
      content: renderEdition(column.slug, edition, { locale: options.locale, preview: false, headingLevel: 2 }),
      // The edition's writers; an edition whose items are all withdrawn takes the feed's author (the outlet).
      ...(authors.length > 0 ? { author: authors.map((name) => ({ name })) } : {}),
    });
  }
  return completeAtom(feed.atom1(), base, read.editions.filter((e) => e.publishedAt).length);
}

/**
 * Adds to the library's output what it lacks. The edits are made at the places the library
 * writes (checked here, so a new version of it that writes otherwise fails loudly in the
 * tests rather than quietly serving an incomplete feed).
 */
function completeAtom(xml: string, publicUrl: string, entries: number): string {
  const root = '<feed xmlns="http://www.w3.org/2005/Atom">';
  if (!xml.includes(root)) throw new Error('feed: the Atom root element is not where it was expected');
  let out = xml.replace(root, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN" xml:base="${escapeHtml(`${publicUrl}/`)}">`);
  out = out.replace(/<link rel="self" href="/, '<link rel="self" type="application/atom+xml" href="');
  // Entries' links are the only <link href= at the start of a line: the posts' HTML sits in
  // CDATA on the content's own line, and the feed's own links carry rel first.
  let linked = 0;
  out = out.replace(/^(\s*)<link href="/gm, (_m, indent: string) => {
    linked += 1;
    return `${indent}<link rel="alternate" type="text/html" href="`;
  });
  if (linked !== entries) throw new Error(`feed: expected ${entries} entry links, found ${linked}`);
  return out;
}
