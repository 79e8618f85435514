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
  received: { name: string; payload: unknown }[];
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

/** Connects a socket.io client, with a session cookie when given. */
export async function connectSocket(baseUrl: string, cookie?: string | null): Promise<TestSocket> {
  const socket = connect(baseUrl, {
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    forceNew: true,
  });
  const received: { name: string; payload: unknown }[] = [];
  const waiters: { name: string; filter: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];
  socket.onAny((name: string, payload: unknown) => {
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
    subscribe: (room, since) =>
      socket.timeout(5000).emitWithAck('subscribe', since === undefined ? { room } : { room, since }) as Promise<{ ok: boolean; seq?: number; code?: string }>,
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
