import type { RealtimeEvent } from './events';
import { rooms } from './rooms';
import type { AppServer, RealtimeDoor } from './types';

/** Emits one event to a target (a room of this process, or one socket) under its type's name. */
export function send(target: { emit: (...args: never[]) => unknown }, event: RealtimeEvent): void {
  (target.emit as (type: string, payload: RealtimeEvent) => void)(event.type, event);
}

/**
 * The parts of an engine.io connection that writing a batch in one go touches: engine.io 6's
 * socket (its write buffer's flush, its transport's `writable` flag) and, under the
 * websocket transport, ws 8's TCP socket. Read through `unknown` and checked at run time: a
 * connection that lacks any of them is written the ordinary way.
 */
interface BatchableConnection {
  flush(): void;
  transport: { name: string; writable: boolean; socket: { _socket: { cork(): void; uncork(): void } } };
}

function batchable(conn: unknown): BatchableConnection | null {
  const c = conn as Partial<BatchableConnection> | null;
  const transport = c?.transport as Partial<BatchableConnection['transport']> | undefined;
  const tcp = (transport?.socket as Partial<BatchableConnection['transport']['socket']> | undefined)?._socket;
  if (typeof c?.flush !== 'function' || transport?.name !== 'websocket' || transport.writable !== true) return null;
  if (typeof tcp?.cork !== 'function' || typeof tcp.uncork !== 'function') return null;
  return c as BatchableConnection;
}

/**
 * Hands a batch of events to this process's sockets (each room's event encoded once, by
 * socket.io's broadcast), so that each socket gets all of its frames of the batch in one
 * write. engine.io writes a packet as soon as it is emitted when its transport is writable,
 * and holds the next ones until that write's callback: the two frames of a reply
 * (`post:created`, `topic:updated`) were two writes per socket, the second only after every
 * socket's first. Here each websocket connection of the batch's rooms is marked busy while
 * the batch is emitted (its packets gather in its write buffer, in order), then flushed
 * inside a cork of its TCP socket: one write (writev) per socket. A batch of one event
 * takes the ordinary path.
 */
export function deliverLocally(io: AppServer, events: RealtimeEvent[]): void {
  if (events.length < 2) {
    for (const event of events) send(io.local.to(event.room), event);
    return;
  }
  const nsp = io.of('/');
  const held = new Set<BatchableConnection>();
  for (const room of new Set(events.map((e) => e.room))) {
    for (const id of nsp.adapter.rooms.get(room) ?? []) {
      const conn = batchable(nsp.sockets.get(id)?.conn);
      if (conn && !held.has(conn)) {
        conn.transport.writable = false;
        held.add(conn);
      }
    }
  }
  try {
    for (const event of events) send(io.local.to(event.room), event);
  } finally {
    for (const conn of held) {
      conn.transport.writable = true;
      const tcp = conn.transport.socket._socket;
      tcp.cork();
      try {
        conn.flush();
      } finally {
        tcp.uncork();
      }
    }
  }
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
 * its NOTIFY query returns, so local delivery waited for the database.) The messages to the
 * other processes of one turn of the event loop go out together, after it: a group commit's
 * posts (each published in turn) and its cache notices are one NOTIFY, not one each. Every event passing
 * here, from this process or another, first invalidates the cached answers of its room, so
 * no process serves an answer after the event that changed it has reached it.
 */
export function createDoor(io: AppServer, crossProcess: boolean, hooks: DoorHooks = {}): RealtimeDoor {
  const { invalidate, observeLag, published } = hooks;
  const roomsOf = (events: RealtimeEvent[]) => [...new Set(events.map((e) => e.room))];
  // What this turn of the event loop tells the other processes, in order (consecutive
  // messages of one kind merged), sent once the turn's synchronous work is done.
  const outbox: ({ kind: 'events'; events: RealtimeEvent[] } | { kind: 'rooms'; rooms: string[] })[] = [];
  const sendOutbox = () => {
    const sentAt = Date.now();
    for (const message of outbox.splice(0)) {
      if (message.kind === 'events') io.serverSideEmit('realtime:publish', message.events, sentAt);
      else io.serverSideEmit('cache:invalidate', [...new Set(message.rooms)]);
    }
  };
  const tellOthers = (message: { kind: 'events'; events: RealtimeEvent[] } | { kind: 'rooms'; rooms: string[] }) => {
    if (outbox.length === 0) queueMicrotask(sendOutbox);
    const last = outbox[outbox.length - 1];
    if (last?.kind === 'events' && message.kind === 'events') last.events.push(...message.events);
    else if (last?.kind === 'rooms' && message.kind === 'rooms') last.rooms.push(...message.rooms);
    else outbox.push(message.kind === 'events' ? { kind: 'events', events: [...message.events] } : { kind: 'rooms', rooms: [...message.rooms] });
  };
  // Events committed by another process on the same database: deliver to our sockets.
  io.on('realtime:publish', (events, sentAt) => {
    if (events.length > 0) invalidate?.(roomsOf(events));
    deliverLocally(io, events);
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
      deliverLocally(io, events);
      const fanOutMs = performance.now() - started;
      observeLag?.('local', fanOutMs / 1000);
      published?.(events, at, fanOutMs);
      if (crossProcess) tellOthers({ kind: 'events', events });
    },
    invalidate(rooms) {
      if (rooms.length === 0) return;
      invalidate?.(rooms);
      if (crossProcess) tellOthers({ kind: 'rooms', rooms });
    },
    disconnectSession(sessionId) {
      io.in(rooms.session(sessionId)).disconnectSockets(true);
    },
    disconnectUser(userId) {
      io.in(rooms.user(userId)).disconnectSockets(true);
    },
  };
}
