import type { Db } from '../db/client';
import type { RealtimeDoor } from '../realtime/types';

/**
 * What a writing service needs: the database to open its transaction on, and the realtime
 * door to publish the recorded events through, or drop the sockets of ended sessions, once
 * that transaction has committed. Routes hand over `app.ctx`.
 */
export interface ServiceContext {
  db: Db;
  realtime: RealtimeDoor;
  /** Moderation settings from the configuration. */
  moderation: { holdNewAccountPosts: number };
}
