import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';

/** A realtime event as clients receive it. */
export interface WireEvent<T = unknown> {
  room: string;
  seq: number;
  type: string;
  data: T;
}

/** A real socket.io client connected to a listening app, recording everything it receives. */
export interface TestSocket {
  socket: Socket;
  /**
   * What the socket received as a client applies it (API.md: clients order by seq and drop
   * what they have seen): a sequenced event at or below the room's floor (the subscribe's
   * `since`, or the seq its answer reported) or already seen is left out. The server may
   * send such events: with the PostgreSQL adapter a broadcast reaches local sockets only
   * after its NOTIFY went out, so a socket that joined meanwhile also gets it.
   */
  received: { name: string; payload: unknown }[];
  /** Everything that arrived, duplicates included (to check what never travels). */
  raw: { name: string; payload: unknown }[];
  subscribe(room: string, since?: number): Promise<{ ok: boolean; seq?: number; code?: string }>;
  /** Resolves when an event of `name` matching `filter` has arrived (or rejects after `ms`). */
  waitFor(name: string, filter?: (payload: unknown) => boolean, ms?: number): Promise<unknown>;
  close(): void;
}

/** Makes the app listen on a free port (once) and returns its base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  const address = app.server.address();
  if (address && typeof address === 'object') return `http://127.0.0.1:${address.port}`;
  return app.listen({ host: '127.0.0.1', port: 0 });
}

/**
 * Connects a socket.io client, with a session cookie when given and the handshake headers of
 * `headers` (an `origin`, as a browser page would send). Rejects when the handshake is refused.
 */
export async function connectSocket(
  baseUrl: string,
  cookie?: string | null,
  options: { headers?: Record<string, string>; transport?: 'websocket' | 'polling' } = {},
): Promise<TestSocket> {
  const socket = connect(baseUrl, {
    transports: [options.transport ?? 'websocket'],
    extraHeaders: { ...(cookie ? { cookie } : {}), ...options.headers },
    reconnection: false,
    forceNew: true,
  });
  const received: { name: string; payload: unknown }[] = [];
  const raw: { name: string; payload: unknown }[] = [];
  const floors = new Map<string, number>();
  const seen = new Map<string, Set<number>>();
  const sequenced = (payload: unknown): { room: string; seq: number } | null => {
    const event = payload as { room?: unknown; seq?: unknown } | null;
    return typeof event?.room === 'string' && typeof event.seq === 'number' ? { room: event.room, seq: event.seq } : null;
  };
  const waiters: { name: string; filter: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];
  socket.onAny((name: string, payload: unknown) => {
    raw.push({ name, payload });
    const resync = name === 'resync' ? sequenced(payload) : null;
    if (resync) {
      // The view reloads: everything up to the resync's seq is in what it reloads.
      floors.set(resync.room, Math.max(floors.get(resync.room) ?? 0, resync.seq));
      for (let i = received.length - 1; i >= 0; i -= 1) {
        const event = received[i]?.name === 'resync' ? null : sequenced(received[i]?.payload);
        if (event?.room === resync.room && event.seq <= resync.seq) received.splice(i, 1);
      }
    }
    const event = name === 'resync' ? null : sequenced(payload);
    if (event) {
      const roomSeen = seen.get(event.room) ?? new Set<number>();
      seen.set(event.room, roomSeen);
      if (roomSeen.has(event.seq) || event.seq <= (floors.get(event.room) ?? 0)) return;
      roomSeen.add(event.seq);
    }
    received.push({ name, payload });
    for (const w of [...waiters]) {
      if (w.name === name && w.filter(payload)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(payload);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    received,
    raw,
    async subscribe(room, since) {
      if (since !== undefined) floors.set(room, since);
      const answer = (await socket.timeout(5000).emitWithAck('subscribe', since === undefined ? { room } : { room, since })) as {
        ok: boolean; seq?: number; code?: string;
      };
      if (answer.ok && since === undefined && typeof answer.seq === 'number') {
        // Live from the answer's seq: what came before it is old news a client drops.
        floors.set(room, answer.seq);
        for (let i = received.length - 1; i >= 0; i -= 1) {
          const event = sequenced(received[i]?.payload);
          if (event?.room === room && event.seq <= answer.seq) received.splice(i, 1);
        }
      }
      return answer;
    },
    waitFor(name, filter = () => true, ms = 5000) {
      const already = received.find((r) => r.name === name && filter(r.payload));
      if (already) return Promise.resolve(already.payload);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${name} within ${ms} ms; got ${JSON.stringify(received.map((r) => r.name))}`)), ms);
        waiters.push({ name, filter, resolve: (p) => { clearTimeout(timer); resolve(p); } });
      });
    },
    close: () => socket.close(),
  };
}
