import type { Db } from '../db/client';
import { hasRole } from '../domain/roles';
import { send } from './publish';
import type { Presence } from './presence';
import { replaySince, type Replay } from './replay';
import type { RoomRegistry } from './room-registry';
import { isPersonalRoom, isTopicRoom, rooms } from './rooms';
import { readRoom, readSubscribe } from './socket-input';
import type { AppSocket } from './types';

/** How often at most one socket's typing hint in one room is passed on. */
const TYPING_THROTTLE_MS = 2_000;

/** What serving a socket's subscriptions needs. */
export interface SubscriptionDeps {
  db: Db;
  registry: RoomRegistry;
  presence: Presence;
  log: { warn(obj: object, msg: string): void };
}

/**
 * Serves one connected socket: joins its own rooms (the user's, the moderators' for
 * moderators, its session's), then answers `subscribe` (admission, then replay from `since`),
 * `unsubscribe` (never from its own rooms) and `typing` (a throttled hint to the others in a
 * topic it follows), and updates reader counts as it comes and goes.
 */
export function serveSubscriptions(socket: AppSocket, deps: SubscriptionDeps): void {
  const { user, sessionId } = socket.data;
  if (user) {
    void socket.join(rooms.user(user.id));
    if (hasRole(user, 'moderator')) void socket.join(rooms.moderators);
  }
  if (sessionId) void socket.join(rooms.session(sessionId));

  socket.on('subscribe', async (raw, ack) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    const input = readSubscribe(raw);
    const { room } = input;
    if (!input.ok) {
      socket.emit('error', { room, code: 'VALIDATION', message: input.message });
      return reply({ ok: false, code: 'VALIDATION' });
    }
    let replay: Replay;
    try {
      const admitted = await deps.registry.admit(socket.data.user, room);
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
      replay = await replaySince(deps.db, room, input.since ?? Number.MAX_SAFE_INTEGER);
    } catch (err) {
      // The database did not answer: not joined, and the client tries again.
      deps.log.warn({ err, room }, 'subscribe failed');
      await socket.leave(room);
      return reply({ ok: false, code: 'UNAVAILABLE' });
    }
    if (input.since !== null) {
      if (replay.kind === 'resync') socket.emit('resync', { room, seq: replay.seq });
      else for (const event of replay.events) send(socket, event);
    }
    reply({ ok: true, room, seq: replay.seq });
    deps.presence.changed(room);
  });

  socket.on('unsubscribe', async (raw) => {
    const room = readRoom(raw);
    if (isPersonalRoom(room)) return;
    await socket.leave(room);
    deps.presence.changed(room);
  });

  socket.on('typing', (raw) => {
    const room = readRoom(raw);
    const me = socket.data.user;
    if (!me || !isTopicRoom(room) || !socket.rooms.has(room)) return;
    const now = Date.now();
    if (now - (socket.data.lastTyping.get(room) ?? 0) < TYPING_THROTTLE_MS) return;
    socket.data.lastTyping.set(room, now);
    // Never stored, no seq: a hint, not part of the lossless stream.
    socket.to(room).emit('typing', { room, user: { id: me.id, username: me.username, displayName: me.displayName } });
  });

  socket.on('disconnecting', () => {
    const left = [...socket.rooms].filter(isTopicRoom);
    setImmediate(() => left.forEach((room) => deps.presence.changed(room)));
  });
}
