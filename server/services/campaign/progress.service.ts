import { and, count, desc, eq, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { places, units, visitFollowUps, visits, type CampaignRow, type UserRow } from '../../db/schema';
import { TARGET_KINDS } from '../../domain/campaign';
import { inLocale, type DataLocale } from '../../domain/locale';
import { hasRole, isAdmin } from '../../domain/roles';
import { fail } from '../../errors';
import { localToday } from '../../lib/dates';
import { namesOf, textsOf, type IntegrityExceptionView, type ProgressView, type UnitProgressView } from '../../presenters/campaign.presenter';
import { loadUnitTree, type UnitTree } from '../accounts/unit.service';
import { campaignRange, getActiveCampaign } from './campaign.service';

/*
 * The campaign's progress and what supervisors watch: targets against what is done, by unit
 * (rolled up the tree), phase, month and activity; unconfirmed integrity items; and the
 * scopes of units a user may look at, shared with report.service.
 */

/** A date range of a query (each date already checked by the schema). */
export interface DateRange {
  from?: string;
  to?: string;
}

/** `to` may not be before `from`: a 400 naming `to`. */
export function checkRange(range: DateRange): void {
  if (range.from && range.to && range.from > range.to) throw fail.validation('to', 'to must not be before from.', '结束日期不能早于开始日期。');
}

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
  if (isAdmin(user)) return scopeUnits(tree, unitId, undefined);
  if (!hasRole(user, 'supervisor')) throw fail.forbidden();
  return scopeUnits(tree, unitId, user.unitId);
}

function inScope(column: Parameters<typeof inArray>[0], scope: number[] | null): SQL | undefined {
  return scope === null ? undefined : inArray(column, scope.length ? scope : [-1]);
}

/** The first visit, within the campaign year, of every village and enterprise. */
async function firstVisits(db: DbOrTx, from: string, to: string): Promise<{ placeId: number; kind: string; unitId: number; visitedOn: string }[]> {
  const result = await db.execute(sql`
    select distinct on (v.place_id) v.place_id, p.kind, v.unit_id, v.visited_on::text as visited_on
    from visits v join places p on p.id = v.place_id
    where v.visited_on between ${from} and ${to} and p.kind in (${sql.join(TARGET_KINDS.map((kind) => sql`${kind}`), sql`, `)})
    order by v.place_id, v.visited_on, v.id`);
  const rows = (Array.isArray(result) ? result : (result as { rows?: unknown[] }).rows ?? []) as Record<string, unknown>[];
  return rows.map((r) => ({ placeId: Number(r.place_id), kind: String(r.kind), unitId: Number(r.unit_id), visitedOn: String(r.visited_on).slice(0, 10) }));
}

/**
 * GET /api/campaign/progress for a member: the whole campaign is open to every member; a
 * supervisor (not an admin) may narrow it with `unitId` only within their own subtree. One
 * snapshot for the unit tree and every count, so the totals and the rolled-up tree agree even
 * while visits and units are being added.
 */
export async function progressFor(db: Db, user: UserRow, unitId: number | undefined, locale: DataLocale): Promise<ProgressView> {
  return db.transaction(async (tx) => {
    const [campaign, tree] = await Promise.all([getActiveCampaign(tx), loadUnitTree(tx)]);
    const restrict = hasRole(user, 'supervisor') && !isAdmin(user) && unitId !== undefined ? user.unitId : undefined;
    const scope = scopeUnits(tree, unitId, restrict);
    return campaignProgress(tx, campaign, tree, scope, unitId ?? null, locale);
  }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/**
 * The campaign's progress in a scope of units (null: all). A place counts toward its
 * target once, on its first visit within the campaign year; that visit's unit, phase and
 * month get the count. Unit lines are rolled up their subtree.
 */
async function campaignProgress(
  db: DbOrTx, campaign: CampaignRow, tree: UnitTree, scope: number[] | null, unitId: number | null, locale: DataLocale,
): Promise<ProgressView> {
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
  const byPhase = new Map(campaign.phases.map((p) => [p.id, { id: p.id, name: inLocale(namesOf(p), locale), from: p.from, to: p.to, visits: 0, villages: 0, enterprises: 0 }]));
  const byMonth = new Map(Array.from({ length: 12 }, (_, i) => {
    const month = `${campaign.year}-${String(i + 1).padStart(2, '0')}`;
    return [month, { month, visits: 0 }];
  }));
  const activities = new Map(campaign.activities.map((a) => [a.id, { id: a.id, name: inLocale(namesOf(a), locale), visits: 0 }]));
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
  const byUnit = listed.map((u): UnitProgressView => {
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

/** GET /api/campaign/integrity-exceptions: a supervisor's (their subtree) or admin's unconfirmed integrity items. */
export async function integrityExceptionsFor(
  db: DbOrTx, user: UserRow, query: DateRange & { unitId?: number }, locale: DataLocale,
): Promise<IntegrityExceptionView[]> {
  checkRange(query);
  const [campaign, tree] = await Promise.all([getActiveCampaign(db), loadUnitTree(db)]);
  const scope = supervisorScope(tree, user, query.unitId);
  return integrityExceptions(db, campaign, scope, query, locale);
}

/** Unconfirmed integrity items in a scope, newest visit first (at most 500 visits). */
async function integrityExceptions(
  db: DbOrTx, campaign: CampaignRow, scope: number[] | null, range: { from?: string; to?: string }, locale: DataLocale,
): Promise<IntegrityExceptionView[]> {
  const rows = await db.select({
    id: visits.id, integrity: visits.integrity, visitedOn: visits.visitedOn,
    placeId: places.id, placeName: places.name, placeKind: places.kind, unitId: units.id, unitName: units.name,
  }).from(visits).innerJoin(places, eq(places.id, visits.placeId)).innerJoin(units, eq(units.id, visits.unitId))
    .where(and(
      eq(visits.integrityException, true), inScope(visits.unitId, scope),
      range.from ? gte(visits.visitedOn, range.from) : undefined, range.to ? lte(visits.visitedOn, range.to) : undefined,
    ))
    .orderBy(desc(visits.visitedOn), desc(visits.id)).limit(500);
  const texts = new Map(campaign.integrity.map((i) => [i.id, inLocale(textsOf(i), locale)]));
  return rows.flatMap((r) => r.integrity.filter((e) => !e.confirmed).map((e) => ({
    visitId: r.id,
    item: { id: e.item, text: texts.get(e.item) ?? e.item },
    explanation: e.explanation ?? '',
    place: { id: r.placeId, name: r.placeName, kind: r.placeKind },
    unit: { id: r.unitId, name: r.unitName },
    visitedOn: r.visitedOn,
  })));
}

