import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { clearSessionCookie, currentSessionId, requireUser, sessionMeta, setSessionCookie } from '../../plugins/auth.plugin';
import { presentUser } from '../../presenters/user.presenter';
import { changePassword, signIn, type LoginLimits } from '../../services/accounts/password.service';
import { signOut } from '../../services/accounts/session.service';
import { register } from '../../services/accounts/user.service';
import { changePasswordSchema, loginSchema, logoutSchema, meSchema, registerSchema } from './auth.schema';

/** Registration, sign-in, sign-out, the password and the current user. */
const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config } = app;
  const loginLimits: LoginLimits = {
    perAccount: config.loginFailuresPerAccount,
    perAddress: config.loginFailuresPerAddress,
    windowMs: config.loginFailureWindowMs,
  };

  app.post(
    '/api/auth/register',
    { schema: registerSchema, config: { csrf: false, rateLimit: app.limits.registration } },
    async (request, reply) => {
      const { user, session } = await register(app.db, request.body, sessionMeta(request), config.sessionTtlMs);
      setSessionCookie(request, reply, session);
      return reply.status(201).send({ user: presentUser(user), csrfToken: session.csrfToken });
    },
  );

  app.post('/api/auth/login', { schema: loginSchema, config: { csrf: false } }, async (request, reply) => {
    const { user, session } = await signIn(app.db, {
      ...request.body, address: request.ip, meta: sessionMeta(request), previousSessionId: currentSessionId(request),
    }, loginLimits, config.sessionTtlMs);
    setSessionCookie(request, reply, session);
    return reply.status(200).send({ user: presentUser(user), csrfToken: session.csrfToken });
  });

  app.post('/api/auth/logout', { schema: logoutSchema }, async (request, reply) => {
    requireUser(request);
    const sessionId = currentSessionId(request);
    if (sessionId !== null) await signOut(app.ctx, sessionId);
    clearSessionCookie(request, reply);
    return reply.status(204).send(null);
  });

  app.post('/api/me/password', { schema: changePasswordSchema }, async (request, reply) => {
    const user = requireUser(request);
    await changePassword(app.ctx, user, {
      ...request.body, address: request.ip, keepSessionId: currentSessionId(request),
    }, loginLimits);
    return reply.status(204).send(null);
  });

  app.get('/api/me', { schema: meSchema }, async (request) => {
    const user = requireUser(request);
    return { user: presentUser(user), csrfToken: request.auth?.via === 'session' ? request.auth.csrfToken : null };
  });
};

export default authRoutes;
