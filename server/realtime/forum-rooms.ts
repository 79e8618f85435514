import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { boards, topics } from '../db/schema';
import type { Realtime } from '../plugins/realtime.plugin';

/**
 * Declares who may follow the forum's rooms: boards and topics are public, so anyone may
 * follow one that exists (hidden posts never travel in events; see the post presenter).
 */
export function registerForumRooms(realtime: Realtime, db: Db): void {
  realtime.registerRoom('topic', async (_user, id) => {
    if (!/^\d{1,10}$/.test(id)) return false;
    const [row] = await db.select({ id: topics.id }).from(topics).where(eq(topics.id, Number(id))).limit(1);
    return row !== undefined;
  });
  realtime.registerRoom('board', async (_user, slug) => {
    if (!/^[a-z0-9-]{1,40}$/.test(slug)) return false;
    const [row] = await db.select({ id: boards.id }).from(boards).where(eq(boards.slug, slug)).limit(1);
    return row !== undefined;
  });
}
