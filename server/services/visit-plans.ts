import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { places, users, visitPlans, type CampaignRow, type UserRow, type VisitPlanRow } from '../db/schema';
import { fail } from '../errors';
import { presentVisitPlan, presentUserRef, type OverlapView, type VisitPlanView } from '../presenters/campaign.presenter';
import { isIsoDate, localToday } from './campaign-dates';
import { loadUnitTree } from './unit-tree';
import { findOverlaps, requireUnit } from './visits';

/** Has the plan's user logged a visit at its place on or after its date? (SQL, for selects) */
const doneSql = sql<boolean>`exists (select 1 from visits v where v.place_id = ${visitPlans.placeId} and v.created_by = ${visitPlans.userId} and v.visited_on >= ${visitPlans.plannedFor})`;

/** Presents plan rows (each with its done flag) with their places and users. */
async function presentPlans(db: DbOrTx, rows: (VisitPlanRow & { done: boolean })[]): Promise<VisitPlanView[]> {
  const placeIds = [...new Set(rows.map((r) => r.placeId))];
  const userIds = [...new Set(rows.map((r) => r.userId))];
  const [placeRows, userRows] = await Promise.all([
    placeIds.length ? db.select({ id: places.id, name: places.name, kind: places.kind }).from(places).where(inArray(places.id, placeIds)) : [],
    userIds.length ? db.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users).where(inArray(users.id, userIds)) : [],
  ]);
  const placeMap = new Map(placeRows.map((p) => [p.id, p]));
  const userMap = new Map(userRows.map((u) => [u.id, presentUserRef(u)]));
  return rows.map((r) => presentVisitPlan(
    r,
    placeMap.get(r.placeId) ?? { id: r.placeId, name: '', kind: 'village' },
    userMap.get(r.userId) ?? { id: r.userId, username: '', displayName: '' },
    Boolean(r.done),
  ));
}

/** Filters of the shared calendar. */
export interface PlanQuery {
  from?: string;
  to?: string;
  placeId?: number;
  /** A unit: its plans and those of units below it. */
  unitId?: number;
  /** Only this user's plans. */
  userId?: number;
  /** Only plans not yet done whose date has passed. */
  overdue?: boolean;
  limit: number;
}

/** Plans by date (earliest first), at most `limit`. */
export async function listPlans(db: DbOrTx, query: PlanQuery): Promise<VisitPlanView[]> {
  const where: SQL[] = [];
  for (const [field, value] of [['from', query.from], ['to', query.to]] as const) {
    if (value !== undefined && !isIsoDate(value)) throw fail.validation(field, `${field} must be a real date (YYYY-MM-DD).`, '日期格式不正确。');
  }
  if (query.from) where.push(gte(visitPlans.plannedFor, query.from));
  if (query.to) where.push(lte(visitPlans.plannedFor, query.to));
  if (query.placeId) where.push(eq(visitPlans.placeId, query.placeId));
  if (query.userId) where.push(eq(visitPlans.userId, query.userId));
  if (query.unitId) {
    const tree = await loadUnitTree(db);
    where.push(inArray(visitPlans.unitId, tree.subtree(query.unitId).concat(-1)));
  }
  if (query.overdue) where.push(sql`${visitPlans.plannedFor} < ${localToday()}`, sql`not ${doneSql}`);
  const rows = await db.select({ plan: visitPlans, done: doneSql }).from(visitPlans).where(and(...where))
    .orderBy(asc(visitPlans.plannedFor), asc(visitPlans.id)).limit(query.limit);
  return presentPlans(db, rows.map((r) => ({ ...r.plan, done: Boolean(r.done) })));
}

/** Plans a visit for the planner's unit (today or later) and answers the overlaps it has. */
export async function createPlan(
  db: Db, campaign: CampaignRow, user: UserRow, input: { placeId: number; plannedFor: string; note?: string },
): Promise<{ plan: VisitPlanView; overlaps: OverlapView[] }> {
  const unitId = requireUnit(user);
  if (!isIsoDate(input.plannedFor)) throw fail.validation('plannedFor', 'plannedFor must be a real date (YYYY-MM-DD).', '计划日期不是有效日期。');
  const today = localToday();
  if (input.plannedFor < today) {
    throw fail.validation('plannedFor', `plannedFor may not be in the past (today is ${today} in Beijing time); log a past visit instead.`, `计划日期不能早于今天（${today}）；已完成的走访请直接记录。`);
  }
  const [place] = await db.select({ id: places.id }).from(places).where(eq(places.id, input.placeId));
  if (!place) throw fail.validation('placeId', `There is no place with id ${input.placeId}.`, '所选地点不存在。');
  const [row] = await db.insert(visitPlans).values({
    placeId: input.placeId, userId: user.id, unitId, plannedFor: input.plannedFor, note: input.note?.trim() ?? '',
  }).returning();
  if (!row) throw new Error('plan insert returned nothing');
  const [plan] = await presentPlans(db, [{ ...row, done: false }]);
  const overlaps = await findOverlaps(db, { placeId: row.placeId, date: row.plannedFor, unitId, windowDays: campaign.overlapWindowDays });
  return { plan: plan as VisitPlanView, overlaps };
}

/** Deletes a plan: its owner or an admin may. */
export async function deletePlan(db: DbOrTx, user: UserRow, id: number): Promise<void> {
  const [row] = await db.select().from(visitPlans).where(eq(visitPlans.id, id));
  if (!row) throw fail.notFound('The plan does not exist.', '该走访计划不存在。');
  if (row.userId !== user.id && !user.roles.includes('admin')) {
    throw fail.forbidden('Only the one who made the plan, or an admin, may delete it.', '只有计划制定人或管理员可以删除该计划。');
  }
  await db.delete(visitPlans).where(eq(visitPlans.id, id));
}
