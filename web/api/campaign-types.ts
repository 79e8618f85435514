/*
 * The campaign shapes of API.md ("Places, visits, plans, campaign") that the web app reads.
 * The server's schemas in server/routes/campaign/*.schema.ts are the source of truth.
 */
import type { UnitLevel } from './types';

/** The kinds of place the campaign visits. */
export const PLACE_KINDS = ['village', 'enterprise', 'contact_point', 'field_point'] as const;

/** One of PLACE_KINDS. */
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** A phase of the campaign, with its first and last day (YYYY-MM-DD). */
export interface CampaignPhase {
  id: string;
  name: string;
  from: string;
  to: string;
}

/** An item with a stable id and a name or text (activities, integrity items). */
export interface CampaignActivity {
  id: string;
  name: string;
}

/** One of the five prohibitions (五不准). */
export interface CampaignIntegrityItem {
  id: string;
  text: string;
}

/** A per-person range (each leadership member visits 1–2 villages...). */
export interface QuotaRange {
  min: number;
  max: number;
}

/** GET /api/campaign. */
export interface Campaign {
  id: number;
  name: string;
  year: number;
  phases: CampaignPhase[];
  targets: { village: number; enterprise: number };
  quota: { village: QuotaRange; enterprise: QuotaRange };
  activities: CampaignActivity[];
  integrity: CampaignIntegrityItem[];
  overlapWindowDays: number;
}

/** A place of the register. */
export interface Place {
  id: number;
  name: string;
  kind: PlaceKind;
  category: string | null;
  unitId: number;
  address: string | null;
  createdAt: string;
}

/** A place named inside a visit or plan. */
export interface PlaceRef {
  id: number;
  name: string;
  kind: PlaceKind;
}

/** A user named inside a visit, plan or overlap. */
export interface UserRef {
  id: number;
  username: string;
  displayName: string;
}

/** A follow-up of a visit. */
export interface FollowUp {
  id: number;
  text: string;
  dueOn: string | null;
  done: boolean;
}

/** The four findings of a visit (the 活动反馈表). */
export interface VisitFindings {
  problems: string;
  help: string;
  exemplars: string;
  opinions: string;
}

/** The keys of VisitFindings, in the order the form asks them. */
export const FINDING_KEYS = ['problems', 'help', 'exemplars', 'opinions'] as const;

/** One of FINDING_KEYS. */
export type FindingKey = (typeof FINDING_KEYS)[number];

/** One attested integrity item of a visit. */
export interface IntegrityEntry {
  item: string;
  confirmed: boolean;
  explanation?: string;
}

/** A logged visit. */
export interface Visit {
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
  findings: VisitFindings;
  followUps: FollowUp[];
  integrity: IntegrityEntry[];
  createdAt: string;
}

/** A planned visit on the shared calendar. */
export interface VisitPlan {
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

/** Another unit's visit or plan at the same place within the campaign's window. */
export interface Overlap {
  type: 'visit' | 'plan';
  id: number;
  unitId: number;
  unitName: string;
  date: string;
  by: UserRef;
}

/** A note linked to a visit (GET /api/visits/:id `posts`). */
export interface LinkedTopic {
  id: number;
  boardId: number | null;
  title: string;
  kind: string;
  authorId: number | null;
  createdAt: string;
}

/** GET /api/places/:id. */
export interface PlaceDetail {
  place: Place;
  visits: Visit[];
  stats: { visitCount: number; firstVisitedOn: string | null };
}

/** Done against a target. */
export interface TargetProgress {
  target: number;
  done: number;
}

/** One unit's row of the progress, rolled up over its subtree. */
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
export interface CampaignProgress {
  year: number;
  unitId: number | null;
  targets: { village: TargetProgress; enterprise: TargetProgress };
  byUnit: UnitProgress[];
  byPhase: Array<CampaignPhase & { visits: number; villages: number; enterprises: number }>;
  byMonth: Array<{ month: string; visits: number }>;
  activities: Array<{ id: string; name: string; visits: number }>;
  overdueFollowUps: number;
  integrityExceptions: number;
}

/** One unconfirmed integrity item (GET /api/campaign/integrity-exceptions). */
export interface IntegrityException {
  visitId: number;
  item: { id: string; text: string };
  explanation: string;
  place: PlaceRef;
  unit: { id: number; name: string };
  visitedOn: string;
}

/** Quota progress of one kind of place in the personal plan. */
export interface QuotaProgress {
  min: number;
  max: number;
  done: number;
}

/** An overdue follow-up in the personal plan. */
export interface OverdueFollowUp extends FollowUp {
  visitId: number;
  place: PlaceRef;
}

/** GET /api/plan: the personal action plan. */
export interface ActionPlan {
  quota: { village: QuotaProgress; enterprise: QuotaProgress };
  plans: VisitPlan[];
  visits: Visit[];
  writing: { planned: number; done: number };
  overdue: { plans: VisitPlan[]; followUps: OverdueFollowUp[] };
}

/** One bad row of a CSV import (the `errors` of its 400 answer). */
export interface ImportRowError {
  row: number;
  field: string;
  message: string;
}
