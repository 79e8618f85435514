import { html, nothing, type TemplateResult } from 'lit';
import { t } from '../../i18n';
import type { ModPost } from './gr-post-actions';

/**
 * The banner over a post that only its author and moderators receive in full: "已隐藏 ·
 * 仅作者和版主可见" for a hidden post whose body they still see, "待审核" for a post that
 * waits for approval. Nothing for a post everyone sees (or sees as the hidden placeholder).
 * A function rather than an element: the post's own stylesheet carries `.banner`.
 */
export function postStatusBanner(post: ModPost): TemplateResult | typeof nothing {
  if (post.held) return html`<p class="banner warn" role="note">${t('post.heldBanner')}</p>`;
  if (post.hidden && post.html !== null) return html`<p class="banner danger" role="note">${t('post.hiddenBanner')}</p>`;
  return nothing;
}
