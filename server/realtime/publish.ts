import type { RealtimeEvent } from './events';
import { rooms } from './rooms';
import type { AppServer, RealtimeDoor } from './types';

/** Emits one event to a target (a room of this process, or one socket) under its type's name. */
export function send(target: { emit: (...args: never[]) => unknown }, event: RealtimeEvent): void {
  (target.emit as (type: string, payload: RealtimeEvent) => void)(event.type, event);
}

/** What the door tells besides the sockets: the cache of public reads, the lag metric. */
export interface DoorHooks {
  /** Rooms whose cached answers are stale: called as an event (or a cache-only notice) reaches this process, before its sockets hear it. */
  invalidate?: (rooms: string[]) => void;
  observeLag?: (path: 'local' | 'remote', seconds: number) => void;
  /**
   * Committed events of this process just went out to its sockets: `at` is the wall clock
   * (ms since the epoch) when the door was handed them, that is when their transaction had
   * committed, taken before the first socket was written to; `fanOutMs` how long handing
   * them to every socket of their rooms took. (The realtime benchmark reads both, through a
   * debug log line, to measure commit→delivery.)
   */
  published?: (events: RealtimeEvent[], at: number, fanOutMs: number) => void;
}

/**
 * The one door to socket.io for services: publish committed events, drop the sockets of a
 * session or user. This process's sockets get an event at once; the other processes through
 * one message. (A plain broadcast through the adapter reaches even local sockets only after
 * its NOTIFY query returns, so local delivery waited for the database.) Every event passing
 * here, from this process or another, first invalidates the cached answers of its room, so
 * no process serves an answer after the event that changed it has reached it.
 */
export function createDoor(io: AppServer, crossProcess: boolean, hooks: DoorHooks = {}): RealtimeDoor {
  const { invalidate, observeLag, published } = hooks;
  const roomsOf = (events: RealtimeEvent[]) => [...new Set(events.map((e) => e.room))];
  // Events committed by another process on the same database: deliver to our sockets.
  io.on('realtime:publish', (events, sentAt) => {
    if (events.length > 0) invalidate?.(roomsOf(events));
    for (const event of events) send(io.local.to(event.room), event);
    if (typeof sentAt === 'number' && events.length > 0) observeLag?.('remote', Math.max(0, Date.now() - sentAt) / 1000);
  });
  io.on('cache:invalidate', (rooms) => {
    if (Array.isArray(rooms) && rooms.length > 0) invalidate?.(rooms.filter((r): r is string => typeof r === 'string'));
  });
  return {
    publish(events) {
      if (events.length === 0) return;
      const at = Date.now();
      invalidate?.(roomsOf(events));
      const started = performance.now();
      for (const event of events) send(io.local.to(event.room), event);
      const fanOutMs = performance.now() - started;
      observeLag?.('local', fanOutMs / 1000);
      published?.(events, at, fanOutMs);
      if (crossProcess) io.serverSideEmit('realtime:publish', events, Date.now());
    },
    invalidate(rooms) {
      if (rooms.length === 0) return;
      invalidate?.(rooms);
      if (crossProcess) io.serverSideEmit('cache:invalidate', rooms);
    },
    disconnectSession(sessionId) {
      io.in(rooms.session(sessionId)).disconnectSockets(true);
    },
    disconnectUser(userId) {
      io.in(rooms.user(userId)).disconnectSockets(true);
    },
  };
}
