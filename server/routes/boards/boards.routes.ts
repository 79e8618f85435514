import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../../plugins/auth.plugin';
import { presentBoard } from '../../presenters/board.presenter';
import { createBoard, getBoardBySlug, listBoards } from '../../services/forum/board.service';
import { createBoardSchema, getBoardSchema, listBoardsSchema } from './boards.schema';

/** The board list: anyone reads it, admins add boards. */
const boardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/boards', { schema: listBoardsSchema }, async () => {
    const rows = await listBoards(app.db);
    return { items: rows.map(presentBoard) };
  });

  app.get('/api/boards/:slug', { schema: getBoardSchema }, async (request) => {
    return { board: presentBoard(await getBoardBySlug(app.db, request.params.slug)) };
  });

  app.post('/api/boards', { schema: createBoardSchema }, async (request, reply) => {
    requireRole(request, 'admin');
    const board = await createBoard(app.db, request.body);
    return reply.status(201).send({ board: presentBoard(board) });
  });
};

export default boardRoutes;
