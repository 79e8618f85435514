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
  const visible = visiblePost(viewer);
  if (visible) filters.push(visible);
  const afterFilter = after ? sql`where (c.rank, c.id) < (${after.rank}::float8, ${after.id})` : sql``;
  // Two statements. The first finds the candidates (the newest matches) and the page of them
  // by rank, planned afresh for each query: whether the GIN index or a backward scan of the
  // newest posts is cheaper depends on how common the words are. The second presents the hits
  // (post, topic, board, author) by id: its plan is the same whatever was searched, so it runs
  // as a prepared statement and is planned once per connection. As one statement, planning
  // the presenting joins for every search cost PostgreSQL more than running the search did
  // (bench/plans.md, "Search, third pass"). The newest candidate's id goes into the cursor:
  // later pages rank the same candidates, and posts arriving meanwhile stay out. The second
  // statement checks the post's own hidden and held flags again: a post hidden between the
  // two statements (each sees the database as it is when it starts) is never presented.
  const ranked = await queryRows<RankRow>(db, sql`
    with c as (
      select p.id, ts_rank(p.search_vector, to_tsquery('simple', ${tsquery}))::float8 as rank
      from ${filtered ? sql`post_filters f join posts p on p.id = f.post_id` : sql`posts p`}
      where ${sql.join(filters, sql` and `)}
      order by ${candidateId} desc
      limit ${SEARCH_CANDIDATES}
    )
    select c.id, c.rank, (select max(c.id) from c) as newest from c
    ${afterFilter}
    order by c.rank desc, c.id desc
    limit ${query.limit + 1}`);
  const presented = await presentableHits(db, ranked.map((r) => Number(r.id)), viewer);
  const byId = new Map(presented.map((r) => [Number(r.id), r]));
  // In the page's order (rank, then id, newest first); a hit the page may not show is left out.
  const rows = ranked.flatMap((r) => {
    const hit = byId.get(Number(r.id));
    return hit ? [{ ...hit, rank: r.rank, newest: r.newest }] : [];
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const maxId = after?.maxId ?? Number(rows[0]?.newest ?? 0);
  const terms = highlightTerms(query.q);
  return {
    items: page.map((r) => presentHit(r, terms)),
    nextCursor: rows.length > query.limit && last ? encodeCursor('search', [String(Number(last.rank)), Number(last.id), maxId]) : null,
  };
}

/** Which posts a viewer may find: all for moderators, else the shown ones and their own. */
function visiblePost(viewer: Viewer): SQL | null {
  if (viewer === null) return sql`not p.hidden and not p.held`;
  return hasRole(viewer, 'moderator') ? null : sql`((not p.hidden and not p.held) or p.author_id = ${viewer.id})`;
}

/**
 * The comment that opens the presenting statement: it names the statement in PostgreSQL's logs,
 * and lets the benchmark's same-SQL baseline (tests/bench/search.bench.ts) run it prepared as
 * the app does.
 */
export const PRESENTING_STATEMENT = '/* search: present the hits */';

/**
 * What presents the hits of a page (post, topic, board, author), for the posts of `ids` the
 * viewer may see, in no order: one statement whose text depends only on the kind of viewer,
 * run as a prepared statement (its plan does not depend on what was searched). It checks the
 * post's hidden and held flags and its topic's held flag itself, whatever found the ids: a
 * post hidden after it was ranked, or from a held topic, is never presented to a reader who
 * may not see it.
 */
export async function presentableHits(db: DbOrTx, ids: number[], viewer: Viewer): Promise<HitRow[]> {
  if (ids.length === 0) return [];
  const visible = visiblePost(viewer);
  const visibleTopic = viewer === null
    ? sql`not t.held`
    : hasRole(viewer, 'moderator') ? null : sql`(not t.held or p.author_id = ${viewer.id})`;
  return queryRows<HitRow>(db, sql`${sql.raw(PRESENTING_STATEMENT)}
    select p.id, p.topic_id, p.author_id, p.body, p.created_at, t.title, b.slug as board_slug, u.username, u.display_name
    from posts p
      join topics t on t.id = p.topic_id
      join boards b on b.id = t.board_id
      left join users u on u.id = p.author_id
    where p.id = any(${`{${ids.map((id) => Math.trunc(id)).join(',')}}`}::int[])
    ${visible ? sql`and ${visible}` : sql``}
    ${visibleTopic ? sql`and ${visibleTopic}` : sql``}`, { prepared: true });
}

/** One row of the ranking statement: a hit of the page, its rank, and the newest candidate's id. */
interface RankRow extends Record<string, unknown> {
  id: unknown;
  rank: unknown;
  newest: unknown;
}

/** One row of the presenting statement: what presents a hit. */
export interface HitRow extends Record<string, unknown> {
  id: unknown;
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

function presentHit(r: HitRow & RankRow, terms: string[]): SearchHitView {
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
