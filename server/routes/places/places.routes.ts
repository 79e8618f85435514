import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorBody } from '../../errors';
import { requireRole, requireUser } from '../../plugins/auth.plugin';
import { presentPlace } from '../../presenters/place.presenter';
import { createPlace, importPlaces, listPlaces, placeDetail, updatePlace } from '../../services/campaign/place.service';
import { createPlaceSchema, getPlaceSchema, importPlacesSchema, listPlacesSchema, updatePlaceSchema } from './places.schema';

/** Places the campaign visits: signed-in members read them, moderators and admins keep them. */
const placeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/places', { schema: listPlacesSchema }, async (request) => {
    requireUser(request);
    const { rows, nextCursor } = await listPlaces(app.db, request.query);
    return { items: rows.map(presentPlace), nextCursor };
  });

  app.get('/api/places/:id', { schema: getPlaceSchema }, async (request) => {
    const user = requireUser(request);
    return placeDetail(app.db, request.params.id, user);
  });

  app.post('/api/places', { schema: createPlaceSchema }, async (request, reply) => {
    requireRole(request, 'moderator');
    const place = await createPlace(app.db, request.body);
    return reply.status(201).send({ place: presentPlace(place) });
  });

  app.patch('/api/places/:id', { schema: updatePlaceSchema }, async (request) => {
    requireRole(request, 'moderator');
    const place = await updatePlace(app.ctx, request.params.id, request.body);
    return { place: presentPlace(place) };
  });

  // A 5,000-row CSV with long addresses can pass the default 1 MiB body limit.
  app.post('/api/places/import', { schema: importPlacesSchema, bodyLimit: 8 * 1_048_576 }, async (request, reply) => {
    requireRole(request, 'admin');
    const result = await importPlaces(app.db, request.body.csv);
    if (result.ok) return { imported: result.imported };
    const body = errorBody(request, 'VALIDATION', { en: result.message, zh: `CSV 中有 ${result.errors.length} 处问题，未导入任何地点。` }, 'csv');
    return reply.status(400).send({ ...body, errors: result.errors });
  });
};

export default placeRoutes;
