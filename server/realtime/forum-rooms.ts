import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { boards, topics } from '../db/schema';
import { isBoardSlug } from '../domain/forum';
import { canSeeHidden } from '../domain/roles';
import { parseId } from '../domain/text';
import { rooms } from './rooms';
import type { Realtime } from './types';

/**
 * Declares who may follow the forum's rooms: boards and topics are public, so anyone may
 * follow one that exists (hidden posts never travel in events; see the post presenter). A
 * held topic (waiting for approval) may be followed only by its author and moderators.
 */
export function registerForumRooms(realtime: Realtime, db: Db): void {
  realtime.registerRoom('topic', {
    // Like a REST id: within the database's range, so no query sees 9999999999.
    validId: (id) => parseId(id) !== null,
    authorize: async (user, id) => {
      const [row] = await db.select({ id: topics.id, held: topics.held, authorId: topics.authorId }).from(topics).where(eq(topics.id, Number(id))).limit(1);
      return row !== undefined && (!row.held || canSeeHidden(user, row.authorId));
    },
  });
  realtime.registerRoom(rooms.featured, { validId: (id) => id === '', authorize: async () => true });
  realtime.registerRoom('board', {
    validId: isBoardSlug,
    authorize: async (_user, slug) => {
      const [row] = await db.select({ id: boards.id }).from(boards).where(eq(boards.slug, slug)).limit(1);
      return row !== undefined;
    },
  });
}
