import { and, asc, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client';
import {
  editionItems, editionLog, editions, mediaColumns, notifications, places, posts, topics, units, users, visits,
  type EditionItemRow, type EditionRow, type MediaColumnRow, type UserRow,
} from '../../db/schema';
import {
  EDITION_MAX_ITEMS, EDITION_NUMBER_MAX, SCHEDULE_MAX_AHEAD_MS, type EditionLogAction, type EditionState,
} from '../../domain/columns';
import { canSeeHidden, type Viewer } from '../../domain/roles';
import { AppError, fail, type Sentence } from '../../errors';
import {
  presentColumn, presentEdition, presentEditionLog, type EditionItemView, type EditionLogView, type EditionPageView, type EditionView,
} from '../../presenters/column.presenter';
import { presentNotification } from '../../presenters/notification.presenter';
import { presentUserRef } from '../../presenters/user.presenter';
import { recordEvent, type RealtimeEvent } from '../../realtime/events';
import { rooms } from '../../realtime/rooms';
import { loadAuthors, postColumns, presentPosts } from '../forum/forum.loader';
import { checkPostText } from '../moderation/watched-word.service';
import type { ServiceContext } from '../service-context';
import { assertColumnEditor, getColumnBySlug, isColumnEditor, itemCounts, requiredText } from './column.service';
import { usedInTopicRooms } from './column-usage.service';

/*
 * Editions (期) of a media column and their items (issue 12): an edition is a draft until
 * an editor schedules it (publishAt) or publishes it; unpublishing takes it back to draft
 * with a reason. Every change of state writes an edition_log row in its transaction; a
 * publication (by hand or by the scheduler) notifies each used post's author (post_used)
 * and records `column:changed` in the column's room, published after commit, and makes the
 * cached answers of the items' topics stale (their `usedIn` changed).
 */

/** The time services see: the app's injected clock (tests move it), else now. */
export type Clock = () => Date;

/** What an editor sends to start an edition. */
export interface EditionInput {
  title: string;
  number?: number;
  note?: string;
}

/** What may change on an edition. */
export interface EditionChanges {
  title?: string;
  note?: string;
  number?: number;
}

/** An edition row with its column row, or 404. */
async function getEditionWithColumn(db: DbOrTx, id: number): Promise<{ edition: EditionRow; column: MediaColumnRow }> {
  const [row] = await db.select({ edition: editions, column: mediaColumns }).from(editions)
    .innerJoin(mediaColumns, eq(mediaColumns.id, editions.columnId))
    .where(eq(editions.id, id));
  if (!row) throw fail.notFound('There is no such edition.', '没有这一期。');
  return row;
}

/** The edition and its column, after checking the user may change them (404, then 403). */
async function editableEdition(db: DbOrTx, user: UserRow, id: number): Promise<{ edition: EditionRow; column: MediaColumnRow }> {
  const found = await getEditionWithColumn(db, id);
  await assertColumnEditor(db, user, found.column.id);
  return found;
}

/** Locks an edition row inside a transaction and reads it again (its state may have moved on). */
async function lockEdition(tx: Tx, id: number): Promise<EditionRow> {
  const [row] = await tx.select().from(editions).where(eq(editions.id, id)).for('update');
  if (!row) throw fail.notFound('There is no such edition.', '没有这一期。');
  return row;
}

const STATE_NAMES: Record<EditionState, Sentence> = {
  draft: { en: 'a draft', zh: '草稿' },
  scheduled: { en: 'scheduled', zh: '已定时' },
  published: { en: 'published', zh: '已发布' },
};

function stateError(state: EditionState, en: string, zh: string): AppError {
  return new AppError('EDITION_STATE', { en: `This edition is ${STATE_NAMES[state].en}: ${en}`, zh: `这一期${state === 'draft' ? '是' : ''}${STATE_NAMES[state].zh}：${zh}` });
}

/** The editor's note and an item's note against the watched words (block and hold refuse; replace rewrites). */
async function checkNote(db: DbOrTx, field: string, note: string): Promise<string> {
  const trimmed = note.trim();
  if (trimmed === '') return '';
  return (await checkPostText(db, { [field]: trimmed }, { holdBlocks: true }))[field] as string;
}

function numberTaken(number: number): AppError {
  return new AppError('EDITION_NUMBER_TAKEN', { en: `This column already has an edition number ${number}.`, zh: `该专栏已有第${number}期。` }, 'number');
}

/** Starts an edition (a draft); its number defaults to the column's highest plus one. */
export async function createEdition(ctx: ServiceContext, user: UserRow, slug: string, input: EditionInput): Promise<EditionView> {
  const column = await getColumnBySlug(ctx.db, slug);
  await assertColumnEditor(ctx.db, user, column.id);
  const title = requiredText(input.title, 'title', 'title must not be blank.', '标题不能为空。');
  const note = await checkNote(ctx.db, 'note', input.note ?? '');
  const row = await ctx.db.transaction(async (tx) => {
    // Locking the column serialises numbering: two new editions never take the same number.
    await tx.select({ id: mediaColumns.id }).from(mediaColumns).where(eq(mediaColumns.id, column.id)).for('update');
    let number = input.number;
    if (number === undefined) {
      const [{ next } = { next: 1 }] = await tx.select({ next: sql<number>`coalesce(max(${editions.number}), 0)::int + 1` })
        .from(editions).where(eq(editions.columnId, column.id));
      number = Number(next);
      if (number > EDITION_NUMBER_MAX) throw fail.validation('number', `Edition numbers go up to ${EDITION_NUMBER_MAX}.`, `期号最大为 ${EDITION_NUMBER_MAX}。`);
    }
    const now = new Date();
    const [inserted] = await tx.insert(editions).values({
      columnId: column.id, number, title, note, state: 'draft', createdBy: user.id, createdAt: now, updatedAt: now,
    }).onConflictDoNothing().returning();
    if (!inserted) throw numberTaken(number);
    return inserted;
  });
  return presentEdition(row, column.slug, 0);
}

/** GET /api/editions/:id (the column's editors and admins): the edition, its column and its items. */
export async function loadEdition(db: DbOrTx, user: UserRow, id: number): Promise<EditionPageView> {
  const { edition, column } = await editableEdition(db, user, id);
  const rows = await db.select().from(editionItems).where(eq(editionItems.editionId, id)).orderBy(asc(editionItems.position), asc(editionItems.id));
  return {
    edition: presentEdition(edition, column.slug, rows.length),
    column: presentColumn(column, await isColumnEditor(db, column.id, user.id)),
    items: await presentItems(db, rows, user),
  };
}

/** Changes an edition's title, note or number. A published edition's change reaches its public pages at once. */
export async function updateEdition(ctx: ServiceContext, user: UserRow, id: number, changes: EditionChanges): Promise<EditionView> {
  const { column } = await editableEdition(ctx.db, user, id);
  if (changes.title === undefined && changes.note === undefined && changes.number === undefined) {
    throw fail.validation('title', 'Send at least one of title, note and number.', '请至少修改标题、编者按、期号中的一项。');
  }
  const set: Partial<EditionRow> = {};
  if (changes.title !== undefined) set.title = requiredText(changes.title, 'title', 'title must not be blank.', '标题不能为空。');
  if (changes.note !== undefined) set.note = await checkNote(ctx.db, 'note', changes.note);
  const { row, events } = await ctx.db.transaction(async (tx) => {
    await tx.select({ id: mediaColumns.id }).from(mediaColumns).where(eq(mediaColumns.id, column.id)).for('update');
    const current = await lockEdition(tx, id);
    if (changes.number !== undefined && changes.number !== current.number) {
      const [taken] = await tx.select({ id: editions.id }).from(editions)
        .where(and(eq(editions.columnId, column.id), eq(editions.number, changes.number), ne(editions.id, id)));
      if (taken) throw numberTaken(changes.number);
      set.number = changes.number;
    }
    const [updated] = await tx.update(editions).set({ ...set, updatedAt: new Date() }).where(eq(editions.id, id)).returning();
    if (!updated) throw fail.notFound('There is no such edition.', '没有这一期。');
    const recorded = updated.state === 'published' ? [await recordChanged(tx, column, updated)] : [];
    return { row: updated, events: recorded };
  });
  ctx.realtime.publish(events);
  // Its title and number show in the usedIn (被《…》第N期采用) of its items' topic pages, whose
  // rooms hear no event of this change.
  if (row.state === 'published' && (set.title !== undefined || set.number !== undefined)) {
    ctx.realtime.invalidate(await usedInTopicRooms(ctx.db, { editionId: row.id }));
  }
  return presentEdition(row, column.slug, (await itemCounts(ctx.db, [id])).get(id) ?? 0);
}

/** Deletes a draft edition (a scheduled or published one is a 409: unpublish it first). */
export async function deleteEdition(ctx: ServiceContext, user: UserRow, id: number): Promise<void> {
  await editableEdition(ctx.db, user, id);
  await ctx.db.transaction(async (tx) => {
    const current = await lockEdition(tx, id);
    if (current.state !== 'draft') throw stateError(current.state, 'only a draft can be deleted; take it back to draft first.', '只有草稿可以删除，请先撤回。');
    await tx.delete(editions).where(eq(editions.id, id));
  });
}

/* ---------------------------------------------------------------- items */

/** An edition's items in order, inside the caller's transaction or not. */
async function itemRows(db: DbOrTx, editionId: number): Promise<EditionItemRow[]> {
  return db.select().from(editionItems).where(eq(editionItems.editionId, editionId)).orderBy(asc(editionItems.position), asc(editionItems.id));
}

/** Writes positions 0..n-1 in the given order (only the rows whose position changes). */
async function writePositions(tx: Tx, rows: EditionItemRow[]): Promise<void> {
  for (const [position, row] of rows.entries()) {
    if (row.position !== position) await tx.update(editionItems).set({ position }).where(eq(editionItems.id, row.id));
  }
}

/** Items of a draft or scheduled edition may change; a published one's are fixed until it is taken back. */
function assertItemsEditable(edition: EditionRow): void {
  if (edition.state === 'published') {
    throw stateError('published', 'take it back to draft (unpublish) before changing its items.', '请先撤回为草稿再修改稿件。');
  }
}

/**
 * Adds a post to an edition at `position` (default: the end), with the editor's note. A held
 * post (or a post of a held topic) or a hidden one is a 409 POST_NOT_USABLE; a post already in
 * this edition a 409 ALREADY_IN_EDITION; a full edition a 409 EDITION_FULL; no such post a 404.
 */
export async function addItem(
  ctx: ServiceContext, user: UserRow, editionId: number, input: { postId: number; note?: string; position?: number },
): Promise<{ item: EditionItemView; items: EditionItemView[] }> {
  await editableEdition(ctx.db, user, editionId);
  const note = await checkNote(ctx.db, 'note', input.note ?? '');
  const { inserted, rows } = await ctx.db.transaction(async (tx) => {
    const edition = await lockEdition(tx, editionId);
    assertItemsEditable(edition);
    const [found] = await tx.select({ post: postColumns, topicHeld: topics.held, title: topics.title })
      .from(posts).innerJoin(topics, eq(topics.id, posts.topicId)).where(eq(posts.id, input.postId));
    if (!found) throw fail.notFound('There is no such post.', '该帖子不存在。');
    if (found.post.held || found.topicHeld) {
      throw new AppError('POST_NOT_USABLE', { en: 'This post is waiting for a moderator\'s approval; it can be used once approved.', zh: '该帖子正在等待审核，审核通过后才能编入专栏。' }, 'postId');
    }
    if (found.post.hidden) {
      throw new AppError('POST_NOT_USABLE', { en: 'This post is hidden by a moderator; it cannot be used in an edition.', zh: '该帖子已被隐藏，不能编入专栏。' }, 'postId');
    }
    const current = await itemRows(tx, editionId);
    if (current.some((r) => r.postId === input.postId)) throw new AppError('ALREADY_IN_EDITION', undefined, 'postId');
    if (current.length >= EDITION_MAX_ITEMS) {
      throw new AppError('EDITION_FULL', { en: `An edition holds at most ${EDITION_MAX_ITEMS} items.`, zh: `每期最多 ${EDITION_MAX_ITEMS} 篇稿件。` });
    }
    const position = Math.min(input.position ?? current.length, current.length);
    const [row] = await tx.insert(editionItems).values({
      editionId, postId: found.post.id, topicId: found.post.topicId, position: current.length, note,
      titleSnapshot: found.title, authorId: found.post.authorId, addedBy: user.id, createdAt: new Date(),
    }).onConflictDoNothing().returning();
    if (!row) throw new AppError('ALREADY_IN_EDITION', undefined, 'postId');
    const ordered = [...current];
    ordered.splice(position, 0, row);
    await writePositions(tx, ordered);
    await tx.update(editions).set({ updatedAt: new Date() }).where(eq(editions.id, editionId));
    return { inserted: row, rows: ordered.map((r, i) => ({ ...r, position: i })) };
  });
  const items = await presentItems(ctx.db, rows, user);
  return { item: items.find((i) => i.id === inserted.id) as EditionItemView, items };
}

/** Changes an item's note (watched words apply). */
export async function updateItem(ctx: ServiceContext, user: UserRow, editionId: number, itemId: number, changes: { note?: string }): Promise<EditionItemView> {
  await editableEdition(ctx.db, user, editionId);
  if (changes.note === undefined) throw fail.validation('note', 'Send the note.', '请填写编者按语。');
  const note = await checkNote(ctx.db, 'note', changes.note);
  const row = await ctx.db.transaction(async (tx) => {
    const edition = await lockEdition(tx, editionId);
    assertItemsEditable(edition);
    const [updated] = await tx.update(editionItems).set({ note })
      .where(and(eq(editionItems.id, itemId), eq(editionItems.editionId, editionId))).returning();
    if (!updated) throw fail.notFound('There is no such item in this edition.', '这一期没有这篇稿件。');
    return updated;
  });
  return (await presentItems(ctx.db, [row], user))[0] as EditionItemView;
}

/** Removes an item; the others close up. */
export async function removeItem(ctx: ServiceContext, user: UserRow, editionId: number, itemId: number): Promise<EditionItemView[]> {
  await editableEdition(ctx.db, user, editionId);
  const rows = await ctx.db.transaction(async (tx) => {
    const edition = await lockEdition(tx, editionId);
    assertItemsEditable(edition);
    const [removed] = await tx.delete(editionItems).where(and(eq(editionItems.id, itemId), eq(editionItems.editionId, editionId))).returning();
    if (!removed) throw fail.notFound('There is no such item in this edition.', '这一期没有这篇稿件。');
    const rest = await itemRows(tx, editionId);
    await writePositions(tx, rest);
    await tx.update(editions).set({ updatedAt: new Date() }).where(eq(editions.id, editionId));
    return rest.map((r, i) => ({ ...r, position: i }));
  });
  return presentItems(ctx.db, rows, user);
}

/** Puts the items in the order given: exactly the edition's item ids, each once (else a 400). */
export async function reorderItems(ctx: ServiceContext, user: UserRow, editionId: number, itemIds: number[]): Promise<EditionItemView[]> {
  await editableEdition(ctx.db, user, editionId);
  const rows = await ctx.db.transaction(async (tx) => {
    const edition = await lockEdition(tx, editionId);
    assertItemsEditable(edition);
    const current = await itemRows(tx, editionId);
    const byId = new Map(current.map((r) => [r.id, r]));
    const unique = new Set(itemIds);
    if (unique.size !== itemIds.length || itemIds.length !== current.length || itemIds.some((id) => !byId.has(id))) {
      throw fail.validation('itemIds', 'itemIds must list every item of this edition exactly once.', 'itemIds 必须恰好列出这一期的每篇稿件各一次。');
    }
    const ordered = itemIds.map((id) => byId.get(id) as EditionItemRow);
    await writePositions(tx, ordered);
    await tx.update(editions).set({ updatedAt: new Date() }).where(eq(editions.id, editionId));
    return ordered.map((r, i) => ({ ...r, position: i }));
  });
  return presentItems(ctx.db, rows, user);
}

/**
 * Presents items for a viewer: the post as the viewer may see it (hidden bodies null unless
 * theirs or a moderator's; a held post not at all), the live topic title (the copied one when
 * withdrawn), the author with their unit and the topic's visit.
 */
export async function presentItems(db: DbOrTx, rows: EditionItemRow[], viewer: Viewer): Promise<EditionItemView[]> {
  if (rows.length === 0) return [];
  const postIds = rows.map((r) => r.postId).filter((id): id is number => id !== null);
  const topicIds = [...new Set(rows.map((r) => r.topicId).filter((id): id is number => id !== null))];
  const authorIds = [...new Set(rows.map((r) => r.authorId).filter((id): id is number => id !== null))];
  const [postRows, topicRows, authorRows] = await Promise.all([
    postIds.length ? db.select(postColumns).from(posts).where(inArray(posts.id, postIds)) : Promise.resolve([]),
    topicIds.length
      ? db.select({ id: topics.id, title: topics.title, visitClaim: topics.visitClaim, placeName: places.name, visitedOn: visits.visitedOn })
        .from(topics).leftJoin(visits, eq(visits.id, topics.visitId)).leftJoin(places, eq(places.id, visits.placeId))
        .where(inArray(topics.id, topicIds))
      : Promise.resolve([]),
    authorIds.length
      ? db.select({ id: users.id, username: users.username, displayName: users.displayName, unitId: units.id, unitName: units.name })
        .from(users).leftJoin(units, eq(units.id, users.unitId)).where(inArray(users.id, authorIds))
      : Promise.resolve([]),
  ]);
  const visible = postRows.filter((p) => !p.held || canSeeHidden(viewer, p.authorId));
  const postViews = new Map((await presentPosts(db, visible, viewer)).map((p) => [p.id, p]));
  const topicMap = new Map(topicRows.map((t) => [t.id, t]));
  const authorMap = new Map(authorRows.map((a) => [a.id, {
    ...presentUserRef(a), unit: a.unitId !== null && a.unitName !== null ? { id: a.unitId, name: a.unitName } : null,
  }]));
  return rows.map((row) => {
    const topic = row.topicId === null ? undefined : topicMap.get(row.topicId);
    const withdrawn = row.postId === null || topic === undefined;
    const showVisit = topic !== undefined && topic.placeName !== null && topic.visitedOn !== null
      && (topic.visitClaim === 'confirmed' || topic.visitClaim === 'claimed');
    return {
      id: row.id,
      position: row.position,
      note: row.note,
      postId: row.postId,
      topicId: row.topicId,
      title: withdrawn || !topic ? row.titleSnapshot : topic.title,
      withdrawn,
      post: row.postId === null ? null : postViews.get(row.postId) ?? null,
      author: row.authorId === null ? null : authorMap.get(row.authorId) ?? null,
      visit: showVisit && topic ? { confirmed: topic.visitClaim === 'confirmed', placeName: topic.placeName as string, visitedOn: topic.visitedOn as string } : null,
    };
  });
}

/* ---------------------------------------------------------------- state */

/** Writes an edition log row inside the caller's transaction. */
async function logState(tx: Tx, editionId: number, action: EditionLogAction, actorId: number | null, reason: string | null, at: Date): Promise<void> {
  await tx.insert(editionLog).values({ editionId, action, actorId, reason, createdAt: at });
}

/** Records `column:changed` in the column's room inside the caller's transaction. */
function recordChanged(tx: Tx, column: MediaColumnRow, edition: EditionRow): Promise<RealtimeEvent> {
  return recordEvent(tx, rooms.column(column.id), 'column:changed', { columnSlug: column.slug, editionId: edition.id, state: edition.state });
}

/** The rooms whose cached answers an edition's publication or withdrawal makes stale: its items' topics. */
async function topicRoomsOf(db: DbOrTx, editionIds: number[]): Promise<string[]> {
  if (editionIds.length === 0) return [];
  const rows = await db.selectDistinct({ topicId: editionItems.topicId }).from(editionItems).where(inArray(editionItems.editionId, editionIds));
  return rows.map((r) => r.topicId).filter((id): id is number => id !== null).map(rooms.topic);
}

/**
 * Inside a publication's transaction: tells each used post's author, once per post and
 * edition (a republication does not tell them again). A withdrawn post tells no one; a post
 * hidden or held since it was added tells no one (the public does not see it either); an
 * editor using their own post is not told of it.
 */
async function creditAuthors(tx: Tx, column: MediaColumnRow, edition: EditionRow, actor: UserRow | null): Promise<RealtimeEvent[]> {
  const rows = await tx.select({ postId: posts.id, topicId: posts.topicId, authorId: posts.authorId, title: topics.title, kind: topics.kind })
    .from(editionItems)
    .innerJoin(posts, eq(posts.id, editionItems.postId))
    .innerJoin(topics, eq(topics.id, posts.topicId))
    .where(and(eq(editionItems.editionId, edition.id), eq(posts.hidden, false), eq(posts.held, false), eq(topics.held, false)))
    .orderBy(asc(posts.authorId), asc(editionItems.position));
  const candidates = rows.filter((r) => r.authorId !== actor?.id);
  if (candidates.length === 0) return [];
  const already = await tx.select({ postId: notifications.postId, userId: notifications.userId }).from(notifications)
    .where(and(
      eq(notifications.type, 'post_used'),
      inArray(notifications.postId, candidates.map((c) => c.postId)),
      sql`(${notifications.data} ->> 'editionId')::int = ${edition.id}`,
    ));
  const told = new Set(already.map((a) => `${a.userId}:${a.postId}`));
  const fresh = candidates.filter((c) => !told.has(`${c.authorId}:${c.postId}`));
  if (fresh.length === 0) return [];
  const data = {
    columnSlug: column.slug, columnName: column.name, outletName: column.outletName,
    editionId: edition.id, editionNumber: edition.number, editionTitle: edition.title,
  };
  const inserted = await tx.insert(notifications).values(fresh.map((c) => ({
    userId: c.authorId, type: 'post_used', postId: c.postId, topicId: c.topicId, actorId: actor?.id ?? null, data,
  }))).returning();
  const topicOf = new Map(fresh.map((c) => [c.postId, c]));
  const actorRef = actor ? presentUserRef(actor) : null;
  // User rooms in id order (the shared lock order), before the column's room.
  const events: RealtimeEvent[] = [];
  for (const row of [...inserted].sort((a, b) => a.userId - b.userId || a.id - b.id)) {
    events.push(await recordEvent(tx, rooms.user(row.userId), 'notification', presentNotification(row, actorRef, topicOf.get(row.postId ?? 0)?.title ?? null, topicOf.get(row.postId ?? 0)?.kind ?? null)));
  }
  return events;
}

/** After a publication or withdrawal has committed: deliver its events, and the topics' cached answers go stale. */
async function afterStateChange(ctx: ServiceContext, events: RealtimeEvent[], editionIds: number[]): Promise<void> {
  ctx.realtime.publish(events);
  ctx.realtime.invalidate(await topicRoomsOf(ctx.db, editionIds));
}

async function presentOne(db: DbOrTx, row: EditionRow, columnSlug: string): Promise<EditionView> {
  return presentEdition(row, columnSlug, (await itemCounts(db, [row.id])).get(row.id) ?? 0);
}

/** Refuses an edition without items (409 EDITION_EMPTY). */
async function assertNotEmpty(tx: Tx, editionId: number): Promise<void> {
  const [one] = await tx.select({ id: editionItems.id }).from(editionItems).where(eq(editionItems.editionId, editionId)).limit(1);
  if (!one) throw new AppError('EDITION_EMPTY');
}

/**
 * Schedules a draft (or moves a scheduled edition's time): `publishAt` must be in the future
 * and within a year; the edition must hold an item. Logged.
 */
export async function scheduleEdition(ctx: ServiceContext, user: UserRow, id: number, publishAt: Date, now: Date): Promise<EditionView> {
  const { column } = await editableEdition(ctx.db, user, id);
  if (!(publishAt.getTime() > now.getTime())) throw fail.validation('publishAt', 'publishAt must be in the future.', '定时发布的时间必须晚于现在。');
  if (publishAt.getTime() - now.getTime() > SCHEDULE_MAX_AHEAD_MS) throw fail.validation('publishAt', 'publishAt must be within a year from now.', '定时发布的时间须在一年之内。');
  const row = await ctx.db.transaction(async (tx) => {
    const current = await lockEdition(tx, id);
    if (current.state === 'published') throw stateError('published', 'it is out already; take it back to draft to schedule it again.', '已经发布，如需定时请先撤回。');
    await assertNotEmpty(tx, id);
    const [updated] = await tx.update(editions).set({ state: 'scheduled', publishAt, updatedAt: now }).where(eq(editions.id, id)).returning();
    if (!updated) throw fail.notFound('There is no such edition.', '没有这一期。');
    await logState(tx, id, 'schedule', user.id, null, now);
    return updated;
  });
  return presentOne(ctx.db, row, column.slug);
}

/** Publishes a draft or scheduled edition now: 409 EDITION_EMPTY without items, 409 when already out. */
export async function publishEdition(ctx: ServiceContext, user: UserRow, id: number, now: Date): Promise<EditionView> {
  const { column } = await editableEdition(ctx.db, user, id);
  const { row, events } = await ctx.db.transaction(async (tx) => {
    const current = await lockEdition(tx, id);
    if (current.state === 'published') throw stateError('published', 'it is out already.', '已经发布。');
    await assertNotEmpty(tx, id);
    const [updated] = await tx.update(editions).set({ state: 'published', publishedAt: now, publishAt: null, updatedAt: now }).where(eq(editions.id, id)).returning();
    if (!updated) throw fail.notFound('There is no such edition.', '没有这一期。');
    await logState(tx, id, 'publish', user.id, null, now);
    const recorded = await creditAuthors(tx, column, updated, user);
    recorded.push(await recordChanged(tx, column, updated));
    return { row: updated, events: recorded };
  });
  await afterStateChange(ctx, events, [id]);
  return presentOne(ctx.db, row, column.slug);
}

/**
 * Takes a published or scheduled edition back to draft, with the reason (logged as unpublish
 * or unschedule). It leaves the public page and feed at once; a draft is a 409.
 */
export async function unpublishEdition(ctx: ServiceContext, user: UserRow, id: number, reason: string, now: Date): Promise<EditionView> {
  const { column } = await editableEdition(ctx.db, user, id);
  const why = requiredText(reason, 'reason', 'Say why the edition is taken back.', '请说明撤回的原因。');
  const { row, events } = await ctx.db.transaction(async (tx) => {
    const current = await lockEdition(tx, id);
    if (current.state === 'draft') throw stateError('draft', 'only a scheduled or published edition can be taken back.', '只有已定时或已发布的一期可以撤回。');
    const [updated] = await tx.update(editions).set({ state: 'draft', publishAt: null, updatedAt: now }).where(eq(editions.id, id)).returning();
    if (!updated) throw fail.notFound('There is no such edition.', '没有这一期。');
    await logState(tx, id, current.state === 'published' ? 'unpublish' : 'unschedule', user.id, why, now);
    return { row: updated, events: current.state === 'published' ? [await recordChanged(tx, column, updated)] : [] };
  });
  await afterStateChange(ctx, events, [id]);
  return presentOne(ctx.db, row, column.slug);
}

/** GET /api/editions/:id/log: the edition's state changes, oldest first. */
export async function editionLogOf(db: DbOrTx, user: UserRow, id: number): Promise<{ items: EditionLogView[] }> {
  await editableEdition(db, user, id);
  const rows = await db.select().from(editionLog).where(eq(editionLog.editionId, id)).orderBy(asc(editionLog.id));
  const actors = await loadAuthors(db, rows.map((r) => r.actorId).filter((a): a is number => a !== null));
  return { items: rows.map((r) => presentEditionLog(r, r.actorId === null ? null : actors.get(r.actorId) ?? null)) };
}

/**
 * The scheduler's round: publishes every scheduled edition due at `now` that holds an item.
 * One UPDATE … WHERE state = 'scheduled' AND publish_at <= now … RETURNING claims them, so
 * with several processes each edition is published by one (the others' UPDATE waits on the
 * row lock, then finds it no longer scheduled). Its log rows, credit notifications and events
 * are written in the same transaction and published after commit. Answers the edition ids.
 */
export async function publishDueEditions(ctx: ServiceContext, now: Date): Promise<number[]> {
  const { published, events } = await ctx.db.transaction(async (tx) => {
    const due = await tx.update(editions)
      .set({ state: 'published', publishedAt: sql`${editions.publishAt}`, publishAt: null, updatedAt: now })
      .where(and(
        eq(editions.state, 'scheduled'),
        lte(editions.publishAt, now),
        sql`exists (select 1 from ${editionItems} where ${editionItems.editionId} = ${editions.id})`,
      ))
      .returning();
    const recorded: RealtimeEvent[] = [];
    if (due.length === 0) return { published: [] as number[], events: recorded };
    const columnRows = await tx.select().from(mediaColumns).where(inArray(mediaColumns.id, [...new Set(due.map((d) => d.columnId))]));
    const columnsById = new Map(columnRows.map((c) => [c.id, c]));
    for (const edition of due.sort((a, b) => a.id - b.id)) {
      const column = columnsById.get(edition.columnId) as MediaColumnRow;
      await logState(tx, edition.id, 'publish', null, null, now);
      recorded.push(...(await creditAuthors(tx, column, edition, null)));
      recorded.push(await recordChanged(tx, column, edition));
    }
    return { published: due.map((d) => d.id), events: recorded };
  });
  if (published.length > 0) await afterStateChange(ctx, events, published);
  return published;
}

