import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { attachAdapter } from '../realtime/adapter';
import { authenticateSockets, originAllowed, ownOrigins } from '../realtime/handshake';
import { trackPresence } from '../realtime/presence';
import { createDoor } from '../realtime/publish';
import { RoomRegistry } from '../realtime/room-registry';
import { sweepSessions } from '../realtime/session-sweep';
import { serveSubscriptions } from '../realtime/subscriptions';
import type { RealtimeEvent } from '../realtime/events';
import type { AppServer, Realtime } from '../realtime/types';

declare module 'fastify' {
  interface FastifyInstance {
    /** The realtime door (services publish committed events through app.ctx), rooms and the sweep. */
    realtime: Realtime;
    /** The socket.io server attached to this app's HTTP server. */
    io: Server;
  }
}

/** How often the session sweep runs. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Attaches socket.io to the Fastify server, wiring the jobs of server/realtime/: the
 * handshake (own origin, cookie auth), the adapter between processes, subscriptions with
 * replay and typing, reader counts, the session sweep and the door services publish through.
 */
export default fp(
  async (app) => {
    const io: AppServer = new Server(app.server, {
      serveClient: false,
      cors: { origin: false },
      transports: app.config.realtimeTransports,
      allowRequest: (req, callback) => {
        const address = app.server.address();
        const own = ownOrigins(app.config.publicUrl, app.config.host, address && typeof address === 'object' ? address : null);
        callback(null, originAllowed(req.headers.origin, own));
      },
    });
    // Notices lost while the adapter's LISTEN connection was down: any cached answer may be stale.
    const crossProcess = await attachAdapter(io, app.database, app.log, () => app.readCache.invalidateAll());
    authenticateSockets(io, app.db, app.config.sessionTtlMs, app.log);
    const registry = new RoomRegistry();
    const presence = trackPresence(io, crossProcess !== null, app.log);
    io.on('connection', (socket) => serveSubscriptions(socket, { db: app.db, registry, presence, log: app.log }));

    const sweep = () => sweepSessions(io, app.db, app.log);
    const sweeper = setInterval(() => void sweep().catch((err: unknown) => app.log.warn({ err }, 'realtime sweep failed')), SWEEP_INTERVAL_MS);
    sweeper.unref();

    app.metrics.countSocketsWith(() => io.engine.clientsCount);
    app.decorate('io', io as unknown as Server);
    app.decorate('realtime', {
      ...createDoor(io, crossProcess !== null, {
        invalidate: (rooms) => app.readCache.invalidate(rooms),
        observeLag: app.metrics.observeEventLag,
        // At debug level, one line per committed batch: which events left when (the realtime
        // benchmark measures commit→delivery from it). Nothing is built at other levels.
        ...(app.log.level === 'debug' || app.log.level === 'trace'
          ? {
            published: (events: RealtimeEvent[], at: number, fanOutMs: number) =>
              app.log.debug({ events: events.map((e) => `${e.room}#${e.seq}`), at, fanOutMs }, 'realtime published'),
          }
          : {}),
      }),
      registerRoom: (prefix, kind) => registry.register(prefix, kind),
      sweep,
    } satisfies Realtime);
    app.addHook('preClose', async () => {
      clearInterval(sweeper);
      presence.close();
      io.local.disconnectSockets(true);
    });
    app.addHook('onClose', async () => {
      // Not io.close(): Fastify closes the HTTP server itself. Close the adapter (it holds a
      // LISTEN connection of the pool) and the engine, then the pool.
      await io.of('/').adapter.close();
      io.engine.close();
      await crossProcess?.close();
    });
  },
  { name: 'realtime', dependencies: ['db', 'metrics', 'read-cache'] },
);
