import { describe, expect, it } from 'vitest';
import { buildVisit, checkVisit, visitFormField, type VisitFormValues } from '../../web/api/visit-body';

const campaign = {
  activities: [{ id: 'research' }, { id: 'interview' }],
  integrity: [
    { id: 'no-gifts', text: '不收礼' },
    { id: 'no-banquets', text: '不吃请' },
  ],
};

function values(overrides: Partial<VisitFormValues> = {}): VisitFormValues {
  return {
    place: { id: 7, name: '石室乡文化村', kind: 'village' },
    visitedOn: '2026-04-02',
    participants: [{ id: 3, username: 'li', displayName: '李' }],
    activity: '',
    purpose: '  调研  ',
    findings: { problems: ' 路难走 ', help: '', exemplars: '', opinions: ' ' },
    followUps: [],
    integrity: { 'no-gifts': { confirmed: true, explanation: '' }, 'no-banquets': { confirmed: false, explanation: ' 村里便饭 ' } },
    ...overrides,
  };
}

describe('buildVisit', () => {
  it('builds the POST /api/visits body with text trimmed and one answer per integrity item', () => {
    const { body } = buildVisit(values(), campaign);
    expect(body).toEqual({
      placeId: 7,
      visitedOn: '2026-04-02',
      participantIds: [3],
      activity: 'research',
      purpose: '调研',
      findings: { problems: '路难走', help: '', exemplars: '', opinions: '' },
      followUps: [],
      integrity: [
        { item: 'no-gifts', confirmed: true },
        { item: 'no-banquets', confirmed: false, explanation: '村里便饭' },
      ],
    });
  });

  it('keeps a chosen activity', () => {
    expect(buildVisit(values({ activity: 'interview' }), campaign).body.activity).toBe('interview');
  });

  it('leaves out blank follow-ups and remembers the form row of each one sent', () => {
    const built = buildVisit(
      values({
        followUps: [
          { text: '  ', dueOn: '' },
          { text: '修路', dueOn: '2026-05-01' },
          { text: '', dueOn: '' },
          { text: ' 回访 ', dueOn: '' },
        ],
      }),
      campaign,
    );
    expect(built.body.followUps).toEqual([
      { text: '修路', dueOn: '2026-05-01' },
      { text: '回访', dueOn: null },
    ]);
    expect(built.followUpRows).toEqual([1, 3]);
  });

  it('answers an integrity item the form never touched as unconfirmed with an empty explanation', () => {
    const { body } = buildVisit(values({ integrity: {} }), campaign);
    expect(body.integrity).toEqual([
      { item: 'no-gifts', confirmed: false, explanation: '' },
      { item: 'no-banquets', confirmed: false, explanation: '' },
    ]);
  });

  it('sends no place id when no place is chosen', () => {
    expect(buildVisit(values({ place: null }), campaign).body.placeId).toBeUndefined();
  });
});

describe('visitFormField', () => {
  it('renumbers a follow-up to the row the form shows', () => {
    expect(visitFormField('followUps.1.dueOn', [1, 3])).toBe('followUps.3.dueOn');
    expect(visitFormField('followUps.0.text', [1, 3])).toBe('followUps.1.text');
  });

  it('falls back to the follow-ups as a whole for a row it cannot find', () => {
    expect(visitFormField('followUps.5.text', [0])).toBe('followUps');
  });

  it('shows an integrity item error at its explanation and any participant error at the picker', () => {
    expect(visitFormField('integrity.1.item', [])).toBe('integrity.1.explanation');
    expect(visitFormField('participantIds.2', [])).toBe('participantIds');
  });

  it('keeps other paths as they are', () => {
    expect(visitFormField('findings.problems', [])).toBe('findings.problems');
    expect(visitFormField('visitedOn', [])).toBe('visitedOn');
  });
});

describe('checkVisit', () => {
  const today = '2026-04-02';

  it('accepts a complete visit', () => {
    expect(checkVisit(values(), campaign.integrity, today)).toEqual({});
  });

  it('asks for a place, a real date and no date in the future', () => {
    expect(checkVisit(values({ place: null, visitedOn: '2026-02-30' }), campaign.integrity, today)).toEqual({
      placeId: 'visitForm.placeRequired',
      visitedOn: 'visitForm.dateRequired',
    });
    expect(checkVisit(values({ visitedOn: '2026-04-03' }), campaign.integrity, today)).toEqual({ visitedOn: 'visitForm.dateFuture' });
  });

  it('asks for the text of a follow-up that has only a date', () => {
    const problems = checkVisit(values({ followUps: [{ text: '', dueOn: '' }, { text: ' ', dueOn: '2026-05-01' }] }), campaign.integrity, today);
    expect(problems).toEqual({ 'followUps.1.text': 'visitForm.followUpTextRequired' });
  });

  it('asks for an explanation of each item not confirmed, by its index', () => {
    const problems = checkVisit(values({ integrity: { 'no-banquets': { confirmed: false, explanation: '  ' } } }), campaign.integrity, today);
    expect(problems).toEqual({
      'integrity.0.explanation': 'visitForm.integrityExplainRequired',
      'integrity.1.explanation': 'visitForm.integrityExplainRequired',
    });
  });
});
