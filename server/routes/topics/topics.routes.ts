import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { requireUser } from '../../plugins/auth.plugin';
import { cacheRooms } from '../../plugins/read-cache.plugin';
import { createPost } from '../../services/forum/post.service';
import { createTopic, getThread, getTopic, listBoardTopics } from '../../services/forum/topic.service';
import { createPostSchema, createTopicSchema, getTopicSchema, getTreeSchema, listTopicsSchema } from './topics.schema';

/**
 * Topics and replies. Anonymous reads of a board's topics, a topic and its tree are served
 * through the public reads' cache (app.publicReads), stale as soon as an event of the board's
 * or topic's room reaches this process; signed-in readers are always read fresh. Both ways of writing share one per-member limit of POST_RATE_LIMIT a
 * minute (`app.limits.posting`), applied at the preHandler stage, after authentication has
 * named the member. They opt out of the global per-token limit (`rateLimit: false`): theirs
 * is the stricter one.
 */
const topicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const viewer = (request: FastifyRequest) => request.auth?.user ?? null;

  app.get('/api/boards/:slug/topics', { schema: listTopicsSchema }, async (request, reply) => {
    const reader = viewer(request);
    if (reader !== null) return listBoardTopics(app.db, request.params.slug, request.query, reader);
    const { slug } = request.params;
    return app.publicReads.serve(request, reply, {
      read: 'board-topics',
      key: [slug, request.query.limit, request.query.cursor ?? null],
      load: async () => ({ answer: await listBoardTopics(app.db, slug, request.query, null), rooms: [cacheRooms.board(slug)] }),
    });
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

  app.get('/api/topics/:id', { schema: getTopicSchema }, async (request, reply) => {
    const reader = viewer(request);
    if (reader !== null) return getTopic(app.db, request.params.id, request.query, reader);
    const { id } = request.params;
    return app.publicReads.serve(request, reply, {
      read: 'topic',
      key: [id, request.query.limit, request.query.cursor ?? null],
      load: async () => ({ answer: await getTopic(app.db, id, request.query, null), rooms: [cacheRooms.topic(id)] }),
    });
  });

  app.get('/api/topics/:id/tree', { schema: getTreeSchema }, async (request, reply) => {
    const reader = viewer(request);
    if (reader !== null) return getThread(app.db, request.params.id, request.query, reader);
    const { id } = request.params;
    return app.publicReads.serve(request, reply, {
      read: 'tree',
      key: [id, request.query.limit, request.query.cursor ?? null],
      load: async () => ({ answer: await getThread(app.db, id, request.query, null), rooms: [cacheRooms.topic(id)] }),
    });
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
