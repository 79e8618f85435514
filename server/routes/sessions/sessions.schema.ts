import { Type } from 'typebox';
import { errorResponses, Nullable } from '../shared/common.schema';


/** One of the signed-in user's sessions (a browser or device signed in). */
export const SessionSchema = Type.Object({
  id: Type.String({ description: 'A handle to end the session with (not the cookie).' }),
  current: Type.Boolean({ description: 'True for the session this request came with.' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  userAgent: Nullable(Type.String()),
  ip: Nullable(Type.String()),
});

/** GET /api/me/sessions */
export const listSessionsSchema = {
  tags: ['accounts'],
  description: 'The signed-in user\'s live sessions, most recently active first.',
  response: { 200: Type.Object({ items: Type.Array(SessionSchema) }), ...errorResponses },
};

/** DELETE /api/me/sessions/:id */
export const revokeSessionSchema = {
  tags: ['accounts'],
  description: 'Signs one of your sessions out; its open pages lose their live connection at once.',
  params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'A session id from GET /api/me/sessions.' }) }),
  response: { 204: Type.Null(), ...errorResponses },
};

/** POST /api/me/sessions/revoke-others */
export const revokeOthersSchema = {
  tags: ['accounts'],
  description: 'Signs out every other session of yours (with a personal API token: every session).',
  response: { 200: Type.Object({ revoked: Type.Integer({ minimum: 0 }) }), ...errorResponses },
};
