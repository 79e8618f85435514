import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client';
import { modLog, type ModLogRow } from '../../db/schema';
import type { ModLogAction, ModTargetType } from '../../domain/moderation';
import { addDays, startOfLocalDay } from '../../lib/dates';
import { cutPage, decodeCursor, type PageQuery } from '../../lib/keyset-cursor';
import { presentModLog, type ModLogView } from '../../presenters/moderation.presenter';
import type { Page } from '../../presenters/page.presenter';
import { neutraliseFormula } from '../campaign/report.service';
import { loadAuthors } from '../forum/forum.loader';

/*
 * The moderation log: one row per action, written in the action's own transaction. Nothing
 * here updates or deletes a row, and the database refuses to (migration 0005's trigger).
 */

/** One action as the log records it. */
export interface ModLogEntry {
  action: ModLogAction;
  moderatorId: number;
  targetType: ModTargetType;
  targetId: number;
  targetUserId: number | null;
  note?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Appends one row to the log inside the caller's transaction and answers it. */
export async function logAction(tx: Tx, entry: ModLogEntry): Promise<ModLogRow> {
  const [row] = await tx
    .insert(modLog)
    .values({
      action: entry.action,
      moderatorId: entry.moderatorId,
      targetType: entry.targetType,
      targetId: entry.targetId,
      targetUserId: entry.targetUserId,
      note: entry.note ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      createdAt: new Date(),
    })
    .returning();
  if (!row) throw new Error('mod_log insert returned nothing');
  return row;
}

/** Filters of GET /api/mod/log (dates are YYYY-MM-DD, inclusive, days of the campaign's time zone). */
export interface ModLogFilter {
  moderatorId?: number;
  targetUserId?: number;
  action?: ModLogAction;
  from?: string;
  to?: string;
}

function filterConditions(filter: ModLogFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.moderatorId !== undefined) where.push(eq(modLog.moderatorId, filter.moderatorId));
  if (filter.targetUserId !== undefined) where.push(eq(modLog.targetUserId, filter.targetUserId));
  if (filter.action !== undefined) where.push(eq(modLog.action, filter.action));
  if (filter.from !== undefined) where.push(gte(modLog.createdAt, startOfLocalDay(filter.from)));
  if (filter.to !== undefined) where.push(lt(modLog.createdAt, startOfLocalDay(addDays(filter.to, 1))));
  return where;
}

/** Presents log rows with their people, in two queries. */
export async function presentModLogRows(db: DbOrTx, rows: ModLogRow[]): Promise<ModLogView[]> {
  const people = await loadAuthors(db, rows.flatMap((r) => [r.moderatorId, r.targetUserId]).filter((id): id is number => id !== null));
  return rows.map((r) => presentModLog(r, people));
}

/** A page of the log, newest first, keyset-paged over id. */
export async function listModLog(db: DbOrTx, filter: ModLogFilter, page: PageQuery): Promise<Page<ModLogView>> {
  const where = filterConditions(filter);
  if (page.cursor) {
    const [id] = decodeCursor('modlog', page.cursor, ['n']) as [number];
    where.push(lt(modLog.id, id));
  }
  const rows = await db.select().from(modLog).where(and(...where)).orderBy(desc(modLog.id)).limit(page.limit + 1);
  const { rows: items, nextCursor } = cutPage(rows, page.limit, 'modlog', (r) => [r.id]);
  return { items: await presentModLogRows(db, items), nextCursor };
}

/** The log rows by id (for appeals and queue items). */
export async function modLogRowsById(db: DbOrTx, ids: number[]): Promise<Map<number, ModLogRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(modLog).where(inArray(modLog.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The most rows one CSV export holds. */
const CSV_MAX_ROWS = 100_000;

function csvField(cell: string): string {
  return `"${neutraliseFormula(cell).replace(/"/g, '""')}"`;
}

/** The log as CSV (filters as the list), newest first: a BOM, every field quoted and formula-safe, CRLF lines. */
export async function modLogCsv(db: DbOrTx, filter: ModLogFilter): Promise<string> {
  const rows = await db.select().from(modLog).where(and(...filterConditions(filter))).orderBy(desc(modLog.id)).limit(CSV_MAX_ROWS);
  const views = await presentModLogRows(db, rows);
  const header = ['id', 'time', 'moderator', 'action', 'target_type', 'target_id', 'target_user', 'note', 'before', 'after'];
  const lines = [header.map(csvField).join(',')];
  for (const v of views) {
    lines.push([
      String(v.id), v.createdAt, v.moderator?.username ?? '', v.action, v.targetType, String(v.targetId),
      v.targetUser?.username ?? '', v.note ?? '', v.before ? JSON.stringify(v.before) : '', v.after ? JSON.stringify(v.after) : '',
    ].map(csvField).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** How many log rows concern a user (the author's moderation history in the queue). */
export async function moderationCounts(db: DbOrTx, userIds: number[]): Promise<Map<number, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: modLog.targetUserId, n: sql<number>`count(*)::int` })
    .from(modLog)
    .where(inArray(modLog.targetUserId, [...new Set(userIds)]))
    .groupBy(modLog.targetUserId);
  return new Map(rows.map((r) => [r.userId as number, Number(r.n)]));
}
