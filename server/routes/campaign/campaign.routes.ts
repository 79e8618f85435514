import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole, requireUser } from '../../plugins/auth.plugin';
import { hasRole } from '../../domain/roles';
import { presentCampaign } from '../../presenters/campaign.presenter';
import { getActiveCampaign, updateCampaign } from '../../services/campaign';
import {
  actionPlan, campaignProgress, integrityExceptions, loadUnitTree, scopeUnits, setWritingGoal, supervisorScope,
} from '../../services/campaign-progress';
import { attachmentDisposition, reportCsv, reportRows, reportXlsx } from '../../services/campaign-report';
import { fail } from '../../errors';
import {
  REPORT_TYPES, actionPlanSchema, getCampaignSchema, integrityExceptionsSchema, progressSchema, putCampaignSchema, reportSchemas, writingGoalSchema,
} from './campaign.schema';

/** A date range of a query (each date already checked by the schema): `to` not before `from`. */
function checkRange(range: { from?: string; to?: string }): void {
  if (range.from && range.to && range.from > range.to) throw fail.validation('to', 'to must not be before from.', '结束日期不能早于开始日期。');
}

/** The campaign: its settings, progress, integrity exceptions, reports and personal action plans. */
const campaignRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/campaign', { schema: getCampaignSchema }, async () => presentCampaign(await getActiveCampaign(app.db)));

  app.put('/api/campaign', { schema: putCampaignSchema }, async (request) => {
    requireRole(request, 'admin');
    return presentCampaign(await updateCampaign(app.db, request.body));
  });

  app.get('/api/campaign/progress', { schema: progressSchema }, async (request) => {
    const user = requireUser(request);
    // One snapshot for the unit tree and every count, so the totals and the rolled-up tree
    // agree even while visits and units are being added.
    return app.db.transaction(async (tx) => {
      const [campaign, tree] = await Promise.all([getActiveCampaign(tx), loadUnitTree(tx)]);
      const { unitId } = request.query;
      // The whole campaign is open to every member; a supervisor (not an admin) may narrow only within their own subtree.
      const restrict = hasRole(user, 'supervisor') && !user.roles.includes('admin') && unitId !== undefined ? user.unitId : undefined;
      const scope = scopeUnits(tree, unitId, restrict);
      return campaignProgress(tx, campaign, tree, scope, unitId ?? null);
    }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
  });

  app.get('/api/campaign/integrity-exceptions', { schema: integrityExceptionsSchema }, async (request) => {
    const user = requireRole(request, 'supervisor');
    checkRange(request.query);
    const [campaign, tree] = await Promise.all([getActiveCampaign(app.db), loadUnitTree(app.db)]);
    const scope = supervisorScope(tree, user, request.query.unitId);
    return { items: await integrityExceptions(app.db, campaign, scope, request.query) };
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/api/campaign/report.${format}`, { schema: reportSchemas[format] }, async (request, reply) => {
      const user = requireRole(request, 'supervisor');
      checkRange(request.query);
      const [campaign, tree] = await Promise.all([getActiveCampaign(app.db), loadUnitTree(app.db)]);
      const scope = supervisorScope(tree, user, request.query.unitId);
      const rows = await reportRows(app.db, campaign, scope, request.query);
      const root = request.query.unitId ?? (user.roles.includes('admin') ? undefined : user.unitId ?? undefined);
      const label = [
        '走访反馈表',
        root !== undefined ? tree.byId.get(root)?.name : undefined,
        request.query.from, request.query.to,
      ].filter(Boolean).join('-');
      reply.header('content-disposition', attachmentDisposition(`${label}.${format}`, `visit-report.${format}`));
      reply.header('cache-control', 'no-store');
      if (format === 'csv') {
        return reply.type(`${REPORT_TYPES.csv}; charset=utf-8`).send(reportCsv(rows));
      }
      const listed = scope === null ? tree.units : tree.units.filter((u) => scope.includes(u.id));
      const buffer = await reportXlsx(rows, listed);
      return reply.type(REPORT_TYPES.xlsx).send(buffer);
    });
  }

  app.get('/api/plan', { schema: actionPlanSchema }, async (request) => {
    const user = requireUser(request);
    return actionPlan(app.db, await getActiveCampaign(app.db), user);
  });

  app.put('/api/plan/writing', { schema: writingGoalSchema }, async (request) => {
    const user = requireUser(request);
    const campaign = await getActiveCampaign(app.db);
    await setWritingGoal(app.db, campaign, user, request.body.planned);
    const plan = await actionPlan(app.db, campaign, user);
    return { writing: plan.writing };
  });
};

export default campaignRoutes;
