import { html, nothing, type TemplateResult } from 'lit';
import type { UserView } from '../../../server/presenters/user.presenter';
import { formatDate, t } from '../../i18n';
import type { ModTopic } from './gr-visit-mark';
import './gr-visit-mark';
import './gr-visit-claim';
import './gr-topic-mod-menu';

/** Why a locked topic takes no replies: its lock reason when the moderator gave one. */
export function lockedText(topic: ModTopic): string {
  return topic.lockReason ? t('topic.lockedBecause', { reason: topic.lockReason }) : t('topic.lockedNoReason');
}

/**
 * The moderation part of a topic's head: a locked topic's reason, a held topic's "待审核"
 * for its author, the author's "link my visit" on field writing, and the moderator's menu.
 */
export function renderTopicModeration(topic: ModTopic, user: UserView | null, moderator: boolean): TemplateResult {
  const author = user !== null && user.id === topic.authorId;
  const canClaim = author && topic.kind !== 'discussion' && topic.visitClaim !== 'confirmed';
  return html`
    ${topic.held ? html`<p class="banner warn" role="note">${t('post.heldBanner')}</p>` : nothing}
    ${topic.locked ? html`<p class="banner" role="note">${lockedText(topic)}</p>` : nothing}
    ${canClaim || moderator
      ? html`<div class="mod-tools">
          ${canClaim ? html`<gr-visit-claim .topic=${topic}></gr-visit-claim>` : nothing}
          ${moderator ? html`<gr-topic-mod-menu .topic=${topic}></gr-topic-mod-menu>` : nothing}
        </div>`
      : nothing}
  `;
}

/** The end of a silence still in force for this user, or null. */
export function silencedUntil(user: UserView | null): string | null {
  const until = user?.silencedUntil ?? null;
  return until !== null && new Date(until).getTime() > Date.now() ? until : null;
}

/** What a silenced member sees instead of the reply box; null when they may write. */
export function replyBlockedNotice(user: UserView | null): TemplateResult | null {
  const until = silencedUntil(user);
  if (until === null) return null;
  return html`<p class="banner" role="note">${t('measure.silencedNoReason', { time: formatDate(until, 'datetime') })}</p>`;
}
