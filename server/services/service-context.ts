import type { Db } from '../db/client';
import type { Publisher } from '../realtime/events';

/**
 * What a writing service needs: the database to open its transaction on, and the realtime
 * door to publish the recorded events through once that transaction has committed.
 */
export interface ServiceContext {
  db: Db;
  realtime: Publisher;
}
