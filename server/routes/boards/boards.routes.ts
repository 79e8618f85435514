import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../../plugins/auth.plugin';
import { cacheRooms } from '../../plugins/read-cache.plugin';
import { readerLocale } from '../../plugins/request-locale';
import { presentBoard } from '../../presenters/board.presenter';
import { createBoard, getBoardBySlug, listBoards } from '../../services/forum/board.service';
import { updateBoard } from '../../services/moderation/settings.service';
import { createBoardSchema, getBoardSchema, listBoardsSchema, updateBoardSchema } from './boards.schema';

/** The board list: anyone reads it (names in the reader's language), admins add and rename boards. */
const boardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/boards', { schema: listBoardsSchema }, async (request, reply) => {
    const locale = readerLocale(request);
    // The same for every reader of a language: cached for all, signed in or not.
    return app.publicReads.serve(request, reply, {
      read: 'boards',
      key: [locale],
      load: async () => ({ answer: { items: (await listBoards(app.db)).map((row) => presentBoard(row, locale)) }, rooms: [cacheRooms.boardList] }),
    });
  });

  app.get('/api/boards/:slug', { schema: getBoardSchema }, async (request) => {
    return { board: presentBoard(await getBoardBySlug(app.db, request.params.slug), readerLocale(request)) };
  });

  app.post('/api/boards', { schema: createBoardSchema }, async (request, reply) => {
    requireRole(request, 'admin');
    const board = await createBoard(app.ctx, request.body);
    return reply.status(201).send({ board: presentBoard(board, readerLocale(request)) });
  });

  app.patch('/api/boards/:slug', { schema: updateBoardSchema }, async (request) => {
    const admin = requireRole(request, 'admin');
    return { board: presentBoard(await updateBoard(app.ctx, admin, request.params.slug, request.body), readerLocale(request)) };
  });
};

export default boardRoutes;
