import { Type } from 'typebox';
import { IdParams, errorResponses } from '../shared/common.schema';

/** A personal API token, without its secret. */
export const TokenSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** GET /api/tokens */
export const listTokensSchema = {
  tags: ['tokens'],
  response: { 200: Type.Object({ items: Type.Array(TokenSchema) }), ...errorResponses },
};

/** POST /api/tokens: the secret is in this answer only. */
export const createTokenSchema = {
  tags: ['tokens'],
  body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
  response: { 201: Type.Object({ token: TokenSchema, secret: Type.String() }), ...errorResponses },
};

/** DELETE /api/tokens/:id */
export const revokeTokenSchema = {
  tags: ['tokens'],
  params: IdParams,
  response: { 204: Type.Null(), ...errorResponses },
};
