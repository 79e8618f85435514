import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/accounts';
import { presentToken } from '../../presenters/token.presenter';
import { requireUser } from '../../plugins/auth.plugin';
import { fail } from '../../errors';
import { createTokenSchema, listTokensSchema, revokeTokenSchema } from './tokens.schema';

/** Personal API tokens of the signed-in user: create, list, revoke. */
const tokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/tokens', { schema: listTokensSchema }, async (request) => {
    const user = requireUser(request);
    const rows = await listApiTokens(app.db, user.id);
    return { items: rows.map(presentToken) };
  });

  app.post('/api/tokens', { schema: createTokenSchema }, async (request, reply) => {
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
