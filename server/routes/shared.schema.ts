import { Type, type Static } from 'typebox';
import { ROLES } from '../domain/roles';
import { UNIT_LEVELS } from '../domain/units';
import { EARLIEST_YEAR, LATEST_YEAR, MAX_ID } from '../domain/text';

/** The error body of API.md, for response schemas. */
export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String(),
    error: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
  },
  { $id: 'Error' },
);

/** Error responses most routes can give. */
export const errorResponses = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  429: ErrorSchema,
};

/**
 * An id, wherever one arrives (path, query or body): a whole number within the database's
 * integer range. Every id of every schema is this one, so none reaches SQL out of range.
 */
export const IdSchema = Type.Integer({ minimum: 1, maximum: MAX_ID });

/** A positive integer id in a path. */
export const IdParams = Type.Object({ id: IdSchema });

/**
 * A calendar date, YYYY-MM-DD: a real date between 1900 and 2200 (the validator's `date`
 * format, server/validation.ts), so date arithmetic never leaves what PostgreSQL holds.
 */
export const DateSchema = Type.String({
  format: 'date',
  maxLength: 10,
  description: `A calendar date, YYYY-MM-DD, from ${EARLIEST_YEAR} to ${LATEST_YEAR}.`,
});

/** `limit` of a keyset-paged list: 1–100, 20 when left out. */
export const LimitSchema = Type.Integer({ minimum: 1, maximum: 100, default: 20 });

/** An opaque cursor this server issued (`nextCursor` of the page before). */
export const CursorSchema = Type.String({ minLength: 1, maxLength: 1000 });

/** A user's role. */
export const RoleSchema = Type.Enum(ROLES);

/** The public user of API.md. */
export const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(RoleSchema),
  unitId: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

/** A unit of the unit tree. */
export const UnitSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  level: Type.Enum(UNIT_LEVELS),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
});

/** Usernames: 3–32 letters, digits, _ and -. */
export const UsernameSchema = Type.String({ minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' });

/** `{user, csrfToken}`: the answer of register, login and me. */
export const SessionAnswer = Type.Object({
  user: UserSchema,
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});

/** TypeScript type of UserSchema. */
export type UserBody = Static<typeof UserSchema>;

/** A schema or null. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
