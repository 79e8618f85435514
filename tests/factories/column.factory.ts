import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import { columnEditors, editionItems, editions, mediaColumns, type EditionRow, type MediaColumnRow } from '../../server/db/column.table';
import { posts } from '../../server/db/post.table';
import { topics } from '../../server/db/topic.table';
import type { Outlet } from '../../server/domain/columns';

let sequence = 0;

/**
 * Writes a column straight into the database (no API, no events): for tests of the read side
 * (pages, feed, nominations) that need columns and editions as they stand, not how they got there.
 * Tests of the columns API itself create them through the API.
 */
export async function insertColumn(
  app: FastifyInstance,
  overrides: { slug?: string; name?: string; outlet?: Outlet; outletName?: string; description?: string; editorIds?: number[] } = {},
): Promise<MediaColumnRow> {
  sequence += 1;
  const now = new Date();
  const [column] = await app.db.insert(mediaColumns).values({
    slug: overrides.slug ?? `col-${Date.now().toString(36)}-${sequence}`,
    name: overrides.name ?? `走基层${sequence}`,
    outlet: overrides.outlet ?? 'newspaper',
    outletName: overrides.outletName ?? '《衢州日报》',
    description: overrides.description ?? '',
    createdAt: now,
    updatedAt: now,
  }).returning();
  if (!column) throw new Error('insert column failed');
  const editorIds = overrides.editorIds ?? [];
  if (editorIds.length > 0) {
    await app.db.insert(columnEditors).values(editorIds.map((userId) => ({ columnId: column.id, userId, createdAt: now })));
  }
  return column;
}

/**
 * Writes an edition with the given posts as its items, in order, copying each post's topic
 * title and author as the service does. `publishedAt` set means the edition is published then.
 */
export async function insertEdition(
  app: FastifyInstance,
  columnId: number,
  postIds: number[],
  overrides: { number?: number; title?: string; note?: string; publishedAt?: Date; itemNotes?: string[] } = {},
): Promise<EditionRow> {
  const now = new Date();
  const [{ next } = { next: 1 }] = await app.db
    .select({ next: sql<number>`coalesce(max(${editions.number}), 0)::int + 1` })
    .from(editions)
    .where(eq(editions.columnId, columnId));
  const [edition] = await app.db.insert(editions).values({
    columnId,
    number: overrides.number ?? next,
    title: overrides.title ?? `第${overrides.number ?? next}期`,
    note: overrides.note ?? '',
    state: overrides.publishedAt ? 'published' : 'draft',
    publishedAt: overrides.publishedAt ?? null,
    createdAt: now,
    updatedAt: now,
  }).returning();
  if (!edition) throw new Error('insert edition failed');
  for (const [position, postId] of postIds.entries()) {
    const [post] = await app.db
      .select({ topicId: posts.topicId, authorId: posts.authorId, title: topics.title })
      .from(posts)
      .innerJoin(topics, eq(topics.id, posts.topicId))
      .where(eq(posts.id, postId));
    if (!post) throw new Error(`no post ${postId}`);
    await app.db.insert(editionItems).values({
      editionId: edition.id,
      postId,
      topicId: post.topicId,
      position,
      note: overrides.itemNotes?.[position] ?? '',
      titleSnapshot: post.title,
      authorId: post.authorId,
      createdAt: now,
    });
  }
  return edition;
}
