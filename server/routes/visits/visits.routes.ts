import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireUser } from '../../plugins/auth.plugin';
import { getActiveCampaign } from '../../services/campaign';
import { createPlan, deletePlan, listPlans } from '../../services/visit-plans';
import { checkPlaceField, createVisit, findOverlaps, getVisitRow, linkedPosts, listVisits, presentVisits, setFollowUpDone } from '../../services/visits';
import {
  createPlanSchema, createVisitSchema, deletePlanSchema, followUpSchema, getVisitSchema, listPlansSchema, listVisitsSchema, overlapsSchema,
} from './visits.schema';

/** The visit log, the shared calendar of planned visits, and overlap warnings. */
const visitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/visits', { schema: createVisitSchema }, async (request, reply) => {
    const user = requireUser(request);
    const campaign = await getActiveCampaign(app.db);
    const answer = await createVisit(app.db, campaign, user, request.body);
    return reply.status(201).send(answer);
  });

  app.get('/api/visits', { schema: listVisitsSchema }, async (request) => {
    const user = requireUser(request);
    return listVisits(app.db, request.query, user);
  });

  app.get('/api/visits/:id', { schema: getVisitSchema }, async (request) => {
    const user = requireUser(request);
    const row = await getVisitRow(app.db, request.params.id);
    const [[visit], posts] = await Promise.all([presentVisits(app.db, [row], user), linkedPosts(app.db, row.id, user)]);
    return { visit: visit as NonNullable<typeof visit>, posts };
  });

  app.patch('/api/visits/:id/follow-ups/:followUpId', { schema: followUpSchema }, async (request) => {
    const user = requireUser(request);
    const visit = await setFollowUpDone(app.db, user, request.params.id, request.params.followUpId, request.body.done);
    return { visit };
  });

  app.post('/api/visit-plans', { schema: createPlanSchema }, async (request, reply) => {
    const user = requireUser(request);
    const campaign = await getActiveCampaign(app.db);
    const answer = await createPlan(app.db, campaign, user, request.body);
    return reply.status(201).send(answer);
  });

  app.get('/api/visit-plans', { schema: listPlansSchema }, async (request) => {
    const user = requireUser(request);
    const { mine, ...query } = request.query;
    return { items: await listPlans(app.db, { ...query, ...(mine ? { userId: user.id } : {}) }) };
  });

  app.delete('/api/visit-plans/:id', { schema: deletePlanSchema }, async (request, reply) => {
    const user = requireUser(request);
    await deletePlan(app.db, user, request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/overlaps', { schema: overlapsSchema }, async (request) => {
    const user = requireUser(request);
    const { placeId, date } = request.query;
    await checkPlaceField(app.db, placeId);
    const campaign = await getActiveCampaign(app.db);
    return { overlaps: await findOverlaps(app.db, { placeId, date, unitId: user.unitId, windowDays: campaign.overlapWindowDays }) };
  });
};

export default visitRoutes;
