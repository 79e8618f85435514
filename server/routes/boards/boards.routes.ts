import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../../plugins/auth.plugin';
import { readerLocale } from '../../plugins/request-locale';
import { presentBoard } from '../../presenters/board.presenter';
import { createBoard, getBoardBySlug, listBoards, updateBoard } from '../../services/forum/board.service';
import { createBoardSchema, getBoardSchema, listBoardsSchema, updateBoardSchema } from './boards.schema';

/** The board list: anyone reads it (names in the reader's language), admins add and rename boards. */
const boardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/boards', { schema: listBoardsSchema }, async (request) => {
    const locale = readerLocale(request);
    const rows = await listBoards(app.db);
    return { items: rows.map((row) => presentBoard(row, locale)) };
  });

  app.get('/api/boards/:slug', { schema: getBoardSchema }, async (request) => {
    return { board: presentBoard(await getBoardBySlug(app.db, request.params.slug), readerLocale(request)) };
  });

  app.post('/api/boards', { schema: createBoardSchema }, async (request, reply) => {
    requireRole(request, 'admin');
    const board = await createBoard(app.db, request.body);
    return reply.status(201).send({ board: presentBoard(board, readerLocale(request)) });
  });

  app.patch('/api/boards/:slug', { schema: updateBoardSchema }, async (request) => {
    requireRole(request, 'admin');
    return { board: presentBoard(await updateBoard(app.db, request.params.slug, request.body), readerLocale(request)) };
  });
};

export default boardRoutes;
