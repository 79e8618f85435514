import { LitElement, html, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import './gr-visit-form';

/** /visits/new: the page around the visit form (a place may be given as ?placeId=). */
@customElement('gr-visit-new-page')
export class GrVisitNewPage extends LitElement {
  static override styles = [baseStyles, pageStyles, campaignStyles];

  /** The place to start with, or null. */
  @property({ type: Number, attribute: 'place-id' }) placeId: number | null = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <div class="page narrow">
        <header>
          <p class="small"><a href="/visits">‹ ${t('page.visits')}</a></p>
          <h1 tabindex="-1">${t('visitForm.title')}</h1>
          <p class="lead muted">${t('visitForm.intro')}</p>
        </header>
        <gr-visit-form .placeId=${this.placeId}></gr-visit-form>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-visit-new-page': GrVisitNewPage;
  }
}
