import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { mediaColumns } from '../db/schema';
import { parseId } from '../domain/text';
import type { Realtime } from './types';

/**
 * Declares who may follow a media column's room (`column:<id>`): anyone, for a column that
 * exists. Its events (`column:changed`) carry the column's slug, an edition's id and state,
 * never a post.
 */
export function registerColumnRooms(realtime: Realtime, db: Db): void {
  realtime.registerRoom('column', {
    validId: (id) => parseId(id) !== null,
    authorize: async (_user, id) => {
      const [row] = await db.select({ id: mediaColumns.id }).from(mediaColumns).where(eq(mediaColumns.id, Number(id))).limit(1);
      return row !== undefined;
    },
  });
}
