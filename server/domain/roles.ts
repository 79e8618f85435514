/**
 * The roles of API.md and the rules of who may do what by role. Pure: the server's plugins,
 * services and presenters and the web app all decide with these same functions.
 */

/** The roles a user may hold; everyone is a member. */
export const ROLES = ['member', 'moderator', 'editor', 'supervisor', 'admin'] as const;
/** One of ROLES. */
export type Role = (typeof ROLES)[number];

/** Whoever holds roles: a user row, a presented user, a socket's user. */
export interface RoleHolder {
  roles: readonly string[];
}

/** Who is looking: a signed-in user, or null for anonymous readers and public events. */
export type Viewer = (RoleHolder & { id: number }) | null;

/** Does a user hold any of `roles`? Admins count as holding every role. */
export function hasRole(user: RoleHolder, ...roles: Role[]): boolean {
  return user.roles.includes('admin') || roles.some((role) => user.roles.includes(role));
}

/** Is the user an admin (and not merely counted as holding a role, as hasRole counts admins)? */
export function isAdmin(user: RoleHolder): boolean {
  return user.roles.includes('admin');
}

/** The roles to store for a user given `roles`: each once, `member` always among them. */
export function normaliseRoles(roles: readonly Role[]): Role[] {
  return Array.from(new Set<Role>(['member', ...roles]));
}

/** Does the change from `before` to `after` take any role away? */
export function losesRole(before: readonly string[], after: readonly string[]): boolean {
  return before.some((role) => !after.includes(role));
}

/** May this viewer read a hidden post of this author? Its author and moderators may. */
export function canSeeHidden(viewer: Viewer, authorId: number): boolean {
  return viewer !== null && (viewer.id === authorId || hasRole(viewer, 'moderator'));
}

/** May this user edit a post of this author? Its author and moderators may. */
export function canEditPost(user: RoleHolder & { id: number }, authorId: number): boolean {
  return user.id === authorId || hasRole(user, 'moderator');
}

/** Who looks at visits: what deciding their visibility needs of the user. */
export interface VisitViewer extends RoleHolder {
  id: number;
  unitId: number | null;
}

/** What deciding a visit's visibility needs of the visit. */
export interface VisitParties {
  createdBy: number;
  participantIds: readonly number[];
  unitId: number;
}

/**
 * May `viewer` see a visit's findings, follow-ups and integrity explanations? Its logger and
 * participants, members of its unit, supervisors whose subtree holds that unit (`tree`
 * answers that; without it they are not counted), moderators and admins may. Everyone else
 * signed in sees the coordination facts only (place, date, unit, who, activity).
 */
export function canSeeVisitDetails(
  viewer: VisitViewer,
  visit: VisitParties,
  tree: { contains(rootId: number, unitId: number): boolean } | null,
): boolean {
  if (hasRole(viewer, 'moderator')) return true;
  if (isVisitParty(viewer, visit)) return true;
  if (viewer.unitId === null) return false;
  if (viewer.unitId === visit.unitId) return true;
  return viewer.roles.includes('supervisor') && tree !== null && tree.contains(viewer.unitId, visit.unitId);
}

/** Did the user log this visit or take part in it? */
export function isVisitParty(user: { id: number }, visit: Pick<VisitParties, 'createdBy' | 'participantIds'>): boolean {
  return visit.createdBy === user.id || visit.participantIds.includes(user.id);
}

/** May the user mark a visit's follow-ups done? Its logger, its participants and moderators may. */
export function canChangeFollowUps(user: RoleHolder & { id: number }, visit: Pick<VisitParties, 'createdBy' | 'participantIds'>): boolean {
  return isVisitParty(user, visit) || hasRole(user, 'moderator');
}
