import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { clearSessionCookie, currentSessionId, requireUser } from '../../plugins/auth.plugin';
import { presentSession } from '../../presenters/session.presenter';
import { endOtherSessions, endSession, listUserSessions } from '../../services/accounts/session.service';
import { listSessionsSchema, revokeOthersSchema, revokeSessionSchema } from './sessions.schema';

/** The signed-in user's own sessions: list them, sign one out, sign out all the others. */
const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/me/sessions', { schema: listSessionsSchema }, async (request) => {
    const user = requireUser(request);
    const current = currentSessionId(request);
    const rows = await listUserSessions(app.db, user.id);
    return { items: rows.map((row) => presentSession(row, current)) };
  });

  app.delete('/api/me/sessions/:id', { schema: revokeSessionSchema }, async (request, reply) => {
    const user = requireUser(request);
    await endSession(app.ctx, user.id, request.params.id);
    // Ending the session this request came with is signing out here.
    if (request.params.id === currentSessionId(request)) clearSessionCookie(request, reply);
    return reply.status(204).send(null);
  });

  app.post('/api/me/sessions/revoke-others', { schema: revokeOthersSchema }, async (request) => {
    const user = requireUser(request);
    return { revoked: await endOtherSessions(app.ctx, user.id, currentSessionId(request)) };
  });
};

export default sessionRoutes;
