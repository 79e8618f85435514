import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../../plugins/auth.plugin';
import { featurePost, listFeatured, unfeature, updateFeatured } from '../../services/moderation/featured.service';
import { featureSchema, unfeatureSchema, updateFeaturedSchema, wallSchema } from './featured.schema';

/** The featured wall (最美衢州人): moderators feature, edit and remove; anyone reads. */
const featuredRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/featured', { schema: wallSchema }, async (request) => {
    const { limit, cursor, ...filter } = request.query;
    return listFeatured(app.db, filter, { limit, ...(cursor !== undefined ? { cursor } : {}) }, request.auth?.user ?? null);
  });

  app.post('/api/featured', { schema: featureSchema }, async (request, reply) => {
    const mod = requireRole(request, 'moderator');
    return reply.status(201).send({ featured: await featurePost(app.ctx, mod, request.body) });
  });

  app.patch('/api/featured/:id', { schema: updateFeaturedSchema }, async (request) => {
    const mod = requireRole(request, 'moderator');
    return { featured: await updateFeatured(app.ctx, mod, request.params.id, request.body) };
  });

  app.delete('/api/featured/:id', { schema: unfeatureSchema }, async (request, reply) => {
    const mod = requireRole(request, 'moderator');
    await unfeature(app.ctx, mod, request.params.id, request.query.note?.trim() || null);
    return reply.status(204).send(null);
  });
};

export default featuredRoutes;
