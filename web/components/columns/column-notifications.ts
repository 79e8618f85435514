import type { NotificationView } from '../../../server/presenters/notification.presenter';
import { creditKindKey, editionHref } from '../../api/columns';
import { t } from '../../i18n';
import type { ModNotice } from '../moderation/mod-notifications';

/**
 * What the bell says of a `post_used` notification: 你的下乡心得被《衢州日报》「走基层」专栏第3期采用,
 * naming the post's kind (下乡心得 / 编辑手记 / 采风感怀, else 帖子) and leading to the edition's
 * public page. Null for every other type.
 */
export function postUsedNotice(item: NotificationView): ModNotice | null {
  if (item.type !== 'post_used') return null;
  const data = item.data ?? {};
  const number = data.editionNumber ?? 0;
  return {
    text: t('notif.postUsed', {
      kind: t(creditKindKey(item.topicKind)),
      outlet: data.outletName ?? '',
      column: data.columnName ?? '',
      number,
    }),
    detail: item.topicTitle ?? '',
    href: data.columnSlug && number > 0 ? editionHref(data.columnSlug, number) : '#',
    appealAction: null,
  };
}
