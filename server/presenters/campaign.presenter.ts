import type { CampaignRow, PlaceRow, UserRow, VisitFollowUpRow, VisitPlanRow, VisitRow } from '../db/schema';
import type { CampaignActivity, CampaignIntegrityItem, CampaignPhase, CampaignQuota, CampaignTargets, IntegrityEntry, PlaceKind, VisitFindings } from '../domain/campaign';

/** The public shape of the campaign (GET /api/campaign). */
export interface CampaignView {
  id: number;
  name: string;
  year: number;
  phases: CampaignPhase[];
  targets: CampaignTargets;
  quota: CampaignQuota;
  activities: CampaignActivity[];
  integrity: CampaignIntegrityItem[];
  overlapWindowDays: number;
}

/** Presents the campaign row. */
export function presentCampaign(row: CampaignRow): CampaignView {
  return {
    id: row.id, name: row.name, year: row.year, phases: row.phases, targets: row.targets, quota: row.quota,
    activities: row.activities, integrity: row.integrity, overlapWindowDays: row.overlapWindowDays,
  };
}

/** The public shape of a place. */
export interface PlaceView {
  id: number;
  name: string;
  kind: PlaceKind;
  category: string | null;
  unitId: number;
  address: string | null;
  createdAt: string;
}

/** Presents a place row. */
export function presentPlace(row: PlaceRow): PlaceView {
  return {
    id: row.id, name: row.name, kind: row.kind, category: row.category, unitId: row.unitId,
    address: row.address, createdAt: row.createdAt.toISOString(),
  };
}

/** A place named inside a visit or plan. */
export interface PlaceRef {
  id: number;
  name: string;
  kind: PlaceKind;
}

/** A user named inside a visit, plan or overlap (no roles, no unit). */
export interface UserRef {
  id: number;
  username: string;
  displayName: string;
}

/** Presents a user as a short reference. */
export function presentUserRef(row: Pick<UserRow, 'id' | 'username' | 'displayName'>): UserRef {
  return { id: row.id, username: row.username, displayName: row.displayName };
}

/** A follow-up item of a visit. */
export interface FollowUpView {
  id: number;
  text: string;
  dueOn: string | null;
  done: boolean;
}

/** Presents a follow-up row. */
export function presentFollowUp(row: VisitFollowUpRow): FollowUpView {
  return { id: row.id, text: row.text, dueOn: row.dueOn, done: row.done };
}

/** One attested integrity item as a viewer sees it: the explanation is null to those who may not read it. */
export interface IntegrityView {
  item: string;
  confirmed: boolean;
  explanation?: string | null;
}

/**
 * The public shape of a visit (API.md). Every signed-in member sees the coordination facts;
 * the findings, follow-ups and integrity explanations are null unless `detailsVisible`.
 */
export interface VisitView {
  id: number;
  placeId: number;
  place: PlaceRef;
  unitId: number;
  createdBy: UserRef;
  visitedOn: string;
  participantIds: number[];
  participants: UserRef[];
  activity: string;
  purpose: string;
  /** Whether this viewer may see the findings, follow-ups and integrity explanations. */
  detailsVisible: boolean;
  findings: VisitFindings | null;
  followUps: FollowUpView[] | null;
  integrity: IntegrityView[];
  createdAt: string;
}

/** What presenting a visit needs besides its row: its place, people and follow-ups. */
export interface VisitRelations {
  places: Map<number, PlaceRef>;
  users: Map<number, UserRef>;
  followUps: Map<number, VisitFollowUpRow[]>;
}

const UNKNOWN_USER = (id: number): UserRef => ({ id, username: '', displayName: '' });

/**
 * Presents a visit row with its relations, for a viewer who may (`detailsVisible`) or may not
 * see its findings, follow-ups and integrity explanations (see canSeeVisitDetails).
 */
export function presentVisit(row: VisitRow, rel: VisitRelations, detailsVisible: boolean): VisitView {
  return {
    id: row.id,
    placeId: row.placeId,
    place: rel.places.get(row.placeId) ?? { id: row.placeId, name: '', kind: 'village' },
    unitId: row.unitId,
    createdBy: rel.users.get(row.createdBy) ?? UNKNOWN_USER(row.createdBy),
    visitedOn: row.visitedOn,
    participantIds: row.participantIds,
    participants: row.participantIds.map((id) => rel.users.get(id) ?? UNKNOWN_USER(id)),
    activity: row.activity,
    purpose: row.purpose,
    detailsVisible,
    findings: detailsVisible ? row.findings : null,
    followUps: detailsVisible ? (rel.followUps.get(row.id) ?? []).map(presentFollowUp) : null,
    integrity: row.integrity.map((e): IntegrityView => (detailsVisible
      ? { item: e.item, confirmed: e.confirmed, ...(e.explanation ? { explanation: e.explanation } : {}) }
      : { item: e.item, confirmed: e.confirmed, explanation: null })),
    createdAt: row.createdAt.toISOString(),
  };
}

/** The public shape of a planned visit. */
export interface VisitPlanView {
  id: number;
  placeId: number;
  place: PlaceRef;
  userId: number;
  user: UserRef;
  unitId: number;
  plannedFor: string;
  note: string;
  done: boolean;
  createdAt: string;
}

/** Presents a plan row with its place, user and done flag. */
export function presentVisitPlan(row: VisitPlanRow, place: PlaceRef, user: UserRef, done: boolean): VisitPlanView {
  return {
    id: row.id, placeId: row.placeId, place, userId: row.userId, user, unitId: row.unitId,
    plannedFor: row.plannedFor, note: row.note, done, createdAt: row.createdAt.toISOString(),
  };
}

/** Another unit's visit or plan at the same place within the campaign's window. */
export interface OverlapView {
  type: 'visit' | 'plan';
  id: number;
  unitId: number;
  unitName: string;
  date: string;
  by: UserRef;
}
