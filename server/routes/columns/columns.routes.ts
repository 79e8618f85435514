import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../../plugins/auth.plugin';
import {
  addColumnEditor, createColumn, listColumns, loadColumnPage, removeColumnEditor, updateColumn,
} from '../../services/columns/column.service';
import {
  addItem, createEdition, deleteEdition, editionLogOf, loadEdition, publishEdition, removeItem, reorderItems,
  scheduleEdition, unpublishEdition, updateEdition, updateItem,
} from '../../services/columns/edition.service';
import {
  addEditorSchema, addItemSchema, createColumnSchema, createEditionSchema, deleteEditionSchema, editionLogSchema,
  getColumnSchema, getEditionSchema, listColumnsSchema, publishSchema, removeEditorSchema, removeItemSchema,
  reorderSchema, scheduleSchema, unpublishSchema, updateColumnSchema, updateEditionSchema, updateItemSchema,
} from './columns.schema';

/**
 * Media columns (专栏, issue 12): columns and their editors, editions and their items, and the
 * editions' states. Every change needs the editor role and, for an existing column, a place
 * among its editors (admins pass both); the services check the column membership.
 */
const columnRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/columns', { schema: listColumnsSchema }, async (request) => listColumns(app.db, request.auth?.user ?? null));

  app.post('/api/columns', { schema: createColumnSchema }, async (request, reply) => {
    const editor = requireRole(request, 'editor');
    return reply.status(201).send({ column: await createColumn(app.ctx, editor, request.body) });
  });

  app.get('/api/columns/:slug', { schema: getColumnSchema }, async (request) => loadColumnPage(app.db, request.params.slug, request.auth?.user ?? null));

  app.patch('/api/columns/:slug', { schema: updateColumnSchema }, async (request) => {
    const editor = requireRole(request, 'editor');
    return { column: await updateColumn(app.ctx, editor, request.params.slug, request.body) };
  });

  app.post('/api/columns/:slug/editors', { schema: addEditorSchema }, async (request, reply) => {
    const editor = requireRole(request, 'editor');
    return reply.status(201).send({ editors: await addColumnEditor(app.ctx, editor, request.params.slug, request.body.userId) });
  });

  app.delete('/api/columns/:slug/editors/:userId', { schema: removeEditorSchema }, async (request) => {
    const editor = requireRole(request, 'editor');
    return { editors: await removeColumnEditor(app.ctx, editor, request.params.slug, request.params.userId) };
  });

  app.post('/api/columns/:slug/editions', { schema: createEditionSchema }, async (request, reply) => {
    const editor = requireRole(request, 'editor');
    return reply.status(201).send({ edition: await createEdition(app.ctx, editor, request.params.slug, request.body) });
  });

  app.get('/api/editions/:id', { schema: getEditionSchema }, async (request) => {
    const editor = requireRole(request, 'editor');
    return loadEdition(app.db, editor, request.params.id);
  });

  app.patch('/api/editions/:id', { schema: updateEditionSchema }, async (request) => {
    const editor = requireRole(request, 'editor');
    return { edition: await updateEdition(app.ctx, editor, request.params.id, request.body) };
  });

  app.delete('/api/editions/:id', { schema: deleteEditionSchema }, async (request, reply) => {
    const editor = requireRole(request, 'editor');
    await deleteEdition(app.ctx, editor, request.params.id);
    return reply.status(204).send(null);
  });

  app.post('/api/editions/:id/items', { schema: addItemSchema }, async (request, reply) => {
    const editor = requireRole(request, 'editor');
    return reply.status(201).send(await addItem(app.ctx, editor, request.params.id, request.body));
  });

  app.patch('/api/editions/:id/items/:itemId', { schema: updateItemSchema }, async (request) => {
    const editor = requireRole(request, 'editor');
    return { item: await updateItem(app.ctx, editor, request.params.id, request.params.itemId, request.body) };
  });

  app.delete('/api/editions/:id/items/:itemId', { schema: removeItemSchema }, async (request) => {
    const editor = requireRole(request, 'editor');
    return { items: await removeItem(app.ctx, editor, request.params.id, request.params.itemId) };
  });

  app.put('/api/editions/:id/order', { schema: reorderSchema }, async (request) => {
    const editor = requireRole(request, 'editor');
    return { items: await reorderItems(app.ctx, editor, request.params.id, request.body.itemIds) };
  });

  app.post('/api/editions/:id/schedule', { schema: scheduleSchema }, async (request) => {
    const editor = requireRole(request, 'editor');
    return { edition: await scheduleEdition(app.ctx, editor, request.params.id, new Date(request.body.publishAt), app.columns.now()) };
  });

  app.post('/api/editions/:id/publish', { schema: publishSchema }, async (request) => {
    const editor = requireRole(request, 'editor');
    return { edition: await publishEdition(app.ctx, editor, request.params.id, app.columns.now()) };
  });

  app.post('/api/editions/:id/unpublish', { schema: unpublishSchema }, async (request) => {
    const editor = requireRole(request, 'editor');
    return { edition: await unpublishEdition(app.ctx, editor, request.params.id, request.body.reason, app.columns.now()) };
  });

  app.get('/api/editions/:id/log', { schema: editionLogSchema }, async (request) => {
    const editor = requireRole(request, 'editor');
    return editionLogOf(app.db, editor, request.params.id);
  });
};

export default columnRoutes;
