import { and, asc, count, countDistinct, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { campaignWritingGoals, places, topics, users, visitFollowUps, visitPlans, visits, type UserRow, type VisitPlanRow } from '../../db/schema';
import { JOURNAL_KINDS } from '../../domain/forum';
import { isAdmin } from '../../domain/roles';
import { isCalendarDate } from '../../domain/text';
import { fail } from '../../errors';
import { addDays, localToday } from '../../lib/dates';
import type { ActionPlanView, WritingGoalView } from '../../presenters/campaign.presenter';
import { unknownPlaceRef } from '../../presenters/place.presenter';
import { presentUserRef, unknownUserRef } from '../../presenters/user.presenter';
import { presentVisitPlan, type NewPlanView, type VisitPlanView } from '../../presenters/visit.presenter';
import { loadUnitTree } from '../accounts/unit.service';
import { campaignRange, getActiveCampaign } from './campaign.service';
import { findOverlaps, presentVisits, requireUnit } from './visit.service';

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
    placeMap.get(r.placeId) ?? unknownPlaceRef(r.placeId),
    userMap.get(r.userId) ?? unknownUserRef(r.userId),
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
    if (value !== undefined && !isCalendarDate(value)) throw fail.validation(field, `${field} must be a real date (YYYY-MM-DD).`, '日期格式不正确。');
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

/** The shared calendar as a member asks for it: `mine` keeps only their own plans. */
export async function calendar(db: DbOrTx, user: UserRow, query: Omit<PlanQuery, 'userId' | 'overdue'> & { mine?: boolean }): Promise<VisitPlanView[]> {
  const { mine, ...rest } = query;
  return listPlans(db, { ...rest, ...(mine ? { userId: user.id } : {}) });
}

/** Plans a visit for the planner's unit (today or later) and answers the overlaps it has in the active campaign's window. */
export async function createPlan(
  db: Db, user: UserRow, input: { placeId: number; plannedFor: string; note?: string },
): Promise<NewPlanView> {
  const unitId = requireUnit(user);
  const campaign = await getActiveCampaign(db);
  if (!isCalendarDate(input.plannedFor)) throw fail.validation('plannedFor', 'plannedFor must be a real date (YYYY-MM-DD).', '计划日期不是有效日期。');
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
  if (row.userId !== user.id && !isAdmin(user)) {
    throw fail.forbidden('Only the one who made the plan, or an admin, may delete it.', '只有计划制定人或管理员可以删除该计划。');
  }
  await db.delete(visitPlans).where(eq(visitPlans.id, id));
}

/** Counts a member's writing in the campaign year: field notes, editor's diaries, impressions. */
async function writingDone(db: DbOrTx, userId: number, from: string, to: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(topics).where(and(
    eq(topics.authorId, userId),
    inArray(topics.kind, [...JOURNAL_KINDS]),
    gte(topics.createdAt, new Date(`${from}T00:00:00+08:00`)),
    lt(topics.createdAt, new Date(`${addDays(to, 1)}T00:00:00+08:00`)),
  ));
  return Number(row?.n ?? 0);
}

/** GET /api/plan: the member's quota progress, plans, recent visits, writing and what is overdue, in the active campaign. */
export async function actionPlan(db: DbOrTx, user: UserRow): Promise<ActionPlanView> {
  const campaign = await getActiveCampaign(db);
  const { from, to } = campaignRange(campaign);
  const mine = or(eq(visits.createdBy, user.id), sql`${user.id} = any(${visits.participantIds})`) as SQL;
  const today = localToday();
  const [placeCounts, plans, overduePlans, visitRows, goal, openFollowUps, written] = await Promise.all([
    db.select({ kind: places.kind, n: countDistinct(visits.placeId) }).from(visits).innerJoin(places, eq(places.id, visits.placeId))
      .where(and(mine, gte(visits.visitedOn, from), lte(visits.visitedOn, to))).groupBy(places.kind),
    listPlans(db, { userId: user.id, from, to, limit: 500 }),
    listPlans(db, { userId: user.id, overdue: true, limit: 500 }),
    db.select().from(visits).where(mine).orderBy(desc(visits.visitedOn), desc(visits.id)).limit(20),
    db.select({ planned: campaignWritingGoals.planned }).from(campaignWritingGoals)
      .where(and(eq(campaignWritingGoals.campaignId, campaign.id), eq(campaignWritingGoals.userId, user.id))),
    db.select({ f: visitFollowUps, placeId: places.id, placeName: places.name, placeKind: places.kind }).from(visitFollowUps)
      .innerJoin(visits, eq(visits.id, visitFollowUps.visitId)).innerJoin(places, eq(places.id, visits.placeId))
      .where(and(mine, eq(visitFollowUps.done, false), lt(visitFollowUps.dueOn, today)))
      .orderBy(asc(visitFollowUps.dueOn), asc(visitFollowUps.id)).limit(500),
    writingDone(db, user.id, from, to),
  ]);
  const doneOf = (kind: string) => Number(placeCounts.find((p) => p.kind === kind)?.n ?? 0);
  return {
    quota: {
      village: { ...campaign.quota.village, done: doneOf('village') },
      enterprise: { ...campaign.quota.enterprise, done: doneOf('enterprise') },
    },
    plans,
    visits: await presentVisits(db, visitRows, user),
    writing: { planned: goal[0]?.planned ?? 0, done: written },
    overdue: {
      plans: overduePlans,
      followUps: openFollowUps.map((r) => ({
        id: r.f.id, visitId: r.f.visitId, text: r.f.text, dueOn: r.f.dueOn, done: r.f.done,
        place: { id: r.placeId, name: r.placeName, kind: r.placeKind },
      })),
    },
  };
}

/** Sets how many field notes a member intends to write in the active campaign, and answers the goal with what is done. */
export async function setWritingGoal(db: DbOrTx, user: UserRow, planned: number): Promise<WritingGoalView> {
  const campaign = await getActiveCampaign(db);
  await db.insert(campaignWritingGoals).values({ campaignId: campaign.id, userId: user.id, planned })
    .onConflictDoUpdate({ target: [campaignWritingGoals.campaignId, campaignWritingGoals.userId], set: { planned, updatedAt: new Date() } });
  const { from, to } = campaignRange(campaign);
  return { planned, done: await writingDone(db, user.id, from, to) };
}
