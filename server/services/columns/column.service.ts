import { and, asc, desc, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { columnEditors, editionItems, editions, mediaColumns, users, type MediaColumnRow, type UserRow } from '../../db/schema';
import type { Outlet } from '../../domain/columns';
import { hasRole, isAdmin, type Viewer } from '../../domain/roles';
import { AppError, fail } from '../../errors';
import { presentColumn, presentEdition, type ColumnPageView, type ColumnView, type EditionView } from '../../presenters/column.presenter';
import { presentUserRef, type UserRef } from '../../presenters/user.presenter';
import { rooms } from '../../realtime/rooms';
import type { ServiceContext } from '../service-context';
import { usedInTopicRooms } from './column-usage.service';

/*
 * Media columns (专栏, issue 12): an editor creates a column for an outlet and becomes its
 * first editor; its editors add and remove others. Only a column's editors and admins change
 * it, its editions and their items, or see its drafts; everyone else sees the published
 * editions only.
 */

/** What an editor sends to create a column. */
export interface ColumnInput {
  slug: string;
  name: string;
  outlet: Outlet;
  outletName?: string;
  description?: string;
}

/** What may change on a column; absent fields stay. */
export interface ColumnChanges {
  name?: string;
  description?: string;
  outlet?: Outlet;
  outletName?: string;
}

/** Trims a required text; blank is a 400 naming the field. */
export function requiredText(value: string, field: string, en: string, zh: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw fail.validation(field, en, zh);
  return trimmed;
}

/** A column row by slug, or 404. */
export async function getColumnBySlug(db: DbOrTx, slug: string): Promise<MediaColumnRow> {
  const [row] = await db.select().from(mediaColumns).where(eq(mediaColumns.slug, slug));
  if (!row) throw fail.notFound('There is no such column.', '没有这个专栏。');
  return row;
}

/** Is this user one of the column's editors (a row of column_editors)? */
export async function isColumnEditor(db: DbOrTx, columnId: number, userId: number): Promise<boolean> {
  const [row] = await db.select({ userId: columnEditors.userId }).from(columnEditors)
    .where(and(eq(columnEditors.columnId, columnId), eq(columnEditors.userId, userId)));
  return row !== undefined;
}

/** May this viewer change the column and see its drafts: an admin, or an editor (by role) among its editors? */
export async function mayEditColumn(db: DbOrTx, viewer: Viewer, columnId: number): Promise<boolean> {
  if (viewer === null) return false;
  if (isAdmin(viewer)) return true;
  return hasRole(viewer, 'editor') && isColumnEditor(db, columnId, viewer.id);
}

/** 403 (in words) unless the user may change this column. */
export async function assertColumnEditor(db: DbOrTx, user: UserRow, columnId: number): Promise<void> {
  if (!(await mayEditColumn(db, user, columnId))) {
    throw fail.forbidden('Only this column\'s editors and admins may do this.', '只有该专栏的编辑和管理员可以执行此操作。');
  }
}

/** The column's editors, in the order they joined. */
export async function listColumnEditors(db: DbOrTx, columnId: number): Promise<UserRef[]> {
  const rows = await db.select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(columnEditors)
    .innerJoin(users, eq(users.id, columnEditors.userId))
    .where(eq(columnEditors.columnId, columnId))
    .orderBy(asc(columnEditors.createdAt), asc(users.id));
  return rows.map(presentUserRef);
}

/** Creates a column; the creator becomes its first editor. A taken slug is a 409 SLUG_TAKEN. */
export async function createColumn(ctx: ServiceContext, editor: UserRow, input: ColumnInput): Promise<ColumnView> {
  const name = requiredText(input.name, 'name', 'name must not be blank.', '专栏名称不能为空。');
  const outletName = input.outletName === undefined || input.outletName.trim() === '' ? name : input.outletName.trim();
  const description = (input.description ?? '').trim();
  const row = await ctx.db.transaction(async (tx) => {
    const now = new Date();
    const [inserted] = await tx.insert(mediaColumns).values({
      slug: input.slug, name, outlet: input.outlet, outletName, description, createdBy: editor.id, createdAt: now, updatedAt: now,
    }).onConflictDoNothing().returning();
    if (!inserted) throw new AppError('SLUG_TAKEN', { en: `Another column already uses the slug "${input.slug}"; choose another.`, zh: `专栏地址“${input.slug}”已被使用，请换一个。` }, 'slug');
    await tx.insert(columnEditors).values({ columnId: inserted.id, userId: editor.id, addedBy: editor.id, createdAt: now });
    return inserted;
  });
  return presentColumn(row, true);
}

/** Changes a column's name, description, outlet or outlet name (its editors and admins). */
export async function updateColumn(ctx: ServiceContext, user: UserRow, slug: string, changes: ColumnChanges): Promise<ColumnView> {
  const column = await getColumnBySlug(ctx.db, slug);
  await assertColumnEditor(ctx.db, user, column.id);
  const set: Partial<MediaColumnRow> = {};
  if (changes.name !== undefined) set.name = requiredText(changes.name, 'name', 'name must not be blank.', '专栏名称不能为空。');
  if (changes.outletName !== undefined) set.outletName = requiredText(changes.outletName, 'outletName', 'outletName must not be blank.', '媒体名称不能为空。');
  if (changes.description !== undefined) set.description = changes.description.trim();
  if (changes.outlet !== undefined) set.outlet = changes.outlet;
  if (Object.keys(set).length === 0) throw fail.validation('name', 'Send at least one of name, description, outlet and outletName.', '请至少修改名称、简介、媒体类型、媒体名称中的一项。');
  const [updated] = await ctx.db.update(mediaColumns).set({ ...set, updatedAt: new Date() }).where(eq(mediaColumns.id, column.id)).returning();
  if (!updated) throw fail.notFound('There is no such column.', '没有这个专栏。');
  // Its public pages name the column: they are stale now; so are the topic pages whose
  // usedIn (被《…》采用) names it, when its name or outlet's name changed.
  const named = set.name !== undefined || set.outletName !== undefined;
  ctx.realtime.invalidate([rooms.column(column.id), ...(named ? await usedInTopicRooms(ctx.db, { columnId: column.id }) : [])]);
  return presentColumn(updated, await isColumnEditor(ctx.db, column.id, user.id));
}

/**
 * Adds an editor to a column. The new editor must hold the editor role (or be an admin):
 * otherwise a 400; already one of its editors a 409 ALREADY_EDITOR; no such user a 404.
 */
export async function addColumnEditor(ctx: ServiceContext, user: UserRow, slug: string, userId: number): Promise<UserRef[]> {
  const column = await getColumnBySlug(ctx.db, slug);
  await assertColumnEditor(ctx.db, user, column.id);
  const [target] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!target) throw fail.notFound('There is no such user.', '没有这个用户。');
  if (!hasRole(target, 'editor')) {
    throw fail.validation('userId', 'This user is not an editor: an admin gives them the editor role first.', '该用户不是编辑，请先由管理员授予编辑角色。');
  }
  const [inserted] = await ctx.db.insert(columnEditors)
    .values({ columnId: column.id, userId: target.id, addedBy: user.id, createdAt: new Date() })
    .onConflictDoNothing().returning();
  if (!inserted) throw new AppError('ALREADY_EDITOR', undefined, 'userId');
  return listColumnEditors(ctx.db, column.id);
}

/** Removes an editor from a column; the last one stays (409 LAST_EDITOR); not an editor of it is a 404. */
export async function removeColumnEditor(ctx: ServiceContext, user: UserRow, slug: string, userId: number): Promise<UserRef[]> {
  const column = await getColumnBySlug(ctx.db, slug);
  await assertColumnEditor(ctx.db, user, column.id);
  await ctx.db.transaction(async (tx) => {
    // Locking the column serialises removals, so two editors removing each other leave one.
    await tx.select({ id: mediaColumns.id }).from(mediaColumns).where(eq(mediaColumns.id, column.id)).for('update');
    const rows = await tx.select({ userId: columnEditors.userId }).from(columnEditors).where(eq(columnEditors.columnId, column.id));
    if (!rows.some((r) => r.userId === userId)) throw fail.notFound('This user is not an editor of this column.', '该用户不是这个专栏的编辑。');
    if (rows.length === 1) throw new AppError('LAST_EDITOR', undefined, 'userId');
    await tx.delete(columnEditors).where(and(eq(columnEditors.columnId, column.id), eq(columnEditors.userId, userId)));
  });
  return listColumnEditors(ctx.db, column.id);
}

/** Counts the items of each edition, in one query. */
export async function itemCounts(db: DbOrTx, editionIds: number[]): Promise<Map<number, number>> {
  if (editionIds.length === 0) return new Map();
  const rows = await db.select({ editionId: editionItems.editionId, n: sql<number>`count(*)::int` })
    .from(editionItems).where(inArray(editionItems.editionId, editionIds)).groupBy(editionItems.editionId);
  return new Map(rows.map((r) => [r.editionId, Number(r.n)]));
}

/** Presents edition rows of one column with their item counts. */
export async function presentEditions(db: DbOrTx, rows: (typeof editions.$inferSelect)[], columnSlug: string): Promise<EditionView[]> {
  const counts = await itemCounts(db, rows.map((r) => r.id));
  return rows.map((r) => presentEdition(r, columnSlug, counts.get(r.id) ?? 0));
}

/**
 * GET /api/columns: columns with at least one published edition, for anyone; an editor also
 * gets the columns they edit (`mine`), an admin every column. Newest first.
 */
export async function listColumns(db: DbOrTx, viewer: Viewer): Promise<{ items: ColumnView[] }> {
  const published = exists(db.select({ one: sql`1` }).from(editions).where(and(eq(editions.columnId, mediaColumns.id), eq(editions.state, 'published'))));
  const conditions: SQL[] = [published];
  if (viewer !== null && hasRole(viewer, 'editor')) {
    conditions.push(exists(db.select({ one: sql`1` }).from(columnEditors).where(and(eq(columnEditors.columnId, mediaColumns.id), eq(columnEditors.userId, viewer.id)))));
  }
  const where = viewer !== null && isAdmin(viewer) ? undefined : or(...conditions);
  const rows = await db.select().from(mediaColumns).where(where).orderBy(desc(mediaColumns.createdAt), desc(mediaColumns.id)).limit(1000);
  const mine = viewer === null || rows.length === 0
    ? new Set<number>()
    : new Set((await db.select({ columnId: columnEditors.columnId }).from(columnEditors)
      .where(and(eq(columnEditors.userId, viewer.id), inArray(columnEditors.columnId, rows.map((r) => r.id))))).map((r) => r.columnId));
  return { items: rows.map((r) => presentColumn(r, mine.has(r.id))) };
}

/**
 * GET /api/columns/:slug: the column, its editors and its editions newest first. Its editors
 * and admins see every edition with its state; anyone else the published ones, and a column
 * with none published is a 404 to them (it is not public yet).
 */
export async function loadColumnPage(db: DbOrTx, slug: string, viewer: Viewer): Promise<ColumnPageView> {
  const column = await getColumnBySlug(db, slug);
  const insider = await mayEditColumn(db, viewer, column.id);
  const rows = await db.select().from(editions)
    .where(insider ? eq(editions.columnId, column.id) : and(eq(editions.columnId, column.id), eq(editions.state, 'published')))
    .orderBy(desc(editions.number));
  if (!insider && rows.length === 0) throw fail.notFound('There is no such column.', '没有这个专栏。');
  const mine = viewer !== null && (await isColumnEditor(db, column.id, viewer.id));
  return {
    column: presentColumn(column, mine),
    editors: await listColumnEditors(db, column.id),
    editions: await presentEditions(db, rows, column.slug),
  };
}
