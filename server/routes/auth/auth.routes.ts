import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { authenticate, changePassword, createSession, createUser, revokeSession } from '../../services/accounts';
import { presentUser } from '../../presenters/user.presenter';
import { clearSessionCookie, requireUser, setSessionCookie } from '../../plugins/auth.plugin';
import { fail } from '../../errors';
import { changePasswordSchema, loginSchema, logoutSchema, meSchema, registerSchema } from './auth.schema';

/** Registration, sign-in, sign-out and the current user. */
const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config } = app;
  const secure = (request: FastifyRequest) => request.protocol === 'https' || config.publicUrl.startsWith('https:');
  const meta = (request: FastifyRequest) => ({ userAgent: request.headers['user-agent'], ip: request.ip });
  const loginLimits = {
    perAccount: config.loginFailuresPerAccount,
    perAddress: config.loginFailuresPerAddress,
    windowMs: config.loginFailureWindowMs,
  };

  app.post(
    '/api/auth/register',
    {
      schema: registerSchema,
      config: {
        csrf: false,
        rateLimit: config.registrationRateLimit > 0
          ? { max: config.registrationRateLimit, timeWindow: 3_600_000, allowList: () => false, keyGenerator: (r: FastifyRequest) => `register:${r.ip}` }
          : false,
      },
    },
    async (request, reply) => {
      const displayName = request.body.displayName.trim();
      if (displayName === '') throw fail.validation('displayName', 'displayName must not be blank.', '显示名称不能为空。');
      const user = await createUser(app.db, { ...request.body, displayName });
      const session = await createSession(app.db, user.id, config.sessionTtlMs, meta(request));
      setSessionCookie(reply, session.secret, session.expiresAt, secure(request));
      return reply.status(201).send({ user: presentUser(user), csrfToken: session.csrfToken });
    },
  );

  app.post('/api/auth/login', { schema: loginSchema, config: { csrf: false } }, async (request, reply) => {
    const user = await authenticate(app.db, request.body.username, request.body.password, request.ip, loginLimits);
    // A sign-in replaces any session this browser had.
    if (request.auth?.via === 'session') await revokeSession(app.db, request.auth.sessionId);
    const session = await createSession(app.db, user.id, config.sessionTtlMs, meta(request));
    setSessionCookie(reply, session.secret, session.expiresAt, secure(request));
    return reply.status(200).send({ user: presentUser(user), csrfToken: session.csrfToken });
  });

  app.post('/api/auth/logout', { schema: logoutSchema }, async (request, reply) => {
    requireUser(request);
    if (request.auth?.via === 'session') {
      await revokeSession(app.db, request.auth.sessionId);
      app.realtime.disconnectSession(request.auth.sessionId);
    }
    clearSessionCookie(reply, secure(request));
    return reply.status(204).send(null);
  });

  app.post('/api/me/password', { schema: changePasswordSchema }, async (request, reply) => {
    const user = requireUser(request);
    const keep = request.auth?.via === 'session' ? request.auth.sessionId : null;
    await changePassword(app.db, user, request.body.currentPassword, request.body.newPassword, request.ip, loginLimits, keep);
    // Sockets of the sessions just ended go too; this browser's own session stays.
    app.realtime.disconnectUser(user.id);
    return reply.status(204).send(null);
  });

  app.get('/api/me', { schema: meSchema }, async (request) => {
    const user = requireUser(request);
    return {
      user: presentUser(user),
      csrfToken: request.auth?.via === 'session' ? request.auth.csrfToken : null,
    };
  });
};

export default authRoutes;
