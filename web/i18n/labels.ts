import type { Role } from '../../server/domain/roles';
import type { UnitLevel } from '../../server/domain/units';
import { t, type MessageKey } from './index';

const ROLE_NAMES: Readonly<Record<Role, MessageKey>> = {
  member: 'role.member',
  moderator: 'role.moderator',
  editor: 'role.editor',
  supervisor: 'role.supervisor',
  admin: 'role.admin',
};

const ROLE_DESCRIPTIONS: Readonly<Record<Role, MessageKey>> = {
  member: 'role.member.description',
  moderator: 'role.moderator.description',
  editor: 'role.editor.description',
  supervisor: 'role.supervisor.description',
  admin: 'role.admin.description',
};

const UNIT_LEVEL_NAMES: Readonly<Record<UnitLevel, MessageKey>> = {
  city: 'unit.level.city',
  county: 'unit.level.county',
  township: 'unit.level.township',
  agency: 'unit.level.agency',
};

/** A role's name in the current language. */
export function roleName(role: Role): string {
  return t(ROLE_NAMES[role]);
}

/** What a role may do, in the current language. */
export function roleDescription(role: Role): string {
  return t(ROLE_DESCRIPTIONS[role]);
}

/** A unit level's name in the current language. */
export function unitLevelName(level: UnitLevel): string {
  return t(UNIT_LEVEL_NAMES[level]);
}
