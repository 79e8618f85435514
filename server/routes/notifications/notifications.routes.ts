import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireUser } from '../../plugins/auth.plugin';
import { listNotifications, markRead, unreadCount } from '../../services/forum/notification.service';
import { listNotificationsSchema, markReadSchema, unreadCountSchema } from './notifications.schema';

/** A member's own notifications: list, unread count, mark read. */
const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/notifications', { schema: listNotificationsSchema }, async (request) => {
    const user = requireUser(request);
    return listNotifications(app.db, user.id, request.query);
  });

  app.get('/api/notifications/unread-count', { schema: unreadCountSchema }, async (request) => {
    const user = requireUser(request);
    return unreadCount(app.db, user.id);
  });

  app.post('/api/notifications/read', { schema: markReadSchema }, async (request, reply) => {
    const user = requireUser(request);
    await markRead(app.db, user.id, request.body);
    return reply.status(204).send(null);
  });
};

export default notificationRoutes;
