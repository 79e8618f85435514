import fp from 'fastify-plugin';
import fastifyCookie from '@fastify/cookie';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import { liveSessionIds, resolveSession } from '../services/accounts';
import type { UserRow } from '../db/schema';
import { rooms, type EventType, type Publisher, type RealtimeEvent } from '../realtime/events';
import { pruneEvents, replaySince } from '../realtime/replay';
import { SESSION_COOKIE } from './auth.plugin';
import { hasRole } from '../domain/roles';
import { parseId, textProblem } from '../domain/text';

/** Who may join a room of a given prefix; the id is the part after the colon. */
export type RoomAuthorizer = (user: SocketUser | null, id: string) => Promise<boolean>;

/**
 * A kind of room: which ids are well formed (checked like REST ids, before any query: a
 * malformed one is a VALIDATION answer) and who may join a room with a well-formed id.
 */
export interface RoomKind {
  validId: (id: string) => boolean;
  authorize: RoomAuthorizer;
}

/**
 * Who a socket belongs to: only what rooms, typing and reader counts need. Never the user
 * row: with several processes, socket data travels between them (reader counts) through
 * the database's NOTIFY channel, and a password hash must not.
 */
export type SocketUser = Pick<UserRow, 'id' | 'username' | 'displayName' | 'roles'>;

/** The realtime API of the app: publish committed events, manage rooms and sessions. */
export interface Realtime extends Publisher {
  /** Lets a feature declare the ids of `prefix:<id>` rooms and who may subscribe to them. */
  registerRoom(prefix: string, kind: RoomKind): void;
  /** Disconnects every socket of a session (sign-out, revocation), on every process. */
  disconnectSession(sessionId: string): void;
  /** Disconnects every socket of a user (roles taken away, sessions revoked), on every process. */
  disconnectUser(userId: number): void;
  /**
   * Disconnects this process's sockets whose session has expired or was removed, and prunes
   * events past retention. Runs every minute; exposed so tests need not wait for it.
   */
  sweep(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The one door to socket.io: services publish committed events through it. */
    realtime: Realtime;
    /** The socket.io server attached to this app's HTTP server. */
    io: Server;
  }
}

/** Events the server sends: every EventType as `{room, seq, type, data}`, plus hints. */
export type ServerToClientEvents = { [K in EventType]: (event: RealtimeEvent<K>) => void } & {
  resync: (info: { room: string; seq: number }) => void;
  error: (info: { room: string; code: string; message: string }) => void;
  typing: (info: { room: string; user: { id: number; username: string; displayName: string } }) => void;
  presence: (info: { room: string; readers: number }) => void;
};

/** Events clients send. */
export interface ClientToServerEvents {
  subscribe: (input: unknown, ack?: (answer: unknown) => void) => void;
  unsubscribe: (input: unknown) => void;
  typing: (input: unknown) => void;
}

/** What the processes of one database tell each other (through the adapter). */
interface InterServerEvents {
  /** Committed events for the other processes to deliver to their own sockets. */
  'realtime:publish': (events: RealtimeEvent[]) => void;
  /** Asks the other processes who reads a room on them (see localReaderKeys). */
  'realtime:readers': (room: string, answer: (keys: string[]) => void) => void;
}

type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

interface SocketData {
  user: SocketUser | null;
  sessionId: string | null;
  lastTyping: Map<string, number>;
}

/** How long events are kept for replay (API.md: at least 10 minutes). */
export const RETENTION_MS = 15 * 60_000;
const TYPING_THROTTLE_MS = 2_000;
/** How often at most a topic's reader count is recounted and sent. */
const READERS_DEBOUNCE_MS = 300;
/** How long a reader count waits for the other processes before counting this one alone. */
const READERS_TIMEOUT_MS = 1_500;

/**
 * Attaches socket.io to the Fastify server: cookie authentication at the handshake,
 * subscribe with lossless replay, typing indicators and reader counts; with a PostgreSQL
 * server, the postgres adapter carries events between processes.
 */
export default fp(
  async (app) => {
    /** The origins of this server: PUBLIC_URL's, and the address it listens on (all loopback spellings of it). */
    const ownOrigins = (): Set<string> => {
      const origins = new Set([new URL(app.config.publicUrl).origin]);
      const address = app.server.address();
      if (address && typeof address === 'object') {
        const loopback = ['127.0.0.1', 'localhost', '::1'];
        const hosts = loopback.includes(app.config.host) ? loopback : [app.config.host];
        for (const host of hosts) {
          const name = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
          origins.add(`http://${name}:${address.port}`);
        }
      }
      return origins;
    };
    const io: AppServer = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(app.server, {
      serveClient: false,
      cors: { origin: false },
      // The handshake carries the session cookie: a page of another site must not open a
      // socket as the member (cross-site WebSocket hijacking). Browsers always send Origin
      // across sites; a client that sends none is no page of another site.
      allowRequest: (req, callback) => {
        const origin = req.headers.origin;
        callback(null, origin === undefined || ownOrigins().has(origin));
      },
    });
    let pool: pg.Pool | null = null;
    const poolClients = new Set<pg.PoolClient>();
    if (app.database.driver === 'postgres' && app.database.url) {
      pool = new pg.Pool({ connectionString: app.database.url, max: 3 });
      pool.on('connect', (client) => {
        poolClients.add(client);
        client.on('end', () => poolClients.delete(client));
      });
      pool.on('error', (err) => app.log.warn({ err }, 'realtime adapter pool error'));
      io.adapter(createAdapter(pool, { tableName: 'socket_io_attachments', errorHandler: (err) => app.log.warn({ err }, 'realtime adapter') }));
      // Wait for the adapter's LISTEN connection, so events from other processes arrive from
      // the first request on, and so closing never races a half-open connection.
      for (let i = 0; i < 100 && poolClients.size === 0; i += 1) await new Promise((r) => setTimeout(r, 50));
    }

    const kinds = new Map<string, RoomKind>();
    kinds.set('user', { validId: (id) => parseId(id) !== null, authorize: async (user, id) => user !== null && String(user.id) === id });
    kinds.set('moderators', { validId: (id) => id === '', authorize: async (user) => user !== null && hasRole(user, 'moderator') });

    /** Whether a socket may join `room`: 'invalid' for a malformed name or id, as REST answers 400. */
    const admit = async (user: SocketUser | null, room: string): Promise<'ok' | 'invalid' | 'forbidden'> => {
      if (room === '' || room.length > 200 || textProblem(room) !== null) return 'invalid';
      const [prefix, id = ''] = room.split(/:(.*)/s);
      const kind = kinds.get(prefix ?? '');
      if (!kind) return 'forbidden';
      if (!kind.validId(id)) return 'invalid';
      return (await kind.authorize(user, id)) ? 'ok' : 'forbidden';
    };

    io.use(async (socket, next) => {
      socket.data.user = null;
      socket.data.sessionId = null;
      socket.data.lastTyping = new Map();
      try {
        const secret = fastifyCookie.parse(socket.request.headers.cookie ?? '')[SESSION_COOKIE];
        if (secret) {
          const session = await resolveSession(app.db, secret, app.config.sessionTtlMs);
          if (session) {
            const { id, username, displayName, roles } = session.user;
            socket.data.user = { id, username, displayName, roles };
            socket.data.sessionId = session.sessionId;
          }
        }
        next();
      } catch (err) {
        app.log.warn({ err }, 'socket handshake failed');
        next(new Error('unavailable'));
      }
    });

    // Reader counts: recounted at most once per READERS_DEBOUNCE_MS per room, so a thousand
    // readers arriving cost a few counts, not a thousand counts of a thousand sockets.
    const readerTimers = new Map<string, ReturnType<typeof setTimeout>>();
    /** Who reads `room` on this process: a user once however many tabs, a guest per socket. */
    const localReaderKeys = async (room: string): Promise<string[]> => {
      const sockets = await io.local.in(room).fetchSockets();
      return sockets.map((s) => (s.data.user ? `u${s.data.user.id}` : `s${s.id}`));
    };
    const countReaders = async (room: string) => {
      const keys = new Set(await localReaderKeys(room));
      if (pool) {
        // The other processes answer with their readers' keys only (not their sockets' data).
        try {
          // The adapter waits 5 s for every process it knows; a count is worth less than that.
          let timer: ReturnType<typeof setTimeout> | undefined;
          const asked = io.serverSideEmitWithAck('realtime:readers', room);
          // If the race is lost, the adapter's own timeout rejects later: never unhandled.
          asked.catch(() => undefined);
          const answers = await Promise.race([
            asked,
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error('no answer from every process in time')), READERS_TIMEOUT_MS);
            }),
          ]).finally(() => clearTimeout(timer));
          for (const answer of answers) for (const key of answer) keys.add(key);
        } catch (err) {
          // A process that died without saying so is waited for until its heartbeat times
          // out: count this process's readers meanwhile. A hint must never fail the server.
          app.log.debug({ err, room }, 'reader count across processes failed; counting this process');
        }
      }
      io.to(room).emit('presence', { room, readers: keys.size });
    };
    const emitReaders = (room: string) => {
      if (!room.startsWith('topic:') || readerTimers.has(room)) return;
      readerTimers.set(room, setTimeout(() => {
        readerTimers.delete(room);
        countReaders(room).catch((err: unknown) => app.log.warn({ err, room }, 'reader count failed'));
      }, READERS_DEBOUNCE_MS));
    };

    const send = (target: { emit: (...args: never[]) => unknown }, event: RealtimeEvent) =>
      (target.emit as (type: string, payload: RealtimeEvent) => void)(event.type, event);

    // Events committed by another process on the same database: deliver to our sockets.
    io.on('realtime:publish', (events) => {
      for (const event of events) send(io.local.to(event.room), event);
    });
    io.on('realtime:readers', (room, answer) => {
      localReaderKeys(room).then(answer, () => answer([]));
    });

    io.on('connection', (socket: Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>) => {
      const { user, sessionId } = socket.data;
      if (user) {
        void socket.join(rooms.user(user.id));
        if (hasRole(user, 'moderator')) void socket.join(rooms.moderators);
      }
      if (sessionId) void socket.join(`session:${sessionId}`);

      socket.on('subscribe', async (raw, ack) => {
        const reply = typeof ack === 'function' ? ack : () => {};
        const input = raw as { room?: unknown; since?: unknown } | null;
        const room = typeof input?.room === 'string' ? input.room : '';
        const since = input?.since;
        if (since !== undefined && since !== null && !(Number.isInteger(since) && (since as number) >= 0)) {
          socket.emit('error', { room, code: 'VALIDATION', message: 'since must be a whole number.' });
          return reply({ ok: false, code: 'VALIDATION' });
        }
        let replay: Awaited<ReturnType<typeof replaySince>>;
        try {
          const admitted = await admit(socket.data.user, room);
          if (admitted === 'invalid') {
            socket.emit('error', { room, code: 'VALIDATION', message: 'room must be a room name with a valid id (topic:<id>, board:<slug>, user:<id>).' });
            return reply({ ok: false, code: 'VALIDATION' });
          }
          if (admitted === 'forbidden') {
            socket.emit('error', { room, code: 'FORBIDDEN', message: 'You may not subscribe to this room.' });
            return reply({ ok: false, code: 'FORBIDDEN' });
          }
          // Join first, then replay: a live event during the replay may arrive twice or
          // early; clients order by seq and drop what they have already seen.
          await socket.join(room);
          replay = await replaySince(app.db, room, typeof since === 'number' ? since : Number.MAX_SAFE_INTEGER);
        } catch (err) {
          // The database did not answer: not joined, and the client tries again.
          app.log.warn({ err, room }, 'subscribe failed');
          await socket.leave(room);
          return reply({ ok: false, code: 'UNAVAILABLE' });
        }
        if (typeof since === 'number') {
          if (replay.kind === 'resync') socket.emit('resync', { room, seq: replay.seq });
          else for (const event of replay.events) send(socket, event);
        }
        reply({ ok: true, room, seq: replay.seq });
        emitReaders(room);
      });

      socket.on('unsubscribe', async (raw) => {
        const room = typeof (raw as { room?: unknown } | null)?.room === 'string' ? (raw as { room: string }).room : '';
        if (room.startsWith('user:') || room === rooms.moderators || room.startsWith('session:')) return;
        await socket.leave(room);
        emitReaders(room);
      });

      socket.on('typing', (raw) => {
        const room = typeof (raw as { room?: unknown } | null)?.room === 'string' ? (raw as { room: string }).room : '';
        const me = socket.data.user;
        if (!me || !room.startsWith('topic:') || !socket.rooms.has(room)) return;
        const now = Date.now();
        if (now - (socket.data.lastTyping.get(room) ?? 0) < TYPING_THROTTLE_MS) return;
        socket.data.lastTyping.set(room, now);
        // Never stored, no seq: a hint, not part of the lossless stream.
        socket.to(room).emit('typing', { room, user: { id: me.id, username: me.username, displayName: me.displayName } });
      });

      socket.on('disconnecting', () => {
        const left = [...socket.rooms].filter((r) => r.startsWith('topic:'));
        setImmediate(() => left.forEach((r) => emitReaders(r)));
      });
    });

    // Sessions revoked or expired while a socket is open: drop those sockets.
    const sweep = async (): Promise<void> => {
      const sockets = await io.local.fetchSockets();
      const signedIn = sockets.filter((s) => s.data.sessionId);
      // One query for all of them; when the database does not answer, drop nobody.
      const alive = signedIn.length > 0
        ? await liveSessionIds(app.db, signedIn.map((s) => s.data.sessionId ?? '')).catch((err: unknown) => {
          app.log.warn({ err }, 'session sweep failed');
          return null;
        })
        : null;
      if (alive) for (const s of signedIn) if (!alive.has(s.data.sessionId ?? '')) s.disconnect(true);
      await pruneEvents(app.db, RETENTION_MS).catch((err: unknown) => app.log.warn({ err }, 'event prune failed'));
    };
    const sweeper = setInterval(() => void sweep().catch((err: unknown) => app.log.warn({ err }, 'realtime sweep failed')), 60_000);
    sweeper.unref();

    const realtime: Realtime = {
      publish(events: RealtimeEvent[]) {
        // This process's sockets at once; the other processes through one message. (A plain
        // broadcast through the adapter reaches even local sockets only after its NOTIFY
        // query returns, so local delivery waited for the database.)
        for (const event of events) send(io.local.to(event.room), event);
        if (pool && events.length > 0) io.serverSideEmit('realtime:publish', events);
      },
      registerRoom(prefix, kind) {
        kinds.set(prefix, kind);
      },
      disconnectSession(sessionId) {
        io.in(`session:${sessionId}`).disconnectSockets(true);
      },
      disconnectUser(userId) {
        io.in(rooms.user(userId)).disconnectSockets(true);
      },
      sweep,
    };
    app.decorate('io', io as unknown as Server);
    app.decorate('realtime', realtime);
    app.addHook('preClose', async () => {
      clearInterval(sweeper);
      readerTimers.forEach((timer) => clearTimeout(timer));
      readerTimers.clear();
      io.local.disconnectSockets(true);
    });
    app.addHook('onClose', async () => {
      // Not io.close(): Fastify closes the HTTP server itself. Close the adapter (it holds a
      // LISTEN connection of the pool) and the engine, then the pool.
      await io.of('/').adapter.close();
      io.engine.close();
      if (pool) {
        // The adapter's close tells the other processes this one is gone (a NOTIFY sent
        // without waiting): let it go out, or they wait for this process's answers to reader
        // counts until its heartbeat times out.
        for (let i = 0; i < 40 && pool.idleCount < pool.totalCount; i += 1) await new Promise((r) => setTimeout(r, 25));
        // The adapter can keep clients checked out (its LISTEN connection); end them so the
        // pool can close instead of waiting for releases that never come.
        // Let connections still being opened finish, or the pool waits for them forever.
        for (let i = 0; i < 50 && pool.totalCount > poolClients.size; i += 1) await new Promise((r) => setTimeout(r, 50));
        const ended = pool.end();
        await Promise.all([...poolClients].map((client) => client.end().catch(() => undefined)));
        await ended;
      }
    });
  },
  { name: 'realtime', dependencies: ['db'] },
);
