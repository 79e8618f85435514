import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createUnit, listUnits } from '../../services/units';
import { presentUnit } from '../../presenters/unit.presenter';
import { requireRole } from '../../plugins/auth.plugin';
import { fail } from '../../errors';
import { createUnitSchema, listUnitsSchema } from './units.schema';

/** The unit tree: anyone reads it, admins grow it. */
const unitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/units', { schema: listUnitsSchema }, async () => {
    const rows = await listUnits(app.db);
    return { items: rows.map(presentUnit) };
  });

  app.post('/api/units', { schema: createUnitSchema }, async (request, reply) => {
    requireRole(request, 'admin');
    const name = request.body.name.trim();
    if (name === '') throw fail.validation('name', 'name must not be blank.', '名称不能为空。');
    const unit = await createUnit(app.db, { ...request.body, name });
    return reply.status(201).send({ unit: presentUnit(unit) });
  });
};

export default unitRoutes;
