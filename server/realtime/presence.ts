import { isTopicRoom } from './rooms';
import type { AppServer } from './types';

/** How often at most a topic's reader count is recounted and sent. */
const READERS_DEBOUNCE_MS = 300;
/** How long a reader count waits for the other processes before counting this one alone. */
const READERS_TIMEOUT_MS = 1_500;

/** Reader counts of topic rooms: who reads a topic now, across every process. */
export interface Presence {
  /** A socket joined or left `room`: its count is sent again soon (only topic rooms are counted). */
  changed(room: string): void;
  /** Stops the pending recounts (the app is closing). */
  close(): void;
}

/** The key a reader counts under: a user once however many tabs, a guest per socket. */
export function readerKey(socket: { id: string; data: { user: { id: number } | null } }): string {
  return socket.data.user ? `u${socket.data.user.id}` : `s${socket.id}`;
}

/**
 * Counts the readers of topic rooms and sends `presence` to each room. A count is recounted
 * at most once per READERS_DEBOUNCE_MS per room, so a thousand readers arriving cost a few
 * counts, not a thousand counts of a thousand sockets. With other processes (`crossProcess`),
 * they answer with their readers' keys only (never their sockets' data).
 */
export function trackPresence(io: AppServer, crossProcess: boolean, log: { warn(obj: object, msg: string): void; debug(obj: object, msg: string): void }): Presence {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const localKeys = async (room: string): Promise<string[]> => (await io.local.in(room).fetchSockets()).map(readerKey);

  const count = async (room: string): Promise<void> => {
    const keys = new Set(await localKeys(room));
    if (crossProcess) {
      try {
        // The adapter waits 5 s for every process it knows; a count is worth less than that.
        let timer: ReturnType<typeof setTimeout> | undefined;
        const asked = io.serverSideEmitWithAck('realtime:readers', room);
        // If the race is lost, the adapter's own timeout rejects later: never unhandled.
        asked.catch(() => undefined);
        const answers = await Promise.race([
          asked,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('no answer from every process in time')), READERS_TIMEOUT_MS);
          }),
        ]).finally(() => clearTimeout(timer));
        for (const answer of answers) for (const key of answer) keys.add(key);
      } catch (err) {
        // A process that died without saying so is waited for until its heartbeat times
        // out: count this process's readers meanwhile. A hint must never fail the server.
        log.debug({ err, room }, 'reader count across processes failed; counting this process');
      }
    }
    io.to(room).emit('presence', { room, readers: keys.size });
  };

  // The other processes ask who reads a room here.
  io.on('realtime:readers', (room, answer) => {
    localKeys(room).then(answer, () => answer([]));
  });

  return {
    changed(room) {
      if (!isTopicRoom(room) || timers.has(room)) return;
      timers.set(room, setTimeout(() => {
        timers.delete(room);
        count(room).catch((err: unknown) => log.warn({ err, room }, 'reader count failed'));
      }, READERS_DEBOUNCE_MS));
    },
    close() {
      timers.forEach((timer) => clearTimeout(timer));
      timers.clear();
    },
  };
}
