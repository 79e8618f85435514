import { LitElement, html, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles, pageStyles } from '../../styles/shared.styles';

/** The page for a path the app does not know. */
@customElement('gr-not-found')
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

declare global {
  interface HTMLElementTagNameMap {
    'gr-not-found': GrNotFound;
  }
}
