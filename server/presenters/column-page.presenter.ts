import type { MediaColumnRow } from '../db/schema';
import type { EditionState } from '../domain/columns';
import type { DataLocale } from '../domain/locale';
import { CAMPAIGN_TIME_ZONE } from '../lib/dates';

/*
 * The media columns' public pages (issue 12 item 3) as plain HTML: no script at all, styles
 * from one stylesheet file (column-page.css, served at COLUMN_STYLESHEET_PATH), so the strict
 * Content-Security-Policy holds and the page works without JavaScript, on a 360 px phone and
 * on paper. Every user text (titles, names, notes, the column's description) is escaped
 * here; a post's body is the sanitised HTML the forum rendered when it was written.
 */

/*
 * What the column read (services/columns/column-read.service.ts) hands the pages and the feed.
 */

/** An edition as the pages and the feed read it. */
export interface EditionRead {
  id: number;
  number: number;
  title: string;
  note: string;
  state: EditionState;
  publishAt: Date | null;
  publishedAt: Date | null;
  updatedAt: Date;
}

/** The linked visit of a field note, as a column page shows it: "实地走访 · place · date". */
export interface ItemVisitRead {
  confirmed: boolean;
  placeName: string;
  visitedOn: string;
}

/**
 * One item of an edition, as the public may see it:
 * - `shown`: the post is there and visible; its sanitised HTML, title, author, unit and visit;
 * - `withdrawn`: the post (or its topic) is gone; only the title copied when it was added;
 * - `hidden`: the post is hidden or waits for approval; nothing of it at all (the public page
 *   leaves it out; only the editors' preview says that something is missing there).
 */
export type ItemRead =
  | {
    state: 'shown';
    id: number;
    position: number;
    note: string;
    postId: number;
    topicId: number;
    title: string;
    html: string;
    authorName: string;
    username: string;
    unitName: string | null;
    visit: ItemVisitRead | null;
    /** The latest change that alters what the item shows (an edit, a moderation of its author's content). */
    changedAt: Date;
  }
  | { state: 'withdrawn'; id: number; position: number; note: string; title: string; changedAt: Date }
  | { state: 'hidden'; id: number; position: number; topicId: number; changedAt: Date };

/** An edition with its items in order. */
export interface EditionWithItems extends EditionRead {
  items: ItemRead[];
  /** The latest change to the edition or to anything its page shows. */
  lastModified: Date;
}

/** What one column page (or the feed) shows, with what its cache entry depends on. */
export interface ColumnPageRead {
  column: MediaColumnRow;
  /** The editions shown in full, newest publication first. */
  editions: EditionWithItems[];
  /** Every published edition (number, title, date), newest first: the front page's index of older editions. */
  index: EditionRead[];
  /** The latest change among the column, its editions (also ones unpublished since) and the items shown. */
  lastModified: Date;
  /** The rooms whose events make this read stale: the column's, and the topic of every item. */
  rooms: string[];
}

/** Where the pages' stylesheet is served (with ?v=<hash of the file> so a new file is fetched at once). */
export const COLUMN_STYLESHEET_PATH = '/columns.css';

/** The page's labels in Chinese (the default) and English (an English Accept-Language). */
const LABELS = {
  zh: {
    lang: 'zh-CN',
    editionNumber: (n: number) => `第${n}期`,
    editorsNote: '编者按',
    itemNote: '编辑点评',
    by: '作者',
    visitMark: '实地走访',
    visitClaimed: '走访待核实',
    discuss: '到论坛参与讨论',
    withdrawn: '此稿已撤回。',
    hiddenInPreview: '此稿已被隐藏或正在等待审核，公开页面不会显示。',
    published: '发布于',
    scheduledFor: '定时发布于',
    draft: '草稿，尚未发布',
    forum: '论坛首页',
    feed: '订阅（Atom）',
    olderEditions: '更早的各期',
    noEditions: '本专栏还没有发布任何一期。',
    previewBanner: '预览：这是编辑预览，公众尚不能看到这一期。',
    backToColumn: '返回专栏',
  },
  en: {
    lang: 'en',
    editionNumber: (n: number) => `No. ${n}`,
    editorsNote: 'Editor\'s note',
    itemNote: 'Editor\'s comment',
    by: 'By',
    visitMark: 'Field visit',
    visitClaimed: 'Visit not yet confirmed',
    discuss: 'Join the discussion',
    withdrawn: 'This piece has been withdrawn.',
    hiddenInPreview: 'This piece is hidden or awaiting approval; the public page leaves it out.',
    published: 'Published',
    scheduledFor: 'Scheduled for',
    draft: 'Draft, not yet published',
    forum: 'Forum',
    feed: 'Subscribe (Atom)',
    olderEditions: 'Older editions',
    noEditions: 'This column has not published an edition yet.',
    previewBanner: 'Preview: the public cannot see this edition yet.',
    backToColumn: 'Back to the column',
  },
} as const;

type Labels = (typeof LABELS)[DataLocale];

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Plain text with line breaks as paragraphs (blank lines) and <br> (single breaks), escaped. */
export function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** A date as the campaign's readers write it: 2026年12月1日 / 1 Dec 2026, in the campaign's zone. */
export function formatDate(date: Date, locale: DataLocale): string {
  return new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: CAMPAIGN_TIME_ZONE, year: 'numeric', month: locale === 'zh' ? 'long' : 'short', day: 'numeric',
  }).format(date);
}

/** A calendar date (YYYY-MM-DD) as formatDate writes it. */
function formatCalendarDate(isoDate: string, locale: DataLocale): string {
  return formatDate(new Date(`${isoDate}T12:00:00+08:00`), locale);
}

/** What a page is: the column's front page, one edition, or the editors' preview of one. */
export type ColumnPageKind = 'front' | 'edition' | 'preview';

/** Everything one page needs besides the read. */
export interface ColumnPageOptions {
  kind: ColumnPageKind;
  locale: DataLocale;
  /** The stylesheet's version (a hash of the file), for its URL. */
  stylesheetVersion: string;
}

/** The path of a column's page, of one edition's page, and of its feed. */
export const columnPaths = {
  column: (slug: string) => `/columns/${encodeURIComponent(slug)}`,
  edition: (slug: string, n: number) => `/columns/${encodeURIComponent(slug)}/editions/${n}`,
  feed: (slug: string) => `/columns/${encodeURIComponent(slug)}/feed.xml`,
  topic: (id: number) => `/t/${id}`,
};

/** The item's title, byline, place, body, note and link, or its withdrawn line. */
function renderItem(item: ItemRead, t: Labels, locale: DataLocale, preview: boolean): string {
  if (item.state === 'hidden') {
    // The public sees nothing of it; the editors' preview says a piece is missing here.
    return preview ? `<li class="item item-missing"><p class="withdrawn">${escapeHtml(t.hiddenInPreview)}</p></li>` : '';
  }
  if (item.state === 'withdrawn') {
    return `<li class="item item-withdrawn"><h3 class="item-title">${escapeHtml(item.title)}</h3>`
      + `<p class="withdrawn">${escapeHtml(t.withdrawn)}</p></li>`;
  }
  const byline = [escapeHtml(item.authorName), item.unitName ? `<span class="unit">${escapeHtml(item.unitName)}</span>` : '']
    .filter((s) => s !== '')
    .join(' · ');
  const visit = item.visit
    ? `<p class="place">${item.visit.confirmed
      ? `<span class="mark">${escapeHtml(t.visitMark)}</span>`
      : `<span class="mark mark-claimed">${escapeHtml(t.visitClaimed)}</span>`} `
      + `${escapeHtml(item.visit.placeName)} · <time datetime="${escapeHtml(item.visit.visitedOn)}">${escapeHtml(formatCalendarDate(item.visit.visitedOn, locale))}</time></p>`
    : '';
  const note = item.note.trim() !== ''
    ? `<aside class="item-note"><h4>${escapeHtml(t.itemNote)}</h4>${paragraphs(item.note)}</aside>`
    : '';
  return `<li class="item" id="item-${item.id}"><article>`
    + `<h3 class="item-title"><a href="${columnPaths.topic(item.topicId)}">${escapeHtml(item.title)}</a></h3>`
    + `<p class="byline">${escapeHtml(t.by)} ${byline}</p>`
    + visit
    + `<div class="body">${item.html}</div>`
    + note
    + `<p class="discuss"><a href="${columnPaths.topic(item.topicId)}">${escapeHtml(t.discuss)}</a></p>`
    + '</article></li>';
}

/** The line under an edition's title: when it was (or will be) published, or that it is a draft. */
function editionDateLine(edition: EditionWithItems, t: Labels, locale: DataLocale): string {
  if (edition.state === 'published' && edition.publishedAt) {
    return `${escapeHtml(t.published)} <time datetime="${edition.publishedAt.toISOString()}">${escapeHtml(formatDate(edition.publishedAt, locale))}</time>`;
  }
  if (edition.state === 'scheduled' && edition.publishAt) {
    return `${escapeHtml(t.scheduledFor)} <time datetime="${edition.publishAt.toISOString()}">${escapeHtml(formatDate(edition.publishAt, locale))}</time>`;
  }
  return escapeHtml(t.draft);
}

/** One edition: its number and title, date, editor's note and items. */
export function renderEdition(slug: string, edition: EditionWithItems, options: { locale: DataLocale; preview: boolean; headingLevel: 1 | 2 }): string {
  const t = LABELS[options.locale];
  const h = `h${options.headingLevel}`;
  const heading = `${escapeHtml(t.editionNumber(edition.number))} · ${escapeHtml(edition.title)}`;
  const titleHtml = options.headingLevel === 2 ? `<a href="${columnPaths.edition(slug, edition.number)}">${heading}</a>` : heading;
  const note = edition.note.trim() !== ''
    ? `<section class="editors-note"><h${options.headingLevel + 1}>${escapeHtml(t.editorsNote)}</h${options.headingLevel + 1}>${paragraphs(edition.note)}</section>`
    : '';
  const items = edition.items.map((item) => renderItem(item, t, options.locale, options.preview)).join('');
  return `<article class="edition" id="edition-${edition.number}">`
    + `<header class="edition-head"><${h} class="edition-title">${titleHtml}</${h}>`
    + `<p class="edition-date">${editionDateLine(edition, t, options.locale)}</p></header>`
    + note
    + `<ol class="items">${items}</ol>`
    + '</article>';
}

/** A whole page: the masthead (outlet and column), the edition(s), the index of older ones, the footer. */
export function renderColumnPage(read: ColumnPageRead, options: ColumnPageOptions): string {
  const t = LABELS[options.locale];
  const { column } = read;
  const slug = column.slug;
  const single = options.kind !== 'front';
  const edition = single ? read.editions[0] : undefined;
  const pageTitle = edition
    ? `${t.editionNumber(edition.number)} ${edition.title} · ${column.name} · ${column.outletName}`
    : `${column.name} · ${column.outletName}`;
  const banner = options.kind === 'preview'
    ? `<p class="preview-banner" role="status">${escapeHtml(t.previewBanner)}</p>`
    : '';
  const description = column.description.trim() !== '' && !single ? `<div class="description">${paragraphs(column.description)}</div>` : '';
  const main = read.editions.length === 0
    ? `<p class="empty">${escapeHtml(t.noEditions)}</p>`
    : read.editions.map((e) => renderEdition(slug, e, { locale: options.locale, preview: options.kind === 'preview', headingLevel: single ? 1 : 2 })).join('');
  const older = options.kind === 'front' ? read.index.slice(read.editions.length) : [];
  const index = older.length > 0
    ? `<nav class="older" aria-label="${escapeHtml(t.olderEditions)}"><h2>${escapeHtml(t.olderEditions)}</h2><ul>${older.map((e) => (
      `<li><a href="${columnPaths.edition(slug, e.number)}">${escapeHtml(t.editionNumber(e.number))} · ${escapeHtml(e.title)}</a>`
      + (e.publishedAt ? ` <time datetime="${e.publishedAt.toISOString()}">${escapeHtml(formatDate(e.publishedAt, options.locale))}</time>` : '')
      + '</li>'
    )).join('')}</ul></nav>`
    : '';
  const columnLink = single
    ? `<a href="${columnPaths.column(slug)}">${escapeHtml(column.name)}</a>`
    : escapeHtml(column.name);
  return '<!doctype html>'
    + `<html lang="${t.lang}">`
    + '<head><meta charset="utf-8">'
    + '<meta name="viewport" content="width=device-width, initial-scale=1">'
    + (options.kind === 'preview' ? '<meta name="robots" content="noindex">' : '')
    + `<title>${escapeHtml(pageTitle)}</title>`
    + '<link rel="icon" href="/favicon.svg" type="image/svg+xml">'
    + `<link rel="stylesheet" href="${COLUMN_STYLESHEET_PATH}?v=${escapeHtml(options.stylesheetVersion)}">`
    + `<link rel="alternate" type="application/atom+xml" title="${escapeHtml(`${column.outletName}「${column.name}」`)}" href="${columnPaths.feed(slug)}">`
    + '</head>'
    + `<body class="column-page page-${options.kind}">`
    + banner
    + '<header class="masthead">'
    + `<p class="outlet">${escapeHtml(column.outletName)}</p>`
    + (single ? `<p class="column-name">${columnLink}</p>` : `<h1 class="column-name">${columnLink}</h1>`)
    + description
    + `<nav class="chrome" aria-label="${escapeHtml(column.name)}"><a href="/">${escapeHtml(t.forum)}</a>`
    + (single ? `<a href="${columnPaths.column(slug)}">${escapeHtml(t.backToColumn)}</a>` : '')
    + `<a href="${columnPaths.feed(slug)}">${escapeHtml(t.feed)}</a></nav>`
    + '</header>'
    + `<main>${main}${index}</main>`
    + `<footer class="chrome"><p>${escapeHtml(column.outletName)}「${escapeHtml(column.name)}」 · <a href="${columnPaths.feed(slug)}">${escapeHtml(t.feed)}</a></p></footer>`
    + '</body></html>';
}
