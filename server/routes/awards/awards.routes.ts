import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../../plugins/auth.plugin';
import {
  closeRound, exportRound, listCandidates, listRounds, nominate, openRound, withdrawNomination,
} from '../../services/columns/nomination.service';
import {
  candidatesSchema, closeRoundSchema, exportSchema, listRoundsSchema, nominateSchema, openRoundSchema, withdrawSchema, XLSX_TYPE,
} from './awards.schema';

/** Award nominations (华岗奖-style): admins open and close rounds; editors nominate, withdraw, read and export. */
const awardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/nomination-rounds', { schema: openRoundSchema }, async (request, reply) => {
    const admin = requireRole(request, 'admin');
    return reply.status(201).send({ round: await openRound(app.db, admin, request.body) });
  });

  app.get('/api/nomination-rounds', { schema: listRoundsSchema }, async (request) => {
    requireRole(request, 'editor');
    return { items: await listRounds(app.db) };
  });

  app.post('/api/nomination-rounds/:id/close', { schema: closeRoundSchema }, async (request) => {
    requireRole(request, 'admin');
    return { round: await closeRound(app.db, request.params.id) };
  });

  app.get('/api/nomination-rounds/:id/candidates', { schema: candidatesSchema }, async (request) => {
    const editor = requireRole(request, 'editor');
    return listCandidates(app.db, request.params.id, editor);
  });

  app.post('/api/nomination-rounds/:id/nominations', { schema: nominateSchema }, async (request, reply) => {
    const editor = requireRole(request, 'editor');
    return reply.status(201).send(await nominate(app.db, editor, request.params.id, request.body));
  });

  app.delete('/api/nomination-rounds/:id/nominations/:nominationId', { schema: withdrawSchema }, async (request, reply) => {
    const editor = requireRole(request, 'editor');
    await withdrawNomination(app.db, editor, request.params.id, request.params.nominationId);
    return reply.status(204).send(null);
  });

  app.get('/api/nomination-rounds/:id/export.xlsx', { schema: exportSchema }, async (request, reply) => {
    const editor = requireRole(request, 'editor');
    const file = await exportRound(app.db, request.params.id, editor, app.config.publicUrl);
    reply.header('content-disposition', file.disposition);
    reply.header('cache-control', 'no-store');
    return reply.type(XLSX_TYPE).send(file.body);
  });
};

export default awardRoutes;
