import type { NotificationData, NotificationRow } from '../db/schema';
import type { Page } from './page.presenter';
import type { UserRef } from './user.presenter';

/** A notification as the list and the `notification` event show it. */
export interface NotificationView {
  id: number;
  type: string;
  postId: number | null;
  topicId: number | null;
  actor: UserRef | null;
  createdAt: string;
  readAt: string | null;
  topicTitle: string | null;
  /** The topic's kind (field_note, editor_diary, ...) on a post_used notification, so the credit names what was used. */
  topicKind?: string | null;
  /** What a moderation notification says (the log row, the note, the end time, the outcome); null otherwise. */
  data: NotificationData | null;
}

/** Presents a notification row with its actor and its topic's title. */
export function presentNotification(
  row: NotificationRow,
  actor: UserRef | null,
  topicTitle: string | null,
  topicKind: string | null = null,
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
    // Only where a sentence names the kind (post_used: 你的下乡心得被…采用); absent otherwise.
    ...(topicKind ? { topicKind } : {}),
    data: row.data ?? null,
  };
}

/** GET /api/notifications: a page, newest first, with the unread count. */
export interface NotificationPageView extends Page<NotificationView> {
  unreadCount: number;
}

/** GET /api/notifications/unread-count: the count and the user room's seq, from one snapshot. */
export interface UnreadCountView {
  count: number;
  seq: number;
}
