import { hasRole } from '../domain/roles';
import { parseId, textProblem } from '../domain/text';
import { splitRoom } from './rooms';
import type { RoomKind, SocketUser } from './types';

/** Whether a socket may join a room: 'invalid' for a malformed name or id (as REST answers 400). */
export type Admission = 'ok' | 'invalid' | 'forbidden';

/** The longest room name a client may name. */
const MAX_ROOM_LENGTH = 200;

/**
 * The kinds of room clients may subscribe to, by prefix, and who may join each. It starts
 * with the user's own room and the moderators' room; features register theirs (forum-rooms.ts).
 */
export class RoomRegistry {
  private readonly kinds = new Map<string, RoomKind>();

  constructor() {
    this.register('user', { validId: (id) => parseId(id) !== null, authorize: async (user, id) => user !== null && String(user.id) === id });
    this.register('moderators', { validId: (id) => id === '', authorize: async (user) => user !== null && hasRole(user, 'moderator') });
  }

  /** Declares the ids of `prefix:<id>` rooms and who may subscribe to them. */
  register(prefix: string, kind: RoomKind): void {
    this.kinds.set(prefix, kind);
  }

  /** May `user` (null: anonymous) join `room`? A malformed name or id is 'invalid', before any query. */
  async admit(user: SocketUser | null, room: string): Promise<Admission> {
    if (room === '' || room.length > MAX_ROOM_LENGTH || textProblem(room) !== null) return 'invalid';
    const { prefix, id } = splitRoom(room);
    const kind = this.kinds.get(prefix);
    if (!kind) return 'forbidden';
    if (!kind.validId(id)) return 'invalid';
    return (await kind.authorize(user, id)) ? 'ok' : 'forbidden';
  }
}
