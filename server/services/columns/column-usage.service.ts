import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { editionItems, editions, mediaColumns, posts, topics } from '../../db/schema';
import { editionPath } from '../../domain/columns';
import type { UsedInView } from '../../presenters/column.presenter';
import { rooms } from '../../realtime/rooms';

/*
 * Where posts were used (issue 12 item 4, credit): the published editions that hold a topic's
 * posts ("被《衢州日报》「走基层」第3期采用" on the topic) or an author's posts (the profile's
 * 用稿 list). Only published editions count, and only posts the public sees: a post hidden or
 * held leaves these lists as it leaves the column's pages.
 */

async function usedWhere(db: DbOrTx, where: SQL): Promise<UsedInView[]> {
  const rows = await db
    .selectDistinct({
      editionId: editions.id,
      columnSlug: mediaColumns.slug,
      columnName: mediaColumns.name,
      outletName: mediaColumns.outletName,
      editionNumber: editions.number,
      editionTitle: editions.title,
      publishedAt: editions.publishedAt,
    })
    .from(editionItems)
    .innerJoin(editions, eq(editions.id, editionItems.editionId))
    .innerJoin(mediaColumns, eq(mediaColumns.id, editions.columnId))
    .innerJoin(posts, eq(posts.id, editionItems.postId))
    .innerJoin(topics, eq(topics.id, posts.topicId))
    .where(and(where, eq(editions.state, 'published'), eq(posts.hidden, false), eq(posts.held, false), eq(topics.held, false)))
    .orderBy(desc(editions.publishedAt), desc(editions.id))
    .limit(200);
  return rows.map((r) => ({
    columnSlug: r.columnSlug,
    columnName: r.columnName,
    outletName: r.outletName,
    editionNumber: r.editionNumber,
    editionTitle: r.editionTitle,
    publishedAt: (r.publishedAt as Date).toISOString(),
    url: editionPath(r.columnSlug, r.editionNumber),
  }));
}

/**
 * The topic rooms whose cached pages name these published editions in `usedIn` (column and
 * outlet name, edition number and title): a change to those names has no event of the topic
 * rooms, so its writer invalidates them through the door. `of` is a column (all its published
 * editions) or one edition (when published).
 */
export async function usedInTopicRooms(db: DbOrTx, of: { columnId: number } | { editionId: number }): Promise<string[]> {
  const rows = await db
    .selectDistinct({ topicId: editionItems.topicId })
    .from(editionItems)
    .innerJoin(editions, eq(editions.id, editionItems.editionId))
    .where(and('columnId' in of ? eq(editions.columnId, of.columnId) : eq(editions.id, of.editionId), eq(editions.state, 'published')));
  return rows.map((r) => r.topicId).filter((id): id is number => id !== null).map(rooms.topic);
}

/** The published editions that used any post of this topic, newest first. */
export function usedInForTopic(db: DbOrTx, topicId: number): Promise<UsedInView[]> {
  return usedWhere(db, eq(posts.topicId, topicId));
}

/** The published editions that used any post of this author, newest first. */
export function usedInForAuthor(db: DbOrTx, authorId: number): Promise<UsedInView[]> {
  return usedWhere(db, eq(posts.authorId, authorId));
}

/**
 * The `usedIn` list of the topic whose id is `topicId` as one correlated subquery (a jsonb
 * array), so the topic page reads it in the statement that reads the topic. Read it back with
 * usedInFromJson.
 */
export function usedInSubquery(topicId: SQL | typeof topics.id): SQL<unknown> {
  return sql`(select coalesce(jsonb_agg(jsonb_build_object(
      'columnSlug', u.slug, 'columnName', u.name, 'outletName', u.outlet_name,
      'editionNumber', u.number, 'editionTitle', u.title, 'publishedAt', u.published_at
    ) order by u.published_at desc, u.id desc), '[]'::jsonb)
    from (select distinct e.id, e.number, e.title, e.published_at, c.slug, c.name, c.outlet_name
      from edition_items ei
      join editions e on e.id = ei.edition_id and e.state = 'published'
      join media_columns c on c.id = e.column_id
      join posts p on p.id = ei.post_id and p.hidden = false and p.held = false
      where ei.topic_id = ${topicId}) u)`;
}

interface UsedInJson {
  columnSlug: string;
  columnName: string;
  outletName: string;
  editionNumber: number;
  editionTitle: string;
  publishedAt: string;
}

/** Reads usedInSubquery's answer (parsed json, or text from a driver that does not parse it). */
export function usedInFromJson(value: unknown): UsedInView[] {
  if (value === null || value === undefined) return [];
  const list = (typeof value === 'string' ? JSON.parse(value) : value) as UsedInJson[];
  return list.map((u) => ({
    columnSlug: u.columnSlug,
    columnName: u.columnName,
    outletName: u.outletName,
    editionNumber: Number(u.editionNumber),
    editionTitle: u.editionTitle,
    publishedAt: new Date(u.publishedAt).toISOString(),
    url: editionPath(u.columnSlug, Number(u.editionNumber)),
  }));
}
