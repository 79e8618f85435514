import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { editPost, getPostRow, listReactors, listRevisions, previewMarkdown, setReaction } from '../../services/posts';
import { listThread } from '../../services/topics';
import { presentOnePost } from '../../services/forum-present';
import { requireUser } from '../../plugins/auth.plugin';
import { memberLimit } from '../../plugins/rate-limit.plugin';
import { rooms } from '../../realtime/events';
import { currentSeq } from '../../realtime/replay';
import { fail } from '../../errors';
import { BODY_MAX_LENGTH } from '../../domain/limits';
import {
  editPostSchema, getPostSchema, previewSchema, reactionSchema, reactorsSchema, repliesSchema, revisionsSchema,
} from './posts.schema';

/** One post: permalink, edit with revisions, reactions, replies below it; and the preview. */
const postRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const viewer = (request: FastifyRequest) => request.auth?.user ?? null;
  const ctx = { db: app.db, realtime: app.realtime };

  app.get('/api/posts/:id', { schema: getPostSchema }, async (request) => {
    const row = await getPostRow(app.db, request.params.id);
    return { post: await presentOnePost(app.db, row, viewer(request)) };
  });

  // Every edit keeps a revision: a member may not write them without end.
  const editLimit = memberLimit({
    name: 'edit',
    max: app.config.editRateLimit,
    windowMs: 60_000,
    sentence: (max, seconds) => ({
      en: `You are editing faster than ${max} edits a minute allows. Please wait ${seconds} seconds and save again; your text is kept.`,
      zh: `编辑太快了（每分钟最多 ${max} 次），请 ${seconds} 秒后再保存，内容不会丢失。`,
    }),
  });

  app.patch('/api/posts/:id', { schema: editPostSchema, preHandler: editLimit }, async (request) => {
    const user = requireUser(request);
    return { post: await editPost(ctx, user, request.params.id, request.body) };
  });

  app.get('/api/posts/:id/revisions', { schema: revisionsSchema }, async (request) => {
    return { items: await listRevisions(app.db, request.params.id, viewer(request)) };
  });

  app.get('/api/posts/:id/replies', { schema: repliesSchema }, async (request) => {
    const row = await getPostRow(app.db, request.params.id);
    const seq = await currentSeq(app.db, rooms.topic(row.topicId));
    return { ...(await listThread(app.db, row.topicId, request.query, viewer(request), { id: row.id, path: row.path })), seq };
  });

  app.put('/api/posts/:id/reactions/:kind', { schema: reactionSchema }, async (request) => {
    const user = requireUser(request);
    return { post: await setReaction(ctx, user, request.params.id, request.params.kind, true) };
  });

  app.delete('/api/posts/:id/reactions/:kind', { schema: reactionSchema }, async (request) => {
    const user = requireUser(request);
    return { post: await setReaction(ctx, user, request.params.id, request.params.kind, false) };
  });

  app.get('/api/posts/:id/reactions', { schema: reactorsSchema }, async (request) => {
    return { items: await listReactors(app.db, request.params.id) };
  });

  app.post('/api/preview', { schema: previewSchema }, async (request) => {
    requireUser(request);
    if (request.body.body.length > BODY_MAX_LENGTH) {
      throw fail.validation('body', `body must be at most ${BODY_MAX_LENGTH} characters.`, `正文最多 ${BODY_MAX_LENGTH} 个字符。`);
    }
    return previewMarkdown(request.body.body);
  });
};

export default postRoutes;
