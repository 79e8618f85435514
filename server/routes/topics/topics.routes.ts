import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { requireUser } from '../../plugins/auth.plugin';
import { createPost } from '../../services/forum/post.service';
import { createTopic, getThread, getTopic, listBoardTopics } from '../../services/forum/topic.service';
import { createPostSchema, createTopicSchema, getTopicSchema, getTreeSchema, listTopicsSchema } from './topics.schema';

/**
 * Topics and replies. Both ways of writing share one per-member limit of POST_RATE_LIMIT a
 * minute (`app.limits.posting`), applied at the preHandler stage, after authentication has
 * named the member. They opt out of the global per-token limit (`rateLimit: false`): theirs
 * is the stricter one.
 */
const topicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const viewer = (request: FastifyRequest) => request.auth?.user ?? null;

  app.get('/api/boards/:slug/topics', { schema: listTopicsSchema }, async (request) => {
    return listBoardTopics(app.db, request.params.slug, request.query, viewer(request));
  });

  app.post(
    '/api/boards/:slug/topics',
    { schema: createTopicSchema, config: { rateLimit: false }, preHandler: app.limits.posting },
    async (request, reply) => {
      const user = requireUser(request);
      const created = await createTopic(app.ctx, user, request.params.slug, request.body);
      // 202: saved, but waiting for a moderator's approval (先审后发).
      return reply.status(created.post.held ? 202 : 201).send(created);
    },
  );

  app.get('/api/topics/:id', { schema: getTopicSchema }, async (request) => {
    return getTopic(app.db, request.params.id, request.query, viewer(request));
  });

  app.get('/api/topics/:id/tree', { schema: getTreeSchema }, async (request) => {
    return getThread(app.db, request.params.id, request.query, viewer(request));
  });

  app.post(
    '/api/topics/:id/posts',
    { schema: createPostSchema, config: { rateLimit: false }, preHandler: app.limits.posting },
    async (request, reply) => {
      const user = requireUser(request);
      const post = await createPost(app.ctx, user, request.params.id, request.body);
      return reply.status(post.held ? 202 : 201).send({ post });
    },
  );
};

export default topicRoutes;
