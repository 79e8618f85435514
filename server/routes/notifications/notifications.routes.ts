import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { countUnread, listNotifications, markRead } from '../../services/notifications';
import { requireUser } from '../../plugins/auth.plugin';
import { fail } from '../../errors';
import { rooms } from '../../realtime/events';
import { currentSeq } from '../../realtime/replay';
import { listNotificationsSchema, markReadSchema, unreadCountSchema } from './notifications.schema';

/** A member's own notifications: list, unread count, mark read. */
const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/notifications', { schema: listNotificationsSchema }, async (request) => {
    const user = requireUser(request);
    return listNotifications(app.db, user.id, request.query);
  });

  app.get('/api/notifications/unread-count', { schema: unreadCountSchema }, async (request) => {
    const user = requireUser(request);
    // A counter is not an idempotent upsert: the count and the seq must come from one
    // snapshot, or an event replayed from the seq would be counted twice.
    return app.db.transaction(
      async (tx) => ({ seq: await currentSeq(tx, rooms.user(user.id)), count: await countUnread(tx, user.id) }),
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  });

  app.post('/api/notifications/read', { schema: markReadSchema }, async (request, reply) => {
    const user = requireUser(request);
    const { ids, all } = request.body;
    if (all !== true && ids === undefined) {
      throw fail.validation('ids', 'Send {ids: [...]} or {all: true}.', '请提供要标记为已读的通知编号，或 all: true。');
    }
    await markRead(app.db, user.id, all === true ? { all: true } : { ids });
    return reply.status(204).send(null);
  });
};

export default notificationRoutes;
