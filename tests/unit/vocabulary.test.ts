import { describe, expect, it } from 'vitest';
import { FINDING_KEYS, PLACE_KINDS, TARGET_KINDS, isPlaceKind } from '../../server/domain/campaign';
import { OUTLETS } from '../../server/domain/columns';
import { DRAFT_SCOPE_PATTERN, JOURNAL_KINDS, REACTION_KINDS, TOPIC_KINDS, isBoardSlug, replyDraftScope, topicDraftScope } from '../../server/domain/forum';
import { BODY_MAX_LENGTH, PASSWORD_MIN_LENGTH, TITLE_MAX_LENGTH, USERNAME_MAX_LENGTH, USERNAME_MIN_LENGTH } from '../../server/domain/limits';
import { FEATURED_COLLECTIONS, FLAG_REASONS, flagNeedsNote } from '../../server/domain/moderation';
import { ROLES } from '../../server/domain/roles';
import { UNIT_LEVELS, fitsUnder } from '../../server/domain/units';

describe('the vocabulary lists', () => {
  it('hold the words API.md names', () => {
    expect(ROLES).toEqual(['member', 'moderator', 'editor', 'supervisor', 'admin']);
    expect(TOPIC_KINDS).toEqual(['discussion', 'field_note', 'editor_diary', 'field_impression']);
    expect(JOURNAL_KINDS.every((kind) => (TOPIC_KINDS as readonly string[]).includes(kind))).toBe(true);
    expect(REACTION_KINDS).toContain('like');
    expect(UNIT_LEVELS).toEqual(['city', 'county', 'township', 'agency']);
    expect(PLACE_KINDS).toEqual(['village', 'enterprise', 'contact_point', 'field_point']);
    expect(TARGET_KINDS).toEqual(['village', 'enterprise']);
    expect(FINDING_KEYS).toEqual(['problems', 'help', 'exemplars', 'opinions']);
    expect(OUTLETS).toEqual(['newspaper', 'radio', 'tv', 'web']);
    expect(FEATURED_COLLECTIONS).toEqual(['exemplars', 'good_people', 'good_deeds']);
    expect(FLAG_REASONS).toEqual(['spam', 'off_topic', 'inappropriate', 'needs_visit_check', 'other']);
  });

  it('hold the text limits API.md names', () => {
    expect(TITLE_MAX_LENGTH).toBe(200);
    expect(BODY_MAX_LENGTH).toBe(50_000);
    expect([USERNAME_MIN_LENGTH, USERNAME_MAX_LENGTH, PASSWORD_MIN_LENGTH]).toEqual([3, 32, 10]);
  });
});

describe('the vocabulary rules', () => {
  it('let a unit sit only where the tree allows: city → county → township, agencies under a city or county', () => {
    expect(fitsUnder('city', null)).toBe(true);
    expect(fitsUnder('city', 'city')).toBe(false);
    expect(fitsUnder('county', 'city')).toBe(true);
    expect(fitsUnder('township', 'city')).toBe(false);
    expect(fitsUnder('agency', 'county')).toBe(true);
    expect(fitsUnder('agency', null)).toBe(false);
  });

  it('know board slugs, draft scopes and place kinds', () => {
    expect(isBoardSlug('qunzhong')).toBe(true);
    expect(isBoardSlug('Q')).toBe(false);
    expect(isBoardSlug('a'.repeat(41))).toBe(false);
    const scope = new RegExp(DRAFT_SCOPE_PATTERN);
    expect(scope.test(replyDraftScope(12))).toBe(true);
    expect(scope.test(topicDraftScope('daxuexi'))).toBe(true);
    expect(scope.test('topic:012')).toBe(false);
    expect(isPlaceKind('village')).toBe(true);
    expect(isPlaceKind('castle')).toBe(false);
  });

  it('ask a note of a flag for another reason only', () => {
    expect(flagNeedsNote('other')).toBe(true);
    expect(flagNeedsNote('spam')).toBe(false);
  });
});
