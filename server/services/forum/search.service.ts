import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { boards, posts } from '../../db/schema';
import type { TopicKind } from '../../domain/forum';
import { hasRole, type Viewer } from '../../domain/roles';
import { fail } from '../../errors';
import { badCursor, decodeCursor, encodeCursor } from '../../lib/keyset-cursor';
import type { Page } from '../../presenters/page.presenter';
import type { SearchHitView } from '../../presenters/search.presenter';
import { unknownUserRef } from '../../presenters/user.presenter';
import { highlightTerms, plainText, queryTsquery, snippetHtml } from '../../search/tokenize';

/** A search request. */
export interface SearchQuery {
  q: string;
  board?: string;
  kind?: TopicKind;
  limit: number;
  cursor?: string;
}

/**
 * How many of the most recent matching posts are ranked (ten pages of twenty). Ranking every
 * match of a common word among a million posts cannot stay under 100 ms; the newest matches
 * can (the GIN index finds them when the word is rare, a backward scan of the primary key, or
 * of a board or kind index, when it is common). A common word's candidates cost about
 * SEARCH_CANDIDATES ÷ (the share of posts holding it) rows read, so this bound is most of
 * what a search costs: at 1,000 a search of 群众 visiting read 45,000 rows at 1M posts.
 */
export const SEARCH_CANDIDATES = 200;
const SNIPPET_LENGTH = 160;

/**
 * Searches titles and bodies: every term must match (AND), ranked by relevance, then by
 * recency. Hidden posts are found only by their authors and moderators. The cursor keeps the
 * newest post id of the first page, so posts arriving later do not shift the pages.
 */
export async function searchPosts(db: DbOrTx, query: SearchQuery, viewer: Viewer): Promise<Page<SearchHitView>> {
  if (query.q.trim() === '') throw fail.validation('q', 'Type something to search for (q).', '请输入搜索内容。');
  let after: { rank: number; id: number; maxId: number } | null = null;
  if (query.cursor) {
    const [rank, id, maxId] = decodeCursor('search', query.cursor, ['s', 'n', 'n']) as [string, number, number];
    const value = Number(rank);
    if (!Number.isFinite(value) || rank.trim() === '') throw badCursor();
    after = { rank: value, id, maxId };
  }
  const tsquery = queryTsquery(query.q);
  // Nothing searchable in the query (only punctuation or operators): nothing matches.
  if (tsquery === null) return { items: [], nextCursor: null };

  let boardId: number | null = null;
  if (query.board !== undefined) {
    const [board] = await db.select({ id: boards.id }).from(boards).where(sql`${boards.slug} = ${query.board}`);
    if (!board) throw fail.validation('board', `There is no board "${query.board}".`, `没有“${query.board}”这个版块。`);
    boardId = board.id;
  }
  const filters = matchFilters(tsquery);
  // A board or kind reads the candidates from post_filters (the posts' copy of their topic's
  // board and kind): a range of one of its indexes, newest first, each row checked against
  // the query on its post, no join to topics.
  const filtered = boardId !== null || query.kind !== undefined;
  const candidateId = filtered ? sql`f.post_id` : sql`p.id`;
  // A cursor page ranks the same candidates as the first page: none newer than its newest.
  if (after) filters.push(sql`${candidateId} <= ${after.maxId}::int`);
  if (boardId !== null) filters.push(sql`f.board_id = ${boardId}::int`);
  if (query.kind) filters.push(sql`f.kind = ${query.kind}::text`);
  // Hidden and held posts are found only by their authors and moderators. A held topic's
  // posts are all held (a topic is held with its first post, takes no replies until approved,
  // and approval publishes both at once), so the post's own flags decide the candidates; the
  // topic's flag is checked again on the page, so a hit from a held topic could never be
  // shown, whatever the candidates were.
  const visible = viewer === null
    ? sql`not p.hidden and not p.held`
    : hasRole(viewer, 'moderator') ? null : sql`((not p.hidden and not p.held) or p.author_id = ${viewer.id})`;
  const visibleOnPage = viewer === null
    ? sql`not t.held`
    : hasRole(viewer, 'moderator') ? null : sql`(not t.held or p.author_id = ${viewer.id})`;
  if (visible) filters.push(visible);
  const afterFilter = after ? sql`where (c.rank, c.id) < (${after.rank}::float8, ${after.id})` : sql``;
  // One statement: the candidates (the newest matches), the page of them by rank, and what
  // presents each hit (post, topic, board, author). The newest candidate's id goes into the
  // cursor: later pages rank the same candidates, and posts arriving meanwhile stay out.
  const rows = await queryRows<HitRow>(db, sql`
    with c as (
      select p.id, ts_rank(p.search_vector, to_tsquery('simple', ${tsquery}))::float8 as rank
      from ${filtered ? sql`post_filters f join posts p on p.id = f.post_id` : sql`posts p`}
      where ${sql.join(filters, sql` and `)}
      order by ${candidateId} desc
      limit ${SEARCH_CANDIDATES}
    ), page as (
      select c.id, c.rank from c
      ${afterFilter}
      order by c.rank desc, c.id desc
      limit ${query.limit + 1}
    )
    select page.id, page.rank, (select max(c.id) from c) as newest,
      p.topic_id, p.author_id, p.body, p.created_at, t.title, b.slug as board_slug, u.username, u.display_name
    from page
      join posts p on p.id = page.id
      join topics t on t.id = p.topic_id
      join boards b on b.id = t.board_id
      left join users u on u.id = p.author_id
    ${visibleOnPage ? sql`where ${visibleOnPage}` : sql``}
    order by page.rank desc, page.id desc`);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const maxId = after?.maxId ?? Number(rows[0]?.newest ?? 0);
  const terms = highlightTerms(query.q);
  return {
    items: page.map((r) => presentHit(r, terms)),
    nextCursor: rows.length > query.limit && last ? encodeCursor('search', [String(Number(last.rank)), Number(last.id), maxId]) : null,
  };
}

/** One row of the search statement: a hit with what presents it. */
interface HitRow extends Record<string, unknown> {
  id: unknown;
  rank: unknown;
  newest: unknown;
  topic_id: unknown;
  author_id: unknown;
  body: unknown;
  created_at: unknown;
  title: unknown;
  board_slug: unknown;
  username: unknown;
  display_name: unknown;
}

/**
 * The match conditions for a tsquery. A one-character CJK term is a prefix (`'字':*`) whose
 * GIN posting lists cover a large part of all posts; when the query has other terms, the index
 * answers those and the whole query is checked on the rows found (ts_match_vq is `@@` by name,
 * which the planner does not send to the index). The result is the same, much faster.
 */
function matchFilters(tsquery: string): SQL[] {
  const operands = tsquery.split(' & ');
  const selective = operands.filter((o) => !o.endsWith(':*'));
  if (selective.length === 0 || selective.length === operands.length) {
    return [sql`p.search_vector @@ to_tsquery('simple', ${tsquery})`];
  }
  return [
    sql`p.search_vector @@ to_tsquery('simple', ${selective.join(' & ')})`,
    sql`ts_match_vq(p.search_vector, to_tsquery('simple', ${tsquery}))`,
  ];
}

/** A timestamp as either driver answers it in a raw statement: a Date (PGlite) or text (postgres.js through drizzle). */
function createdAt(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

function presentHit(r: HitRow, terms: string[]): SearchHitView {
  const authorId = Number(r.author_id);
  return {
    topicId: Number(r.topic_id),
    postId: Number(r.id),
    title: String(r.title),
    snippet: snippetHtml(plainText(String(r.body)), terms, SNIPPET_LENGTH),
    boardSlug: String(r.board_slug),
    author: r.username === null ? unknownUserRef(authorId) : { id: authorId, username: String(r.username), displayName: String(r.display_name) },
    createdAt: createdAt(r.created_at).toISOString(),
  };
}
