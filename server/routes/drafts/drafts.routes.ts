import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { deleteDraft, getDraft, saveDraft } from '../../services/drafts';
import { requireUser } from '../../plugins/auth.plugin';
import { memberLimit } from '../../plugins/rate-limit.plugin';
import { deleteDraftSchema, getDraftSchema, saveDraftSchema } from './drafts.schema';

/** Composer drafts on the server, per member and scope; sending clears the matching one. */
const draftRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/drafts/:scope', { schema: getDraftSchema }, async (request) => {
    const user = requireUser(request);
    return { draft: await getDraft(app.db, user.id, request.params.scope) };
  });

  // The composer saves a draft after each pause in typing: generous, but not without end.
  const draftLimit = memberLimit({
    name: 'draft',
    max: app.config.draftRateLimit,
    windowMs: 60_000,
    sentence: (max, seconds) => ({
      en: `You are saving drafts faster than ${max} a minute allows. Please wait ${seconds} seconds.`,
      zh: `草稿保存太频繁了（每分钟最多 ${max} 次），请 ${seconds} 秒后再试。`,
    }),
  });

  app.put('/api/drafts/:scope', { schema: saveDraftSchema, preHandler: draftLimit }, async (request) => {
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
