import type { Server, Socket } from 'socket.io';
import type { RoleHolder } from '../domain/roles';
import type { EventType, Publisher, RealtimeEvent } from './events';

/**
 * Who a socket belongs to: only what rooms, typing and reader counts need. Never the user
 * row: with several processes, socket data travels between them (reader counts) through
 * the database's NOTIFY channel, and a password hash must not.
 */
export interface SocketUser extends RoleHolder {
  id: number;
  username: string;
  displayName: string;
}

/** Who may join a room of a given prefix; the id is the part after the colon. */
export type RoomAuthorizer = (user: SocketUser | null, id: string) => Promise<boolean>;

/**
 * A kind of room: which ids are well formed (checked like REST ids, before any query: a
 * malformed one is a VALIDATION answer) and who may join a room with a well-formed id.
 */
export interface RoomKind {
  validId: (id: string) => boolean;
  authorize: RoomAuthorizer;
}

/** What services reach of the realtime layer: publish after commit, drop the sockets of ended access. */
export interface RealtimeDoor extends Publisher {
  /** Disconnects every socket of a session (sign-out, revocation), on every process. */
  disconnectSession(sessionId: string): void;
  /** Disconnects every socket of a user (roles taken away), on every process. */
  disconnectUser(userId: number): void;
  /**
   * A cache-only notice, after commit: a change that no event describes (a board renamed, a
   * place renamed) makes the cached answers of these rooms stale, on every process.
   * (`*` stands for every cached answer.)
   */
  invalidate(rooms: string[]): void;
}

/** The realtime API of the app: the door services use, plus rooms and the sweep. */
export interface Realtime extends RealtimeDoor {
  /** Lets a feature declare the ids of `prefix:<id>` rooms and who may subscribe to them. */
  registerRoom(prefix: string, kind: RoomKind): void;
  /**
   * Disconnects this process's sockets whose session has expired or was removed, and prunes
   * events past retention. Runs every minute; exposed so tests need not wait for it.
   */
  sweep(): Promise<void>;
}

/** A typing hint: someone in a topic is writing. Never stored, no seq. */
export interface TypingHint {
  room: string;
  user: { id: number; username: string; displayName: string };
}

/** Events the server sends: every EventType as `{room, seq, type, data}`, plus hints. */
export type ServerToClientEvents = { [K in EventType]: (event: RealtimeEvent<K>) => void } & {
  resync: (info: { room: string; seq: number }) => void;
  error: (info: { room: string; code: string; message: string }) => void;
  typing: (info: TypingHint) => void;
  presence: (info: { room: string; readers: number }) => void;
};

/** Events clients send; their input is read by socket-input.ts, never trusted as typed. */
export interface ClientToServerEvents {
  subscribe: (input: unknown, ack?: (answer: unknown) => void) => void;
  unsubscribe: (input: unknown) => void;
  typing: (input: unknown) => void;
}

/** What the processes of one database tell each other (through the adapter). */
export interface InterServerEvents {
  /** Committed events for the other processes to deliver to their own sockets, and when they were sent (ms since the epoch, for the lag metric). */
  'realtime:publish': (events: RealtimeEvent[], sentAt?: number) => void;
  /** Rooms whose cached answers a change without an event made stale (see RealtimeDoor.invalidate). */
  'cache:invalidate': (rooms: string[]) => void;
  /** Asks the other processes who reads a room on them (see presence.ts). */
  'realtime:readers': (room: string, answer: (keys: string[]) => void) => void;
}

/** What the server keeps on each socket. */
export interface SocketData {
  user: SocketUser | null;
  sessionId: string | null;
  lastTyping: Map<string, number>;
}

/** This app's socket.io server, typed. */
export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
/** One socket of this app's server, typed. */
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
