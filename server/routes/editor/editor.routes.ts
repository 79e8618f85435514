import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../../plugins/auth.plugin';
import { listMaterial } from '../../services/columns/material.service';
import { materialSchema } from './editor.schema';

/** The editors' desk: material for editions, for editors (and admins). */
const editorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/editor/material', { schema: materialSchema }, async (request) => {
    requireRole(request, 'editor');
    const { cursor, ...rest } = request.query;
    return listMaterial(app.db, { ...rest, ...(cursor !== undefined ? { cursor } : {}) });
  });
};

export default editorRoutes;
