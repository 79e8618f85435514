import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../../plugins/auth.plugin';
import {
  addWatchedWord, deleteWatchedWord, exportWatchedWords, importWatchedWords, listWatchedWords,
} from '../../services/moderation/watched-word.service';
import { createWordSchema, deleteWordSchema, exportWordsSchema, importWordsSchema, listWordsSchema } from './moderation.schema';

/** Watched words (敏感词): admins only. */
const watchedWordRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/watched-words', { schema: listWordsSchema }, async (request) => {
    requireRole(request, 'admin');
    const { q, ...page } = request.query;
    return listWatchedWords(app.db, page, q);
  });

  app.post('/api/watched-words', { schema: createWordSchema }, async (request, reply) => {
    const admin = requireRole(request, 'admin');
    return reply.status(201).send({ word: await addWatchedWord(app.db, admin, request.body) });
  });

  app.delete('/api/watched-words/:id', { schema: deleteWordSchema }, async (request, reply) => {
    const admin = requireRole(request, 'admin');
    await deleteWatchedWord(app.db, admin, request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/watched-words.csv', { schema: exportWordsSchema }, async (request, reply) => {
    requireRole(request, 'admin');
    reply.header('content-disposition', 'attachment; filename="watched-words.csv"');
    reply.header('cache-control', 'no-store');
    return reply.type('text/csv; charset=utf-8').send(await exportWatchedWords(app.db));
  });

  app.post('/api/watched-words/import', { schema: importWordsSchema }, async (request) => {
    const admin = requireRole(request, 'admin');
    return importWatchedWords(app.db, admin, request.body.csv);
  });
};

export default watchedWordRoutes;
