import { io, type Socket } from 'socket.io-client';
import type { EventType, RealtimeEvent } from '../../server/realtime/events';
import type { TypingHint } from '../../server/realtime/types';
import { getSession, subscribeSession } from '../api/session';

/**
 * A realtime event as the server sends it: `{room, seq, type, data}`, typed by the server's
 * EventMap, so a switch on `type` narrows `data` to that event's payload.
 */
export type RoomEvent = RealtimeEvent;

/** Someone typing in a topic: a hint, never stored. */
export type TypingInfo = TypingHint;

/**
 * The event types carried with a sequence number (API.md "Realtime"): every key of the
 * server's EventMap, each once (the Record makes a missing or unknown type a type error).
 */
const SEQUENCED: Record<EventType, true> = {
  'post:created': true, 'post:updated': true, 'post:hidden': true, 'topic:updated': true, notification: true, 'queue:changed': true,
  'featured:changed': true,
  'column:changed': true,
};
/** The names the socket listens to for sequenced events. */
export const SEQUENCED_TYPES = Object.keys(SEQUENCED) as EventType[];

interface RoomListener {
  onEvent(event: RoomEvent): void;
  onResync(): void;
}

interface RoomState {
  /** The last seq applied; null until the first subscribe answered. */
  lastSeq: number | null;
  /** Events that arrived ahead of a gap, waiting for the missing ones. */
  pending: Map<number, RoomEvent>;
  listeners: Set<RoomListener>;
  gapTimer: ReturnType<typeof setTimeout> | null;
}

let socket: Socket | null = null;
const roomStates = new Map<string, RoomState>();
const typingHandlers = new Map<string, Set<(info: TypingInfo) => void>>();
const presenceHandlers = new Map<string, Set<(readers: number) => void>>();
const statusHandlers = new Set<(connected: boolean) => void>();

/**
 * The one socket.io connection of the page, opened on first use. It authenticates with the
 * session cookie; after a drop it reconnects and resubscribes every room from its last seq,
 * so nothing is lost or doubled.
 */
function ensureSocket(): Socket {
  if (socket) return socket;
  followSessionChanges();
  const s = io({ path: '/socket.io', transports: ['websocket', 'polling'], withCredentials: true });
  socket = s;
  s.on('connect', () => {
    statusHandlers.forEach((h) => h(true));
    for (const room of roomStates.keys()) void subscribeRoom(room);
  });
  s.on('disconnect', (reason) => {
    statusHandlers.forEach((h) => h(false));
    // The server ended this session's socket (signed out): reconnect as whoever we are now.
    if (reason === 'io server disconnect') setTimeout(() => s.connect(), 1000);
  });
  for (const type of SEQUENCED_TYPES) s.on(type, (event: RoomEvent) => receive(event));
  s.on('resync', (info: { room: string; seq: number }) => {
    const state = roomStates.get(info.room);
    if (!state) return;
    state.lastSeq = info.seq;
    state.pending.clear();
    state.listeners.forEach((l) => l.onResync());
  });
  s.on('typing', (info: TypingInfo) => typingHandlers.get(info.room)?.forEach((h) => h(info)));
  s.on('presence', (info: { room: string; readers: number }) =>
    presenceHandlers.get(info.room)?.forEach((h) => h(info.readers)));
  return s;
}

async function subscribeRoom(room: string): Promise<void> {
  const state = roomStates.get(room);
  const s = socket;
  if (!state || !s?.connected) return;
  const since = state.lastSeq;
  try {
    const answer = (await s.timeout(10_000).emitWithAck('subscribe', since === null ? { room } : { room, since })) as {
      ok: boolean;
      seq?: number;
      code?: string;
    };
    if (!answer.ok && answer.code === 'UNAVAILABLE') {
      // The server's database did not answer: try again shortly (the room is still wanted).
      setTimeout(() => void subscribeRoom(room), 3000);
      return;
    }
    if (answer.ok && state.lastSeq === null && typeof answer.seq === 'number') {
      // Events that raced the first subscribe may predate the view's own fetch: deliver
      // them anyway (handlers upsert), then continue strictly in order.
      const early = [...state.pending.values()].filter((e) => e.seq <= (answer.seq ?? 0)).sort((a, b) => a.seq - b.seq);
      for (const event of early) {
        state.pending.delete(event.seq);
        state.listeners.forEach((l) => l.onEvent(event));
      }
      state.lastSeq = answer.seq;
      flush(room, state);
    }
  } catch {
    // No answer (connection dropped again): the next connect resubscribes.
  }
}

/** Applies events in seq order: drops what was seen, holds what comes after a gap. */
function receive(event: RoomEvent): void {
  const state = roomStates.get(event.room);
  if (!state) return;
  if (state.lastSeq !== null && event.seq <= state.lastSeq) return;
  state.pending.set(event.seq, event);
  flush(event.room, state);
}

function flush(room: string, state: RoomState): void {
  if (state.lastSeq === null) return;
  for (const seq of [...state.pending.keys()].sort((a, b) => a - b)) {
    if (seq <= state.lastSeq) state.pending.delete(seq);
  }
  let next = state.pending.get(state.lastSeq + 1);
  while (next) {
    state.pending.delete(next.seq);
    state.lastSeq = next.seq;
    const event = next;
    state.listeners.forEach((l) => l.onEvent(event));
    next = state.pending.get(state.lastSeq + 1);
  }
  if (state.gapTimer) clearTimeout(state.gapTimer);
  state.gapTimer = null;
  if (state.pending.size > 0) {
    // A gap that replay does not fill soon: ask again from the last seq applied.
    state.gapTimer = setTimeout(() => void subscribeRoom(room), 3000);
  }
}

/**
 * Listens to a room: `onEvent` gets each event once, in order, including those missed
 * while disconnected; `onResync` is called when the view must be reloaded from the API.
 * `since` is the room's seq that came with the view's data: the events after it are
 * replayed (without it, listening starts from the moment the server answers the subscribe,
 * and an event between the view's fetch and that answer would be missed).
 * Returns the function that stops listening.
 */
export function listenToRoom(
  room: string,
  onEvent: (event: RoomEvent) => void,
  onResync: () => void = () => {},
  since?: number,
): () => void {
  const s = ensureSocket();
  let state = roomStates.get(room);
  const fresh = !state;
  if (!state) {
    state = { lastSeq: since ?? null, pending: new Map(), listeners: new Set(), gapTimer: null };
    roomStates.set(room, state);
  }
  const listener: RoomListener = { onEvent, onResync };
  state.listeners.add(listener);
  if (fresh) void subscribeRoom(room);
  return () => {
    const current = roomStates.get(room);
    if (!current) return;
    current.listeners.delete(listener);
    if (current.listeners.size === 0) {
      if (current.gapTimer) clearTimeout(current.gapTimer);
      roomStates.delete(room);
      if (!room.startsWith('user:')) s.emit('unsubscribe', { room });
    }
  };
}

/** Tells the others in a topic room that this user is typing (the server throttles). */
export function sendTyping(room: string): void {
  if (socket?.connected) socket.emit('typing', { room });
}

/** Calls `handler` when someone else types in `room`; returns the function that stops it. */
export function onTyping(room: string, handler: (info: TypingInfo) => void): () => void {
  ensureSocket();
  const set = typingHandlers.get(room) ?? new Set();
  set.add(handler);
  typingHandlers.set(room, set);
  return () => set.delete(handler);
}

/** Calls `handler` with the number of readers in `room`; returns the function that stops it. */
export function onPresence(room: string, handler: (readers: number) => void): () => void {
  ensureSocket();
  const set = presenceHandlers.get(room) ?? new Set();
  set.add(handler);
  presenceHandlers.set(room, set);
  return () => set.delete(handler);
}

/** Calls `handler` when the connection drops or comes back. */
export function onConnectionChange(handler: (connected: boolean) => void): () => void {
  ensureSocket();
  statusHandlers.add(handler);
  return () => statusHandlers.delete(handler);
}

/** Reconnects with the current cookie (after sign-in or sign-out the identity changed). */
export function reconnectSocket(): void {
  if (!socket) return;
  // Rooms keep their last seq: the resubscribe replays what happened during the switch.
  socket.disconnect();
  socket.connect();
}

/**
 * The socket authenticates once, at its handshake: when someone signs in or out without a
 * page load it reconnects as the new identity, or the user's own room and typing would
 * stay refused.
 */
let sessionUser: number | null | undefined;
let followingSession = false;
function followSessionChanges(): void {
  if (followingSession) return;
  followingSession = true;
  const now = getSession();
  if (now.status === 'ready') sessionUser = now.user?.id ?? null;
  subscribeSession((state) => {
    if (state.status !== 'ready') return;
    const id = state.user?.id ?? null;
    if (sessionUser !== undefined && sessionUser !== id) reconnectSocket();
    sessionUser = id;
  });
}
