import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireUser } from '../../plugins/auth.plugin';
import { cacheRooms } from '../../plugins/read-cache.plugin';
import { createPost, replyContextAlong } from '../../services/forum/post.service';
import { overlayBoardTopics, overlayPostPage, overlayTopicPage } from '../../services/forum/read-overlay';
import { createTopic, getThread, getTopic, listBoardTopics } from '../../services/forum/topic.service';
import type { LivePage } from '../../presenters/page.presenter';
import type { PostView } from '../../presenters/post.presenter';
import type { TopicPageView, TopicView } from '../../presenters/topic.presenter';
import { MAX_ID } from '../../domain/text';
import { createPostSchema, createTopicSchema, getTopicSchema, getTreeSchema, listTopicsSchema } from './topics.schema';

/**
 * Topics and replies. Reads of a board's topics, a topic and its tree are served through the
 * public reads' cache (app.publicReads), stale as soon as an event of the board's or topic's
 * room reaches this process: anonymous readers get the shared entry, signed-in members the
 * shared entry with their own marks overlaid (read-overlay.ts), moderators a fresh read.
 * Both ways of writing share one per-member limit of POST_RATE_LIMIT a
 * minute (`app.limits.posting`), applied at the preHandler stage, after authentication has
 * named the member. They opt out of the global per-token limit (`rateLimit: false`): theirs
 * is the stricter one.
 */
const topicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/boards/:slug/topics', { schema: listTopicsSchema }, async (request, reply) => {
    const { slug } = request.params;
    return app.publicReads.serve(request, reply, {
      read: 'board-topics',
      key: [slug, request.query.limit, request.query.cursor ?? null],
      load: async () => ({ answer: await listBoardTopics(app.db, slug, request.query, null), rooms: [cacheRooms.board(slug)] }),
      forViewer: {
        overlay: (viewer, shared) => overlayBoardTopics(app.db, viewer.id, slug, shared as LivePage<TopicView>),
        fresh: (viewer) => listBoardTopics(app.db, slug, request.query, viewer),
      },
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
    const { id } = request.params;
    return app.publicReads.serve(request, reply, {
      read: 'topic',
      key: [id, request.query.limit, request.query.cursor ?? null],
      load: async () => ({ answer: await getTopic(app.db, id, request.query, null), rooms: [cacheRooms.topic(id)] }),
      forViewer: {
        overlay: (viewer, shared) => overlayTopicPage(app.db, viewer.id, id, shared as TopicPageView),
        fresh: (viewer) => getTopic(app.db, id, request.query, viewer),
      },
    });
  });

  app.get('/api/topics/:id/tree', { schema: getTreeSchema }, async (request, reply) => {
    const { id } = request.params;
    return app.publicReads.serve(request, reply, {
      read: 'tree',
      key: [id, request.query.limit, request.query.cursor ?? null],
      load: async () => ({ answer: await getThread(app.db, id, request.query, null), rooms: [cacheRooms.topic(id)] }),
      forViewer: {
        overlay: (viewer, shared) => overlayPostPage(app.db, viewer.id, { topicId: id }, shared as LivePage<PostView>),
        fresh: (viewer) => getThread(app.db, id, request.query, viewer),
      },
    });
  });

  app.post(
    '/api/topics/:id/posts',
    {
      schema: createPostSchema,
      // The topic's context in the session lookup's statement (the id not validated yet: a
      // malformed one reads nothing and the schema answers 400).
      config: { rateLimit: false, alongSession: (request) => { const id = pathId(request.params); return id === null ? null : replyContextAlong(id); } },
      preHandler: app.limits.posting,
    },
    async (request, reply) => {
      const user = requireUser(request);
      const post = await createPost(app.ctx, user, request.params.id, request.body, request.sessionAlong);
      return reply.status(post.held ? 202 : 201).send({ post });
    },
  );
};

/** A path's `:id` as the schema will read it, before validation; null when the schema will refuse it. */
function pathId(params: unknown): number | null {
  const raw = (params as { id?: unknown } | undefined)?.id;
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id <= MAX_ID ? id : null;
}

export default topicRoutes;
