import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import type { Publisher, RealtimeEvent } from '../realtime/events';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one door to socket.io: services publish committed events through it. */
    realtime: Publisher;
    /** The socket.io server attached to this app's HTTP server. */
    io: Server;
  }
}

/** Attaches socket.io to the Fastify server and provides `app.realtime.publish()`. */
export default fp(
  async (app) => {
    const io = new Server(app.server, { serveClient: false });
    const publish = (events: RealtimeEvent[]) => {
      for (const event of events) io.to(event.room).emit(event.type, event);
    };
    app.decorate('io', io);
    app.decorate('realtime', { publish });
    app.addHook('onClose', async () => {
      await io.close();
    });
  },
  { name: 'realtime', dependencies: ['db'] },
);
