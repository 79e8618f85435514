import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { requireUser } from '../../plugins/auth.plugin';
import { cacheRooms } from '../../plugins/read-cache.plugin';
import { editPost, getPost, listReactors, listRevisions, previewMarkdown, setReaction } from '../../services/forum/post.service';
import { overlayPostPage } from '../../services/forum/read-overlay';
import { loadReplies } from '../../services/forum/topic.service';
import type { LivePage } from '../../presenters/page.presenter';
import type { PostView } from '../../presenters/post.presenter';
import {
  editPostSchema, getPostSchema, previewSchema, reactionSchema, reactorsSchema, repliesSchema, revisionsSchema,
} from './posts.schema';

/**
 * One post: permalink, edit with revisions, reactions, replies below it (through the public
 * reads' cache, with a signed-in member's overlay); and the preview.
 */
const postRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const viewer = (request: FastifyRequest) => request.auth?.user ?? null;

  app.get('/api/posts/:id', { schema: getPostSchema }, async (request) => {
    return { post: await getPost(app.db, request.params.id, viewer(request)) };
  });

  app.patch('/api/posts/:id', { schema: editPostSchema, preHandler: app.limits.edit }, async (request) => {
    const user = requireUser(request);
    return { post: await editPost(app.ctx, user, request.params.id, request.body) };
  });

  app.get('/api/posts/:id/revisions', { schema: revisionsSchema }, async (request) => {
    return { items: await listRevisions(app.db, request.params.id, viewer(request)) };
  });

  app.get('/api/posts/:id/replies', { schema: repliesSchema }, async (request, reply) => {
    const { id } = request.params;
    return app.publicReads.serve(request, reply, {
      read: 'replies',
      key: [id, request.query.limit, request.query.cursor ?? null],
      load: async () => {
        const { page, topicId } = await loadReplies(app.db, id, request.query, null);
        return { answer: page, rooms: [cacheRooms.topic(topicId)] };
      },
      forViewer: {
        overlay: (viewer, shared) => overlayPostPage(app.db, viewer.id, { postId: id }, shared as LivePage<PostView>),
        fresh: async (viewer) => (await loadReplies(app.db, id, request.query, viewer)).page,
      },
    });
  });

  app.put('/api/posts/:id/reactions/:kind', { schema: reactionSchema }, async (request) => {
    const user = requireUser(request);
    return { post: await setReaction(app.ctx, user, request.params.id, request.params.kind, true) };
  });

  app.delete('/api/posts/:id/reactions/:kind', { schema: reactionSchema }, async (request) => {
    const user = requireUser(request);
    return { post: await setReaction(app.ctx, user, request.params.id, request.params.kind, false) };
  });

  app.get('/api/posts/:id/reactions', { schema: reactorsSchema }, async (request) => {
    return { items: await listReactors(app.db, request.params.id) };
  });

  app.post('/api/preview', { schema: previewSchema }, async (request) => {
    requireUser(request);
    return previewMarkdown(request.body.body);
  });
};

export default postRoutes;
