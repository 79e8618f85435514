import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../../plugins/auth.plugin';
import { presentUnit } from '../../presenters/unit.presenter';
import { createUnit, listUnits } from '../../services/accounts/unit.service';
import { createUnitSchema, listUnitsSchema } from './units.schema';

/** The unit tree: anyone reads it, admins grow it. */
const unitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/units', { schema: listUnitsSchema }, async () => {
    const rows = await listUnits(app.db);
    return { items: rows.map(presentUnit) };
  });

  app.post('/api/units', { schema: createUnitSchema }, async (request, reply) => {
    requireRole(request, 'admin');
    const unit = await createUnit(app.db, request.body);
    return reply.status(201).send({ unit: presentUnit(unit) });
  });
};

export default unitRoutes;
