import { Type } from 'typebox';
import { DisplayNameSchema, NewPasswordSchema, PasswordSchema, SessionAnswer, UsernameSchema } from '../shared/accounts.schema';
import { IdSchema, Nullable, errorResponses } from '../shared/common.schema';

/** POST /api/auth/register */
export const registerSchema = {
  tags: ['accounts'],
  body: Type.Object(
    {
      username: UsernameSchema,
      password: NewPasswordSchema,
      displayName: DisplayNameSchema,
      unitId: Type.Optional(Nullable(IdSchema)),
    },
    { additionalProperties: false },
  ),
  response: { 201: SessionAnswer, ...errorResponses },
};

/** POST /api/auth/login */
export const loginSchema = {
  tags: ['accounts'],
  body: Type.Object(
    {
      username: Type.String({ minLength: 1, maxLength: 100 }),
      password: PasswordSchema,
    },
    { additionalProperties: false },
  ),
  response: { 200: SessionAnswer, ...errorResponses },
};

/** POST /api/auth/logout */
export const logoutSchema = {
  tags: ['accounts'],
  response: { 204: Type.Null(), ...errorResponses },
};

/** GET /api/me */
export const meSchema = {
  tags: ['accounts'],
  response: { 200: SessionAnswer, ...errorResponses },
};

/** POST /api/me/password */
export const changePasswordSchema = {
  tags: ['accounts'],
  body: Type.Object(
    {
      currentPassword: PasswordSchema,
      newPassword: NewPasswordSchema,
    },
    { additionalProperties: false },
  ),
  response: { 204: Type.Null(), ...errorResponses },
};
