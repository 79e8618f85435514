import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  columnEditors, editionItems, editionLog, editions, mediaColumns, modLog, places, posts, topics, units, users, visits,
  type MediaColumnRow,
} from '../../db/schema';
import { isAdmin, type RoleHolder } from '../../domain/roles';
import { fail } from '../../errors';
import type { ColumnPageRead, EditionRead, EditionWithItems, ItemRead } from '../../presenters/column-page.presenter';
import { rooms } from '../../realtime/rooms';

/*
 * The read side of the media columns' public pages and feed (issue 12 item 3): a column with
 * its editions, and the editions' items as the public may see them — in two statements,
 * whatever the number of editions and items. What is hidden stays in the database: a hidden
 * or held post (or a post of a held topic) brings no body, title, author or place out of the
 * second statement, only the fact that it is not shown.
 */

/** How many editions the column's front page carries in full; older ones are listed by title. */
export const FRONT_PAGE_EDITIONS = 10;

/** Which editions a column read takes. */
export type ColumnReadScope =
  | { kind: 'front' }
  | { kind: 'edition'; number: number }
  /** The editors' preview: one edition in any state. */
  | { kind: 'preview'; number: number };

function latest(dates: (Date | null | undefined)[]): Date {
  let best = 0;
  for (const d of dates) if (d && d.getTime() > best) best = d.getTime();
  return new Date(best);
}

/** A timestamp as the driver hands back a raw `max(...)`: a Date, an ISO string or null. */
function asDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The column `slug` with the editions of `scope` and their items. 404 for an unknown column,
 * an unknown edition number, or (outside the preview) an edition that is not published.
 */
export async function readColumnPage(db: DbOrTx, slug: string, scope: ColumnReadScope): Promise<ColumnPageRead> {
  // Statement 1: the column, its editions in scope (newest publication first; a preview's
  // edition whatever its state), and the latest change to any of its editions — including
  // one unpublished since, which leaves the page without changing what remains on it.
  const editionJoin: SQL[] = [eq(editions.columnId, mediaColumns.id)];
  if (scope.kind !== 'preview') editionJoin.push(eq(editions.state, 'published'));
  if (scope.kind !== 'front') editionJoin.push(eq(editions.number, scope.number));
  const rows = await db
    .select({
      column: mediaColumns,
      edition: {
        id: editions.id, number: editions.number, title: editions.title, note: editions.note, state: editions.state,
        publishAt: editions.publishAt, publishedAt: editions.publishedAt, updatedAt: editions.updatedAt,
      },
      editionsChangedAt: sql<unknown>`(select max(${editions.updatedAt}) from ${editions} where ${editions.columnId} = ${mediaColumns.id})`,
      loggedAt: sql<unknown>`(select max(l.created_at) from ${editionLog} l join ${editions} e on e.id = l.edition_id where e.column_id = ${mediaColumns.id})`,
    })
    .from(mediaColumns)
    .leftJoin(editions, and(...editionJoin))
    .where(eq(mediaColumns.slug, slug))
    .orderBy(sql`${editions.publishedAt} desc nulls last`, desc(editions.id));
  const first = rows[0];
  if (!first) throw fail.notFound('There is no such column.', '没有这个专栏。');
  const column = first.column;
  const index: EditionRead[] = rows.flatMap((r) => (r.edition && r.edition.id !== null ? [r.edition as EditionRead] : []));
  if (scope.kind !== 'front' && index.length === 0) {
    throw fail.notFound('This column has no published edition with that number.', '这个专栏没有这一期。');
  }
  const inFull = scope.kind === 'front' ? index.slice(0, FRONT_PAGE_EDITIONS) : index;
  const items = await readItems(db, inFull.map((e) => e.id));
  const withItems: EditionWithItems[] = inFull.map((edition) => {
    const own = items.get(edition.id) ?? [];
    return { ...edition, items: own, lastModified: latest([edition.publishedAt, edition.updatedAt, ...own.map((i) => i.changedAt)]) };
  });
  const topicRooms = new Set<string>();
  // A hidden item's topic too: its unhide or approval brings it back.
  for (const e of withItems) for (const item of e.items) if (item.state !== 'withdrawn') topicRooms.add(rooms.topic(item.topicId));
  return {
    column,
    editions: withItems,
    index,
    lastModified: latest([
      column.updatedAt, asDate(first.editionsChangedAt), asDate(first.loggedAt), ...withItems.map((e) => e.lastModified),
    ]),
    rooms: [rooms.column(column.id), ...topicRooms],
  };
}

/**
 * Statement 2: the items of these editions in order, each joined to its post, topic, author,
 * unit and (for a topic's first post) its visit's place. The body leaves the database only for
 * a visible post: hidden, held and held-topic posts come back as a bare "not shown".
 */
async function readItems(db: DbOrTx, editionIds: number[]): Promise<Map<number, ItemRead[]>> {
  const out = new Map<number, ItemRead[]>();
  if (editionIds.length === 0) return out;
  const visible = sql`(${posts.id} is not null and ${topics.id} is not null and not ${posts.hidden} and not ${posts.held} and not ${topics.held})`;
  const rows = await db
    .select({
      id: editionItems.id,
      editionId: editionItems.editionId,
      position: editionItems.position,
      note: editionItems.note,
      titleSnapshot: editionItems.titleSnapshot,
      createdAt: editionItems.createdAt,
      postId: posts.id,
      topicId: topics.id,
      visible: sql<boolean>`${visible}`,
      html: sql<string | null>`case when ${visible} then ${posts.html} end`,
      title: sql<string | null>`case when ${visible} then ${topics.title} end`,
      authorName: sql<string | null>`case when ${visible} then ${users.displayName} end`,
      username: sql<string | null>`case when ${visible} then ${users.username} end`,
      unitName: sql<string | null>`case when ${visible} then ${units.name} end`,
      visitClaim: topics.visitClaim,
      placeName: sql<string | null>`case when ${visible} then ${places.name} end`,
      visitedOn: visits.visitedOn,
      editedAt: posts.editedAt,
      // Hides, unhides, approvals, visit reviews and moves of the author's content are logged
      // against the author (mod_log_target_user_idx): the item's page may have changed then.
      moderatedAt: sql<unknown>`(select max(${modLog.createdAt}) from ${modLog} where ${modLog.targetUserId} = ${posts.authorId})`,
    })
    .from(editionItems)
    .leftJoin(posts, eq(posts.id, editionItems.postId))
    .leftJoin(topics, eq(topics.id, posts.topicId))
    .leftJoin(users, eq(users.id, posts.authorId))
    .leftJoin(units, eq(units.id, users.unitId))
    // The visit belongs to the topic's field note: only its first post carries the place.
    .leftJoin(visits, and(eq(visits.id, topics.visitId), eq(topics.firstPostId, posts.id), inArray(topics.visitClaim, ['claimed', 'confirmed'])))
    .leftJoin(places, eq(places.id, visits.placeId))
    .where(inArray(editionItems.editionId, editionIds))
    .orderBy(asc(editionItems.editionId), asc(editionItems.position), asc(editionItems.id));
  for (const r of rows) {
    const changedAt = latest([r.createdAt, r.editedAt, asDate(r.moderatedAt)]);
    let item: ItemRead;
    if (r.postId === null || r.topicId === null) {
      item = { state: 'withdrawn', id: r.id, position: r.position, note: r.note, title: r.titleSnapshot, changedAt };
    } else if (!r.visible || r.html === null || r.title === null) {
      item = { state: 'hidden', id: r.id, position: r.position, topicId: r.topicId, changedAt };
    } else {
      item = {
        state: 'shown', id: r.id, position: r.position, note: r.note, postId: r.postId, topicId: r.topicId, title: r.title,
        html: r.html, authorName: r.authorName ?? '', username: r.username ?? '', unitName: r.unitName,
        visit: r.placeName !== null && r.visitedOn !== null
          ? { confirmed: r.visitClaim === 'confirmed', placeName: r.placeName, visitedOn: r.visitedOn }
          : null,
        changedAt,
      };
    }
    const list = out.get(r.editionId);
    if (list) list.push(item);
    else out.set(r.editionId, [item]);
  }
  return out;
}

/**
 * May this user preview the column's unpublished editions? Its editors (column_editors) and
 * admins; 403 for anyone else, other editors included.
 */
export async function requireColumnEditor(db: DbOrTx, user: RoleHolder & { id: number }, columnId: number): Promise<void> {
  if (isAdmin(user)) return;
  const [row] = await db
    .select({ userId: columnEditors.userId })
    .from(columnEditors)
    .where(and(eq(columnEditors.columnId, columnId), eq(columnEditors.userId, user.id)));
  if (!row) throw fail.forbidden('Only this column\'s editors and admins may preview its editions.', '只有本专栏的编辑和管理员可以预览。');
}

/** The column with this slug, or 404 (for the preview's role check before its edition is read). */
export async function getColumnBySlug(db: DbOrTx, slug: string): Promise<MediaColumnRow> {
  const [column] = await db.select().from(mediaColumns).where(eq(mediaColumns.slug, slug));
  if (!column) throw fail.notFound('There is no such column.', '没有这个专栏。');
  return column;
}
