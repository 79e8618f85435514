import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createBoard, getBoardBySlug, listBoards } from '../../services/boards';
import { presentBoard } from '../../presenters/board.presenter';
import { requireRole } from '../../plugins/auth.plugin';
import { fail } from '../../errors';
import { createBoardSchema, getBoardSchema, listBoardsSchema } from './boards.schema';

/** The board list: anyone reads it, admins add boards. */
const boardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/boards', { schema: listBoardsSchema }, async () => {
    const rows = await listBoards(app.db);
    return { items: rows.map(presentBoard) };
  });

  app.get('/api/boards/:slug', { schema: getBoardSchema }, async (request) => {
    const board = await getBoardBySlug(app.db, request.params.slug);
    return { board: presentBoard(board) };
  });

  app.post('/api/boards', { schema: createBoardSchema }, async (request, reply) => {
    requireRole(request, 'admin');
    const name = request.body.name.trim();
    if (name === '') throw fail.validation('name', 'name must not be blank.', '名称不能为空。');
    const board = await createBoard(app.db, { slug: request.body.slug, name, description: request.body.description?.trim() });
    return reply.status(201).send({ board: presentBoard(board) });
  });
};

export default boardRoutes;
