import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/accounts';
import { presentToken } from '../../presenters/token.presenter';
import { requireUser } from '../../plugins/auth.plugin';
import { memberLimit } from '../../plugins/rate-limit.plugin';
import { fail } from '../../errors';
import { createTokenSchema, listTokensSchema, revokeTokenSchema } from './tokens.schema';

/** Personal API tokens of the signed-in user: create, list, revoke. */
const tokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/tokens', { schema: listTokensSchema }, async (request) => {
    const user = requireUser(request);
    const rows = await listApiTokens(app.db, user.id);
    return { items: rows.map(presentToken) };
  });

  const creationLimit = memberLimit({
    name: 'token-create',
    max: app.config.tokenCreateRateLimit,
    windowMs: 3_600_000,
    sentence: (max, seconds) => ({
      en: `You have created ${max} tokens this hour, the most allowed. Please wait ${seconds} seconds, or use one you have.`,
      zh: `本小时已创建 ${max} 个令牌，已达上限。请 ${seconds} 秒后再试，或使用已有的令牌。`,
    }),
  });

  app.post('/api/tokens', { schema: createTokenSchema, preHandler: creationLimit }, async (request, reply) => {
    const user = requireUser(request);
    const name = request.body.name.trim();
    if (name === '') throw fail.validation('name', 'name must not be blank.', '名称不能为空。');
    const { row, secret } = await createApiToken(app.db, user.id, name);
    return reply.status(201).send({ token: presentToken(row), secret });
  });

  app.delete('/api/tokens/:id', { schema: revokeTokenSchema }, async (request, reply) => {
    const user = requireUser(request);
    await revokeApiToken(app.db, user.id, request.params.id);
    return reply.status(204).send(null);
  });
};

export default tokenRoutes;
