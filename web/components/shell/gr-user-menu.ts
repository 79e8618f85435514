import { isAdmin } from '../../../server/domain/roles';
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { signOut } from '../../api/session';
import type { UserView } from '../../../server/presenters/user.presenter';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { navigate } from '../../router';
import { baseStyles } from '../../styles/shared.styles';
import './gr-error-message';

/**
 * The signed-in user's menu: a disclosure button with their display name that opens links
 * to their profile, settings and (for admins) the admin page, and the sign-out button.
 * Closes on Escape, on a click elsewhere and after choosing a link.
 */
@customElement('gr-user-menu')
export class GrUserMenu extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        position: relative;
        display: inline-block;
      }

      .toggle {
        max-width: 12rem;
        min-height: 2.25rem;
        padding: var(--gr-space-1) var(--gr-space-3);
      }

      .toggle .name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }

      .toggle .chevron {
        font-size: 0.75em;
      }

      .panel {
        position: absolute;
        right: 0;
        top: calc(100% + var(--gr-space-1));
        z-index: 50;
        min-width: 13rem;
        max-width: calc(100vw - 2 * var(--gr-space-3));
        padding: var(--gr-space-2);
        background: var(--gr-color-surface);
        border: 1px solid var(--gr-color-border);
        border-radius: var(--gr-radius-md);
        box-shadow: var(--gr-shadow-md);
      }

      .who {
        padding: var(--gr-space-2) var(--gr-space-3);
        border-bottom: 1px solid var(--gr-color-border);
        margin-bottom: var(--gr-space-1);
        font-size: var(--gr-font-size-sm);
        color: var(--gr-color-text-muted);
        overflow-wrap: anywhere;
      }

      ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }

      li a,
      li button {
        display: flex;
        width: 100%;
        justify-content: flex-start;
        min-height: 2.5rem;
        padding: var(--gr-space-2) var(--gr-space-3);
        border: 0;
        border-radius: var(--gr-radius-sm);
        background: none;
        color: var(--gr-color-text);
        font-weight: 500;
        text-decoration: none;
        text-align: left;
      }

      li a:hover,
      li button:hover:not(:disabled) {
        background: var(--gr-color-surface-muted);
      }

      li.separator {
        border-top: 1px solid var(--gr-color-border);
        margin-top: var(--gr-space-1);
        padding-top: var(--gr-space-1);
      }

      gr-error-message {
        margin-top: var(--gr-space-2);
      }
    `,
  ];

  /** The signed-in user. */
  @property({ attribute: false }) user: UserView | null = null;
  @state() private _open = false;
  @state() private _busy = false;
  @state() private _error: unknown = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('click', this._onDocumentClick);
    document.addEventListener('keydown', this._onKeydown);
  }

  override disconnectedCallback(): void {
    document.removeEventListener('click', this._onDocumentClick);
    document.removeEventListener('keydown', this._onKeydown);
    super.disconnectedCallback();
  }

  override render(): TemplateResult | typeof nothing {
    const user = this.user;
    if (!user) return nothing;
    return html`
      <button
        type="button"
        class="secondary toggle"
        aria-expanded=${this._open ? 'true' : 'false'}
        aria-controls="user-menu"
        @click=${this._toggle}
      >
        <span class="name">${user.displayName}</span><span class="chevron" aria-hidden="true">▾</span>
      </button>
      <div class="panel" id="user-menu" ?hidden=${!this._open} @click=${this._onPanelClick}>
        <p class="who">${t('userMenu.signedInAs', { username: user.username })}</p>
        <ul>
          <li><a href=${`/u/${encodeURIComponent(user.username)}`}>${t('userMenu.profile')}</a></li>
          <li><a href="/settings">${t('userMenu.settings')}</a></li>
          <li><a href="/plan">${t('nav.plan')}</a></li>
          ${isAdmin(user) ? html`<li><a href="/admin">${t('userMenu.admin')}</a></li>` : nothing}
          ${isAdmin(user) ? html`<li><a href="/campaign/settings">${t('userMenu.campaignSettings')}</a></li>` : nothing}
          <li class="separator">
            <button type="button" ?disabled=${this._busy} @click=${this._signOut}>
              ${this._busy ? t('userMenu.signingOut') : t('userMenu.signOut')}
            </button>
          </li>
        </ul>
        <gr-error-message .error=${this._error}></gr-error-message>
      </div>
    `;
  }

  private _toggle(): void {
    this._open = !this._open;
    this._error = null;
  }

  private _onPanelClick(event: Event): void {
    // Choosing a link closes the menu; the router handles the navigation itself.
    if (event.composedPath().some((node) => node instanceof HTMLAnchorElement)) this._open = false;
  }

  private readonly _onDocumentClick = (event: MouseEvent): void => {
    if (this._open && !event.composedPath().includes(this)) this._open = false;
  };

  private readonly _onKeydown = (event: KeyboardEvent): void => {
    if (!this._open || event.key !== 'Escape') return;
    this._open = false;
    this.renderRoot.querySelector<HTMLButtonElement>('.toggle')?.focus();
  };

  private async _signOut(): Promise<void> {
    this._busy = true;
    this._error = null;
    try {
      await signOut();
      this._open = false;
      navigate('/');
    } catch (err) {
      this._error = err;
    } finally {
      this._busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-user-menu': GrUserMenu;
  }
}
