import { MODERATION_NOTIFICATION_TYPES, type ModerationNotificationType } from '../../../server/domain/moderation';
import type { NotificationView } from '../../../server/presenters/notification.presenter';
import { formatDate, t, type MessageKey } from '../../i18n';


/** The actions a member may appeal: hiding, a rejected held post, a silence. */
const APPEALABLE: ReadonlySet<string> = new Set(['post_hidden', 'post_rejected', 'user_silenced']);

/** What the bell says of a moderation notification. */
export interface ModNotice {
  /** The sentence: what was done. */
  text: string;
  /** Why (the moderator's note), or the appeal's outcome; '' for none. */
  detail: string;
  /** Where the notice leads. */
  href: string;
  /** The mod-log action a member may appeal from here, or null. */
  appealAction: number | null;
}

function isModType(type: string): type is ModerationNotificationType {
  return (MODERATION_NOTIFICATION_TYPES as readonly string[]).includes(type);
}

/**
 * The sentence, reason and link of a notification about a moderation action (issue 10's
 * types); null for the forum's own types (reply, mention), which the bell words itself.
 */
export function moderationNotice(item: NotificationView, postHref: string): ModNotice | null {
  if (!isModType(item.type)) return null;
  const data = item.data ?? {};
  const title = item.topicTitle ?? t('notif.untitled');
  const until = data.until ? formatDate(data.until, 'datetime') : '';
  const key: MessageKey = `notif.mod.${item.type}`;
  let detail = data.note ? t('notif.mod.why', { note: data.note }) : '';
  if (item.type === 'appeal_decided' && data.outcome) {
    detail = [t(`notif.mod.outcome.${data.outcome}`), data.note ?? ''].filter(Boolean).join(' · ');
  }
  return {
    text: t(key, { title, until, collection: data.collection ? t(`featured.collection.${data.collection}`) : '' }),
    detail,
    href: item.type === 'user_silenced' ? '/appeals' : postHref,
    appealAction: APPEALABLE.has(item.type) && typeof data.modLogId === 'number' ? data.modLogId : null,
  };
}
