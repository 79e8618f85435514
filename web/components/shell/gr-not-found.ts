import { LitElement, html, type TemplateResult } from 'lit';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles, pageStyles } from '../../styles/shared.styles';

/** The page for a path the app does not know. */
export class GrNotFound extends LitElement {
  static override styles = [baseStyles, pageStyles];


  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <div class="page narrow">
        <h1 tabindex="-1">${t('notFound.title')}</h1>
        <div class="card">
          <p>${t('notFound.body')}</p>
          <p><a href="/">${t('common.backHome')}</a></p>
        </div>
      </div>
    `;
  }
}

customElements.define('gr-not-found', GrNotFound);

declare global {
  interface HTMLElementTagNameMap {
    'gr-not-found': GrNotFound;
  }
}
