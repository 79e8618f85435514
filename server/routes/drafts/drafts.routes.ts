import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireUser } from '../../plugins/auth.plugin';
import { deleteDraft, getDraft, saveDraft } from '../../services/forum/draft.service';
import { deleteDraftSchema, getDraftSchema, saveDraftSchema } from './drafts.schema';

/** Composer drafts on the server, per member and scope; sending clears the matching one. */
const draftRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/drafts/:scope', { schema: getDraftSchema }, async (request) => {
    const user = requireUser(request);
    return { draft: await getDraft(app.db, user.id, request.params.scope) };
  });

  // A 200,000-character draft of four-byte characters, JSON-escaped, needs more than the default 1 MiB.
  app.put('/api/drafts/:scope', { schema: saveDraftSchema, preHandler: app.limits.draft, bodyLimit: 4 * 1_048_576 }, async (request) => {
    const user = requireUser(request);
    return { draft: await saveDraft(app.db, user.id, request.params.scope, request.body) };
  });

  app.delete('/api/drafts/:scope', { schema: deleteDraftSchema }, async (request, reply) => {
    const user = requireUser(request);
    await deleteDraft(app.db, user.id, request.params.scope);
    return reply.status(204).send(null);
  });
};

export default draftRoutes;
