import type { RealtimeEvent } from './events';
import { rooms } from './rooms';
import type { AppServer, RealtimeDoor } from './types';

/** Emits one event to a target (a room of this process, or one socket) under its type's name. */
export function send(target: { emit: (...args: never[]) => unknown }, event: RealtimeEvent): void {
  (target.emit as (type: string, payload: RealtimeEvent) => void)(event.type, event);
}

/**
 * The one door to socket.io for services: publish committed events, drop the sockets of a
 * session or user. This process's sockets get an event at once; the other processes through
 * one message. (A plain broadcast through the adapter reaches even local sockets only after
 * its NOTIFY query returns, so local delivery waited for the database.)
 */
export function createDoor(io: AppServer, crossProcess: boolean, observeLag?: (path: 'local' | 'remote', seconds: number) => void): RealtimeDoor {
  // Events committed by another process on the same database: deliver to our sockets.
  io.on('realtime:publish', (events, sentAt) => {
    for (const event of events) send(io.local.to(event.room), event);
    if (typeof sentAt === 'number' && events.length > 0) observeLag?.('remote', Math.max(0, Date.now() - sentAt) / 1000);
  });
  return {
    publish(events) {
      const started = performance.now();
      for (const event of events) send(io.local.to(event.room), event);
      if (events.length > 0) observeLag?.('local', (performance.now() - started) / 1000);
      if (crossProcess && events.length > 0) io.serverSideEmit('realtime:publish', events, Date.now());
    },
    disconnectSession(sessionId) {
      io.in(rooms.session(sessionId)).disconnectSockets(true);
    },
    disconnectUser(userId) {
      io.in(rooms.user(userId)).disconnectSockets(true);
    },
  };
}
