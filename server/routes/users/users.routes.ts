import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../../plugins/auth.plugin';
import { presentUser } from '../../presenters/user.presenter';
import { changeRoles, getUserByUsername } from '../../services/accounts/user.service';
import { getUserSchema, setRolesSchema } from './users.schema';

/** Public profiles and the admin's role editor. */
const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/users/:username', { schema: getUserSchema }, async (request) => {
    return { user: presentUser(await getUserByUsername(app.db, request.params.username)) };
  });

  app.put('/api/users/:id/roles', { schema: setRolesSchema }, async (request) => {
    const admin = requireRole(request, 'admin');
    return { user: presentUser(await changeRoles(app.ctx, admin, request.params.id, request.body.roles)) };
  });
};

export default userRoutes;
