import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client';
import {
  appeals, boards, flags, modQueueItems, places, posts, topics, users, visits, type QueueItemRow, type UserRow,
} from '../../db/schema';
import {
  actionFits, type QueueAction, type QueueItemType, type QueueSort, type QueueStatus,
} from '../../domain/moderation';
import { inLocale, type DataLocale } from '../../domain/locale';
import { isAdmin } from '../../domain/roles';
import { AppError, fail } from '../../errors';
import { cutPage, decodeCursor, type PageQuery } from '../../lib/keyset-cursor';
import {
  presentAppeal, type AppealView, type ModerationQueueView, type QueueAuthorView, type QueueFlagView, type QueueItemView, type QueueVisitView,
} from '../../presenters/moderation.presenter';
import type { Page } from '../../presenters/page.presenter';
import { inForce, unknownUserRef } from '../../presenters/user.presenter';
import { recordEvent, type RealtimeEvent } from '../../realtime/events';
import { currentSeq } from '../../realtime/replay';
import { rooms } from '../../realtime/rooms';
import type { ServiceContext } from '../service-context';
import { loadAuthors, postColumns, presentPosts } from '../forum/forum.loader';
import { applyHidden, applyTopicFlag } from './content.service';
import { decideAppeal } from './appeal.service';
import { approveHeld, rejectHeld } from './held.service';
import { moderationCounts, modLogRowsById, presentModLogRows, logAction } from './mod-log.service';
import { applySilence } from './people.service';
import { decideVisitClaim } from './visit-claim.service';

/*
 * The one review queue: flagged posts (every open flag of a post gathers on one item), held
 * posts, visit claims and appeals. Items are opened by the services that cause them, inside
 * their transactions; moderators list, claim, release and resolve them here. Every change
 * records `queue:changed` to the moderators' room with the open count, published after commit.
 */

/** How many items are open (the header badge). */
export async function openCount(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(modQueueItems).where(eq(modQueueItems.status, 'open'));
  return Number(row?.n ?? 0);
}

/**
 * The open count with the moderators' room seq from one snapshot, so the header badge can
 * subscribe with `since: seq` and miss nothing (as the notifications' unread count does).
 */
export async function queueCount(db: Db): Promise<{ open: number; seq: number }> {
  return db.transaction(
    async (tx) => ({ seq: await currentSeq(tx, rooms.moderators), open: await openCount(tx) }),
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** Records `queue:changed` in the moderators' room, inside the changing transaction. */
export async function recordQueueChanged(tx: Tx, itemId: number | null, change: ModerationQueueView['change']): Promise<RealtimeEvent> {
  return recordEvent(tx, rooms.moderators, 'queue:changed', { open: await openCount(tx), itemId, change });
}

/** What opening an item needs. */
interface NewItem {
  type: QueueItemType;
  postId?: number | null;
  topicId?: number | null;
  boardId?: number | null;
  subjectUserId?: number | null;
  visitId?: number | null;
  appealId?: number | null;
}

/** Opens a queue item inside the caller's transaction. */
export async function openItem(tx: Tx, item: NewItem): Promise<{ row: QueueItemRow; events: RealtimeEvent[] }> {
  const now = new Date();
  const [row] = await tx.insert(modQueueItems).values({ ...item, createdAt: now, updatedAt: now }).returning();
  if (!row) throw new Error('queue insert returned nothing');
  return { row, events: [await recordQueueChanged(tx, row.id, 'created')] };
}

/** The open item of a type for a post, locked for the caller's transaction, or null. */
export async function openItemOfPost(tx: Tx, type: 'flag' | 'held_post', postId: number): Promise<QueueItemRow | null> {
  const [row] = await tx
    .select()
    .from(modQueueItems)
    .where(and(eq(modQueueItems.type, type), eq(modQueueItems.postId, postId), eq(modQueueItems.status, 'open')))
    .for('update');
  return row ?? null;
}

/** Marks an item resolved by `mod` with `action`. */
async function markResolved(tx: Tx, itemId: number, action: QueueAction, mod: UserRow, note: string | null): Promise<void> {
  const now = new Date();
  await tx
    .update(modQueueItems)
    .set({ status: 'resolved', resolution: action, resolvedBy: mod.id, resolutionNote: note, resolvedAt: now, updatedAt: now })
    .where(eq(modQueueItems.id, itemId));
}

/**
 * Closes the open flag item of a post as decided by `action` (a hide from the post's route or
 * from another item), with its flags; `exceptItemId` is the item being resolved by the caller.
 */
export async function closeItemsOfPost(
  tx: Tx, postId: number, action: QueueAction, mod: UserRow, note: string | null, exceptItemId: number | null,
): Promise<RealtimeEvent[]> {
  const item = await openItemOfPost(tx, 'flag', postId);
  if (!item || item.id === exceptItemId) return [];
  await tx.update(flags).set({ status: 'resolved' }).where(and(eq(flags.queueItemId, item.id), eq(flags.status, 'open')));
  await markResolved(tx, item.id, action, mod, note);
  await tx.update(modQueueItems).set({ flagCount: 0 }).where(eq(modQueueItems.id, item.id));
  return [await recordQueueChanged(tx, item.id, 'resolved')];
}

/** Filters and order of GET /api/mod/queue. */
export interface QueueQuery extends PageQuery {
  type?: QueueItemType;
  board?: string;
  status: QueueStatus;
  assigned?: 'me';
  sort: QueueSort;
}

/**
 * A page of the queue with the moderators' room seq read in the same snapshot, so the /mod
 * page subscribes with `since: seq` and a change made while the page travelled (a claim, a
 * new flag) is replayed to it rather than lost.
 */
export async function queuePage(db: Db, mod: UserRow, query: QueueQuery, locale: DataLocale = 'zh'): Promise<Page<QueueItemView> & { open: number; seq: number }> {
  return db.transaction(
    async (tx) => {
      const seq = await currentSeq(tx, rooms.moderators);
      return { ...(await listQueue(tx, mod, query, locale)), seq };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** A page of the queue, filtered and ordered as asked, with the open count. */
async function listQueue(db: DbOrTx, mod: UserRow, query: QueueQuery, locale: DataLocale = 'zh'): Promise<Page<QueueItemView> & { open: number }> {
  const where: SQL[] = [eq(modQueueItems.status, query.status)];
  if (query.type) where.push(eq(modQueueItems.type, query.type));
  if (query.assigned === 'me') where.push(eq(modQueueItems.claimedBy, mod.id));
  if (query.board !== undefined) {
    const [board] = await db.select({ id: boards.id }).from(boards).where(eq(boards.slug, query.board));
    if (!board) throw fail.validation('board', `There is no board "${query.board}".`, `没有“${query.board}”这个版块。`);
    where.push(eq(modQueueItems.boardId, board.id));
  }
  const tag = `queue-${query.sort}`;
  let order: SQL[];
  let key: (r: QueueItemRow) => (string | number)[];
  if (query.sort === 'most_flagged') {
    if (query.cursor) {
      const [count, id] = decodeCursor(tag, query.cursor, ['n', 'n']) as [number, number];
      where.push(sql`(${modQueueItems.flagCount}, ${modQueueItems.id}) < (${count}, ${id})`);
    }
    order = [desc(modQueueItems.flagCount), desc(modQueueItems.id)];
    key = (r) => [r.flagCount, r.id];
  } else {
    const newest = query.sort === 'newest';
    if (query.cursor) {
      const [at, id] = decodeCursor(tag, query.cursor, ['t', 'n']) as [string, number];
      const cmp = newest ? sql`<` : sql`>`;
      where.push(sql`(${modQueueItems.createdAt}, ${modQueueItems.id}) ${cmp} (${new Date(at).toISOString()}::timestamptz, ${id})`);
    }
    order = newest ? [desc(modQueueItems.createdAt), desc(modQueueItems.id)] : [asc(modQueueItems.createdAt), asc(modQueueItems.id)];
    key = (r) => [r.createdAt.toISOString(), r.id];
  }
  const rows = await db.select().from(modQueueItems).where(and(...where)).orderBy(...order).limit(query.limit + 1);
  const { rows: items, nextCursor } = cutPage(rows, query.limit, tag, key);
  return { items: await presentItems(db, items, mod, locale), nextCursor, open: await openCount(db) };
}

/** One queue item by id, or 404. */
export async function getItemRow(db: DbOrTx, id: number): Promise<QueueItemRow> {
  const [row] = await db.select().from(modQueueItems).where(eq(modQueueItems.id, id));
  if (!row) throw fail.notFound('There is no such queue item.', '该审核事项不存在。');
  return row;
}

/** One queue item presented for a moderator. */
export async function getItem(db: DbOrTx, mod: UserRow, id: number, locale: DataLocale = 'zh'): Promise<QueueItemView> {
  const [view] = await presentItems(db, [await getItemRow(db, id)], mod, locale);
  return view as QueueItemView;
}

/** Presents queue items with everything a moderator decides on, in a few batched queries. */
async function presentItems(db: DbOrTx, rows: QueueItemRow[], mod: UserRow, locale: DataLocale): Promise<QueueItemView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const postIds = [...new Set(rows.map((r) => r.postId).filter((id): id is number => id !== null))];
  const topicIds = [...new Set(rows.map((r) => r.topicId).filter((id): id is number => id !== null))];
  const boardIds = [...new Set(rows.map((r) => r.boardId).filter((id): id is number => id !== null))];
  const visitIds = [...new Set(rows.map((r) => r.visitId).filter((id): id is number => id !== null))];
  const appealIds = [...new Set(rows.map((r) => r.appealId).filter((id): id is number => id !== null))];
  const subjectIds = [...new Set(rows.map((r) => r.subjectUserId).filter((id): id is number => id !== null))];
  const [postRows, topicRows, boardRows, flagRows, visitRows, appealRows, subjects, postCounts, modCounts] = await Promise.all([
    postIds.length ? db.select(postColumns).from(posts).where(inArray(posts.id, postIds)) : Promise.resolve([]),
    topicIds.length
      ? db.select({ id: topics.id, title: topics.title, kind: topics.kind, visitClaim: topics.visitClaim, visitId: topics.visitId })
        .from(topics).where(inArray(topics.id, topicIds))
      : Promise.resolve([]),
    boardIds.length ? db.select({ id: boards.id, slug: boards.slug, name: boards.name, nameEn: boards.nameEn }).from(boards).where(inArray(boards.id, boardIds)) : Promise.resolve([]),
    db.select().from(flags).where(inArray(flags.queueItemId, ids)).orderBy(asc(flags.id)),
    visitIds.length
      ? db.select({ id: visits.id, placeId: visits.placeId, placeName: places.name, visitedOn: visits.visitedOn, createdBy: visits.createdBy, participantIds: visits.participantIds })
        .from(visits).innerJoin(places, eq(places.id, visits.placeId)).where(inArray(visits.id, visitIds))
      : Promise.resolve([]),
    appealIds.length ? db.select().from(appeals).where(inArray(appeals.id, appealIds)) : Promise.resolve([]),
    subjectIds.length
      ? db.select({ id: users.id, username: users.username, displayName: users.displayName, silencedUntil: users.silencedUntil, suspendedUntil: users.suspendedUntil })
        .from(users).where(inArray(users.id, subjectIds))
      : Promise.resolve([]),
    subjectIds.length
      ? db.select({ authorId: posts.authorId, n: sql<number>`count(*)::int` }).from(posts)
        .where(and(inArray(posts.authorId, subjectIds), eq(posts.held, false))).groupBy(posts.authorId)
      : Promise.resolve([]),
    moderationCounts(db, subjectIds),
  ]);
  const presentedPosts = new Map((await presentPosts(db, postRows, mod)).map((p) => [p.id, p]));
  const topicMap = new Map(topicRows.map((t) => [t.id, t]));
  const boardMap = new Map(boardRows.map((b) => [b.id, { id: b.id, slug: b.slug, name: inLocale({ zh: b.name, en: b.nameEn }, locale) }]));
  const postCountMap = new Map(postCounts.map((c) => [c.authorId, Number(c.n)]));
  const logRows = await modLogRowsById(db, appealRows.map((a) => a.modLogId));
  const logViews = new Map((await presentModLogRows(db, [...logRows.values()])).map((v) => [v.id, v]));
  const appealMap = new Map<number, AppealView>();
  for (const a of appealRows) {
    const action = logViews.get(a.modLogId);
    if (action) appealMap.set(a.id, presentAppeal(a, action));
  }
  const people = await loadAuthors(db, [
    ...flagRows.map((f) => f.userId),
    ...visitRows.map((v) => v.createdBy),
    ...rows.flatMap((r) => [r.claimedBy, r.resolvedBy]).filter((id): id is number => id !== null),
  ]);
  const ref = (id: number | null) => (id === null ? null : people.get(id) ?? unknownUserRef(id));
  const authorMap = new Map<number, QueueAuthorView>(subjects.map((u) => [u.id, {
    id: u.id, username: u.username, displayName: u.displayName,
    postCount: postCountMap.get(u.id) ?? 0, moderationCount: modCounts.get(u.id) ?? 0,
    silencedUntil: inForce(u.silencedUntil), suspendedUntil: inForce(u.suspendedUntil),
  }]));
  const visitMap = new Map<number, QueueVisitView>(visitRows.map((v) => [v.id, {
    id: v.id, placeId: v.placeId, placeName: v.placeName, visitedOn: v.visitedOn, createdBy: ref(v.createdBy) ?? unknownUserRef(v.createdBy), participantIds: v.participantIds,
  }]));
  return rows.map((r) => {
    const itemFlags: QueueFlagView[] = flagRows.filter((f) => f.queueItemId === r.id).map((f) => ({
      id: f.id, postId: f.postId, reason: f.reason, note: f.note, status: f.status, createdAt: f.createdAt.toISOString(), user: ref(f.userId) ?? unknownUserRef(f.userId),
    }));
    const board = r.boardId === null ? null : boardMap.get(r.boardId) ?? null;
    return {
      id: r.id,
      type: r.type,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      board,
      topic: r.topicId === null ? null : topicMap.get(r.topicId) ?? null,
      post: r.postId === null ? null : presentedPosts.get(r.postId) ?? null,
      author: r.subjectUserId === null ? null : authorMap.get(r.subjectUserId) ?? null,
      flags: itemFlags,
      flagCount: r.flagCount,
      visit: r.visitId === null ? null : visitMap.get(r.visitId) ?? null,
      appeal: r.appealId === null ? null : appealMap.get(r.appealId) ?? null,
      claimedBy: ref(r.claimedBy),
      claimedAt: r.claimedAt ? r.claimedAt.toISOString() : null,
      resolution: r.status === 'resolved' && r.resolution
        ? { action: r.resolution, note: r.resolutionNote, by: ref(r.resolvedBy), at: (r.resolvedAt ?? r.updatedAt).toISOString() }
        : null,
    };
  });
}

/** Claims an item so other moderators see who has it; claiming one's own claim again is fine. */
export async function claimItem(ctx: ServiceContext, mod: UserRow, id: number, locale: DataLocale = 'zh'): Promise<QueueItemView> {
  const events = await ctx.db.transaction(async (tx) => {
    const item = await lockItem(tx, id);
    if (item.status === 'resolved') throw new AppError('ALREADY_RESOLVED');
    if (item.claimedBy !== null && item.claimedBy !== mod.id) throw new AppError('ALREADY_CLAIMED');
    if (item.claimedBy === mod.id) return [];
    const now = new Date();
    await tx.update(modQueueItems).set({ claimedBy: mod.id, claimedAt: now, updatedAt: now }).where(eq(modQueueItems.id, id));
    return [await recordQueueChanged(tx, id, 'claimed')];
  });
  ctx.realtime.publish(events);
  return getItem(ctx.db, mod, id, locale);
}

/** Releases a claim: its claimant, or an admin. */
export async function releaseItem(ctx: ServiceContext, mod: UserRow, id: number, locale: DataLocale = 'zh'): Promise<QueueItemView> {
  const events = await ctx.db.transaction(async (tx) => {
    const item = await lockItem(tx, id);
    if (item.claimedBy === null) return [];
    if (item.claimedBy !== mod.id && !isAdmin(mod)) {
      throw fail.forbidden('Only the moderator who claimed this item (or an admin) may release it.', '只有认领该事项的版主（或管理员）可以释放它。');
    }
    await tx.update(modQueueItems).set({ claimedBy: null, claimedAt: null, updatedAt: new Date() }).where(eq(modQueueItems.id, id));
    return [await recordQueueChanged(tx, id, 'released')];
  });
  ctx.realtime.publish(events);
  return getItem(ctx.db, mod, id, locale);
}

async function lockItem(tx: Tx, id: number): Promise<QueueItemRow> {
  const [row] = await tx.select().from(modQueueItems).where(eq(modQueueItems.id, id)).for('update');
  if (!row) throw fail.notFound('There is no such queue item.', '该审核事项不存在。');
  return row;
}

/** A moderator's decision on a queue item. */
export interface ResolveInput {
  action: QueueAction;
  note?: string | null;
  /** Also lock the item's topic (the note is the lock reason unless lockReason is given). */
  lockTopic?: boolean;
  lockReason?: string | null;
  /** Also silence the item's author until then (the note is the reason). */
  silenceUntil?: string | null;
}

/** What a type's handler does with an item inside the resolving transaction. */
export type ItemHandler = (tx: Tx, mod: UserRow, item: QueueItemRow, input: ResolveInput) => Promise<RealtimeEvent[]>;

/**
 * Resolves an item with one action (and optionally locks its topic and silences its author),
 * in one transaction with the log rows and events. 409 ALREADY_RESOLVED when it is resolved,
 * 409 ALREADY_CLAIMED when another moderator holds it, 400 when the action does not fit.
 */
export async function resolveItem(ctx: ServiceContext, mod: UserRow, id: number, input: ResolveInput, locale: DataLocale = 'zh'): Promise<QueueItemView> {
  const events = await ctx.db.transaction(async (tx) => resolveInTx(tx, mod, id, input));
  ctx.realtime.publish(events);
  return getItem(ctx.db, mod, id, locale);
}

async function resolveInTx(tx: Tx, mod: UserRow, id: number, input: ResolveInput): Promise<RealtimeEvent[]> {
  const item = await lockItem(tx, id);
  if (item.status === 'resolved') throw new AppError('ALREADY_RESOLVED');
  if (item.claimedBy !== null && item.claimedBy !== mod.id) throw new AppError('ALREADY_CLAIMED');
  if (!actionFits(item.type, input.action)) {
    throw fail.validation('action', `"${input.action}" does not fit a queue item of type ${item.type}.`, `“${input.action}”不适用于该类审核事项（${item.type}）。`);
  }
  const note = input.note?.trim() ? input.note.trim() : null;
  const handler = HANDLERS[item.type];
  const events = await handler(tx, mod, item, { ...input, note });
  await markResolved(tx, item.id, input.action, mod, note);
  if (input.lockTopic && item.topicId !== null) {
    events.push(...(await applyTopicFlag(tx, mod, item.topicId, 'lock', input.lockReason?.trim() || note)));
  }
  if (input.silenceUntil && item.subjectUserId !== null) {
    const [subject] = await tx.select().from(users).where(eq(users.id, item.subjectUserId));
    if (subject) events.push(...(await applySilence(tx, mod, subject, new Date(input.silenceUntil), note ?? '', { field: 'silenceUntil' })));
  }
  events.push(await recordQueueChanged(tx, item.id, 'resolved'));
  return events;
}

/** Flags: dismiss closes them; hide hides the post (and closes them). */
const resolveFlagItem: ItemHandler = async (tx, mod, item, input) => {
  const events: RealtimeEvent[] = [];
  if (item.postId === null) return events;
  if (input.action === 'hide') {
    const [row] = await tx.update(posts).set({ hidden: true }).where(and(eq(posts.id, item.postId), eq(posts.hidden, false))).returning(postColumns);
    if (row) events.push(...(await applyHidden(tx, mod, row, input.note ?? null, { fromItemId: item.id })));
  } else {
    await logAction(tx, {
      action: 'dismiss', moderatorId: mod.id, targetType: 'queue_item', targetId: item.id, targetUserId: item.subjectUserId, note: input.note ?? null,
      before: { flagCount: item.flagCount }, after: { flagCount: 0 },
    });
  }
  await tx.update(flags).set({ status: 'resolved' }).where(and(eq(flags.queueItemId, item.id), eq(flags.status, 'open')));
  await tx.update(modQueueItems).set({ flagCount: 0 }).where(eq(modQueueItems.id, item.id));
  return events;
};

const HANDLERS: Record<QueueItemType, ItemHandler> = {
  flag: resolveFlagItem,
  held_post: (tx, mod, item, input) => (input.action === 'approve' ? approveHeld(tx, mod, item, input) : rejectHeld(tx, mod, item, input)),
  visit_claim: decideVisitClaim,
  appeal: decideAppeal,
};

/** The outcome of one item of a bulk action. */
export interface BulkOutcome {
  id: number;
  ok: boolean;
  code: string | null;
  message: string | null;
  item: QueueItemView | null;
}

/**
 * Applies one action to several items, each in its own transaction (one failing does not
 * undo the others), answering each item's outcome in the order given.
 */
export async function bulkResolve(ctx: ServiceContext, mod: UserRow, ids: number[], input: ResolveInput, sentence: (err: AppError) => string, locale: DataLocale = 'zh'): Promise<BulkOutcome[]> {
  const out: BulkOutcome[] = [];
  for (const id of [...new Set(ids)]) {
    try {
      out.push({ id, ok: true, code: null, message: null, item: await resolveItem(ctx, mod, id, input, locale) });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      out.push({ id, ok: false, code: err.code, message: sentence(err), item: null });
    }
  }
  return out;
}
