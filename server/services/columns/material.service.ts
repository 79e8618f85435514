import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { JOURNAL_KINDS, type TopicKind } from '../../domain/forum';
import type { EditionState } from '../../domain/columns';
import type { FeaturedCollection } from '../../domain/moderation';
import { fail } from '../../errors';
import { addDays, startOfLocalDay } from '../../lib/dates';
import { badCursor, decodeCursor, encodeCursor } from '../../lib/keyset-cursor';
import type { MaterialPageView, MaterialUseView, MaterialView } from '../../presenters/material.presenter';
import { unknownUserRef } from '../../presenters/user.presenter';
import { plainText, queryTsquery } from '../../search/tokenize';
import { loadUnitTree } from '../accounts/unit.service';
import { getActiveCampaign } from '../campaign/campaign.service';
import { loadAuthors } from '../forum/forum.loader';

/*
 * The editors' desk (issue 12 item 2): material for an edition in one list. Three sources —
 * the first posts of visit-confirmed field notes, diaries and impressions (newest visit
 * first), featured posts (newest feature first), and recent first posts by reactions plus
 * replies — merged in that order, each post once, under its first source. Hidden and held
 * posts, and posts of held topics, are never on the desk; a result carries an excerpt only.
 */

/** The desk's sources, in the order the merged list shows them. */
export const MATERIAL_SOURCES = ['confirmed', 'featured', 'recent'] as const;
/** One of MATERIAL_SOURCES. */
export type MaterialSource = (typeof MATERIAL_SOURCES)[number];

/** How far back "recent" first posts reach. */
export const MATERIAL_RECENT_DAYS = 60;
/** How many characters of a post a desk result shows. */
const EXCERPT_LENGTH = 160;
/** A cursor's sort key: an integer of at most 16 digits (days, milliseconds or a score). */
const SORT_KEY = /^-?\d{1,16}$/;

/** What the desk is asked for. */
export interface MaterialQuery {
  q?: string;
  source?: MaterialSource;
  /** A board's slug. */
  board?: string;
  kind?: TopicKind;
  /** A unit id: authors in it or any unit below it. */
  unit?: number;
  /** A campaign activity id: posts whose linked visit was of that activity. */
  activity?: string;
  /** A place id: posts whose linked visit was there. */
  place?: number;
  /** Calendar dates (campaign zone), inclusive: when the post was written. */
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

interface MaterialRow extends Record<string, unknown> {
  id: unknown; topic_id: unknown; author_id: unknown; body: unknown; created_at: unknown; is_first: unknown;
  title: unknown; kind: unknown; board_slug: unknown; visit_id: unknown; visit_confirmed: unknown;
  visited_on_text: unknown; activity: unknown; place_id: unknown; place_name: unknown;
  reactions: unknown; replies: unknown; grp: unknown; sort_key: unknown;
}

const GROUP_OF: Record<MaterialSource, number> = { confirmed: 0, featured: 1, recent: 2 };

/** The desk's page for an editor: see the file comment for what is on it and in which order. */
export async function listMaterial(db: DbOrTx, query: MaterialQuery, now: Date = new Date()): Promise<MaterialPageView> {
  let after: { grp: number; key: string; id: number } | null = null;
  if (query.cursor) {
    const [grp, key, id] = decodeCursor('material', query.cursor, ['n', 's', 'n']) as [number, string, number];
    if (grp < 0 || grp > 2 || !SORT_KEY.test(key)) throw badCursor();
    after = { grp, key, id };
  }
  const filters: SQL[] = [sql`not p.hidden`, sql`not p.held`, sql`not t.held`];
  const q = query.q?.trim() ?? '';
  if (q !== '') {
    const tsquery = queryTsquery(q);
    // Nothing searchable in the query (only punctuation): nothing matches.
    if (tsquery === null) return { items: [], nextCursor: null };
    filters.push(sql`p.search_vector @@ to_tsquery('simple', ${tsquery})`);
  }
  if (query.board !== undefined) {
    const found = await queryRows<{ id: unknown }>(db, sql`select id from boards where slug = ${query.board}`);
    if (!found[0]) throw fail.validation('board', `There is no board "${query.board}".`, `没有“${query.board}”这个版块。`);
    filters.push(sql`t.board_id = ${Number(found[0].id)}`);
  }
  if (query.kind !== undefined) filters.push(sql`t.kind = ${query.kind}`);
  if (query.unit !== undefined) {
    const tree = await loadUnitTree(db);
    if (!tree.byId.has(query.unit)) throw fail.validation('unit', 'There is no unit with this id.', '没有这个单位。');
    const ids = tree.subtree(query.unit);
    filters.push(sql`u.unit_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
  }
  if (query.activity !== undefined) {
    const campaign = await getActiveCampaign(db);
    if (!campaign.activities.some((a) => a.id === query.activity)) {
      throw fail.validation('activity', 'activity must be the id of one of the campaign\'s activities.', '活动不是本次专项行动的活动之一。');
    }
    filters.push(sql`v.activity = ${query.activity}`);
  }
  if (query.place !== undefined) {
    const found = await queryRows<{ id: unknown }>(db, sql`select id from places where id = ${query.place}`);
    if (!found[0]) throw fail.validation('place', 'There is no place with this id.', '没有这个地点。');
    filters.push(sql`v.place_id = ${query.place}`);
  }
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    throw fail.validation('from', 'from must not be after to.', '开始日期不能晚于结束日期。');
  }
  if (query.from !== undefined) filters.push(sql`p.created_at >= ${startOfLocalDay(query.from).toISOString()}::timestamptz`);
  if (query.to !== undefined) filters.push(sql`p.created_at < ${startOfLocalDay(addDays(query.to, 1)).toISOString()}::timestamptz`);

  const journalKinds = sql.join(JOURNAL_KINDS.map((k) => sql`${k}`), sql`, `);
  const recentSince = new Date(now.getTime() - MATERIAL_RECENT_DAYS * 86_400_000).toISOString();
  const confirmed = sql`(p.id = t.first_post_id and t.visit_confirmed and t.kind in (${journalKinds}))`;
  const featured = sql`exists (select 1 from featured_posts f where f.post_id = p.id)`;
  const recent = sql`(p.id = t.first_post_id and p.created_at >= ${recentSince}::timestamptz)`;
  const group = query.source === undefined
    ? sql`case when ${confirmed} then 0 when ${featured} then 1 when ${recent} then 2 end`
    : sql`case when ${[confirmed, featured, recent][GROUP_OF[query.source]] as SQL} then ${GROUP_OF[query.source]}::int end`;
  // Only posts of some source are read at all.
  filters.push(query.source === undefined ? sql`(${confirmed} or ${featured} or ${recent})` : ([confirmed, featured, recent][GROUP_OF[query.source]] as SQL));
  const afterFilter = after
    ? sql`and (-m.grp, m.sort_key, m.id) < (${-after.grp}::int, ${after.key}::bigint, ${after.id}::int)`
    : sql``;

  const rows = await queryRows<MaterialRow>(db, sql`
    select * from (
      select b.*,
        case b.grp
          when 0 then (b.visited_on - date '1970-01-01')::bigint
          when 1 then floor(extract(epoch from b.featured_at) * 1000)::bigint
          else (b.reactions + b.replies)::bigint
        end as sort_key
      from (
        select p.id, p.topic_id, p.author_id, p.body, p.created_at, p.hidden, p.held, (p.id = t.first_post_id) as is_first,
          t.title, t.kind, t.first_post_id, t.visit_id, t.visit_confirmed, t.held as topic_held, bo.slug as board_slug,
          v.visited_on, v.visited_on::text as visited_on_text, v.activity, v.place_id, pl.name as place_name,
          (select count(*) from post_reactions r where r.post_id = p.id)::int as reactions,
          (case when p.id = t.first_post_id then t.post_count - 1 else p.reply_count end)::int as replies,
          (select max(f.created_at) from featured_posts f where f.post_id = p.id) as featured_at,
          ${group} as grp
        from posts p
        join topics t on t.id = p.topic_id
        join boards bo on bo.id = t.board_id
        join users u on u.id = p.author_id
        left join visits v on v.id = t.visit_id
        left join places pl on pl.id = v.place_id
        where ${sql.join(filters, sql` and `)}
      ) b
    ) m
    where m.grp is not null ${afterFilter}
    order by m.grp asc, m.sort_key desc, m.id desc
    limit ${query.limit + 1}`);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last
    ? encodeCursor('material', [Number(last.grp), String(last.sort_key), Number(last.id)])
    : null;
  return { items: await presentMaterial(db, page), nextCursor };
}

async function presentMaterial(db: DbOrTx, rows: MaterialRow[]): Promise<MaterialView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const idList = sql.join(ids.map((id) => sql`${id}`), sql`, `);
  const authorIds = [...new Set(rows.map((r) => Number(r.author_id)))];
  const [authors, units, featured, uses] = await Promise.all([
    loadAuthors(db, authorIds),
    queryRows<{ user_id: unknown; id: unknown; name: unknown }>(db, sql`
      select u.id as user_id, un.id, un.name from users u join units un on un.id = u.unit_id
      where u.id in (${sql.join(authorIds.map((id) => sql`${id}`), sql`, `)})`),
    queryRows<{ post_id: unknown; collection: unknown }>(db, sql`
      select post_id, collection from featured_posts where post_id in (${idList}) order by created_at, id`),
    queryRows<{ post_id: unknown; edition_id: unknown; slug: unknown; name: unknown; outlet_name: unknown; number: unknown; title: unknown; state: unknown }>(db, sql`
      select i.post_id, e.id as edition_id, c.slug, c.name, c.outlet_name, e.number, e.title, e.state
      from edition_items i join editions e on e.id = i.edition_id join media_columns c on c.id = e.column_id
      where i.post_id in (${idList})
      order by e.published_at desc nulls last, e.id desc`),
  ]);
  const unitOf = new Map(units.map((u) => [Number(u.user_id), { id: Number(u.id), name: String(u.name) }]));
  const featuredOf = new Map<number, FeaturedCollection[]>();
  for (const f of featured) {
    const list = featuredOf.get(Number(f.post_id)) ?? [];
    if (!list.includes(f.collection as FeaturedCollection)) list.push(f.collection as FeaturedCollection);
    featuredOf.set(Number(f.post_id), list);
  }
  const usesOf = new Map<number, MaterialUseView[]>();
  for (const u of uses) {
    const list = usesOf.get(Number(u.post_id)) ?? [];
    list.push({
      editionId: Number(u.edition_id), columnSlug: String(u.slug), columnName: String(u.name), outletName: String(u.outlet_name),
      editionNumber: Number(u.number), editionTitle: String(u.title), state: u.state as EditionState,
    });
    usesOf.set(Number(u.post_id), list);
  }
  return rows.map((r) => {
    const id = Number(r.id);
    const authorId = Number(r.author_id);
    const chars = Array.from(plainText(String(r.body)));
    const excerpt = chars.length > EXCERPT_LENGTH ? `${chars.slice(0, EXCERPT_LENGTH).join('')}…` : chars.join('');
    const visitedOn = r.visited_on_text === null ? null : String(r.visited_on_text);
    return {
      source: (['confirmed', 'featured', 'recent'] as const)[Number(r.grp)] ?? 'recent',
      post: { id, topicId: Number(r.topic_id), excerpt, createdAt: new Date(r.created_at as string | Date).toISOString(), isFirst: Boolean(r.is_first) },
      topic: { id: Number(r.topic_id), title: String(r.title), kind: r.kind as TopicKind, boardSlug: String(r.board_slug) },
      author: authors.get(authorId) ?? unknownUserRef(authorId),
      unit: unitOf.get(authorId) ?? null,
      place: r.place_id === null ? null : { id: Number(r.place_id), name: String(r.place_name) },
      visit: r.visit_id === null || visitedOn === null ? null : { confirmed: Boolean(r.visit_confirmed), visitedOn, activity: String(r.activity) },
      featured: featuredOf.get(id) ?? [],
      reactions: Number(r.reactions),
      replies: Number(r.replies),
      usedIn: usesOf.get(id) ?? [],
    };
  });
}
