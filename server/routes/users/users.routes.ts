import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findUserById, findUserByUsername, revokeUserSessions, setUserRoles } from '../../services/accounts';
import { presentUser } from '../../presenters/user.presenter';
import { requireRole } from '../../plugins/auth.plugin';
import { AppError, fail } from '../../errors';
import { getUserSchema, setRolesSchema } from './users.schema';

/** Public profiles and the admin's role editor. */
const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/users/:username', { schema: getUserSchema }, async (request) => {
    const user = await findUserByUsername(app.db, request.params.username);
    if (!user) throw fail.notFound('No such user.', '没有这个用户。');
    return { user: presentUser(user) };
  });

  app.put('/api/users/:id/roles', { schema: setRolesSchema }, async (request) => {
    const admin = requireRole(request, 'admin');
    const target = await findUserById(app.db, request.params.id);
    if (!target) throw fail.notFound('No such user.', '没有这个用户。');
    if (target.id === admin.id && !request.body.roles.includes('admin')) {
      // An admin cannot lock everyone out by removing their own last admin role by mistake.
      throw new AppError('CONFLICT', {
        en: 'You cannot remove your own admin role. Ask another admin.',
        zh: '不能移除自己的管理员角色，请让其他管理员操作。',
      });
    }
    const updated = await setUserRoles(app.db, target.id, request.body.roles);
    const lostRoles = target.roles.some((role) => !updated.roles.includes(role));
    if (lostRoles) {
      await revokeUserSessions(app.db, target.id);
      app.realtime.disconnectUser(target.id);
    }
    return { user: presentUser(updated) };
  });
};

export default userRoutes;
