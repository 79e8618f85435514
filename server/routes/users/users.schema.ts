import { Type } from 'typebox';
import { IdParams, RoleSchema, UserSchema, UsernameSchema, errorResponses } from '../shared.schema';

/** PUT /api/users/:id/roles (admin) */
export const setRolesSchema = {
  tags: ['users'],
  params: IdParams,
  body: Type.Object(
    { roles: Type.Array(RoleSchema, { maxItems: 5, uniqueItems: true }) },
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
