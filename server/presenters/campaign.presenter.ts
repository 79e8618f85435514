import { DEFAULT_FEATURED_TARGETS, type FeaturedTargets } from '../domain/moderation';
import type { CampaignRow } from '../db/schema';
import type {
  CampaignActivity, CampaignIntegrityItem, CampaignPhase, CampaignQuota, CampaignTargets, QuotaRange, TargetKind,
} from '../domain/campaign';
import { inLocale, type DataLocale, type LocalisedText } from '../domain/locale';
import type { UnitLevel } from '../domain/units';
import type { PlaceRef } from './place.presenter';
import type { FollowUpView, VisitPlanView, VisitView } from './visit.presenter';

/** A phase as readers get it: `name` in the reader's language, `names` for editors. */
export interface PhaseView {
  id: string;
  name: string;
  names: LocalisedText;
  from: string;
  to: string;
}

/** An activity as readers get it: `name` in the reader's language, `names` for editors. */
export interface ActivityView {
  id: string;
  name: string;
  names: LocalisedText;
}

/** An integrity item as readers get it: `text` in the reader's language, `texts` for editors. */
export interface IntegrityItemView {
  id: string;
  text: string;
  texts: LocalisedText;
}

/**
 * The public shape of the campaign (GET /api/campaign). Its names come in the reader's
 * language (English falling back to Chinese); `names`/`texts` carry both, for the settings page.
 */
export interface CampaignView {
  id: number;
  name: string;
  names: LocalisedText;
  year: number;
  phases: PhaseView[];
  targets: CampaignTargets;
  quota: CampaignQuota;
  activities: ActivityView[];
  integrity: IntegrityItemView[];
  overlapWindowDays: number;
  /** How many featured posts each collection of the wall aims at (default 100 each). */
  featuredTargets: FeaturedTargets;
}

/** Both names of a phase or activity as stored (Chinese required, English optional). */
export function namesOf(item: { name: string; nameEn?: string }): LocalisedText {
  return { zh: item.name, en: item.nameEn ?? '' };
}

/** Both wordings of an integrity item as stored. */
export function textsOf(item: CampaignIntegrityItem): LocalisedText {
  return { zh: item.text, en: item.textEn ?? '' };
}

/** A phase for a reader of `locale`. */
export function presentPhase(phase: CampaignPhase, locale: DataLocale): PhaseView {
  const names = namesOf(phase);
  return { id: phase.id, name: inLocale(names, locale), names, from: phase.from, to: phase.to };
}

/** An activity for a reader of `locale`. */
export function presentActivity(activity: CampaignActivity, locale: DataLocale): ActivityView {
  const names = namesOf(activity);
  return { id: activity.id, name: inLocale(names, locale), names };
}

/** An integrity item for a reader of `locale`. */
export function presentIntegrityItem(item: CampaignIntegrityItem, locale: DataLocale): IntegrityItemView {
  const texts = textsOf(item);
  return { id: item.id, text: inLocale(texts, locale), texts };
}

/** Presents the campaign row for a reader of `locale`. */
export function presentCampaign(row: CampaignRow, locale: DataLocale): CampaignView {
  const names = { zh: row.name, en: row.nameEn };
  return {
    id: row.id, name: inLocale(names, locale), names, year: row.year,
    phases: row.phases.map((p) => presentPhase(p, locale)), targets: row.targets, quota: row.quota,
    activities: row.activities.map((a) => presentActivity(a, locale)),
    integrity: row.integrity.map((i) => presentIntegrityItem(i, locale)),
    overlapWindowDays: row.overlapWindowDays,
    featuredTargets: { ...DEFAULT_FEATURED_TARGETS, ...row.featuredTargets },
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

/** A phase's line of the progress answer (its name in the reader's language). */
export interface PhaseProgressView {
  id: string;
  name: string;
  from: string;
  to: string;
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
