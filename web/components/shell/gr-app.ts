import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { RouterController } from '../../controllers/router-controller';
import { SessionController } from '../../controllers/session-controller';
import { LOCALES, MESSAGES_FAILED, getLocale, hasMessages, loadMessages, t } from '../../i18n';
import { loadPageCode, navigationInPlace, pageCodeState, setPageTitle, type Route, type RouteMatch } from '../../router';
import { routes } from '../../routes';
import { baseStyles } from '../../styles/shared.styles';
import './gr-site-header';
import './gr-not-found';
import './gr-access-notice';
import './gr-page-failed';

/**
 * The application shell: skip link, site header, the current page in <main>, footer.
 * Owns the router (RouterController), sets document.title and moves focus to the new
 * page's heading after each navigation, so screen-reader users hear where they are.
 * It renders once the current language's messages have arrived; a page whose code is not
 * loaded yet (its area's chunk) shows a quiet loading line, then the page, or an error
 * with "try again" when the chunk could not be loaded.
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

      /* A page's code usually arrives at once: the loading line shows only if it does not,
         so a fast load flashes nothing. */
      .status.pending {
        animation: gr-appear 0s linear 400ms both;
      }

      @keyframes gr-appear {
        from {
          visibility: hidden;
        }
        to {
          visibility: visible;
        }
      }

      .boot-failed {
        max-width: var(--gr-content-width);
        margin: 0 auto;
        padding: var(--gr-space-6) var(--gr-space-4);
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
  /** The last render showed the loading line in place of a page whose code is on its way. */
  private _waitingForCode = false;
  /** The current language's messages could not be loaded (the shell cannot speak). */
  @state() private _messagesFailed = false;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    if (!hasMessages()) this._awaitMessages();
  }

  override render(): TemplateResult | typeof nothing {
    if (!hasMessages()) return this._messagesFailed ? this._renderBootFailure() : nothing;
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
    if (!hasMessages()) return;
    const match = this._router.match;
    const titledFor = `${this._router.navigations}|${getLocale()}`;
    if (titledFor !== this._titledFor) {
      this._titledFor = titledFor;
      setPageTitle(match ? match.route.title(match) : t('notFound.title'));
    }
    // Focus waits for the page itself: its heading exists once its code has loaded.
    if (this._router.navigations !== this._focusedFor && !this._waitingForCode) {
      this._focusedFor = this._router.navigations;
      // A page's own filter change keeps focus on the control the person just changed.
      if (!navigationInPlace()) void this._focusPageHeading();
    }
  }

  private _renderPage(match: RouteMatch | null): TemplateResult {
    this._waitingForCode = false;
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
    const code = pageCodeState(match.route);
    if (code.status === 'failed') {
      return html`<gr-page-failed
        .heading=${match.route.title(match)}
        .error=${code.error}
        @gr-retry=${() => this._retryPage(match.route)}
      ></gr-page-failed>`;
    }
    if (code.status === 'loading') {
      // Usually already started by main.ts or an earlier render: loadPageCode imports once.
      this._loadPage(match.route);
      this._waitingForCode = true;
      return html`<p class="status pending" role="status">${t('app.loading')}</p>`;
    }
    return match.route.render(match);
  }

  /** Imports `route`'s code (once) and renders again when it has arrived or failed. */
  private _loadPage(route: Route): void {
    void loadPageCode(route).then(() => this.requestUpdate());
  }

  /** "Try again" after a failed load: imports anew, shows the loading line, then focuses the page's heading. */
  private _retryPage(route: Route): void {
    this._loadPage(route);
    this._focusedFor = -1;
    this.requestUpdate();
  }

  private _awaitMessages(): void {
    this._messagesFailed = false;
    loadMessages(getLocale()).then(
      () => this.requestUpdate(),
      () => {
        this._messagesFailed = true;
      },
    );
  }

  /**
   * Without its messages the shell cannot speak the reader's language: it says so in both,
   * as index.html's <noscript> does, and offers to load the page again.
   */
  private _renderBootFailure(): TemplateResult {
    return html`
      <div class="boot-failed" role="alert">
        ${LOCALES.map((locale) => html`<p lang=${locale}>${MESSAGES_FAILED[locale].text}</p>`)}
        <button type="button" @click=${() => window.location.reload()}>
          ${LOCALES.map((locale, i) => html`${i > 0 ? ' / ' : ''}<span lang=${locale}>${MESSAGES_FAILED[locale].reload}</span>`)}
        </button>
      </div>
    `;
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
