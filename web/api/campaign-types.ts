/*
 * The campaign shapes of API.md ("Places, visits, plans, campaign") that the web app reads.
 * Row shapes come from the server's presenters with `import type`; the rest follow
 * server/routes/campaign/*.schema.ts.
 */
import type { UnitLevel } from './types';

import type { CampaignView, FollowUpView, OverlapView, PlaceRef, PlaceView, UserRef, VisitPlanView, VisitView } from '../../server/presenters/campaign.presenter';

// The shapes come from the server's presenters, the one definition of what the API sends.
export type { PlaceRef, UserRef };
/** Campaign as the server presents it. */
export type Campaign = CampaignView;
/** Place as the server presents it. */
export type Place = PlaceView;
/** FollowUp as the server presents it. */
export type FollowUp = FollowUpView;
/** Visit as the server presents it. */
export type Visit = VisitView;
/** VisitPlan as the server presents it. */
export type VisitPlan = VisitPlanView;
/** Overlap as the server presents it. */
export type Overlap = OverlapView;

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
  /** The notes (topics) linked to visits at this place. */
  posts: LinkedTopic[];
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
