import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole, requireUser } from '../../plugins/auth.plugin';
import { presentPerson, presentUser } from '../../presenters/user.presenter';
import { searchPeople } from '../../services/accounts/people.service';
import { changeRoles, getUserByUsername } from '../../services/accounts/user.service';
import { getUserSchema, searchPeopleSchema, setRolesSchema } from './users.schema';

/** The people search, public profiles and the admin's role editor. */
const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/users', { schema: searchPeopleSchema }, async (request) => {
    requireUser(request);
    const { rows, nextCursor } = await searchPeople(app.db, request.query);
    return { items: rows.map((r) => presentPerson(r.user, r.unitName)), nextCursor };
  });

  app.get('/api/users/:username', { schema: getUserSchema }, async (request) => {
    return { user: presentUser(await getUserByUsername(app.db, request.params.username)) };
  });

  app.put('/api/users/:id/roles', { schema: setRolesSchema }, async (request) => {
    const admin = requireRole(request, 'admin');
    return { user: presentUser(await changeRoles(app.ctx, admin, request.params.id, request.body.roles)) };
  });
};

export default userRoutes;
