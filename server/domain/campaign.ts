/**
 * The campaign's vocabulary: place kinds, the kinds counted toward targets, the findings of
 * the feedback form, and the shapes a campaign's settings and a visit's attestation take.
 */

/** The kinds of place the campaign visits. */
export const PLACE_KINDS = ['village', 'enterprise', 'contact_point', 'field_point'] as const;
/** One of PLACE_KINDS. */
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** Is `value` one of the place kinds? */
export function isPlaceKind(value: string): value is PlaceKind {
  return (PLACE_KINDS as readonly string[]).includes(value);
}

/** The kinds of place the campaign's targets and quotas count (100 villages, 100 enterprises). */
export const TARGET_KINDS = ['village', 'enterprise'] as const satisfies readonly PlaceKind[];
/** One of TARGET_KINDS. */
export type TargetKind = (typeof TARGET_KINDS)[number];

/** The four findings of a visit, the fields of the plan's feedback form (活动反馈表), in the form's order. */
export const FINDING_KEYS = ['problems', 'help', 'exemplars', 'opinions'] as const;
/** One of FINDING_KEYS. */
export type FindingKey = (typeof FINDING_KEYS)[number];

/** What a visit found: one text per FINDING_KEYS. */
export type VisitFindings = Record<FindingKey, string>;

/** One integrity item attested on a visit: confirmed, or explained. */
export interface IntegrityEntry {
  item: string;
  confirmed: boolean;
  explanation?: string;
}

/** What an overlap warning names: another unit's visit, or its plan. */
export const OVERLAP_TYPES = ['visit', 'plan'] as const;
/** One of OVERLAP_TYPES. */
export type OverlapType = (typeof OVERLAP_TYPES)[number];

/** One phase of a campaign: an inclusive range of ISO dates (YYYY-MM-DD). */
export interface CampaignPhase {
  id: string;
  /** The Chinese name (required). */
  name: string;
  /** The English name; absent or '' means English readers see the Chinese one. */
  nameEn?: string;
  from: string;
  to: string;
}

/** Targets of a campaign: how many distinct villages and enterprises to visit. */
export type CampaignTargets = Record<TargetKind, number>;

/** A minimum and maximum number of places one person should visit. */
export interface QuotaRange {
  min: number;
  max: number;
}

/** The per-person quota: each cadre visits min–max villages and min–max enterprises. */
export type CampaignQuota = Record<TargetKind, QuotaRange>;

/** An activity of the campaign, with a stable string id. */
export interface CampaignActivity {
  id: string;
  /** The Chinese name (required). */
  name: string;
  /** The English name; absent or '' means English readers see the Chinese one. */
  nameEn?: string;
}

/** One of the integrity items (the five prohibitions) a visit attests. */
export interface CampaignIntegrityItem {
  id: string;
  /** The Chinese wording (required). */
  text: string;
  /** The English wording; absent or '' means English readers see the Chinese one. */
  textEn?: string;
}
