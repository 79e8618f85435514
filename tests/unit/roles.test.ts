import { describe, expect, it } from 'vitest';
import {
  canChangeFollowUps, canEditPost, canSeeHidden, canSeeVisitDetails, hasRole, isAdmin, losesRole, normaliseRoles,
} from '../../server/domain/roles';

const member = { id: 1, roles: ['member'], unitId: 10 };
const moderator = { id: 2, roles: ['member', 'moderator'], unitId: null };
const admin = { id: 3, roles: ['member', 'admin'], unitId: null };
const supervisor = { id: 4, roles: ['member', 'supervisor'], unitId: 1 };

describe('hasRole', () => {
  it('answers whether the user holds any of the roles', () => {
    expect(hasRole(moderator, 'moderator')).toBe(true);
    expect(hasRole(moderator, 'editor', 'moderator')).toBe(true);
    expect(hasRole(member, 'moderator')).toBe(false);
    expect(hasRole(member)).toBe(false);
  });

  it('counts admins as holding every role, while isAdmin names only real admins', () => {
    expect(hasRole(admin, 'supervisor')).toBe(true);
    expect(isAdmin(admin)).toBe(true);
    expect(isAdmin(supervisor)).toBe(false);
  });
});

describe('normaliseRoles and losesRole', () => {
  it('keeps member and each role once', () => {
    expect(normaliseRoles(['editor', 'editor'])).toEqual(['member', 'editor']);
    expect(normaliseRoles([])).toEqual(['member']);
  });

  it('sees a role taken away, not one added', () => {
    expect(losesRole(['member', 'moderator'], ['member'])).toBe(true);
    expect(losesRole(['member'], ['member', 'moderator'])).toBe(false);
  });
});

describe('canSeeHidden and canEditPost', () => {
  it('let the author and moderators (admins too) read a hidden post, no one else', () => {
    expect(canSeeHidden(null, 1)).toBe(false);
    expect(canSeeHidden(member, member.id)).toBe(true);
    expect(canSeeHidden(member, 99)).toBe(false);
    expect(canSeeHidden(moderator, 99)).toBe(true);
    expect(canSeeHidden(admin, 99)).toBe(true);
  });

  it('let the author and moderators edit', () => {
    expect(canEditPost(member, member.id)).toBe(true);
    expect(canEditPost(member, 99)).toBe(false);
    expect(canEditPost(moderator, 99)).toBe(true);
  });
});

describe('canSeeVisitDetails', () => {
  const visit = { createdBy: 50, participantIds: [51], unitId: 12 };
  /** Unit 1 holds 12 below it; unit 10 holds nothing else. */
  const tree = { contains: (root: number, unit: number) => root === unit || (root === 1 && unit === 12) };

  it('shows the details to the logger, the participants, the unit, moderators and admins', () => {
    expect(canSeeVisitDetails({ id: 50, roles: ['member'], unitId: null }, visit, null)).toBe(true);
    expect(canSeeVisitDetails({ id: 51, roles: ['member'], unitId: null }, visit, null)).toBe(true);
    expect(canSeeVisitDetails({ id: 52, roles: ['member'], unitId: 12 }, visit, null)).toBe(true);
    expect(canSeeVisitDetails(moderator, visit, null)).toBe(true);
    expect(canSeeVisitDetails(admin, visit, null)).toBe(true);
  });

  it('shows them to a supervisor whose subtree holds the unit, given the tree, and to no other member', () => {
    expect(canSeeVisitDetails(supervisor, visit, tree)).toBe(true);
    expect(canSeeVisitDetails(supervisor, visit, null)).toBe(false);
    expect(canSeeVisitDetails({ ...supervisor, unitId: 10 }, visit, tree)).toBe(false);
    expect(canSeeVisitDetails(member, visit, tree)).toBe(false);
  });
});

describe('canChangeFollowUps', () => {
  it('lets the logger, participants and moderators change follow-ups', () => {
    const visit = { createdBy: member.id, participantIds: [7] };
    expect(canChangeFollowUps(member, visit)).toBe(true);
    expect(canChangeFollowUps({ id: 7, roles: ['member'] }, visit)).toBe(true);
    expect(canChangeFollowUps(moderator, visit)).toBe(true);
    expect(canChangeFollowUps({ id: 8, roles: ['member', 'supervisor'] }, visit)).toBe(false);
  });
});
