import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole, requireUser } from '../../plugins/auth.plugin';
import { presentUser } from '../../presenters/user.presenter';
import { createAppeal, listAppealableActions, listMyAppeals } from '../../services/moderation/appeal.service';
import { hidePost, moveTopic, setTopicFlag, unhidePost } from '../../services/moderation/content.service';
import { flagPost, withdrawFlag } from '../../services/moderation/flag.service';
import { liftMeasure, silenceUser, suspendUser } from '../../services/moderation/people.service';
import { setTopicVisit } from '../../services/moderation/visit-claim.service';
import {
  createAppealSchema, flagSchema, hideSchema, liftSchema, lockSchema, moveSchema, myAppealsSchema, restrictSchema,
  topicFlagSchema, visitLinkSchema, withdrawFlagSchema,
} from './moderation.schema';

/**
 * Moderators' actions on posts, topics and people; members' flags and appeals; the visit
 * link of a note; the admin's board settings. Each action is one service call: its change,
 * log row, notification and events in one transaction.
 */
const moderationContentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/posts/:id/hide', { schema: hideSchema }, async (request) => {
    const mod = requireRole(request, 'moderator');
    return { post: await hidePost(app.ctx, mod, request.params.id, request.body.note?.trim() || null) };
  });

  app.post('/api/posts/:id/unhide', { schema: hideSchema }, async (request) => {
    const mod = requireRole(request, 'moderator');
    return { post: await unhidePost(app.ctx, mod, request.params.id, request.body.note?.trim() || null) };
  });

  app.post('/api/topics/:id/lock', { schema: lockSchema }, async (request) => {
    const mod = requireRole(request, 'moderator');
    return { topic: await setTopicFlag(app.ctx, mod, request.params.id, 'lock', request.body.reason?.trim() || null) };
  });

  for (const action of ['unlock', 'pin', 'unpin'] as const) {
    app.post(`/api/topics/:id/${action}`, { schema: topicFlagSchema }, async (request) => {
      const mod = requireRole(request, 'moderator');
      return { topic: await setTopicFlag(app.ctx, mod, request.params.id, action, request.body.note?.trim() || null) };
    });
  }

  app.post('/api/topics/:id/move', { schema: moveSchema }, async (request) => {
    const mod = requireRole(request, 'moderator');
    return { topic: await moveTopic(app.ctx, mod, request.params.id, request.body.boardSlug, request.body.note?.trim() || null) };
  });

  app.put('/api/topics/:id/visit', { schema: visitLinkSchema }, async (request) => {
    const user = requireUser(request);
    return { topic: await setTopicVisit(app.ctx, user, request.params.id, request.body.visitId) };
  });

  app.post('/api/users/:id/silence', { schema: restrictSchema }, async (request) => {
    const mod = requireRole(request, 'moderator');
    return { user: presentUser(await silenceUser(app.ctx, mod, request.params.id, new Date(request.body.until), request.body.reason)) };
  });

  app.post('/api/users/:id/suspend', { schema: restrictSchema }, async (request) => {
    const mod = requireRole(request, 'moderator');
    return { user: presentUser(await suspendUser(app.ctx, mod, request.params.id, new Date(request.body.until), request.body.reason)) };
  });

  for (const measure of ['silence', 'suspend'] as const) {
    app.delete(`/api/users/:id/${measure}`, { schema: liftSchema }, async (request) => {
      const mod = requireRole(request, 'moderator');
      return { user: presentUser(await liftMeasure(app.ctx, mod, request.params.id, measure)) };
    });
  }

  app.post('/api/posts/:id/flags', { schema: flagSchema }, async (request, reply) => {
    const user = requireUser(request);
    return reply.status(201).send(await flagPost(app.ctx, user, request.params.id, request.body));
  });

  app.delete('/api/posts/:id/flags/mine', { schema: withdrawFlagSchema }, async (request) => {
    const user = requireUser(request);
    return { post: await withdrawFlag(app.ctx, user, request.params.id) };
  });

  app.post('/api/appeals', { schema: createAppealSchema }, async (request, reply) => {
    const user = requireUser(request);
    return reply.status(201).send({ appeal: await createAppeal(app.ctx, user, request.body.action, request.body.text) });
  });

  app.get('/api/appeals/mine', { schema: myAppealsSchema }, async (request) => {
    const user = requireUser(request);
    const [items, appealable] = await Promise.all([listMyAppeals(app.db, user), listAppealableActions(app.db, user, new Date())]);
    return { items, appealable };
  });
};

export default moderationContentRoutes;
