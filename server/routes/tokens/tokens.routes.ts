import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireUser } from '../../plugins/auth.plugin';
import { presentToken } from '../../presenters/token.presenter';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/accounts/token.service';
import { createTokenSchema, listTokensSchema, revokeTokenSchema } from './tokens.schema';

/** Personal API tokens of the signed-in user: create, list, revoke. */
const tokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/tokens', { schema: listTokensSchema }, async (request) => {
    const user = requireUser(request);
    const rows = await listApiTokens(app.db, user.id);
    return { items: rows.map(presentToken) };
  });

  app.post('/api/tokens', { schema: createTokenSchema, preHandler: app.limits.tokenCreation }, async (request, reply) => {
    const user = requireUser(request);
    return reply.status(201).send(await createApiToken(app.db, user.id, request.body.name));
  });

  app.delete('/api/tokens/:id', { schema: revokeTokenSchema }, async (request, reply) => {
    const user = requireUser(request);
    await revokeApiToken(app.db, user.id, request.params.id);
    return reply.status(204).send(null);
  });
};

export default tokenRoutes;
