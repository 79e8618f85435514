import { LitElement, html, type TemplateResult } from 'lit';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles, pageStyles } from '../../styles/shared.styles';

/**
 * What a guarded page shows instead of itself: a request to sign in (with a link that
 * comes back here), or a note that the signed-in user may not see it.
 */
export class GrAccessNotice extends LitElement {
  static override properties = {
    reason: { type: String },
    next: { type: String },
  };

  static override styles = [baseStyles, pageStyles];

  /** `signed-out`: nobody is signed in; `forbidden`: the user lacks the role. */
  declare reason: 'signed-out' | 'forbidden';
  /** The path to come back to after signing in. */
  declare next: string;


  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.reason = 'signed-out';
    this.next = '/';
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

customElements.define('gr-access-notice', GrAccessNotice);

declare global {
  interface HTMLElementTagNameMap {
    'gr-access-notice': GrAccessNotice;
  }
}
