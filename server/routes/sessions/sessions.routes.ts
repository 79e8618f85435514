import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { listUserSessions, revokeOtherSessions, revokeUserSession } from '../../services/accounts';
import { presentSession } from '../../presenters/session.presenter';
import { clearSessionCookie, requireUser } from '../../plugins/auth.plugin';
import { fail } from '../../errors';
import { listSessionsSchema, revokeOthersSchema, revokeSessionSchema } from './sessions.schema';

/** The signed-in user's own sessions: list them, sign one out, sign out all the others. */
const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The session a request came with (null with a personal API token). */
  const currentSession = (request: FastifyRequest) => (request.auth?.via === 'session' ? request.auth.sessionId : null);

  app.get('/api/me/sessions', { schema: listSessionsSchema }, async (request) => {
    const user = requireUser(request);
    const current = currentSession(request);
    const rows = await listUserSessions(app.db, user.id);
    return { items: rows.map((row) => presentSession(row, current)) };
  });

  app.delete('/api/me/sessions/:id', { schema: revokeSessionSchema }, async (request, reply) => {
    const user = requireUser(request);
    const { id } = request.params;
    if (!(await revokeUserSession(app.db, user.id, id))) {
      throw fail.notFound('You have no such session (it may have ended already).', '没有这个登录会话（可能已经退出）。');
    }
    app.realtime.disconnectSession(id);
    // Ending the session this request came with is signing out here.
    if (id === currentSession(request)) {
      clearSessionCookie(reply, request.protocol === 'https' || app.config.publicUrl.startsWith('https:'));
    }
    return reply.status(204).send(null);
  });

  app.post('/api/me/sessions/revoke-others', { schema: revokeOthersSchema }, async (request) => {
    const user = requireUser(request);
    const ended = await revokeOtherSessions(app.db, user.id, currentSession(request));
    for (const id of ended) app.realtime.disconnectSession(id);
    return { revoked: ended.length };
  });
};

export default sessionRoutes;
