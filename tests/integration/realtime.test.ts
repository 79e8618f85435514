import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp } from '../helpers/test-app';
import { connectSocket, listen, type WireEvent } from '../helpers/sockets';
import { registerUser, signInAdmin } from '../factories/user.factory';
import { Client } from '../helpers/client';
import { recordEvent, type RealtimeEvent } from '../../server/realtime/events';
import { rooms } from '../../server/realtime/rooms';

let app: FastifyInstance;
let baseUrl: string;
beforeAll(async () => {
  app = await createTestApp();
  baseUrl = await listen(app);
});
afterAll(async () => {
  await app?.close();
});

/** Records events in one transaction and publishes them after commit, as services do. */
async function emitToRoom(room: string, count: number): Promise<RealtimeEvent[]> {
  const events = await app.db.transaction(async (tx) => {
    const out: RealtimeEvent[] = [];
    for (let i = 0; i < count; i += 1) out.push(await recordEvent(tx, room, 'notification', { n: i } as never));
    return out;
  });
  app.realtime.publish(events);
  return events;
}

describe('socket.io handshake and rooms', () => {
  it("joins a signed-in user's own room automatically and delivers events there", async () => {
    const { user, client } = await registerUser(app);
    const socket = await connectSocket(baseUrl, client.cookie);
    try {
      const [event] = await emitToRoom(rooms.user(user.id), 1);
      const got = (await socket.waitFor('notification')) as WireEvent;
      expect(got).toEqual({ room: `user:${user.id}`, seq: event?.seq, type: 'notification', data: { n: 0 } });
    } finally {
      socket.close();
    }
  });

  it("refuses another user's room with an error event and no data", async () => {
    const alice = await registerUser(app);
    const bob = await registerUser(app);
    const socket = await connectSocket(baseUrl, bob.client.cookie);
    try {
      const answer = await socket.subscribe(rooms.user(alice.user.id), 0);
      expect(answer).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      await socket.waitFor('error', (p) => (p as { room: string }).room === rooms.user(alice.user.id));
      await emitToRoom(rooms.user(alice.user.id), 1);
      await new Promise((r) => setTimeout(r, 200));
      expect(socket.raw.filter((r) => r.name === 'notification')).toEqual([]);
    } finally {
      socket.close();
    }
  });

  it('lets an anonymous socket connect but not into private rooms', async () => {
    const socket = await connectSocket(baseUrl);
    try {
      expect(await socket.subscribe(rooms.moderators)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await socket.subscribe('user:1')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await socket.subscribe('nonsense-room')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    } finally {
      socket.close();
    }
  });

  it('puts moderators in the moderators room', async () => {
    const moderator = await registerUser(app, { roles: ['moderator'] });
    const socket = await connectSocket(baseUrl, moderator.client.cookie);
    try {
      const events = await app.db.transaction(async (tx) => [await recordEvent(tx, rooms.moderators, 'queue:changed', { open: 3, itemId: null, change: 'updated' as const })]);
      app.realtime.publish(events);
      const got = (await socket.waitFor('queue:changed', (p) => (p as WireEvent).seq === events[0]?.seq)) as WireEvent;
      expect(got.room).toBe('moderators');
      expect(got.data).toEqual({ open: 3, itemId: null, change: 'updated' });
    } finally {
      socket.close();
    }
  });

  it('disconnects the sockets of a session when it signs out', async () => {
    const { client } = await registerUser(app);
    const socket = await connectSocket(baseUrl, client.cookie);
    const disconnected = new Promise<string>((resolve) => socket.socket.once('disconnect', (reason) => resolve(reason)));
    expect((await client.post('/api/auth/logout')).statusCode).toBe(204);
    expect(await disconnected).toBe('io server disconnect');
  });

  it('disconnects every socket of a user an admin takes a role from, whose sessions end with it', async () => {
    const moderator = await registerUser(app, { roles: ['moderator'] });
    const admin = await signInAdmin(app);
    const socket = await connectSocket(baseUrl, moderator.client.cookie);
    const disconnected = new Promise<string>((resolve) => socket.socket.once('disconnect', (reason) => resolve(reason)));
    expect((await admin.put(`/api/users/${moderator.user.id}/roles`, { roles: [] })).statusCode).toBe(200);
    expect(await disconnected).toBe('io server disconnect');
    expect((await moderator.client.get('/api/me')).statusCode).toBe(401);
  });

  it('drops the sockets of the sessions a password change ends, and keeps the socket of the browser that changed it', async () => {
    const member = await registerUser(app);
    const laptop = new Client(app);
    expect((await laptop.post('/api/auth/login', { username: member.user.username, password: member.password }, { remoteAddress: '10.77.0.1' })).statusCode).toBe(200);
    const here = await connectSocket(baseUrl, member.client.cookie);
    const there = await connectSocket(baseUrl, laptop.cookie);
    try {
      const dropped = new Promise<string>((resolve) => there.socket.once('disconnect', (reason) => resolve(reason)));
      const res = await member.client.post('/api/me/password', { currentPassword: member.password, newPassword: 'another-good-password' });
      expect(res.statusCode).toBe(204);
      expect(await dropped).toBe('io server disconnect');
      // The disconnects went out together; this browser's socket still answers.
      expect(await here.subscribe(rooms.user(member.user.id))).toMatchObject({ ok: true });
      expect(here.socket.connected).toBe(true);
    } finally {
      here.close();
      there.close();
    }
  });

  it('disconnects, at the sweep, sockets whose session expired, and keeps the others', async () => {
    const expiring = await registerUser(app);
    const staying = await registerUser(app);
    const anonymous = await connectSocket(baseUrl);
    const gone = await connectSocket(baseUrl, expiring.client.cookie);
    const kept = await connectSocket(baseUrl, staying.client.cookie);
    try {
      const disconnected = new Promise<string>((resolve) => gone.socket.once('disconnect', (reason) => resolve(reason)));
      await app.db.execute(sql`update sessions set expires_at = now() - interval '1 minute' where user_id = ${expiring.user.id}`);
      await app.realtime.sweep();
      expect(await disconnected).toBe('io server disconnect');
      expect(kept.socket.connected).toBe(true);
      expect(anonymous.socket.connected).toBe(true);
      expect(await kept.subscribe(rooms.user(staying.user.id))).toMatchObject({ ok: true });
    } finally {
      anonymous.close();
      gone.close();
      kept.close();
    }
  });

  it('keeps only who the user is in socket data (it travels between processes), never the password hash', async () => {
    const { user, client } = await registerUser(app);
    const socket = await connectSocket(baseUrl, client.cookie);
    try {
      const [found] = await app.io.in(rooms.user(user.id)).fetchSockets();
      const data = found?.data as { user?: Record<string, unknown> } | undefined;
      expect(Object.keys(data?.user ?? {}).sort()).toEqual(['displayName', 'id', 'roles', 'username']);
      expect(JSON.stringify(found?.data)).not.toMatch(/argon2|password/i);
    } finally {
      socket.close();
    }
  });

  it('treats a revoked session as anonymous at the next handshake', async () => {
    const { user, client } = await registerUser(app);
    const cookie = client.cookie;
    await client.post('/api/auth/logout');
    const socket = await connectSocket(baseUrl, cookie);
    try {
      expect(await socket.subscribe(rooms.user(user.id))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    } finally {
      socket.close();
    }
  });
});

describe('socket.io handshake origin', () => {
  it('refuses a foreign Origin even with a valid session cookie, over websocket and polling', async () => {
    const { client } = await registerUser(app);
    for (const transport of ['websocket', 'polling'] as const) {
      await expect(connectSocket(baseUrl, client.cookie, { headers: { origin: 'http://evil.example' }, transport })).rejects.toThrow();
    }
    await expect(connectSocket(baseUrl, client.cookie, { headers: { origin: `${baseUrl}.evil.example` } })).rejects.toThrow();
  });

  it('accepts its own origin (the listening address) and clients that send no Origin', async () => {
    const { user, client } = await registerUser(app);
    for (const headers of [{ origin: baseUrl }, {}] as Record<string, string>[]) {
      const socket = await connectSocket(baseUrl, client.cookie, { headers });
      try {
        expect(await socket.subscribe(rooms.user(user.id))).toMatchObject({ ok: true });
      } finally {
        socket.close();
      }
    }
  });

  it('accepts the origin of PUBLIC_URL, the address users reach behind a proxy', async () => {
    const proxied = await createTestApp({ PUBLIC_URL: 'https://forum.example.cn' });
    try {
      const url = await listen(proxied);
      const socket = await connectSocket(url, null, { headers: { origin: 'https://forum.example.cn' } });
      socket.close();
      await expect(connectSocket(url, null, { headers: { origin: 'http://forum.example.cn' } })).rejects.toThrow();
    } finally {
      await proxied.close();
    }
  });
});

describe('the seq contract', () => {
  it('numbers events of a room contiguously and replays what a reconnecting client missed, in order', async () => {
    const { user, client } = await registerUser(app);
    const room = rooms.user(user.id);
    const first = await emitToRoom(room, 3);
    expect(first.map((e) => e.seq)).toEqual([first[0]?.seq, (first[0]?.seq ?? 0) + 1, (first[0]?.seq ?? 0) + 2]);
    const lastSeen = first[0]?.seq ?? 0;
    const socket = await connectSocket(baseUrl, client.cookie);
    try {
      const answer = await socket.subscribe(room, lastSeen);
      expect(answer).toMatchObject({ ok: true, seq: lastSeen + 2 });
      const replayed = socket.received.filter((r) => r.name === 'notification').map((r) => (r.payload as WireEvent).seq);
      expect(replayed).toEqual([lastSeen + 1, lastSeen + 2]);
      await emitToRoom(room, 1);
      await socket.waitFor('notification', (p) => (p as WireEvent).seq === lastSeen + 3);
    } finally {
      socket.close();
    }
  });

  it('answers resync when the missed events are past the retention window', async () => {
    const { user, client } = await registerUser(app);
    const room = rooms.user(user.id);
    await emitToRoom(room, 3);
    // Simulate the pruning of the oldest two events.
    await app.db.execute(sql`delete from realtime_events where room = ${room} and seq <= 2`);
    const socket = await connectSocket(baseUrl, client.cookie);
    try {
      await socket.subscribe(room, 0);
      const resync = (await socket.waitFor('resync')) as { room: string; seq: number };
      expect(resync).toEqual({ room, seq: 3 });
      expect(socket.received.filter((r) => r.name === 'notification')).toEqual([]);
    } finally {
      socket.close();
    }
  });

  it('refuses a since that is not a whole number', async () => {
    const { user, client } = await registerUser(app);
    const socket = await connectSocket(baseUrl, client.cookie);
    try {
      expect(await socket.subscribe(rooms.user(user.id), -1)).toMatchObject({ ok: false, code: 'VALIDATION' });
    } finally {
      socket.close();
    }
  });
});
