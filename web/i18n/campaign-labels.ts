import type { CampaignView } from '../../server/presenters/campaign.presenter';
import type { FindingKey, PlaceKind } from '../../server/domain/campaign';
import { parseIsoDate } from '../api/calendar-dates';
import { getLocale, t, type MessageKey } from './index';

const PLACE_KIND_NAMES: Readonly<Record<PlaceKind, MessageKey>> = {
  village: 'place.kind.village',
  enterprise: 'place.kind.enterprise',
  contact_point: 'place.kind.contact_point',
  field_point: 'place.kind.field_point',
};

const FINDING_TITLES: Readonly<Record<FindingKey, MessageKey>> = {
  problems: 'visitForm.findings.problems',
  help: 'visitForm.findings.help',
  exemplars: 'visitForm.findings.exemplars',
  opinions: 'visitForm.findings.opinions',
};

const FINDING_HINTS: Readonly<Record<FindingKey, MessageKey>> = {
  problems: 'visitForm.findings.problemsHint',
  help: 'visitForm.findings.helpHint',
  exemplars: 'visitForm.findings.exemplarsHint',
  opinions: 'visitForm.findings.opinionsHint',
};

/** The title of one of a visit's four findings (problems raised, help given...). */
export function findingTitle(key: FindingKey): string {
  return t(FINDING_TITLES[key]);
}

/** What the visit form asks for under a finding. */
export function findingHint(key: FindingKey): string {
  return t(FINDING_HINTS[key]);
}

/** A place kind's name in the current language. */
export function placeKindName(kind: PlaceKind): string {
  return t(PLACE_KIND_NAMES[kind]);
}

/**
 * A calendar date (YYYY-MM-DD) as people say it: 4月12日 / April 12, with the year when
 * `withYear` (or when it is not this year).
 */
export function formatDay(iso: string, options: { withYear?: boolean; weekday?: boolean } = {}): string {
  const date = parseIsoDate(iso);
  if (!date) return iso;
  const withYear = options.withYear ?? date.getUTCFullYear() !== new Date().getFullYear();
  return new Intl.DateTimeFormat(getLocale(), {
    timeZone: 'UTC',
    month: 'long',
    day: 'numeric',
    ...(withYear ? { year: 'numeric' } : {}),
    ...(options.weekday ? { weekday: 'short' } : {}),
  }).format(date);
}

/** A month (YYYY-MM) as people say it: 2026年4月 / April 2026. */
export function formatMonth(month: string): string {
  const date = parseIsoDate(`${month}-01`);
  if (!date) return month;
  return new Intl.DateTimeFormat(getLocale(), { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(date);
}

/** The name of a campaign activity by id (the id itself if the campaign no longer has it). */
export function activityName(campaign: CampaignView | undefined, id: string): string {
  return campaign?.activities.find((activity) => activity.id === id)?.name ?? id;
}

/** The text of an integrity item by id. */
export function integrityText(campaign: CampaignView | undefined, id: string): string {
  return campaign?.integrity.find((item) => item.id === id)?.text ?? id;
}
