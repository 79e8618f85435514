import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { connectSocket, listen, type WireEvent } from '../helpers/sockets';
import { registerUser } from '../factories/user.factory';
import { recordEvents, type RealtimeEvent } from '../../server/realtime/events';
import { createDoor } from '../../server/realtime/publish';
import { rooms } from '../../server/realtime/rooms';
import type { AppServer, AppSocket } from '../../server/realtime/types';

let app: FastifyInstance;
let baseUrl: string;
beforeAll(async () => {
  app = await createTestApp();
  baseUrl = await listen(app);
});
afterAll(async () => {
  await app?.close();
});

/** A door of its own on the app's socket.io server, recording what its hooks were told. */
function recordingDoor() {
  const published: { events: RealtimeEvent[]; at: number; fanOutMs: number }[] = [];
  const invalidated: string[][] = [];
  const door = createDoor(app.io as unknown as AppServer, false, {
    invalidate: (names) => invalidated.push(names),
    published: (events, at, fanOutMs) => published.push({ events, at, fanOutMs }),
  });
  return { door, published, invalidated };
}

describe('createDoor publish', () => {
  it('tells the published hook each committed batch once, stamped when it was handed over, and its sockets get every event in order', async () => {
    const { user, client } = await registerUser(app);
    const socket = await connectSocket(baseUrl, client.cookie);
    try {
      const room = rooms.user(user.id);
      const events = await app.db.transaction((tx) => recordEvents(tx, [
        { room, type: 'notification', data: { n: 1 } as never },
        { room, type: 'notification', data: { n: 2 } as never },
      ]));
      const { door, published, invalidated } = recordingDoor();
      const before = Date.now();
      door.publish(events);
      const after = Date.now();
      expect(published).toHaveLength(1);
      expect(published[0]?.events).toEqual(events);
      expect(published[0]?.at).toBeGreaterThanOrEqual(before);
      expect(published[0]?.at).toBeLessThanOrEqual(after);
      expect(published[0]?.fanOutMs).toBeGreaterThanOrEqual(0);
      // (With PostgreSQL, other processes' events reach this door too: look for ours.)
      expect(invalidated).toContainEqual([room]);
      await socket.waitFor('notification', (p) => (p as WireEvent).seq === events[1]?.seq);
      const got = socket.received.filter((r) => r.name === 'notification').map((r) => (r.payload as WireEvent).data);
      expect(got).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      socket.close();
    }
  });

  it('tells the published hook nothing for an empty batch', () => {
    const { door, published } = recordingDoor();
    door.publish([]);
    expect(published).toEqual([]);
  });
});

/** The server's side of a user's only socket (the one in their user room). */
function serverSocketOf(userId: number): AppSocket {
  const io = app.io as unknown as AppServer;
  const ids = [...(io.of('/').adapter.rooms.get(rooms.user(userId)) ?? [])];
  expect(ids).toHaveLength(1);
  const socket = io.of('/').sockets.get(ids[0] as string);
  if (!socket) throw new Error('no server socket');
  return socket;
}

/** Two notifications recorded in a user's room, committed. */
function twoNotifications(userId: number, tag: string): Promise<RealtimeEvent[]> {
  const room = rooms.user(userId);
  return app.db.transaction((tx) => recordEvents(tx, [
    { room, type: 'notification', data: { tag, n: 1 } as never },
    { room, type: 'notification', data: { tag, n: 2 } as never },
  ]));
}

describe('createDoor publish: one write per socket per batch', () => {
  it('hands a websocket all of its frames of a batch in one flush, in order', async () => {
    const { user, client } = await registerUser(app);
    const socket = await connectSocket(baseUrl, client.cookie);
    try {
      const events = await twoNotifications(user.id, 'one-flush');
      const flushes: string[][] = [];
      const conn = serverSocketOf(user.id).conn;
      const onFlush = (buffer: { data?: unknown }[]) => flushes.push(buffer.map((p) => String(p.data)));
      conn.on('flush', onFlush);
      app.realtime.publish(events);
      conn.off('flush', onFlush);
      // Both frames left in one flush of the connection's buffer, post order kept.
      expect(flushes).toHaveLength(1);
      expect(flushes[0]).toHaveLength(2);
      expect(flushes[0]?.[0]).toContain('"n":1');
      expect(flushes[0]?.[1]).toContain('"n":2');
      await socket.waitFor('notification', (p) => (p as WireEvent).seq === events[1]?.seq);
      const got = socket.received.filter((r) => r.name === 'notification').map((r) => (r.payload as WireEvent).data);
      expect(got).toEqual([{ tag: 'one-flush', n: 1 }, { tag: 'one-flush', n: 2 }]);
    } finally {
      socket.close();
    }
  });

  it('leaves the connection writable after the batch, so the next event is written at once', async () => {
    const { user, client } = await registerUser(app);
    const socket = await connectSocket(baseUrl, client.cookie);
    try {
      const first = await twoNotifications(user.id, 'first');
      app.realtime.publish(first);
      await socket.waitFor('notification', (p) => (p as WireEvent).seq === first[1]?.seq);
      const [next] = await app.db.transaction((tx) => recordEvents(tx, [{ room: rooms.user(user.id), type: 'notification', data: { tag: 'next' } as never }]));
      if (!next) throw new Error('not recorded');
      const flushes: number[] = [];
      const conn = serverSocketOf(user.id).conn;
      const onFlush = (buffer: unknown[]) => flushes.push(buffer.length);
      conn.on('flush', onFlush);
      app.realtime.publish([next]);
      conn.off('flush', onFlush);
      expect(flushes).toEqual([1]);
      await socket.waitFor('notification', (p) => (p as WireEvent).seq === next.seq);
    } finally {
      socket.close();
    }
  });

  it('delivers a batch in order to a socket on the polling transport too', async () => {
    const { user, client } = await registerUser(app);
    const socket = await connectSocket(baseUrl, client.cookie, { transport: 'polling' });
    try {
      const events = await twoNotifications(user.id, 'polling');
      app.realtime.publish(events);
      await socket.waitFor('notification', (p) => (p as WireEvent).seq === events[1]?.seq);
      const got = socket.received.filter((r) => r.name === 'notification').map((r) => (r.payload as WireEvent).data);
      expect(got).toEqual([{ tag: 'polling', n: 1 }, { tag: 'polling', n: 2 }]);
    } finally {
      socket.close();
    }
  });
});

const databaseUrl = process.env.DATABASE_URL ?? '';
if (!databaseUrl) console.warn('\n[realtime-door] the NOTIFY count needs DATABASE_URL: the embedded database has no adapter between processes; skipped.\n');

describe.skipIf(!databaseUrl)('createDoor publish to other processes (PostgreSQL)', () => {
  let other: FastifyInstance;
  let listener: pg.Client;
  const notices: string[] = [];
  beforeAll(async () => {
    other = await createTestApp();
    listener = new pg.Client({ connectionString: databaseUrl });
    await listener.connect();
    listener.on('notification', (msg) => notices.push(msg.payload ?? ''));
    await listener.query('LISTEN "socket.io#/"');
  });
  afterAll(async () => {
    await listener?.end();
    await other?.close();
  });

  it('sends the batches and cache notices of one turn as one NOTIFY, which the other process delivers in order', async () => {
    const { user, client } = await registerUser(app);
    const otherUrl = await listen(other);
    const socket = await connectSocket(otherUrl, client.cookie);
    try {
      const room = rooms.user(user.id);
      const events = await app.db.transaction((tx) => recordEvents(tx, [1, 2, 3].map((n) => ({ room, type: 'notification' as const, data: { tag: 'turn', n } as never }))));
      // As group commit publishes its posts: one batch after another in the same turn.
      for (const event of events) app.realtime.publish([event]);
      const sentinel = `sentinel-${user.id}`;
      // A later turn's notice: NOTIFYs on one channel arrive in order, so once it is here every earlier one is.
      await new Promise((resolve) => setImmediate(resolve));
      app.realtime.invalidate([sentinel]);
      await socket.waitFor('notification', (p) => (p as WireEvent).seq === events[2]?.seq);
      for (let i = 0; i < 200 && !notices.some((n) => n.includes(sentinel)); i += 1) await new Promise((r) => setTimeout(r, 25));
      expect(notices.some((n) => n.includes(sentinel))).toBe(true);
      expect(notices.filter((n) => n.includes(`"${room}"`))).toHaveLength(1);
      const got = socket.received.filter((r) => r.name === 'notification').map((r) => (r.payload as WireEvent).data);
      expect(got).toEqual([1, 2, 3].map((n) => ({ tag: 'turn', n })));
    } finally {
      socket.close();
    }
  });
});
