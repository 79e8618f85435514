import type { RealtimeEvent } from './events';
import { rooms } from './rooms';
import type { AppServer, RealtimeDoor } from './types';

/** Emits one event to a target (a room of this process, or one socket) under its type's name. */
export function send(target: { emit: (...args: never[]) => unknown }, event: RealtimeEvent): void {
  (target.emit as (type: string, payload: RealtimeEvent) => void)(event.type, event);
}

/** socket.io's packet type of an event (socket.io-parser's PacketType.EVENT). */
const EVENT_PACKET = 2;
/** ws 8's sender state when it holds nothing back (not compressing, not reading a blob). */
const WS_SENDER_IDLE = 0;
/** ws 8's readyState of an open connection. */
const WS_OPEN = 1;

/**
 * The parts of an engine.io connection that writing to it directly touches: engine.io 6's
 * socket (its state, its write buffer), its websocket transport, ws 8's connection (its
 * state, its sender's queue) and the TCP socket under it. Read through `unknown` and checked
 * at run time on every delivery.
 */
interface DirectConnection {
  readyState: string;
  writeBuffer: unknown[];
  transport: {
    name: string;
    writable: boolean;
    perMessageDeflate: unknown;
    socket: { readyState: number; _sender: { _state: number; _queue: unknown[] }; _socket: { destroyed: boolean; writable: boolean; write(chunk: Buffer): boolean } };
  };
}

/**
 * The TCP socket of a connection that nothing is pending on, so bytes written to it now go
 * out after everything engine.io already handed over and before whatever it writes next: an
 * open websocket transport, writable, with an empty write buffer, no per-message
 * compression and ws's sender idle. Null otherwise (polling, an upgrade or a write in flight,
 * a closing connection): that socket is written the ordinary way.
 */
function directTcp(conn: unknown): DirectConnection['transport']['socket']['_socket'] | null {
  const c = conn as Partial<DirectConnection> | null;
  if (c?.readyState !== 'open' || !Array.isArray(c.writeBuffer) || c.writeBuffer.length !== 0) return null;
  const t = c.transport as Partial<DirectConnection['transport']> | undefined;
  if (t?.name !== 'websocket' || t.writable !== true || t.perMessageDeflate) return null;
  const ws = t.socket as Partial<DirectConnection['transport']['socket']> | undefined;
  const sender = ws?._sender as Partial<DirectConnection['transport']['socket']['_sender']> | undefined;
  if (ws?.readyState !== WS_OPEN || sender?._state !== WS_SENDER_IDLE || !Array.isArray(sender._queue) || sender._queue.length !== 0) return null;
  const tcp = ws._socket as Partial<DirectConnection['transport']['socket']['_socket']> | undefined;
  if (typeof tcp?.write !== 'function' || tcp.destroyed !== false || tcp.writable !== true) return null;
  return tcp as DirectConnection['transport']['socket']['_socket'];
}

/**
 * A websocket text frame as a server sends it (RFC 6455, section 5.2): FIN and opcode 1,
 * unmasked, the payload length in 7 bits, or 16 or 64 bits after the marker 126 or 127.
 */
export function textFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, headerLength);
  return frame;
}

/**
 * Hands a batch of events to this process's sockets, each event encoded once for all of
 * them, each socket written once. An event is the socket.io packet `2["<type>",<event>]`
 * (what `emit` sends), an engine.io message (`4` before it) in one websocket text frame:
 * the same bytes socket.io's broadcast writes. The sockets of the batch's rooms are grouped
 * by which of those rooms they are in; each group's frames (its events, in batch order) are
 * joined into one buffer, and each websocket connection with nothing pending gets that
 * buffer in one write of its TCP socket. That skips, per socket and event, engine.io's packet
 * and write buffer, ws's framing call and their write callbacks, which at 1,000 subscribers
 * were most of the fan-out's JavaScript; the two frames of a reply (`post:created`,
 * `topic:updated`) still leave in one write. Every other socket (polling, an upgrade or a
 * write in flight, a listener of outgoing packets) gets the same packets through engine.io,
 * in order. Anything engine.io writes later (an ack, a ping) goes after these bytes on the
 * same stream, so a socket's order is the order of the calls.
 */
export function deliverLocally(io: AppServer, events: RealtimeEvent[]): void {
  if (events.length === 0) return;
  const nsp = io.of('/');
  const roomIndex = new Map<string, number>();
  for (const event of events) if (!roomIndex.has(event.room)) roomIndex.set(event.room, roomIndex.size);
  // Which of the batch's rooms each socket is in, as a key of room indexes ("0", "0,2").
  const membership = new Map<string, string>();
  for (const [room, index] of roomIndex) {
    for (const id of nsp.adapter.rooms.get(room) ?? []) {
      const before = membership.get(id);
      membership.set(id, before === undefined ? String(index) : `${before},${index}`);
    }
  }
  if (membership.size === 0) return;
  const encoded: string[] = [];
  for (const event of events) {
    const packets = io.encoder.encode({ type: EVENT_PACKET, nsp: '/', data: [event.type, event] }) as unknown[];
    const [only] = packets;
    if (packets.length !== 1 || typeof only !== 'string') {
      // Binary in a payload (none of the event map's types has any): socket.io's own broadcast.
      for (const e of events) send(io.local.to(e.room), e);
      return;
    }
    encoded.push(only);
  }
  let frames: Buffer[] | null = null;
  const groups = new Map<string, { indexes: number[]; bytes: Buffer | null }>();
  const groupOf = (key: string) => {
    let group = groups.get(key);
    if (!group) {
      const joined = new Set(key.split(',').map(Number));
      group = { indexes: events.flatMap((e, i) => (joined.has(roomIndex.get(e.room) as number) ? [i] : [])), bytes: null };
      groups.set(key, group);
    }
    return group;
  };
  for (const [id, key] of membership) {
    const socket = nsp.sockets.get(id);
    if (!socket) continue;
    const group = groupOf(key);
    const tcp = socket.listenersAnyOutgoing().length === 0 ? directTcp(socket.conn) : null;
    if (tcp) {
      if (group.bytes === null) {
        frames ??= encoded.map((packet) => textFrame(Buffer.from(`4${packet}`, 'utf8')));
        group.bytes = group.indexes.length === 1 ? (frames[group.indexes[0] as number] as Buffer) : Buffer.concat(group.indexes.map((i) => frames![i] as Buffer));
      }
      tcp.write(group.bytes);
    } else if (socket.listenersAnyOutgoing().length > 0) {
      for (const i of group.indexes) send(socket, events[i] as RealtimeEvent);
    } else {
      for (const i of group.indexes) socket.conn.write(encoded[i] as string);
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
