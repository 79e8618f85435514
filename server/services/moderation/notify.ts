import type { Tx } from '../../db/client';
import { notifications, topics, type NotificationData, type UserRow } from '../../db/schema';
import type { ModerationNotificationType } from '../../domain/moderation';
import { eq } from 'drizzle-orm';
import { presentNotification } from '../../presenters/notification.presenter';
import { presentUserRef } from '../../presenters/user.presenter';
import { recordEvent, type RealtimeEvent } from '../../realtime/events';
import { rooms } from '../../realtime/rooms';

/** What a moderation notification is about. */
export interface ModerationNotice {
  userId: number;
  type: ModerationNotificationType;
  postId: number | null;
  topicId: number | null;
  data: NotificationData;
}

/**
 * Tells a member what a moderator did to their content or account, inside the action's
 * transaction: a notification row and its `notification` event (which never carries a post
 * body). Nobody is notified of their own action.
 */
export async function notifyModeration(tx: Tx, actor: UserRow, notice: ModerationNotice): Promise<RealtimeEvent[]> {
  if (notice.userId === actor.id) return [];
  const [row] = await tx
    .insert(notifications)
    .values({ userId: notice.userId, type: notice.type, postId: notice.postId, topicId: notice.topicId, actorId: actor.id, data: notice.data })
    .returning();
  if (!row) return [];
  let title: string | null = null;
  if (notice.topicId !== null) {
    const [topic] = await tx.select({ title: topics.title }).from(topics).where(eq(topics.id, notice.topicId));
    title = topic?.title ?? null;
  }
  return [await recordEvent(tx, rooms.user(notice.userId), 'notification', presentNotification(row, presentUserRef(actor), title))];
}
