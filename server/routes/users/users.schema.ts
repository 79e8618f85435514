import { Type } from 'typebox';
import { ROLES } from '../../domain/roles';
import { RoleSchema, UserSchema, UsernameSchema } from '../shared/accounts.schema';
import { CursorSchema, IdParams, IdSchema, LimitSchema, Nullable, errorResponses, pageOf } from '../shared/common.schema';

/** PUT /api/users/:id/roles (admin) */
export const setRolesSchema = {
  tags: ['users'],
  params: IdParams,
  body: Type.Object(
    { roles: Type.Array(RoleSchema, { maxItems: ROLES.length, uniqueItems: true }) },
    { additionalProperties: false },
  ),
  response: { 200: Type.Object({ user: UserSchema }), ...errorResponses },
};

/** GET /api/users/:username */
export const getUserSchema = {
  tags: ['users'],
  params: Type.Object({ username: UsernameSchema }),
  response: { 200: Type.Object({ user: UserSchema }), ...errorResponses },
};

/** A person as the people search shows them: the public user, and their unit's name. */
const PersonSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(RoleSchema),
  unitId: Nullable(Type.Integer()),
  unitName: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

/** GET /api/users?q=&role=&unitId= (signed in): the people search. */
export const searchPeopleSchema = {
  tags: ['users'],
  querystring: Type.Object({
    q: Type.Optional(Type.String({ maxLength: 100 })),
    role: Type.Optional(RoleSchema),
    unitId: Type.Optional(IdSchema),
    limit: LimitSchema,
    cursor: Type.Optional(CursorSchema),
  }),
  response: { 200: pageOf(PersonSchema), ...errorResponses },
};
