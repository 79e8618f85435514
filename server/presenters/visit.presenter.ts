import type { VisitFollowUpRow, VisitPlanRow, VisitRow } from '../db/schema';
import type { OverlapType, VisitFindings } from '../domain/campaign';
import { unknownPlaceRef, type PlaceRef } from './place.presenter';
import type { TopicView } from './topic.presenter';
import { unknownUserRef, type UserRef } from './user.presenter';

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

/**
 * Presents a visit row with its relations, for a viewer who may (`detailsVisible`) or may not
 * see its findings, follow-ups and integrity explanations (see canSeeVisitDetails).
 */
export function presentVisit(row: VisitRow, rel: VisitRelations, detailsVisible: boolean): VisitView {
  return {
    id: row.id,
    placeId: row.placeId,
    place: rel.places.get(row.placeId) ?? unknownPlaceRef(row.placeId),
    unitId: row.unitId,
    createdBy: rel.users.get(row.createdBy) ?? unknownUserRef(row.createdBy),
    visitedOn: row.visitedOn,
    participantIds: row.participantIds,
    participants: row.participantIds.map((id) => rel.users.get(id) ?? unknownUserRef(id)),
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

/** GET /api/visits/:id: the visit and the notes (topics) linked to it. */
export interface VisitDetailView {
  visit: VisitView;
  posts: TopicView[];
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
  type: OverlapType;
  id: number;
  unitId: number;
  unitName: string;
  date: string;
  by: UserRef;
}

/** POST /api/visits: the visit and the overlaps it has. */
export interface NewVisitView {
  visit: VisitView;
  overlaps: OverlapView[];
}

/** POST /api/visit-plans: the plan and the overlaps it has. */
export interface NewPlanView {
  plan: VisitPlanView;
  overlaps: OverlapView[];
}
