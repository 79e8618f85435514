import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { connectSocket, listen, type WireEvent } from '../helpers/sockets';
import { registerUser } from '../factories/user.factory';
import { createTopic } from '../factories/topic.factory';
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

/** The TCP socket under a server socket's websocket connection (engine.io 6, ws 8). */
function tcpOf(socket: AppSocket): { _write: unknown; _writev: unknown } {
  const tcp = (socket.conn as unknown as { transport: { name: string; socket?: { _socket?: unknown } } }).transport.socket?._socket;
  if (!tcp) throw new Error('not a websocket connection');
  return tcp as { _write: unknown; _writev: unknown };
}

/**
 * Records what reaches a TCP socket's write (one chunk) and writev (several, after a cork):
 * each call is one write to the kernel. The calls go through; `stop` takes the recorder off.
 */
function recordWrites(tcp: { _write: unknown; _writev: unknown }): { writes: string[][]; stop(): void } {
  const writes: string[][] = [];
  type Chunk = Buffer | string;
  const own = tcp as { _write: (c: Chunk, e: BufferEncoding, cb: (err?: Error | null) => void) => void; _writev: (cs: { chunk: Chunk }[], cb: (err?: Error | null) => void) => void };
  const write = own._write;
  const writev = own._writev;
  own._write = function (this: unknown, chunk, encoding, cb) {
    writes.push([Buffer.from(chunk).toString('utf8')]);
    return write.call(this, chunk, encoding, cb);
  };
  own._writev = function (this: unknown, chunks, cb) {
    writes.push(chunks.map((c) => Buffer.from(c.chunk).toString('utf8')));
    return writev.call(this, chunks, cb);
  };
  return {
    writes,
    stop: () => {
      // The prototype's methods again.
      delete (own as Partial<typeof own>)._write;
      delete (own as Partial<typeof own>)._writev;
    },
  };
}

describe('createDoor publish: one write per socket per batch', () => {
  it('hands a websocket all of its frames of a batch in one write of its TCP socket, in order', async () => {
    const { user, client } = await registerUser(app);
    const socket = await connectSocket(baseUrl, client.cookie);
    try {
      const events = await twoNotifications(user.id, 'one-write');
      const recorder = recordWrites(tcpOf(serverSocketOf(user.id)));
      try {
        app.realtime.publish(events);
      } finally {
        recorder.stop();
      }
      // One write while publish ran, holding both frames, post order kept.
      expect(recorder.writes).toHaveLength(1);
      const bytes = (recorder.writes[0] ?? []).join('');
      expect(bytes.indexOf('"n":1')).toBeGreaterThan(-1);
      expect(bytes.indexOf('"n":2')).toBeGreaterThan(bytes.indexOf('"n":1'));
      await socket.waitFor('notification', (p) => (p as WireEvent).seq === events[1]?.seq);
      const got = socket.raw.filter((r) => r.name === 'notification').map((r) => (r.payload as WireEvent).data);
      expect(got).toEqual([{ tag: 'one-write', n: 1 }, { tag: 'one-write', n: 2 }]);
      // What arrived is what REST and the contract name: {room, seq, type, data}.
      expect(socket.raw.filter((r) => r.name === 'notification').map((r) => r.payload)).toEqual(events);
    } finally {
      socket.close();
    }
  });

  it('writes the next event at once after a batch, and the socket still answers through engine.io', async () => {
    const { user, client } = await registerUser(app);
    const socket = await connectSocket(baseUrl, client.cookie);
    try {
      const first = await twoNotifications(user.id, 'first');
      app.realtime.publish(first);
      await socket.waitFor('notification', (p) => (p as WireEvent).seq === first[1]?.seq);
      const [next] = await app.db.transaction((tx) => recordEvents(tx, [{ room: rooms.user(user.id), type: 'notification', data: { tag: 'next' } as never }]));
      if (!next) throw new Error('not recorded');
      const recorder = recordWrites(tcpOf(serverSocketOf(user.id)));
      try {
        app.realtime.publish([next]);
      } finally {
        recorder.stop();
      }
      expect(recorder.writes).toHaveLength(1);
      await socket.waitFor('notification', (p) => (p as WireEvent).seq === next.seq);
      // engine.io's own writes (an ack) still reach the socket after the door's bytes.
      expect(await socket.subscribe(rooms.user(user.id))).toMatchObject({ ok: true });
    } finally {
      socket.close();
    }
  });

  it("gives each socket exactly its rooms' events of a batch, once each and in order, on websocket and polling", async () => {
    const author = await registerUser(app);
    const { topic } = await createTopic(author.client, 'qunzhong');
    const topicRoom = rooms.topic(topic.id);
    const [a, b, c] = [await registerUser(app), await registerUser(app), await registerUser(app)];
    // a: its user room and the topic; b: its user room and the topic; c: the topic, over
    // polling (written through engine.io); outsider: its user room only.
    const outsider = await registerUser(app);
    const sockets = {
      a: await connectSocket(baseUrl, a.client.cookie),
      b: await connectSocket(baseUrl, b.client.cookie),
      c: await connectSocket(baseUrl, c.client.cookie, { transport: 'polling' }),
      outsider: await connectSocket(baseUrl, outsider.client.cookie),
    };
    try {
      for (const s of [sockets.a, sockets.b, sockets.c]) expect(await s.subscribe(topicRoom)).toMatchObject({ ok: true });
      const tag = `rooms-${topic.id}`;
      const events = await app.db.transaction((tx) => recordEvents(tx, [
        { room: topicRoom, type: 'notification', data: { tag, n: 1 } as never },
        { room: rooms.user(a.user.id), type: 'notification', data: { tag, n: 2 } as never },
        { room: topicRoom, type: 'notification', data: { tag, n: 3 } as never },
        { room: rooms.user(b.user.id), type: 'notification', data: { tag, n: 4 } as never },
      ]));
      app.realtime.publish(events);
      // A later batch to every user room: once a socket has it, it has all it will get of the first.
      const users = [a, b, c, outsider];
      const sentinels = await app.db.transaction((tx) => recordEvents(tx, users.map((u) => ({ room: rooms.user(u.user.id), type: 'notification' as const, data: { tag, sentinel: true } as never }))));
      app.realtime.publish(sentinels);
      const seen = async (s: (typeof sockets)[keyof typeof sockets], i: number) => {
        await s.waitFor('notification', (p) => (p as WireEvent).seq === sentinels[i]?.seq && (p as WireEvent).room === sentinels[i]?.room);
        return s.raw.filter((r) => r.name === 'notification' && (r.payload as WireEvent<{ tag?: string; n?: number }>).data.tag === tag)
          .map((r) => (r.payload as WireEvent<{ n?: number }>).data.n ?? 'sentinel');
      };
      expect(await seen(sockets.a, 0)).toEqual([1, 2, 3, 'sentinel']);
      expect(await seen(sockets.b, 1)).toEqual([1, 3, 4, 'sentinel']);
      expect(await seen(sockets.c, 2)).toEqual([1, 3, 'sentinel']);
      expect(await seen(sockets.outsider, 3)).toEqual(['sentinel']);
      // Each as recorded: room, seq, type and data.
      expect(sockets.a.raw.filter((r) => (r.payload as WireEvent<{ tag?: string }>).data?.tag === tag).slice(0, 3).map((r) => r.payload)).toEqual([events[0], events[1], events[2]]);
    } finally {
      Object.values(sockets).forEach((s) => s.close());
    }
  });

  it('delivers frames of every length intact: short, over 125 bytes, over 64 KiB (a long Chinese post)', async () => {
    const { user, client } = await registerUser(app);
    const socket = await connectSocket(baseUrl, client.cookie);
    try {
      // 16-bit and 64-bit lengths in the frame header: 50,000 characters of Chinese are 150,000 bytes.
      const texts = ['短', '群众在我心中'.repeat(30), '我在群众当中'.repeat(8_334)];
      const events = await app.db.transaction((tx) => recordEvents(tx, texts.map((text) => ({ room: rooms.user(user.id), type: 'notification' as const, data: { text } as never }))));
      app.realtime.publish(events);
      await socket.waitFor('notification', (p) => (p as WireEvent).seq === events[2]?.seq);
      expect(socket.raw.filter((r) => r.name === 'notification').map((r) => (r.payload as WireEvent<{ text: string }>).data.text)).toEqual(texts);
      // And alone (a batch of one).
      const [single] = await app.db.transaction((tx) => recordEvents(tx, [{ room: rooms.user(user.id), type: 'notification', data: { text: texts[2] } as never }]));
      app.realtime.publish([single!]);
      const got = (await socket.waitFor('notification', (p) => (p as WireEvent).seq === single?.seq)) as WireEvent<{ text: string }>;
      expect(got.data.text).toBe(texts[2]);
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
