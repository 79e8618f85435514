import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { createTopic, getTopicRow, listBoardTopics, listThread, listTopicPosts } from '../../services/topics';
import { createPost } from '../../services/posts';
import { presentOneTopic } from '../../services/forum-present';
import { requireUser } from '../../plugins/auth.plugin';
import { memberLimit } from '../../plugins/rate-limit.plugin';
import { rooms } from '../../realtime/events';
import { currentSeq } from '../../realtime/replay';
import { createPostSchema, createTopicSchema, getTopicSchema, getTreeSchema, listTopicsSchema } from './topics.schema';

/**
 * Topics and replies. Both ways of writing share one per-member limit of POST_RATE_LIMIT a
 * minute, applied at the preHandler stage, after authentication has named the member.
 */
const topicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const viewer = (request: FastifyRequest) => request.auth?.user ?? null;
  const ctx = { db: app.db, realtime: app.realtime };
  // One limiter (one counter per member) for topics and replies together. The routes opt out
  // of the global per-token limit (`rateLimit: false`): this limit is the stricter one.
  const postingLimit = memberLimit({
    name: 'post',
    max: app.config.postRateLimit,
    windowMs: 60_000,
    // Say what happened and how long to wait, rather than the sign-in wording.
    sentence: (max, seconds) => ({
      en: `You are posting faster than ${max} posts a minute allows. Please wait ${seconds} seconds and send again; your text is kept.`,
      zh: `发帖太快了（每分钟最多 ${max} 条），请 ${seconds} 秒后再发送，内容不会丢失。`,
    }),
  });

  app.get('/api/boards/:slug/topics', { schema: listTopicsSchema }, async (request) => {
    const seq = await currentSeq(app.db, rooms.board(request.params.slug));
    return { ...(await listBoardTopics(app.db, request.params.slug, request.query, viewer(request))), seq };
  });

  app.post(
    '/api/boards/:slug/topics',
    { schema: createTopicSchema, config: { rateLimit: false }, preHandler: postingLimit },
    async (request, reply) => {
      const user = requireUser(request);
      const answer = await createTopic(ctx, user, request.params.slug, request.body);
      return reply.status(201).send(answer);
    },
  );

  app.get('/api/topics/:id', { schema: getTopicSchema }, async (request) => {
    const row = await getTopicRow(app.db, request.params.id);
    const seq = await currentSeq(app.db, rooms.topic(row.id));
    const [topic, posts] = await Promise.all([
      presentOneTopic(app.db, row, viewer(request)),
      listTopicPosts(app.db, row.id, request.query, viewer(request)),
    ]);
    return { topic, posts, seq };
  });

  app.get('/api/topics/:id/tree', { schema: getTreeSchema }, async (request) => {
    const row = await getTopicRow(app.db, request.params.id);
    const seq = await currentSeq(app.db, rooms.topic(row.id));
    return { ...(await listThread(app.db, row.id, request.query, viewer(request))), seq };
  });

  app.post(
    '/api/topics/:id/posts',
    { schema: createPostSchema, config: { rateLimit: false }, preHandler: postingLimit },
    async (request, reply) => {
      const user = requireUser(request);
      const post = await createPost(ctx, user, request.params.id, request.body);
      return reply.status(201).send({ post });
    },
  );
};

export default topicRoutes;
