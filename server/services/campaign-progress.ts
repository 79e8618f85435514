import { and, asc, count, countDistinct, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { campaignWritingGoals, places, topics, units, visitFollowUps, visits, type CampaignRow, type UserRow } from '../db/schema';
import type { UnitLevel } from '../domain/units';
import { fail } from '../errors';
import { hasRole } from '../domain/roles';
import type { PlaceRef, VisitPlanView, VisitView } from '../presenters/campaign.presenter';
import { campaignRange } from './campaign';
import { addDays, localToday } from './campaign-dates';
import { loadUnitTree, type UnitTree } from './unit-tree';
import { listPlans } from './visit-plans';
import { presentVisits } from './visits';

/**
 * Which units a request may look at. Null means every unit. A `unitId` narrows to that
 * unit's subtree; `restrictTo` (a supervisor's own unit) refuses units outside its subtree.
 */
export function scopeUnits(tree: UnitTree, unitId: number | undefined, restrictTo: number | null | undefined): number[] | null {
  if (unitId !== undefined && !tree.byId.has(unitId)) {
    throw fail.validation('unitId', `There is no unit with id ${unitId}.`, '该单位不存在。');
  }
  if (restrictTo === undefined) return unitId === undefined ? null : tree.subtree(unitId);
  if (restrictTo === null) throw fail.forbidden('Your account belongs to no unit, so there is no subtree for you to see.', '您的账号未归属任何单位，无法查看下属单位的数据。');
  if (unitId === undefined) return tree.subtree(restrictTo);
  if (!tree.contains(restrictTo, unitId)) {
    throw fail.forbidden('You may only see your own unit and the units below it.', '您只能查看本单位及下属单位的数据。');
  }
  return tree.subtree(unitId);
}

/**
 * The scope of a supervisor's or admin's report or list: admins see every unit, supervisors
 * their unit's subtree; anyone else is refused.
 */
export function supervisorScope(tree: UnitTree, user: UserRow, unitId: number | undefined): number[] | null {
  if (user.roles.includes('admin')) return scopeUnits(tree, unitId, undefined);
  if (!hasRole(user, 'supervisor')) throw fail.forbidden();
  return scopeUnits(tree, unitId, user.unitId);
}

/** A unit's line of the progress answer, rolled up over its subtree. */
export interface UnitProgress {
  unitId: number;
  name: string;
  level: UnitLevel;
  parentId: number | null;
  villages: number;
  enterprises: number;
  visits: number;
}

/** GET /api/campaign/progress. */
export interface Progress {
  year: number;
  unitId: number | null;
  targets: { village: { target: number; done: number }; enterprise: { target: number; done: number } };
  byUnit: UnitProgress[];
  byPhase: { id: string; name: string; from: string; to: string; visits: number; villages: number; enterprises: number }[];
  byMonth: { month: string; visits: number }[];
  activities: { id: string; name: string; visits: number }[];
  overdueFollowUps: number;
  integrityExceptions: number;
}

function inScope(column: Parameters<typeof inArray>[0], scope: number[] | null): SQL | undefined {
  return scope === null ? undefined : inArray(column, scope.length ? scope : [-1]);
}

/** The first visit, within the campaign year, of every village and enterprise. */
async function firstVisits(db: DbOrTx, from: string, to: string): Promise<{ placeId: number; kind: string; unitId: number; visitedOn: string }[]> {
  const result = await db.execute(sql`
    select distinct on (v.place_id) v.place_id, p.kind, v.unit_id, v.visited_on::text as visited_on
    from visits v join places p on p.id = v.place_id
    where v.visited_on between ${from} and ${to} and p.kind in ('village', 'enterprise')
    order by v.place_id, v.visited_on, v.id`);
  const rows = (Array.isArray(result) ? result : (result as { rows?: unknown[] }).rows ?? []) as Record<string, unknown>[];
  return rows.map((r) => ({ placeId: Number(r.place_id), kind: String(r.kind), unitId: Number(r.unit_id), visitedOn: String(r.visited_on).slice(0, 10) }));
}

/**
 * The campaign's progress in a scope of units (null: all). A place counts toward its
 * target once, on its first visit within the campaign year; that visit's unit, phase and
 * month get the count. Unit lines are rolled up their subtree.
 */
export async function campaignProgress(db: DbOrTx, campaign: CampaignRow, tree: UnitTree, scope: number[] | null, unitId: number | null): Promise<Progress> {
  const { from, to } = campaignRange(campaign);
  const scopeSet = scope === null ? null : new Set(scope);
  const within = (id: number) => scopeSet === null || scopeSet.has(id);
  const [firsts, dayCounts, overdue, exceptions] = await Promise.all([
    firstVisits(db, from, to),
    db.select({ unitId: visits.unitId, on: visits.visitedOn, activity: visits.activity, n: count() }).from(visits)
      .where(and(gte(visits.visitedOn, from), lte(visits.visitedOn, to), inScope(visits.unitId, scope)))
      .groupBy(visits.unitId, visits.visitedOn, visits.activity),
    db.select({ n: count() }).from(visitFollowUps).innerJoin(visits, eq(visits.id, visitFollowUps.visitId))
      .where(and(eq(visitFollowUps.done, false), lt(visitFollowUps.dueOn, localToday()), inScope(visits.unitId, scope))),
    db.select({ integrity: visits.integrity }).from(visits)
      .where(and(eq(visits.integrityException, true), gte(visits.visitedOn, from), lte(visits.visitedOn, to), inScope(visits.unitId, scope))),
  ]);
  const counted = firsts.filter((f) => within(f.unitId));
  const phaseOf = (on: string) => campaign.phases.find((p) => p.from <= on && on <= p.to)?.id;

  const own = new Map<number, { villages: number; enterprises: number; visits: number }>();
  const ownOf = (id: number) => {
    let o = own.get(id);
    if (!o) { o = { villages: 0, enterprises: 0, visits: 0 }; own.set(id, o); }
    return o;
  };
  const byPhase = new Map(campaign.phases.map((p) => [p.id, { id: p.id, name: p.name, from: p.from, to: p.to, visits: 0, villages: 0, enterprises: 0 }]));
  const byMonth = new Map(Array.from({ length: 12 }, (_, i) => {
    const month = `${campaign.year}-${String(i + 1).padStart(2, '0')}`;
    return [month, { month, visits: 0 }];
  }));
  const activities = new Map(campaign.activities.map((a) => [a.id, { id: a.id, name: a.name, visits: 0 }]));
  for (const d of dayCounts) {
    const n = Number(d.n);
    ownOf(d.unitId).visits += n;
    const phase = phaseOf(d.on);
    if (phase) (byPhase.get(phase) as { visits: number }).visits += n;
    const month = byMonth.get(d.on.slice(0, 7));
    if (month) month.visits += n;
    const activity = activities.get(d.activity);
    if (activity) activity.visits += n;
  }
  let villages = 0;
  let enterprises = 0;
  for (const f of counted) {
    const key = f.kind === 'village' ? 'villages' : 'enterprises';
    if (key === 'villages') villages += 1; else enterprises += 1;
    ownOf(f.unitId)[key] += 1;
    const phase = phaseOf(f.visitedOn);
    if (phase) (byPhase.get(phase) as { villages: number; enterprises: number })[key] += 1;
  }
  const listed = scope === null ? tree.units : tree.units.filter((u) => scopeSet?.has(u.id));
  const byUnit = listed.map((u): UnitProgress => {
    const sum = { villages: 0, enterprises: 0, visits: 0 };
    for (const id of tree.subtree(u.id)) {
      const o = own.get(id);
      if (!o) continue;
      sum.villages += o.villages; sum.enterprises += o.enterprises; sum.visits += o.visits;
    }
    return { unitId: u.id, name: u.name, level: u.level, parentId: u.parentId, ...sum };
  });
  return {
    year: campaign.year,
    unitId,
    targets: {
      village: { target: campaign.targets.village, done: villages },
      enterprise: { target: campaign.targets.enterprise, done: enterprises },
    },
    byUnit,
    byPhase: [...byPhase.values()],
    byMonth: [...byMonth.values()],
    activities: [...activities.values()],
    overdueFollowUps: Number(overdue[0]?.n ?? 0),
    integrityExceptions: exceptions.reduce((n, v) => n + v.integrity.filter((e) => !e.confirmed).length, 0),
  };
}

/** One unconfirmed integrity item of one visit. */
export interface IntegrityException {
  visitId: number;
  item: { id: string; text: string };
  explanation: string;
  place: PlaceRef;
  unit: { id: number; name: string };
  visitedOn: string;
}

/** Unconfirmed integrity items in a scope, newest visit first (at most 500 visits). */
export async function integrityExceptions(
  db: DbOrTx, campaign: CampaignRow, scope: number[] | null, range: { from?: string; to?: string },
): Promise<IntegrityException[]> {
  const rows = await db.select({
    id: visits.id, integrity: visits.integrity, visitedOn: visits.visitedOn,
    placeId: places.id, placeName: places.name, placeKind: places.kind, unitId: units.id, unitName: units.name,
  }).from(visits).innerJoin(places, eq(places.id, visits.placeId)).innerJoin(units, eq(units.id, visits.unitId))
    .where(and(
      eq(visits.integrityException, true), inScope(visits.unitId, scope),
      range.from ? gte(visits.visitedOn, range.from) : undefined, range.to ? lte(visits.visitedOn, range.to) : undefined,
    ))
    .orderBy(desc(visits.visitedOn), desc(visits.id)).limit(500);
  const texts = new Map(campaign.integrity.map((i) => [i.id, i.text]));
  return rows.flatMap((r) => r.integrity.filter((e) => !e.confirmed).map((e) => ({
    visitId: r.id,
    item: { id: e.item, text: texts.get(e.item) ?? e.item },
    explanation: e.explanation ?? '',
    place: { id: r.placeId, name: r.placeName, kind: r.placeKind },
    unit: { id: r.unitId, name: r.unitName },
    visitedOn: r.visitedOn,
  })));
}

/** A follow-up named in the action plan, with the visit it belongs to. */
export interface OpenFollowUp {
  id: number;
  visitId: number;
  text: string;
  dueOn: string | null;
  done: boolean;
  place: PlaceRef;
}

/** GET /api/plan: a member's personal action plan for the campaign. */
export interface ActionPlan {
  quota: { village: { min: number; max: number; done: number }; enterprise: { min: number; max: number; done: number } };
  plans: VisitPlanView[];
  visits: VisitView[];
  writing: { planned: number; done: number };
  overdue: { plans: VisitPlanView[]; followUps: OpenFollowUp[] };
}

/** Counts a member's writing in the campaign year: field notes, editor's diaries, impressions. */
async function writingDone(db: DbOrTx, userId: number, from: string, to: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(topics).where(and(
    eq(topics.authorId, userId),
    inArray(topics.kind, ['field_note', 'editor_diary', 'field_impression']),
    gte(topics.createdAt, new Date(`${from}T00:00:00+08:00`)),
    lt(topics.createdAt, new Date(`${addDays(to, 1)}T00:00:00+08:00`)),
  ));
  return Number(row?.n ?? 0);
}

/** The member's quota progress, plans, recent visits, writing and what is overdue. */
export async function actionPlan(db: DbOrTx, campaign: CampaignRow, user: UserRow): Promise<ActionPlan> {
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

/** Sets how many field notes a member intends to write in the campaign. */
export async function setWritingGoal(db: DbOrTx, campaign: CampaignRow, user: UserRow, planned: number): Promise<void> {
  await db.insert(campaignWritingGoals).values({ campaignId: campaign.id, userId: user.id, planned })
    .onConflictDoUpdate({ target: [campaignWritingGoals.campaignId, campaignWritingGoals.userId], set: { planned, updatedAt: new Date() } });
}

export { loadUnitTree };
