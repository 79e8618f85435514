import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { formatDate, t } from '../../i18n';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { roleName } from '../../i18n/labels';
import './gr-api-tokens';
import './gr-password-form';
import './gr-sessions';

/** The signed-in user's settings (/settings): their account and personal API tokens. */
@customElement('gr-settings-page')
export class GrSettingsPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: var(--gr-space-2) var(--gr-space-5);
        margin: 0;
      }

      dt {
        font-weight: 600;
        color: var(--gr-color-text-muted);
      }

      .profile-link {
        margin: var(--gr-space-4) 0 0;
      }

      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }

      @media (max-width: 30rem) {
        dl {
          grid-template-columns: minmax(0, 1fr);
          row-gap: 0;
        }

        dd + dt {
          margin-top: var(--gr-space-3);
        }
      }
    `,
  ];

  private readonly _session = new SessionController(this);

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /** A password change ends the other devices' sessions and revokes every token: show it. */
  private _afterPasswordChange(): void {
    this.renderRoot.querySelector('gr-sessions')?.refresh();
    this.renderRoot.querySelector('gr-api-tokens')?.refresh();
  }

  override render(): TemplateResult {
    const user = this._session.user;
    return html`
      <div class="page">
        <header><h1 tabindex="-1">${t('settings.title')}</h1></header>
        ${user
          ? html`
              <section aria-labelledby="account-heading">
                <h2 id="account-heading">${t('settings.account')}</h2>
                <div class="card">
                  <dl>
                    <dt>${t('field.username')}</dt>
                    <dd>${user.username}</dd>
                    <dt>${t('field.displayName')}</dt>
                    <dd>${user.displayName}</dd>
                    <dt>${t('settings.roles')}</dt>
                    <dd>${user.roles.map((role) => roleName(role)).join(t('common.listSeparator'))}</dd>
                    <dt>${t('settings.memberSince')}</dt>
                    <dd>${formatDate(user.createdAt)}</dd>
                  </dl>
                  <p class="small profile-link">
                    <a href=${`/u/${encodeURIComponent(user.username)}`}>${t('settings.viewProfile')}</a>
                  </p>
                </div>
              </section>
              <section><gr-password-form @gr-password-changed=${this._afterPasswordChange}></gr-password-form></section>
              <section><gr-sessions></gr-sessions></section>
              <section><gr-api-tokens></gr-api-tokens></section>
            `
          : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-settings-page': GrSettingsPage;
  }
}
