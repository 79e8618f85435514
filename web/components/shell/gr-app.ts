import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { RouterController } from '../../controllers/router-controller';
import { SessionController } from '../../controllers/session-controller';
import { getLocale, t } from '../../i18n';
import { navigationInPlace, setPageTitle, type RouteMatch } from '../../router';
import { routes } from '../../routes';
import { baseStyles } from '../../styles/shared.styles';
import './gr-site-header';
import './gr-not-found';
import './gr-access-notice';

/**
 * The application shell: skip link, site header, the current page in <main>, footer.
 * Owns the router (RouterController), sets document.title and moves focus to the new
 * page's heading after each navigation, so screen-reader users hear where they are.
 */
@customElement('gr-app')
export class GrApp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 100vh;
      }

      .skip-link {
        position: absolute;
        top: var(--gr-space-2);
        left: var(--gr-space-2);
        z-index: 100;
        padding: var(--gr-space-2) var(--gr-space-4);
        background: var(--gr-color-surface);
        color: var(--gr-color-link);
        border: 2px solid var(--gr-color-focus);
        border-radius: var(--gr-radius-sm);
        font-weight: 600;
        transform: translateY(-200%);
      }

      .skip-link:focus {
        transform: none;
      }

      main {
        flex: 1;
        width: 100%;
      }

      main:focus {
        outline: none;
      }

      .status {
        max-width: var(--gr-content-width);
        margin: 0 auto;
        padding: var(--gr-space-6) var(--gr-space-4);
        color: var(--gr-color-text-muted);
      }

      footer {
        border-top: 1px solid var(--gr-color-border);
        background: var(--gr-color-surface);
        color: var(--gr-color-text-muted);
        font-size: var(--gr-font-size-sm);
      }

      footer .inner {
        max-width: var(--gr-content-width);
        margin: 0 auto;
        padding: var(--gr-space-4);
        display: flex;
        flex-wrap: wrap;
        gap: var(--gr-space-2) var(--gr-space-5);
        justify-content: space-between;
      }

      footer p {
        margin: 0;
      }
    `,
  ];

  private readonly _session = new SessionController(this);
  private readonly _router = new RouterController(this, routes);
  /** The navigation and language the document title was last set for. */
  private _titledFor = '';
  /** The navigation whose heading last received focus. */
  private _focusedFor = 0;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <a class="skip-link" href="#main" @click=${this._skipToMain}>${t('app.skipToContent')}</a>
      <gr-site-header
        .user=${this._session.user}
        .ready=${this._session.ready}
        .location=${this._router.location}
      ></gr-site-header>
      <main id="main" tabindex="-1">${this._renderPage(this._router.match)}</main>
      <footer>
        <div class="inner">
          <p>${t('app.footer.campaign')}</p>
          <p>${t('app.footer.site')}</p>
        </div>
      </footer>
    `;
  }

  override updated(): void {
    const match = this._router.match;
    const titledFor = `${this._router.navigations}|${getLocale()}`;
    if (titledFor !== this._titledFor) {
      this._titledFor = titledFor;
      setPageTitle(match ? match.route.title(match) : t('notFound.title'));
    }
    if (this._router.navigations !== this._focusedFor) {
      this._focusedFor = this._router.navigations;
      // A page's own filter change keeps focus on the control the person just changed.
      if (!navigationInPlace()) void this._focusPageHeading();
    }
  }

  private _renderPage(match: RouteMatch | null): TemplateResult {
    if (!match) return html`<gr-not-found></gr-not-found>`;
    const access = match.route.access ?? 'anyone';
    if (access !== 'anyone') {
      if (!this._session.ready) {
        return html`<p class="status" role="status">${t('app.loading')}</p>`;
      }
      if (!this._session.user) {
        return html`<gr-access-notice reason="signed-out" .next=${match.path}></gr-access-notice>`;
      }
      if (access !== 'signed-in' && !this._session.hasRole(access)) {
        return html`<gr-access-notice reason="forbidden" .next=${match.path}></gr-access-notice>`;
      }
    }
    return match.route.render(match);
  }

  /** Focuses the new page's main heading (or <main>) once the page has rendered. */
  private async _focusPageHeading(): Promise<void> {
    const main = this.renderRoot.querySelector('main');
    if (!main) return;
    const page = main.firstElementChild;
    if (page instanceof LitElement) await page.updateComplete;
    const heading = page?.shadowRoot?.querySelector('h1') ?? main.querySelector('h1');
    if (heading instanceof HTMLElement) {
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    } else {
      main.focus({ preventScroll: true });
    }
  }

  /** The skip link's target sits in this shadow root, where a #fragment cannot reach it. */
  private _skipToMain(event: Event): void {
    event.preventDefault();
    this.renderRoot.querySelector('main')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-app': GrApp;
  }
}
