import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../../plugins/auth.plugin';
import { cacheRooms } from '../../plugins/read-cache.plugin';
import { featurePost, listFeatured, unfeature, updateFeatured } from '../../services/moderation/featured.service';
import { featureSchema, unfeatureSchema, updateFeaturedSchema, wallSchema } from './featured.schema';

/** The featured wall (最美衢州人): moderators feature, edit and remove; anyone reads (anonymous readers from the cache). */
const featuredRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Anonymous readers are served through the public reads' cache. A wall's answer is stale
  // once the featured room hears of a change (feature, edit of the feature, unfeature, a
  // featured post hidden or shown again) or once the topic room of one of its entries does
  // (the post edited, reacted to, its photo or visit changed); a campaign change makes every
  // answer stale. Signed-in readers are read fresh: a moderator sees more of one post's features.
  app.get('/api/featured', { schema: wallSchema }, async (request, reply) => {
    const { limit, cursor, ...filter } = request.query;
    const page = { limit, ...(cursor !== undefined ? { cursor } : {}) };
    const reader = request.auth?.user ?? null;
    if (reader !== null) return listFeatured(app.db, filter, page, reader);
    return app.publicReads.serve(request, reply, {
      read: 'featured',
      key: [filter.collection ?? null, filter.unitId ?? null, filter.phase ?? null, filter.postId ?? null, filter.author ?? null, limit, cursor ?? null],
      load: async () => {
        const wall = await listFeatured(app.db, filter, page, null);
        const topicRooms = new Set(wall.items.map((entry) => cacheRooms.topic(entry.topic.id)));
        return { answer: wall, rooms: [cacheRooms.featured, ...topicRooms] };
      },
    });
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
