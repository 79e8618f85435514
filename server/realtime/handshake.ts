import fastifyCookie from '@fastify/cookie';
import type { AddressInfo } from 'node:net';
import type { Db } from '../db/client';
import { SESSION_COOKIE, resolveSession } from '../services/accounts/session.service';
import type { AppServer } from './types';

/** The spellings of the loopback address a browser may use for a server listening on one of them. */
const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

/**
 * The origins of this server: PUBLIC_URL's, and the address it listens on (every loopback
 * spelling of it when it listens on loopback). `address` is null before it listens.
 */
export function ownOrigins(publicUrl: string, host: string, address: Pick<AddressInfo, 'port'> | null): Set<string> {
  const origins = new Set([new URL(publicUrl).origin]);
  if (address) {
    const hosts = LOOPBACK.includes(host) ? LOOPBACK : [host];
    for (const name of hosts) {
      const bracketed = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
      origins.add(`http://${bracketed}:${address.port}`);
    }
  }
  return origins;
}

/**
 * May a handshake with this Origin header proceed? The handshake carries the session cookie:
 * a page of another site must not open a socket as the member (cross-site WebSocket
 * hijacking). Browsers always send Origin across sites; a client that sends none is no page
 * of another site.
 */
export function originAllowed(origin: string | undefined, own: Set<string>): boolean {
  return origin === undefined || own.has(origin);
}

/**
 * Authenticates every socket at the handshake with the session cookie: the socket keeps
 * only the user's id, names and roles, and its session id (for sign-out and the sweep). No
 * cookie or an ended session is an anonymous socket; a database that does not answer refuses
 * the handshake (the client tries again).
 */
export function authenticateSockets(io: AppServer, db: Db, sessionTtlMs: number, log: { warn(obj: object, msg: string): void }): void {
  io.use(async (socket, next) => {
    socket.data.user = null;
    socket.data.sessionId = null;
    socket.data.lastTyping = new Map();
    try {
      const secret = fastifyCookie.parse(socket.request.headers.cookie ?? '')[SESSION_COOKIE];
      if (secret) {
        const session = await resolveSession(db, secret, sessionTtlMs);
        if (session) {
          const { id, username, displayName, roles } = session.user;
          socket.data.user = { id, username, displayName, roles };
          socket.data.sessionId = session.sessionId;
        }
      }
      next();
    } catch (err) {
      log.warn({ err }, 'socket handshake failed');
      next(new Error('unavailable'));
    }
  });
}
