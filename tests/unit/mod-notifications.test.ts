import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationView } from '../../server/presenters/notification.presenter';
import { moderationNotice } from '../../web/components/moderation/mod-notifications';
import { loadMessages, setLocale } from '../../web/i18n';

function notification(type: string, data: Record<string, unknown> | null): NotificationView & { data: Record<string, unknown> | null } {
  return {
    id: 1, type, postId: 5, topicId: 3, actor: null, createdAt: '2026-12-01T08:00:00.000Z', readAt: null, topicTitle: '下乡见闻', data,
  };
}

describe('moderationNotice', () => {
  // The messages are chunks of their own, loaded by the app at boot: here, once, before the tests.
  beforeAll(() => loadMessages('zh-CN'));
  afterEach(() => setLocale('zh-CN'));

  it('words a hidden post with its reason and offers the appeal of that action', () => {
    const notice = moderationNotice(notification('post_hidden', { modLogId: 42, note: '涉嫌广告' }), '/t/3#post-5');
    expect(notice).toEqual({
      text: '您在“下乡见闻”中的帖子被隐藏了',
      detail: '原因：涉嫌广告',
      href: '/t/3#post-5',
      appealAction: 42,
    });
  });

  it('offers no appeal for what cannot be appealed (an approval)', () => {
    expect(moderationNotice(notification('post_approved', { modLogId: 9 }), '/t/3')?.appealAction).toBeNull();
  });

  it('words an appeal\'s outcome in English too', async () => {
    await setLocale('en');
    const notice = moderationNotice(notification('appeal_decided', { modLogId: 4, outcome: 'overturned', note: 'fair point' }), '/t/3');
    expect(notice?.text).toBe('Your appeal was decided');
    expect(notice?.detail).toBe('the action was reversed · fair point');
  });

  it('leads a silence to the appeals page, and leaves the forum\'s own types to the bell', () => {
    expect(moderationNotice(notification('user_silenced', { modLogId: 7, until: '2026-12-08T08:00:00.000Z' }), '#')?.href).toBe('/appeals');
    expect(moderationNotice(notification('reply', null), '/t/3')).toBeNull();
  });
});
