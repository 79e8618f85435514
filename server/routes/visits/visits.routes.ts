import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireUser } from '../../plugins/auth.plugin';
import { calendar, createPlan, deletePlan } from '../../services/campaign/plan.service';
import { createVisit, getVisit, listVisits, overlapsFor, setFollowUpDone } from '../../services/campaign/visit.service';
import {
  createPlanSchema, createVisitSchema, deletePlanSchema, followUpSchema, getVisitSchema, listPlansSchema, listVisitsSchema, overlapsSchema,
} from './visits.schema';

/** The visit log, the shared calendar of planned visits, and overlap warnings. */
const visitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/visits', { schema: createVisitSchema }, async (request, reply) => {
    const user = requireUser(request);
    return reply.status(201).send(await createVisit(app.db, user, request.body));
  });

  app.get('/api/visits', { schema: listVisitsSchema }, async (request) => {
    const user = requireUser(request);
    return listVisits(app.db, request.query, user);
  });

  app.get('/api/visits/:id', { schema: getVisitSchema }, async (request) => {
    const user = requireUser(request);
    return getVisit(app.db, request.params.id, user);
  });

  app.patch('/api/visits/:id/follow-ups/:followUpId', { schema: followUpSchema }, async (request) => {
    const user = requireUser(request);
    return { visit: await setFollowUpDone(app.db, user, request.params.id, request.params.followUpId, request.body.done) };
  });

  app.post('/api/visit-plans', { schema: createPlanSchema }, async (request, reply) => {
    const user = requireUser(request);
    return reply.status(201).send(await createPlan(app.db, user, request.body));
  });

  app.get('/api/visit-plans', { schema: listPlansSchema }, async (request) => {
    const user = requireUser(request);
    return { items: await calendar(app.db, user, request.query) };
  });

  app.delete('/api/visit-plans/:id', { schema: deletePlanSchema }, async (request, reply) => {
    const user = requireUser(request);
    await deletePlan(app.db, user, request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/overlaps', { schema: overlapsSchema }, async (request) => {
    const user = requireUser(request);
    return { overlaps: await overlapsFor(app.db, user, request.query) };
  });
};

export default visitRoutes;
