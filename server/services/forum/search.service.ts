import { inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { boards, posts, topics } from '../../db/schema';
import type { TopicKind } from '../../domain/forum';
import { hasRole, type Viewer } from '../../domain/roles';
import { fail } from '../../errors';
import { badCursor, decodeCursor, encodeCursor } from '../../lib/keyset-cursor';
import type { Page } from '../../presenters/page.presenter';
import type { SearchHitView } from '../../presenters/search.presenter';
import { unknownUserRef } from '../../presenters/user.presenter';
import { highlightTerms, plainText, queryTsquery, snippetHtml } from '../../search/tokenize';
import { loadAuthors } from './forum.loader';

/** A search request. */
export interface SearchQuery {
  q: string;
  board?: string;
  kind?: TopicKind;
  limit: number;
  cursor?: string;
}

/**
 * How many of the most recent matching posts are ranked. Ranking every match of a common
 * word among a million posts cannot stay under 100 ms; the newest matches can (the GIN index
 * finds them when the word is rare, a backward primary-key scan when it is common).
 */
export const SEARCH_CANDIDATES = 1000;
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
  const maxId = after?.maxId ?? Number((await queryRows<{ id: unknown }>(db, sql`select coalesce(max(id), 0) as id from posts`))[0]?.id ?? 0);

  const filters = [...matchFilters(tsquery), sql`p.id <= ${maxId}`];
  if (boardId !== null) filters.push(sql`t.board_id = ${boardId}`);
  if (query.kind) filters.push(sql`t.kind = ${query.kind}`);
  // Hidden and held posts are found only by their authors and moderators.
  if (viewer === null) filters.push(sql`not p.hidden and not p.held and not t.held`);
  else if (!hasRole(viewer, 'moderator')) filters.push(sql`((not p.hidden and not p.held and not t.held) or p.author_id = ${viewer.id})`);
  const afterFilter = after ? sql`where (c.rank, c.id) < (${after.rank}::float8, ${after.id})` : sql``;
  const rows = await queryRows<{ id: unknown; rank: unknown }>(db, sql`
    select c.id, c.rank from (
      select p.id, ts_rank(p.search_vector, to_tsquery('simple', ${tsquery}))::float8 as rank
      from posts p join topics t on t.id = p.topic_id
      where ${sql.join(filters, sql` and `)}
      order by p.id desc
      limit ${SEARCH_CANDIDATES}
    ) c
    ${afterFilter}
    order by c.rank desc, c.id desc
    limit ${query.limit + 1}`);
  const page = rows.slice(0, query.limit).map((r) => ({ id: Number(r.id), rank: Number(r.rank) }));
  const last = page[page.length - 1];
  const items = await presentHits(db, page.map((r) => r.id), query.q);
  return {
    items,
    nextCursor: rows.length > query.limit && last ? encodeCursor('search', [String(last.rank), last.id, maxId]) : null,
  };
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

async function presentHits(db: DbOrTx, ids: number[], q: string): Promise<SearchHitView[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: posts.id, topicId: posts.topicId, authorId: posts.authorId, body: posts.body, createdAt: posts.createdAt,
      title: topics.title, boardSlug: boards.slug,
    })
    .from(posts)
    .innerJoin(topics, sql`${topics.id} = ${posts.topicId}`)
    .innerJoin(boards, sql`${boards.id} = ${topics.boardId}`)
    .where(inArray(posts.id, ids));
  const authors = await loadAuthors(db, rows.map((r) => r.authorId));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const terms = highlightTerms(q);
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [{
      topicId: r.topicId,
      postId: r.id,
      title: r.title,
      snippet: snippetHtml(plainText(r.body), terms, SNIPPET_LENGTH),
      boardSlug: r.boardSlug,
      author: authors.get(r.authorId) ?? unknownUserRef(r.authorId),
      createdAt: r.createdAt.toISOString(),
    }];
  });
}
