import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { TopicView } from '../../../server/presenters/topic.presenter';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, t } from '../../i18n';
import { moderationStyles } from '../../styles/moderation.styles';
import { baseStyles } from '../../styles/shared.styles';

/** A topic as the moderation pieces take it. */
export type ModTopic = TopicView;

/**
 * The visit mark of a piece of field writing: "实地走访 · <place> · <date>" linking the visit
 * when a moderator confirmed the link, "待核实" while the author's claim waits, and — for
 * the author and moderators only, who alone receive the note — why a claim was rejected.
 */
@customElement('gr-visit-mark')
export class GrVisitMark extends LitElement {
  static override styles = [baseStyles, moderationStyles];

  /** The topic whose visit link is shown. */
  @property({ attribute: false }) topic: ModTopic | null = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult | typeof nothing {
    const topic = this.topic;
    if (!topic) return nothing;
    const state = topic.visitClaim;
    const visit = topic.visit;
    if (state === 'confirmed') {
      const label = visit
        ? t('visitMark.confirmed', { place: visit.placeName, date: formatDate(visit.visitedOn) })
        : t('topic.visitConfirmed');
      const id = visit?.id ?? topic.visitId;
      return id !== null
        ? html`<a class="mark" href=${`/visits/${id}`}><span aria-hidden="true">✓</span>${label}</a>`
        : html`<span class="mark">${label}</span>`;
    }
    if (state === 'claimed') {
      const id = visit?.id ?? topic.visitId;
      const label = html`${t('visitMark.claimed')}<span class="visually-hidden">：${t('visitMark.claimedTitle')}</span>`;
      return id !== null
        ? html`<a class="mark pending" href=${`/visits/${id}`} title=${t('visitMark.claimedTitle')}>${label}</a>`
        : html`<span class="mark pending" title=${t('visitMark.claimedTitle')}>${label}</span>`;
    }
    // Only the author and moderators receive a rejected claim's visit and note.
    if (state === 'rejected' && (visit !== null || topic.visitReviewNote)) {
      const note = topic.visitReviewNote ?? null;
      return html`<span class="mark pending">${note ? t('visitMark.rejected', { note }) : t('visitMark.rejectedNoNote')}</span>`;
    }
    return nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-visit-mark': GrVisitMark;
  }
}
