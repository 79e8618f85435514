import { and, asc, desc, eq, gte, inArray, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { places, topics, units, users, visitFollowUps, visitPlans, visits, type CampaignRow, type UserRow, type VisitFollowUpRow, type VisitRow } from '../../db/schema';
import { FINDING_KEYS, type IntegrityEntry, type VisitFindings } from '../../domain/campaign';
import { canChangeFollowUps, canSeeVisitDetails, type Viewer, type VisitViewer } from '../../domain/roles';
import { isCalendarDate } from '../../domain/text';
import { fail } from '../../errors';
import { addDays, localToday } from '../../lib/dates';
import { cutPage, decodeCursor } from '../../lib/keyset-cursor';
import type { Page } from '../../presenters/page.presenter';
import type { PlaceRef } from '../../presenters/place.presenter';
import type { TopicView } from '../../presenters/topic.presenter';
import { presentUserRef, type UserRef } from '../../presenters/user.presenter';
import {
  presentVisit, type NewVisitView, type OverlapView, type VisitDetailView, type VisitRelations, type VisitView,
} from '../../presenters/visit.presenter';
import { loadUnitTree } from '../accounts/unit.service';
import { presentTopics, topicsVisibleTo } from '../forum/forum.loader';
import { getActiveCampaign } from './campaign.service';

/*
 * The visit log: recording a visit with its findings, follow-ups and integrity attestation;
 * the lists and pages that show visits, each through presentVisits (so no path shows more
 * than canSeeVisitDetails allows); and overlap warnings, shared with plan.service.
 */

/** A visit as a member submits it. */
export interface VisitInput {
  placeId: number;
  visitedOn: string;
  participantIds?: number[];
  activity: string;
  purpose?: string;
  findings?: Partial<VisitFindings>;
  followUps?: { text: string; dueOn?: string | null }[];
  integrity: { item: string; confirmed: boolean; explanation?: string | null }[];
}

/** Loads the places, users and follow-ups that presenting these visits needs, in three queries. */
export async function loadVisitRelations(db: DbOrTx, rows: VisitRow[]): Promise<VisitRelations> {
  const placeIds = [...new Set(rows.map((r) => r.placeId))];
  const userIds = [...new Set(rows.flatMap((r) => [r.createdBy, ...r.participantIds]))];
  const visitIds = rows.map((r) => r.id);
  const [placeRows, userRows, followRows] = await Promise.all([
    placeIds.length ? db.select({ id: places.id, name: places.name, kind: places.kind }).from(places).where(inArray(places.id, placeIds)) : [],
    userIds.length ? db.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users).where(inArray(users.id, userIds)) : [],
    visitIds.length ? db.select().from(visitFollowUps).where(inArray(visitFollowUps.visitId, visitIds)).orderBy(asc(visitFollowUps.id)) : [],
  ]);
  const followUps = new Map<number, VisitFollowUpRow[]>();
  for (const f of followRows) followUps.set(f.visitId, [...(followUps.get(f.visitId) ?? []), f]);
  return {
    places: new Map(placeRows.map((p): [number, PlaceRef] => [p.id, p])),
    users: new Map(userRows.map((u): [number, UserRef] => [u.id, presentUserRef(u)])),
    followUps,
  };
}

/**
 * Presents visit rows with everything they name, as `viewer` may see them: every path that
 * answers a visit goes through here, so none shows more than canSeeVisitDetails allows.
 */
export async function presentVisits(db: DbOrTx, rows: VisitRow[], viewer: VisitViewer): Promise<VisitView[]> {
  const supervises = viewer.unitId !== null && viewer.roles.includes('supervisor');
  const [rel, tree] = await Promise.all([loadVisitRelations(db, rows), supervises && rows.length > 0 ? loadUnitTree(db) : null]);
  return rows.map((r) => presentVisit(r, rel, canSeeVisitDetails(viewer, r, tree)));
}

/** Checks an attestation: exactly one entry per campaign item; unconfirmed ones explained. */
export function checkIntegrity(campaign: Pick<CampaignRow, 'integrity'>, entries: VisitInput['integrity']): IntegrityEntry[] {
  const known = new Map(campaign.integrity.map((i) => [i.id, i]));
  const seen = new Set<string>();
  const out: IntegrityEntry[] = [];
  entries.forEach((entry, i) => {
    const item = known.get(entry.item);
    if (!item) {
      throw fail.validation(`integrity.${i}.item`, `"${entry.item}" is not one of the campaign's integrity items (${[...known.keys()].join(', ')}).`, `“${entry.item}”不是“五不准”中的一项。`);
    }
    if (seen.has(entry.item)) {
      throw fail.validation(`integrity.${i}.item`, `The integrity item "${item.textEn || item.text}" is attested twice.`, `“${item.text}”重复确认。`);
    }
    seen.add(entry.item);
    const explanation = entry.explanation?.trim() ?? '';
    if (!entry.confirmed && explanation === '') {
      throw fail.validation(`integrity.${i}.explanation`, `"${item.textEn || item.text}" is not confirmed: explain what happened.`, `未确认“${item.text}”，请说明情况。`);
    }
    out.push({ item: entry.item, confirmed: entry.confirmed, ...(explanation ? { explanation } : {}) });
  });
  const missing = campaign.integrity.filter((i) => !seen.has(i.id));
  if (missing.length > 0) {
    throw fail.validation('integrity', `Every integrity item must be confirmed or explained; missing: ${missing.map((m) => `"${m.textEn || m.text}"`).join(', ')}.`, `每一项“五不准”都须确认或说明，缺少：${missing.map((m) => `“${m.text}”`).join('、')}。`);
  }
  return out;
}

/** A place named in a body or query must exist: otherwise a 400 naming placeId. */
export async function checkPlaceField(db: DbOrTx, placeId: number): Promise<void> {
  const [place] = await db.select({ id: places.id }).from(places).where(eq(places.id, placeId));
  if (!place) throw fail.validation('placeId', `There is no place with id ${placeId}.`, '所选地点不存在。');
}

/** The unit a member logs or plans for: their own; a member without one cannot. */
export function requireUnit(user: UserRow): number {
  if (user.unitId === null) {
    throw fail.validation('unitId', 'Your account belongs to no unit, and visits and plans belong to the logger\'s unit. Ask an administrator to set your unit.', '您的账号未归属任何单位，走访记录和计划归属于记录人的单位。请联系管理员设置您的单位。');
  }
  return user.unitId;
}

/** Records a visit for the logger's unit, against the active campaign, and answers it with the overlaps it has. */
export async function createVisit(db: Db, user: UserRow, input: VisitInput): Promise<NewVisitView> {
  const unitId = requireUnit(user);
  const campaign = await getActiveCampaign(db);
  if (!isCalendarDate(input.visitedOn)) throw fail.validation('visitedOn', 'visitedOn must be a real date (YYYY-MM-DD).', '走访日期不是有效日期。');
  const today = localToday();
  if (input.visitedOn > today) {
    throw fail.validation('visitedOn', `visitedOn may not be in the future (today is ${today} in Beijing time); plan a future visit instead.`, `走访日期不能晚于今天（${today}）；未来的走访请制定计划。`);
  }
  await checkPlaceField(db, input.placeId);
  const participantIds = [...new Set(input.participantIds ?? [])];
  if (participantIds.length > 0) {
    const found = await db.select({ id: users.id }).from(users).where(inArray(users.id, participantIds));
    const foundIds = new Set(found.map((u) => u.id));
    const unknown = participantIds.filter((id) => !foundIds.has(id));
    if (unknown.length > 0) throw fail.validation('participantIds', `No user has the id ${unknown.join(', ')}.`, `参与人员不存在（编号 ${unknown.join('、')}）。`);
  }
  if (!campaign.activities.some((a) => a.id === input.activity)) {
    throw fail.validation('activity', `"${input.activity}" is not one of the campaign's activities (${campaign.activities.map((a) => a.id).join(', ')}).`, '所选活动不是本次专项行动的活动。');
  }
  const integrity = checkIntegrity(campaign, input.integrity);
  const followUps = (input.followUps ?? []).map((f, i) => {
    const text = f.text.trim();
    if (text === '') throw fail.validation(`followUps.${i}.text`, 'A follow-up needs a text.', '后续事项不能为空。');
    if (f.dueOn != null && !isCalendarDate(f.dueOn)) throw fail.validation(`followUps.${i}.dueOn`, 'dueOn must be a real date (YYYY-MM-DD).', '完成期限不是有效日期。');
    return { text, dueOn: f.dueOn ?? null };
  });
  const findings = Object.fromEntries(FINDING_KEYS.map((key) => [key, input.findings?.[key]?.trim() ?? ''])) as VisitFindings;
  const row = await db.transaction(async (tx) => {
    const [visit] = await tx.insert(visits).values({
      placeId: input.placeId, unitId, createdBy: user.id, visitedOn: input.visitedOn, participantIds,
      activity: input.activity, purpose: input.purpose?.trim() ?? '', findings, integrity,
      integrityException: integrity.some((e) => !e.confirmed),
    }).returning();
    if (!visit) throw new Error('visit insert returned nothing');
    if (followUps.length > 0) await tx.insert(visitFollowUps).values(followUps.map((f) => ({ ...f, visitId: visit.id })));
    return visit;
  });
  const [visit] = await presentVisits(db, [row], user);
  const overlaps = await findOverlaps(db, { placeId: row.placeId, date: row.visitedOn, unitId, windowDays: campaign.overlapWindowDays });
  return { visit: visit as VisitView, overlaps };
}

/** Filters and page of GET /api/visits. */
export interface VisitQuery {
  placeId?: number;
  /** A unit: its visits and those of the units below it. */
  unitId?: number;
  from?: string;
  to?: string;
  activity?: string;
  /** Only the visits the viewer logged or took part in (as a participant), across units. */
  mine?: boolean;
  limit: number;
  cursor?: string;
}

/** Visits, newest visitedOn first, keyset-paged, as `viewer` may see them. */
export async function listVisits(db: DbOrTx, query: VisitQuery, viewer: VisitViewer): Promise<Page<VisitView>> {
  const where: SQL[] = [];
  if (query.placeId) where.push(eq(visits.placeId, query.placeId));
  if (query.unitId) {
    const tree = await loadUnitTree(db);
    where.push(inArray(visits.unitId, tree.subtree(query.unitId).concat(-1)));
  }
  for (const [field, value] of [['from', query.from], ['to', query.to]] as const) {
    if (value !== undefined && !isCalendarDate(value)) throw fail.validation(field, `${field} must be a real date (YYYY-MM-DD).`, '日期格式不正确。');
  }
  if (query.from) where.push(gte(visits.visitedOn, query.from));
  if (query.to) where.push(lte(visits.visitedOn, query.to));
  if (query.activity) where.push(eq(visits.activity, query.activity));
  if (query.mine) where.push(or(eq(visits.createdBy, viewer.id), sql`${viewer.id} = any(${visits.participantIds})`) as SQL);
  if (query.cursor) {
    const [on, id] = decodeCursor('visits', query.cursor, ['d', 'n']) as [string, number];
    where.push(or(lt(visits.visitedOn, on), and(eq(visits.visitedOn, on), lt(visits.id, id))) as SQL);
  }
  const rows = await db.select().from(visits).where(and(...where)).orderBy(desc(visits.visitedOn), desc(visits.id)).limit(query.limit + 1);
  const { rows: page, nextCursor } = cutPage(rows, query.limit, 'visits', (r) => [r.visitedOn, r.id]);
  return { items: await presentVisits(db, page, viewer), nextCursor };
}

/** One visit row, or 404. */
export async function getVisitRow(db: DbOrTx, id: number): Promise<VisitRow> {
  const [row] = await db.select().from(visits).where(eq(visits.id, id));
  if (!row) throw fail.notFound('The visit does not exist.', '该走访记录不存在。');
  return row;
}

/** One visit as the viewer may see it, with the notes (topics) linked to it. */
export async function getVisit(db: DbOrTx, id: number, viewer: VisitViewer): Promise<VisitDetailView> {
  const row = await getVisitRow(db, id);
  const [[visit], posts] = await Promise.all([presentVisits(db, [row], viewer), linkedPosts(db, row.id, viewer)]);
  return { visit: visit as VisitView, posts };
}

/** The notes whose link to a visit a moderator confirmed, oldest first, as the viewer sees them. */
async function linkedPosts(db: DbOrTx, visitId: number, viewer: Viewer): Promise<TopicView[]> {
  const rows = await db
    .select()
    .from(topics)
    .where(and(eq(topics.visitId, visitId), eq(topics.visitClaim, 'confirmed'), eq(topics.held, false)))
    .orderBy(asc(topics.id))
    .limit(100);
  return presentTopics(db, rows, viewer);
}

/** The notes about a place: only those whose visit link a moderator confirmed (a claim waits off the page). */
export async function placePosts(db: DbOrTx, placeId: number, viewer: Viewer, limit = 20): Promise<TopicView[]> {
  const rows = await db.select({ topic: topics }).from(topics).innerJoin(visits, eq(visits.id, topics.visitId))
    .where(and(eq(visits.placeId, placeId), eq(topics.visitClaim, 'confirmed'), topicsVisibleTo(viewer)))
    .orderBy(desc(topics.id)).limit(limit);
  return presentTopics(db, rows.map((r) => r.topic), viewer);
}

/** Marks a follow-up done or not: the visit's creator, a participant or a moderator may. */
export async function setFollowUpDone(db: DbOrTx, user: UserRow, visitId: number, followUpId: number, done: boolean): Promise<VisitView> {
  const visit = await getVisitRow(db, visitId);
  const [follow] = await db.select().from(visitFollowUps).where(and(eq(visitFollowUps.id, followUpId), eq(visitFollowUps.visitId, visitId)));
  if (!follow) throw fail.notFound('The follow-up does not exist on this visit.', '该走访记录没有这项后续事项。');
  if (!canChangeFollowUps(user, visit)) throw fail.forbidden('Only the visit\'s logger, its participants or a moderator may change its follow-ups.', '只有记录人、参与人员或版主可以更改后续事项。');
  await db.update(visitFollowUps).set({ done, doneAt: done ? new Date() : null }).where(eq(visitFollowUps.id, followUpId));
  const [view] = await presentVisits(db, [visit], user);
  return view as VisitView;
}

/** Where and when to look for overlaps, and whose own rows to leave out. */
export interface OverlapQuery {
  placeId: number;
  date: string;
  /** The asking unit: its own visits and plans are not overlaps. Null: every unit's count. */
  unitId: number | null;
  windowDays: number;
}

/**
 * GET /api/overlaps: before submitting a visit or plan, the other units' visits and plans at
 * a place (which must exist) within the active campaign's window of a date.
 */
export async function overlapsFor(db: DbOrTx, user: UserRow, query: { placeId: number; date: string }): Promise<OverlapView[]> {
  await checkPlaceField(db, query.placeId);
  const campaign = await getActiveCampaign(db);
  return findOverlaps(db, { placeId: query.placeId, date: query.date, unitId: user.unitId, windowDays: campaign.overlapWindowDays });
}

/**
 * Other units' visits and plans at the same place within ±windowDays of the date (both
 * edges included), earliest first. Nothing is refused because of them: they are a warning.
 */
export async function findOverlaps(db: DbOrTx, query: OverlapQuery): Promise<OverlapView[]> {
  const from = addDays(query.date, -query.windowDays);
  const to = addDays(query.date, query.windowDays);
  const visitWhere = [eq(visits.placeId, query.placeId), gte(visits.visitedOn, from), lte(visits.visitedOn, to)];
  const planWhere = [eq(visitPlans.placeId, query.placeId), gte(visitPlans.plannedFor, from), lte(visitPlans.plannedFor, to)];
  if (query.unitId !== null) {
    visitWhere.push(ne(visits.unitId, query.unitId));
    planWhere.push(ne(visitPlans.unitId, query.unitId));
  }
  const [visitRows, planRows] = await Promise.all([
    db.select({ id: visits.id, unitId: visits.unitId, unitName: units.name, date: visits.visitedOn, userId: users.id, username: users.username, displayName: users.displayName })
      .from(visits).innerJoin(units, eq(units.id, visits.unitId)).innerJoin(users, eq(users.id, visits.createdBy))
      .where(and(...visitWhere)).orderBy(asc(visits.visitedOn), asc(visits.id)).limit(100),
    db.select({ id: visitPlans.id, unitId: visitPlans.unitId, unitName: units.name, date: visitPlans.plannedFor, userId: users.id, username: users.username, displayName: users.displayName })
      .from(visitPlans).innerJoin(units, eq(units.id, visitPlans.unitId)).innerJoin(users, eq(users.id, visitPlans.userId))
      .where(and(...planWhere)).orderBy(asc(visitPlans.plannedFor), asc(visitPlans.id)).limit(100),
  ]);
  const toView = (type: 'visit' | 'plan') => (r: (typeof visitRows)[number]): OverlapView => ({
    type, id: r.id, unitId: r.unitId, unitName: r.unitName, date: r.date,
    by: { id: r.userId, username: r.username, displayName: r.displayName },
  });
  return [...visitRows.map(toView('visit')), ...planRows.map(toView('plan'))]
    .sort((a, b) => (a.date === b.date ? (a.type === b.type ? a.id - b.id : a.type === 'visit' ? -1 : 1) : a.date < b.date ? -1 : 1));
}

