import { isCalendarDate } from '../../server/domain/text';
import type { MessageKey } from '../i18n';
import type { CampaignIntegrityItem, VisitFindings } from '../../server/domain/campaign';
import type { VisitDraft } from './visit-draft';

/** What the visit form holds: a draft without its save time. */
export type VisitFormValues = Omit<VisitDraft, 'savedAt'>;

/** One integrity answer of POST /api/visits: confirmed, or explained. */
export type NewIntegrityAnswer =
  | { item: string; confirmed: true }
  | { item: string; confirmed: false; explanation: string };

/** The body of POST /api/visits (API.md, "Places, visits, plans, campaign"). */
export interface NewVisit {
  placeId: number | undefined;
  visitedOn: string;
  participantIds: number[];
  activity: string;
  purpose: string;
  findings: VisitFindings;
  followUps: Array<{ text: string; dueOn: string | null }>;
  integrity: NewIntegrityAnswer[];
}

/** A visit body, and where each follow-up it sends stands in the form. */
export interface BuiltVisit {
  body: NewVisit;
  /** For each follow-up sent, its index in the form (blank rows are left out). */
  followUpRows: number[];
}

/**
 * The POST /api/visits body for what the form holds: text trimmed, blank follow-ups left
 * out, one integrity answer per item of the campaign (an unticked item carries its
 * explanation), and the campaign's first activity when none was chosen.
 */
export function buildVisit(
  values: VisitFormValues,
  campaign: { readonly activities: ReadonlyArray<{ id: string }>; readonly integrity: readonly CampaignIntegrityItem[] },
): BuiltVisit {
  const followUpRows: number[] = [];
  const followUps: NewVisit['followUps'] = [];
  values.followUps.forEach((followUp, index) => {
    if (followUp.text.trim() === '') return;
    followUpRows.push(index);
    followUps.push({ text: followUp.text.trim(), dueOn: followUp.dueOn || null });
  });
  const body: NewVisit = {
    placeId: values.place?.id,
    visitedOn: values.visitedOn,
    participantIds: values.participants.map((p) => p.id),
    activity: values.activity || campaign.activities[0]?.id || '',
    purpose: values.purpose.trim(),
    findings: {
      problems: values.findings.problems.trim(),
      help: values.findings.help.trim(),
      exemplars: values.findings.exemplars.trim(),
      opinions: values.findings.opinions.trim(),
    },
    followUps,
    integrity: campaign.integrity.map((item): NewIntegrityAnswer => {
      const entry = values.integrity[item.id];
      return entry?.confirmed
        ? { item: item.id, confirmed: true }
        : { item: item.id, confirmed: false, explanation: (entry?.explanation ?? '').trim() };
    }),
  };
  return { body, followUpRows };
}

/**
 * The form's field for a field path the server named in a 400: follow-ups renumbered to
 * the rows the form shows (blank ones were not sent), an integrity item's error shown at
 * its explanation, any participant's at the participant picker.
 */
export function visitFormField(serverField: string, followUpRows: readonly number[]): string {
  const followUp = /^followUps\.(\d+)\.(text|dueOn)$/.exec(serverField);
  if (followUp) {
    const row = followUpRows[Number(followUp[1])];
    return row === undefined ? 'followUps' : `followUps.${row}.${followUp[2]}`;
  }
  if (serverField.startsWith('integrity.') && serverField.endsWith('.item')) return serverField.replace(/\.item$/, '.explanation');
  if (serverField.startsWith('participantIds')) return 'participantIds';
  return serverField;
}

/**
 * The form's own checks before anything is sent, as message keys by the server's field
 * paths: a place, a date not in the future, a text for each follow-up that has a date, and
 * an explanation for each integrity item not confirmed. `today` is the YYYY-MM-DD of today.
 */
export function checkVisit(
  values: VisitFormValues,
  integrity: readonly CampaignIntegrityItem[],
  today: string,
): Record<string, MessageKey> {
  const problems: Record<string, MessageKey> = {};
  if (!values.place) problems['placeId'] = 'visitForm.placeRequired';
  if (!isCalendarDate(values.visitedOn)) problems['visitedOn'] = 'visitForm.dateRequired';
  else if (values.visitedOn > today) problems['visitedOn'] = 'visitForm.dateFuture';
  values.followUps.forEach((followUp, index) => {
    if (followUp.text.trim() === '' && followUp.dueOn !== '') problems[`followUps.${index}.text`] = 'visitForm.followUpTextRequired';
  });
  integrity.forEach((item, index) => {
    const entry = values.integrity[item.id];
    if (!entry?.confirmed && (entry?.explanation ?? '').trim() === '') {
      problems[`integrity.${index}.explanation`] = 'visitForm.integrityExplainRequired';
    }
  });
  return problems;
}
