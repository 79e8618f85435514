/**
 * Reading what clients send over the socket: an untrusted value of any shape. Written once,
 * for subscribe, unsubscribe and typing alike; nothing else reads socket input.
 */

/** The room a message names: its `room` when that is a string, else '' (which names no room). */
export function readRoom(input: unknown): string {
  if (typeof input !== 'object' || input === null) return '';
  const room = (input as { room?: unknown }).room;
  return typeof room === 'string' ? room : '';
}

/** A subscribe message read: the room, and `since` (null when absent), or why it is refused. */
export type SubscribeInput =
  | { ok: true; room: string; since: number | null }
  | { ok: false; room: string; message: string };

/** Reads `{room, since?}`: `since`, when given (not null), must be a whole number ≥ 0. */
export function readSubscribe(input: unknown): SubscribeInput {
  const room = readRoom(input);
  const since = typeof input === 'object' && input !== null ? (input as { since?: unknown }).since : undefined;
  if (since === undefined || since === null) return { ok: true, room, since: null };
  if (typeof since !== 'number' || !Number.isSafeInteger(since) || since < 0) {
    return { ok: false, room, message: 'since must be a whole number.' };
  }
  return { ok: true, room, since };
}
