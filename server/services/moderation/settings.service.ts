import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { rooms } from '../../realtime/rooms';
import type { ServiceContext } from '../service-context';
import { boards, reasonTemplates, type BoardRow, type UserRow } from '../../db/schema';
import { fail } from '../../errors';
import { presentReasonTemplate, type ReasonTemplateView } from '../../presenters/moderation.presenter';
import { boardTexts, getBoardBySlug, type BoardTextInput } from '../forum/board.service';
import { logAction } from './mod-log.service';

/*
 * What admins set for moderation: a board's name, description and review before publication
 * (先审后发), and the reason templates moderators pick their notes from.
 */

/**
 * PATCH /api/boards/:slug: names and descriptions in Chinese and English, and review before
 * publication; a blank name is a 400; the change is logged (board_update). After commit the
 * board list's cached answers become stale on every process (a cache-only notice: the change
 * has no event).
 */
export async function updateBoard(
  ctx: ServiceContext, admin: UserRow, slug: string, input: BoardTextInput & { reviewBeforePublish?: boolean },
): Promise<BoardRow> {
  const { db } = ctx;
  const board = await getBoardBySlug(db, slug);
  const change: Partial<Pick<BoardRow, 'name' | 'nameEn' | 'description' | 'descriptionEn' | 'reviewBeforePublish'>> = boardTexts(input);
  if (input.reviewBeforePublish !== undefined) change.reviewBeforePublish = input.reviewBeforePublish;
  if (Object.keys(change).length === 0) return board;
  const updated = await db.transaction(async (tx) => {
    const [row] = await tx.update(boards).set(change).where(eq(boards.id, board.id)).returning();
    if (!row) throw fail.notFound('There is no such board.', '没有这个版块。');
    const before = Object.fromEntries(Object.keys(change).map((k) => [k, board[k as keyof typeof change]]));
    await logAction(tx, { action: 'board_update', moderatorId: admin.id, targetType: 'board', targetId: board.id, targetUserId: null, before, after: change });
    return row;
  });
  ctx.realtime.invalidate([rooms.boardList]);
  return updated;
}

/** The reason templates, oldest first (a short list, whole). */
export async function listReasonTemplates(db: DbOrTx): Promise<ReasonTemplateView[]> {
  const rows = await db.select().from(reasonTemplates).orderBy(asc(reasonTemplates.id)).limit(500);
  return rows.map(presentReasonTemplate);
}

function clean(value: string, field: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw fail.validation(field, `${field} must not be blank.`, '内容不能为空。');
  return trimmed;
}

/** Adds a reason template. */
export async function createReasonTemplate(db: DbOrTx, input: { title: string; text: string }): Promise<ReasonTemplateView> {
  const [row] = await db.insert(reasonTemplates).values({ title: clean(input.title, 'title'), text: clean(input.text, 'text') }).returning();
  if (!row) throw new Error('template insert returned nothing');
  return presentReasonTemplate(row);
}

/** Changes a reason template; 404 for an unknown id. */
export async function updateReasonTemplate(db: DbOrTx, id: number, input: { title?: string; text?: string }): Promise<ReasonTemplateView> {
  const change: { title?: string; text?: string } = {};
  if (input.title !== undefined) change.title = clean(input.title, 'title');
  if (input.text !== undefined) change.text = clean(input.text, 'text');
  const [row] = Object.keys(change).length
    ? await db.update(reasonTemplates).set(change).where(eq(reasonTemplates.id, id)).returning()
    : await db.select().from(reasonTemplates).where(eq(reasonTemplates.id, id));
  if (!row) throw fail.notFound('There is no such template.', '没有这个模板。');
  return presentReasonTemplate(row);
}

/** Removes a reason template; 404 for an unknown id. */
export async function deleteReasonTemplate(db: DbOrTx, id: number): Promise<void> {
  const gone = await db.delete(reasonTemplates).where(eq(reasonTemplates.id, id)).returning({ id: reasonTemplates.id });
  if (gone.length === 0) throw fail.notFound('There is no such template.', '没有这个模板。');
}
