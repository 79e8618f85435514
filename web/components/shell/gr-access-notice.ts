import { LitElement, html, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles, pageStyles } from '../../styles/shared.styles';

/**
 * What a guarded page shows instead of itself: a request to sign in (with a link that
 * comes back here), or a note that the signed-in user may not see it.
 */
@customElement('gr-access-notice')
export class GrAccessNotice extends LitElement {
  static override styles = [baseStyles, pageStyles];

  /** `signed-out`: nobody is signed in; `forbidden`: the user lacks the role. */
  @property({ type: String }) reason: 'signed-out' | 'forbidden' = 'signed-out';
  /** The path to come back to after signing in. */
  @property({ type: String }) next = '/';

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    if (this.reason === 'forbidden') {
      return html`
        <div class="page narrow">
          <h1 tabindex="-1">${t('access.forbiddenTitle')}</h1>
          <div class="card">
            <p>${t('access.forbiddenBody')}</p>
            <p><a href="/">${t('common.backHome')}</a></p>
          </div>
        </div>
      `;
    }
    const next = encodeURIComponent(this.next);
    return html`
      <div class="page narrow">
        <h1 tabindex="-1">${t('access.signInTitle')}</h1>
        <div class="card">
          <p>${t('access.signInBody')}</p>
          <p class="actions">
            <a class="button" href=${`/login?next=${next}`}>${t('nav.login')}</a>
            <a href=${`/register?next=${next}`}>${t('access.orRegister')}</a>
          </p>
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-access-notice': GrAccessNotice;
  }
}
