import type { NotificationRow } from '../db/schema';
import type { AuthorRef } from './post.presenter';

/** A notification as the list and the `notification` event show it. */
export interface NotificationView {
  id: number;
  type: string;
  postId: number | null;
  topicId: number | null;
  actor: AuthorRef | null;
  createdAt: string;
  readAt: string | null;
  topicTitle: string | null;
}

/** Presents a notification row with its actor and its topic's title. */
export function presentNotification(
  row: NotificationRow,
  actor: AuthorRef | null,
  topicTitle: string | null,
): NotificationView {
  return {
    id: row.id,
    type: row.type,
    postId: row.postId,
    topicId: row.topicId,
    actor,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
    topicTitle,
  };
}
