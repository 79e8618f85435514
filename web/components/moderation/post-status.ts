import { html, nothing, type TemplateResult } from 'lit';
import { t } from '../../i18n';
import type { ModPost } from './gr-post-actions';

/**
 * The banner over a post that only its author and moderators receive in full: for a hidden
 * post whose body they still see, "此帖已被隐藏：<reason>" with an "申诉" (appeal) link to the
 * appeal form of that hide for its author, or "已隐藏 · 仅作者和版主可见" (with the reason) for
 * a moderator; "待审核" for a post that waits for approval. Nothing for a post everyone sees
 * (or sees as the hidden placeholder). A function rather than an element: the post's own
 * stylesheet carries `.banner`.
 */
export function postStatusBanner(post: ModPost, viewerId: number | null = null): TemplateResult | typeof nothing {
  if (post.held) return html`<p class="banner warn" role="note">${t('post.heldBanner')}</p>`;
  if (!post.hidden || post.html === null) return nothing;
  const action = post.hiddenAction ?? null;
  const reason = action?.reason ?? null;
  if (viewerId !== null && viewerId === post.author.id) {
    const id = `post-${post.id}-hidden`;
    return html`<div class="banner danger with-action" role="note">
      <span id=${id}>${reason ? t('post.hiddenOwnReason', { reason }) : t('post.hiddenOwn')}</span>
      ${action
        ? html`<a class="button secondary appeal" href=${`/appeals?action=${action.logId}`} aria-describedby=${id}>${t('appeal.button')}</a>`
        : nothing}
    </div>`;
  }
  return html`<p class="banner danger" role="note">${t('post.hiddenBanner')}${reason ? html` · ${t('post.hiddenReason', { reason })}` : nothing}</p>`;
}
