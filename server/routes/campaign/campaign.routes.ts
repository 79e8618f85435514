import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole, requireUser } from '../../plugins/auth.plugin';
import { readerLocale } from '../../plugins/request-locale';
import { presentCampaign } from '../../presenters/campaign.presenter';
import { getActiveCampaign, updateCampaign } from '../../services/campaign/campaign.service';
import { actionPlan, setWritingGoal } from '../../services/campaign/plan.service';
import { integrityExceptionsFor, progressFor } from '../../services/campaign/progress.service';
import { buildReport } from '../../services/campaign/report.service';
import {
  REPORT_TYPES, actionPlanSchema, getCampaignSchema, integrityExceptionsSchema, progressSchema, putCampaignSchema, reportSchemas, writingGoalSchema,
} from './campaign.schema';

/** The campaign: its settings, progress, integrity exceptions, reports and personal action plans. */
const campaignRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/campaign', { schema: getCampaignSchema }, async (request) => presentCampaign(await getActiveCampaign(app.db), readerLocale(request)));

  app.put('/api/campaign', { schema: putCampaignSchema }, async (request) => {
    requireRole(request, 'admin');
    return presentCampaign(await updateCampaign(app.ctx, request.body), readerLocale(request));
  });

  app.get('/api/campaign/progress', { schema: progressSchema }, async (request) => {
    const user = requireUser(request);
    return progressFor(app.db, user, request.query.unitId, readerLocale(request));
  });

  app.get('/api/campaign/integrity-exceptions', { schema: integrityExceptionsSchema }, async (request) => {
    const user = requireRole(request, 'supervisor');
    return { items: await integrityExceptionsFor(app.db, user, request.query, readerLocale(request)) };
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/api/campaign/report.${format}`, { schema: reportSchemas[format] }, async (request, reply) => {
      const user = requireRole(request, 'supervisor');
      const report = await buildReport(app.db, user, request.query, format);
      reply.header('content-disposition', report.disposition);
      reply.header('cache-control', 'no-store');
      return reply.type(format === 'csv' ? `${REPORT_TYPES.csv}; charset=utf-8` : REPORT_TYPES.xlsx).send(report.body);
    });
  }

  app.get('/api/plan', { schema: actionPlanSchema }, async (request) => {
    const user = requireUser(request);
    return actionPlan(app.db, user);
  });

  app.put('/api/plan/writing', { schema: writingGoalSchema }, async (request) => {
    const user = requireUser(request);
    return { writing: await setWritingGoal(app.db, user, request.body.planned) };
  });
};

export default campaignRoutes;
