import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorBody } from '../../errors';
import { requireRole } from '../../plugins/auth.plugin';
import { readerLocale } from '../../plugins/request-locale';
import { listModLog, modLogCsv } from '../../services/moderation/mod-log.service';
import { bulkResolve, claimItem, getItem, queueCount, queuePage, releaseItem, resolveItem } from '../../services/moderation/queue.service';
import {
  createReasonTemplate, deleteReasonTemplate, listReasonTemplates, updateReasonTemplate,
} from '../../services/moderation/settings.service';
import {
  bulkSchema, createTemplateSchema, deleteTemplateSchema, itemSchema, listTemplatesSchema, logCsvSchema, logSchema, queueCountSchema,
  queueSchema, resolveSchema, updateTemplateSchema,
} from './moderation.schema';

/** The review queue, its reason templates and the moderation log: for moderators (templates written by admins). */
const moderationQueueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/mod/queue', { schema: queueSchema }, async (request) => {
    const mod = requireRole(request, 'moderator');
    return queuePage(app.db, mod, request.query, readerLocale(request));
  });

  app.get('/api/mod/queue/count', { schema: queueCountSchema }, async (request) => {
    requireRole(request, 'moderator');
    return queueCount(app.db);
  });

  app.get('/api/mod/queue/:id', { schema: itemSchema }, async (request) => {
    const mod = requireRole(request, 'moderator');
    return { item: await getItem(app.db, mod, request.params.id, readerLocale(request)) };
  });

  app.post('/api/mod/queue/:id/claim', { schema: itemSchema }, async (request) => {
    const mod = requireRole(request, 'moderator');
    return { item: await claimItem(app.ctx, mod, request.params.id, readerLocale(request)) };
  });

  app.delete('/api/mod/queue/:id/claim', { schema: itemSchema }, async (request) => {
    const mod = requireRole(request, 'moderator');
    return { item: await releaseItem(app.ctx, mod, request.params.id, readerLocale(request)) };
  });

  app.post('/api/mod/queue/:id/resolve', { schema: resolveSchema }, async (request) => {
    const mod = requireRole(request, 'moderator');
    return { item: await resolveItem(app.ctx, mod, request.params.id, request.body, readerLocale(request)) };
  });

  app.post('/api/mod/queue/bulk', { schema: bulkSchema }, async (request) => {
    const mod = requireRole(request, 'moderator');
    const { ids, ...input } = request.body;
    const results = await bulkResolve(app.ctx, mod, ids, input, (err) => errorBody(request, err.code, err.sentence).message, readerLocale(request));
    return { results };
  });

  app.get('/api/mod/reason-templates', { schema: listTemplatesSchema }, async (request) => {
    requireRole(request, 'moderator');
    return { items: await listReasonTemplates(app.db) };
  });

  app.post('/api/mod/reason-templates', { schema: createTemplateSchema }, async (request, reply) => {
    requireRole(request, 'admin');
    return reply.status(201).send({ template: await createReasonTemplate(app.db, request.body) });
  });

  app.patch('/api/mod/reason-templates/:id', { schema: updateTemplateSchema }, async (request) => {
    requireRole(request, 'admin');
    return { template: await updateReasonTemplate(app.db, request.params.id, request.body) };
  });

  app.delete('/api/mod/reason-templates/:id', { schema: deleteTemplateSchema }, async (request, reply) => {
    requireRole(request, 'admin');
    await deleteReasonTemplate(app.db, request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/mod/log', { schema: logSchema }, async (request) => {
    requireRole(request, 'moderator');
    const { limit, cursor, ...filter } = request.query;
    return listModLog(app.db, filter, { limit, cursor });
  });

  app.get('/api/mod/log.csv', { schema: logCsvSchema }, async (request, reply) => {
    requireRole(request, 'moderator');
    const csv = await modLogCsv(app.db, request.query);
    reply.header('content-disposition', 'attachment; filename="mod-log.csv"');
    reply.header('cache-control', 'no-store');
    return reply.type('text/csv; charset=utf-8').send(csv);
  });
};

export default moderationQueueRoutes;
