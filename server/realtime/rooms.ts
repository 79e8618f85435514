import { parseId } from '../domain/text';

/**
 * Room names, written once: the rooms clients subscribe to (`topic:<id>`, `board:<slug>`,
 * the user's own `user:<id>`), and the rooms the server keeps for itself (`moderators`, and
 * `session:<id>` to disconnect one session's sockets).
 */
export const rooms = {
  topic: (id: number) => `topic:${id}`,
  board: (slug: string) => `board:${slug}`,
  user: (id: number) => `user:${id}`,
  session: (sessionId: string) => `session:${sessionId}`,
  moderators: 'moderators',
  /**
   * The board list's cache room: no socket joins it; any board room's event (counts, last
   * activity) and a board's own changes (name, settings, a new board) invalidate it.
   */
  boardList: 'boards',
  /** The featured wall (最美衢州人): anyone may follow it; its events carry ids, never a body. */
  featured: 'featured',
  /** A media column (专栏): its editions' publication and withdrawal (`column:changed`, ids and states only, never a body); its pages' cache room. */
  column: (id: number) => `column:${id}`,
} as const;

/** A room name split at its first colon: `topic:12` is prefix `topic`, id `12`; `moderators` has id ''. */
export function splitRoom(room: string): { prefix: string; id: string } {
  const colon = room.indexOf(':');
  return colon < 0 ? { prefix: room, id: '' } : { prefix: room.slice(0, colon), id: room.slice(colon + 1) };
}

/**
 * Is this a room the server joins a socket to itself (the user's own room, the moderators',
 * the session's), which a client may not leave?
 */
export function isPersonalRoom(room: string): boolean {
  const { prefix } = splitRoom(room);
  return prefix === 'user' || prefix === 'session' || room === rooms.moderators;
}

/** Is this a topic's room, where typing hints and reader counts are kept? */
export function isTopicRoom(room: string): boolean {
  const { prefix, id } = splitRoom(room);
  return prefix === 'topic' && parseId(id) !== null;
}
