import { LitElement, html, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles, pageStyles } from '../../styles/shared.styles';

/**
 * The shared placeholder of a page that is not built yet: its name and a polite
 * "coming soon" note. Later issues replace each use with the real page.
 */
@customElement('gr-coming-soon')
export class GrComingSoon extends LitElement {
  static override styles = [baseStyles, pageStyles];

  /** The page's name, shown as its heading. */
  @property({ type: String }) heading = '';

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <div class="page narrow">
        <h1 tabindex="-1">${this.heading}</h1>
        <div class="card">
          <p><strong>${t('comingSoon.lead')}</strong></p>
          <p class="muted">${t('comingSoon.body')}</p>
          <p><a href="/">${t('common.backHome')}</a></p>
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-coming-soon': GrComingSoon;
  }
}
