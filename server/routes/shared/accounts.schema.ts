import { Type } from 'typebox';
import {
  DISPLAY_NAME_MAX_LENGTH, NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USERNAME_MAX_LENGTH, USERNAME_MIN_LENGTH, USERNAME_PATTERN,
} from '../../domain/limits';
import { ROLES } from '../../domain/roles';
import { UNIT_LEVELS } from '../../domain/units';
import { Nullable } from './common.schema';

/*
 * Schemas of users and units, shared by the account, user, unit and profile routes and by
 * everything that names a user.
 */

/** A user's role. */
export const RoleSchema = Type.Enum(ROLES);

/** Usernames: 3–32 letters, digits, _ and -. */
export const UsernameSchema = Type.String({ minLength: USERNAME_MIN_LENGTH, maxLength: USERNAME_MAX_LENGTH, pattern: USERNAME_PATTERN });

/** A new password: at least PASSWORD_MIN_LENGTH characters. */
export const NewPasswordSchema = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH });

/** A password as typed to confirm who one is (sign-in, the current password). */
export const PasswordSchema = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });

/** A display name as typed: 1–50 characters (blank after trimming is refused by the service). */
export const DisplayNameSchema = Type.String({ minLength: 1, maxLength: DISPLAY_NAME_MAX_LENGTH });

/** The name of a board, unit or place as typed (blank after trimming is refused by the service). */
export const NameSchema = Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH });

/** A user as posts, topics, notifications, visits and plans name them. */
export const UserRefSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
});

/** The public user of API.md. */
export const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(RoleSchema),
  unitId: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  silencedUntil: Nullable(Type.String({ format: 'date-time', description: 'Silenced (禁言) until then; null when not silenced.' })),
  suspendedUntil: Nullable(Type.String({ format: 'date-time', description: 'Suspended (封禁) until then; null when not suspended.' })),
});

/** A unit of the unit tree. */
export const UnitSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  level: Type.Enum(UNIT_LEVELS),
  parentId: Nullable(Type.Integer()),
});

/** `{user, csrfToken}`: the answer of register, login and me. */
export const SessionAnswer = Type.Object({
  user: UserSchema,
  csrfToken: Nullable(Type.String()),
});
