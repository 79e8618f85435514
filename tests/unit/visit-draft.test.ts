import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearVisitDraft, draftHasContent, readVisitDraft, writeVisitDraft, type VisitDraft } from '../../web/api/visit-draft';

function emptyDraft(): VisitDraft {
  return {
    savedAt: '2026-11-25T08:00:00.000Z',
    place: null,
    visitedOn: '2026-11-25',
    participants: [],
    activity: '',
    purpose: '',
    findings: { problems: '', help: '', exemplars: '', opinions: '' },
    followUps: [],
    integrity: {},
  };
}

/** A Storage kept in a Map: Node has no localStorage. */
class MemoryStorage {
  private readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}

describe('the visit form draft', () => {
  const global = globalThis as { localStorage?: unknown };
  let saved: unknown;
  beforeEach(() => {
    saved = global.localStorage;
    global.localStorage = new MemoryStorage();
  });
  afterEach(() => {
    global.localStorage = saved;
  });

  it('keeps each user’s draft apart and clears it', () => {
    const draft = { ...emptyDraft(), purpose: '调研文化礼堂' };
    expect(writeVisitDraft(7, draft)).toBe(true);
    expect(readVisitDraft(7)).toEqual(draft);
    expect(readVisitDraft(8)).toBeNull();
    clearVisitDraft(7);
    expect(readVisitDraft(7)).toBeNull();
  });

  it('ignores what is not a draft', () => {
    (global.localStorage as MemoryStorage).setItem('gr.visitDraft.7', '{"nope":1}');
    expect(readVisitDraft(7)).toBeNull();
    (global.localStorage as MemoryStorage).setItem('gr.visitDraft.7', 'not json');
    expect(readVisitDraft(7)).toBeNull();
  });

  it('says whether anything was typed or chosen', () => {
    expect(draftHasContent(emptyDraft())).toBe(false);
    expect(draftHasContent({ ...emptyDraft(), findings: { ...emptyDraft().findings, help: '送戏下乡' } })).toBe(true);
    expect(draftHasContent({ ...emptyDraft(), integrity: { no_meals: { confirmed: true, explanation: '' } } })).toBe(true);
  });

  it('answers false when storage refuses (private mode, full)', () => {
    global.localStorage = { setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(writeVisitDraft(7, emptyDraft())).toBe(false);
  });
});
