import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { OverlapView } from '../../../server/presenters/visit.presenter';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { formatDay } from '../../i18n/campaign-labels';
import { baseStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';

/**
 * The coordination warning (统筹安排，避免重复走访): other units' visits and plans at the same
 * place within the campaign's window, each with who to contact. A polite live region, so
 * the warning is read out when it appears; nothing is refused.
 */
@customElement('gr-overlap-warning')
export class GrOverlapWarning extends LitElement {
  static override styles = [
    baseStyles,
    campaignStyles,
    css`
      :host {
        display: block;
      }

      .live:empty {
        display: none;
      }
    `,
  ];

  /** The overlaps the server reported; none renders nothing. */
  @property({ attribute: false }) overlaps: OverlapView[] = [];
  /** The campaign's window in days, named in the heading. */
  @property({ type: Number }) windowDays = 30;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`<div class="live" role="status">${this.overlaps.length > 0
      ? html`<div class="warning">
          <strong>${t('overlap.heading', { days: this.windowDays })}</strong>
          <ul>${this.overlaps.map((overlap) => this._renderOne(overlap))}</ul>
          <p class="small muted">${t('overlap.notRefused')}</p>
        </div>`
      : nothing}</div>`;
  }

  private _renderOne(overlap: OverlapView): TemplateResult {
    const date = formatDay(overlap.date);
    const sentence = overlap.type === 'visit'
      ? t('overlap.visited', { unit: overlap.unitName, date })
      : t('overlap.planned', { unit: overlap.unitName, date });
    return html`<li>
      ${sentence} — ${t('overlap.contactBefore')}<a href=${`/u/${encodeURIComponent(overlap.by.username)}`}>${overlap.by.displayName}</a>${t('overlap.contactAfter')}
      ${overlap.type === 'visit'
        ? html`<a class="small" href=${`/visits/${overlap.id}`}>${t('overlap.seeVisit')}</a>`
        : nothing}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-overlap-warning': GrOverlapWarning;
  }
}
