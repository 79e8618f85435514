import { Type } from 'typebox';
import { ROLES } from '../../domain/roles';
import { RoleSchema, UserSchema, UsernameSchema } from '../shared/accounts.schema';
import { IdParams, errorResponses } from '../shared/common.schema';

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
