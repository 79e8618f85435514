import { Type } from 'typebox';
import { IdSchema, Nullable, SessionAnswer, UsernameSchema, errorResponses } from '../shared.schema';

/** POST /api/auth/register */
export const registerSchema = {
  tags: ['accounts'],
  body: Type.Object(
    {
      username: UsernameSchema,
      password: Type.String({ minLength: 10, maxLength: 1000 }),
      displayName: Type.String({ minLength: 1, maxLength: 50 }),
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
      password: Type.String({ minLength: 1, maxLength: 1000 }),
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
      currentPassword: Type.String({ minLength: 1, maxLength: 1000 }),
      newPassword: Type.String({ minLength: 10, maxLength: 1000 }),
    },
    { additionalProperties: false },
  ),
  response: { 204: Type.Null(), ...errorResponses },
};
