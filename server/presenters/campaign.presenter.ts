import type { CampaignRow } from '../db/schema';
import type {
  CampaignActivity, CampaignIntegrityItem, CampaignPhase, CampaignQuota, CampaignTargets, QuotaRange, TargetKind,
} from '../domain/campaign';
import type { UnitLevel } from '../domain/units';
import type { PlaceRef } from './place.presenter';
import type { FollowUpView, VisitPlanView, VisitView } from './visit.presenter';

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

/** Done against a target. */
export interface TargetProgressView {
  target: number;
  done: number;
}

/** A unit's line of the progress answer, rolled up over its subtree. */
export interface UnitProgressView {
  unitId: number;
  name: string;
  level: UnitLevel;
  parentId: number | null;
  villages: number;
  enterprises: number;
  visits: number;
}

/** A phase's line of the progress answer. */
export interface PhaseProgressView extends CampaignPhase {
  visits: number;
  villages: number;
  enterprises: number;
}

/** GET /api/campaign/progress. */
export interface ProgressView {
  year: number;
  unitId: number | null;
  targets: Record<TargetKind, TargetProgressView>;
  byUnit: UnitProgressView[];
  byPhase: PhaseProgressView[];
  byMonth: { month: string; visits: number }[];
  activities: { id: string; name: string; visits: number }[];
  overdueFollowUps: number;
  integrityExceptions: number;
}

/** One unconfirmed integrity item of one visit (GET /api/campaign/integrity-exceptions). */
export interface IntegrityExceptionView {
  visitId: number;
  item: { id: string; text: string };
  explanation: string;
  place: PlaceRef;
  unit: { id: number; name: string };
  visitedOn: string;
}

/** Quota progress of one kind of place in the personal plan. */
export interface QuotaProgressView extends QuotaRange {
  done: number;
}

/** An overdue follow-up named in the action plan, with the visit it belongs to. */
export interface OverdueFollowUpView extends FollowUpView {
  visitId: number;
  place: PlaceRef;
}

/** How many field notes a member intends to write in the campaign, and has written. */
export interface WritingGoalView {
  planned: number;
  done: number;
}

/** GET /api/plan: a member's personal action plan for the campaign. */
export interface ActionPlanView {
  quota: Record<TargetKind, QuotaProgressView>;
  plans: VisitPlanView[];
  visits: VisitView[];
  writing: WritingGoalView;
  overdue: { plans: VisitPlanView[]; followUps: OverdueFollowUpView[] };
}
