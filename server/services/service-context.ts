import type { Db } from '../db/client';
import type { RealtimeDoor } from '../realtime/types';
import type { PostCommitter } from './forum/post-commit';

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
  /** Commits new posts (replies and topics) with their board counters, grouping concurrent ones (POST_COMMIT_GROUP). */
  posts: PostCommitter;
}
