import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { UserView } from '../../../server/presenters/user.presenter';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { navigate, type AppLocation } from '../../router';
import { baseStyles } from '../../styles/shared.styles';
import './gr-locale-switch';
import './gr-user-menu';
import './gr-notification-bell';
import '../moderation/gr-mod-badge';
import { hasRole } from '../../../server/domain/roles';

/** Pages after which signing in should not come back to them. */
const NO_RETURN = new Set(['/', '/login', '/register']);

/**
 * The site header: the name, the main navigation, the search box, the language switch and
 * either the sign-in and register links or the signed-in user's menu. Wraps onto several
 * lines on narrow screens.
 */
@customElement('gr-site-header')
export class GrSiteHeader extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        background: var(--gr-color-surface);
        border-top: 4px solid var(--gr-color-accent);
        border-bottom: 1px solid var(--gr-color-border);
      }

      .bar {
        max-width: var(--gr-content-width);
        margin: 0 auto;
        padding: var(--gr-space-3) var(--gr-space-4);
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--gr-space-3) var(--gr-space-5);
      }

      .brand {
        display: flex;
        align-items: baseline;
        gap: var(--gr-space-2);
        color: var(--gr-color-accent);
        text-decoration: none;
        font-weight: 700;
        font-size: var(--gr-font-size-lg);
        line-height: 1.2;
        white-space: nowrap;
      }

      .brand .motto {
        color: var(--gr-color-text);
        font-weight: 600;
        font-size: var(--gr-font-size-md);
      }

      .brand:hover .motto {
        text-decoration: underline;
      }

      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: var(--gr-space-1) var(--gr-space-4);
        margin: 0;
        padding: 0;
        list-style: none;
      }

      nav a {
        color: var(--gr-color-text);
        font-weight: 600;
        text-decoration: none;
        padding: var(--gr-space-1) 0;
        border-bottom: 2px solid transparent;
      }

      nav a:hover,
      nav a[aria-current='page'] {
        border-bottom-color: var(--gr-color-accent);
      }

      form {
        flex: 1 1 14rem;
        display: flex;
        min-width: 0;
        max-width: 26rem;
      }

      form input {
        min-width: 0;
        border-top-right-radius: 0;
        border-bottom-right-radius: 0;
      }

      form button {
        border-top-left-radius: 0;
        border-bottom-left-radius: 0;
        flex: none;
      }

      /* The word on phones (the box has a row of its own), a magnifier on a desktop's one row,
         where the word took the width the box needed; the word stays the button's name. */
      form button svg {
        display: none;
        width: 1.25rem;
        height: 1.25rem;
      }

      .account {
        display: flex;
        align-items: center;
        gap: var(--gr-space-3);
        margin-left: auto;
        white-space: nowrap;
      }

      .account a.button {
        min-height: 2.25rem;
      }

      /* A desktop: one row in either language. The motto sits under the name and the
         search box gives up width before anything wraps (English labels are longer). */
      @media (min-width: 64rem) {
        .bar {
          column-gap: var(--gr-space-3);
        }

        .brand {
          flex-direction: column;
          align-items: flex-start;
          gap: 0;
        }

        .brand .motto {
          font-size: var(--gr-font-size-sm);
        }

        .brand .motto > span[aria-hidden] {
          display: none;
        }

        nav ul {
          flex-wrap: nowrap;
          white-space: nowrap;
        }

        /* The search box keeps room to type in: when the row cannot give it that (a
           signed-in English header just above 64rem), the row wraps rather than squeeze it. */
        form {
          flex: 1 1 10rem;
          min-width: 10rem;
        }

        form button {
          padding-inline: var(--gr-space-3);
        }

        form button svg {
          display: block;
        }

        form button .word {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip: rect(0 0 0 0);
          clip-path: inset(50%);
          white-space: nowrap;
        }

        .account {
          flex: none;
        }

        gr-locale-switch {
          flex: none;
        }
      }

      /* Narrow screens, in rows that wrap by themselves: the name and the account, then the
         navigation across the whole width (a member's four links stacked one per line when
         they shared a grid column with the account's width), then the search box and the
         language. A row that does not fit (a signed-in English header at 360 px) wraps its
         last item onto a line of its own rather than squeezing the others. */
      @media (max-width: 44rem) {
        .bar {
          gap: var(--gr-space-3);
        }

        .brand {
          order: 1;
          flex: 1 1 0;
          min-width: min-content;
          white-space: normal;
          flex-wrap: wrap;
          column-gap: var(--gr-space-2);
          row-gap: 0;
        }

        .brand .motto {
          flex-basis: 100%;
          font-size: var(--gr-font-size-sm);
        }

        /* The motto has a line of its own here: no separator in front of it. */
        .brand .motto > span[aria-hidden] {
          display: none;
        }

        .account {
          order: 2;
        }

        nav {
          order: 3;
          flex: 1 1 100%;
          min-width: 0;
        }

        nav ul {
          column-gap: var(--gr-space-4);
          font-size: var(--gr-font-size-sm);
        }

        form {
          order: 4;
          flex: 1 1 10rem;
          max-width: none;
        }

        form input {
          flex: 1 1 auto;
        }

        gr-locale-switch {
          order: 5;
          flex: none;
          margin-left: auto;
        }
      }
    `,
  ];

  /** The signed-in user, or null. */
  @property({ attribute: false }) user: UserView | null = null;
  /** True once the server has said who is signed in (hides the account area until then). */
  @property({ type: Boolean }) ready = false;
  /** The current location: marks the current page and fills the search box on /search. */
  @property({ attribute: false }) location: AppLocation | null = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    const pathname = this.location?.pathname ?? '/';
    const query = pathname === '/search' ? new URLSearchParams(this.location?.search).get('q') ?? '' : '';
    return html`
      <div class="bar">
        <a class="brand" href="/">
          <span>${t('app.name')}</span><span class="motto"><span aria-hidden="true">·</span> ${t('app.motto')}</span>
        </a>
        <nav aria-label=${t('nav.label')}>
          <ul>
            <li><a href="/" aria-current=${pathname === '/' || pathname.startsWith('/b/') ? 'page' : nothing}>${t('nav.boards')}</a></li>
            <li><a href="/featured" aria-current=${pathname === '/featured' ? 'page' : nothing}>${t('nav.featured')}</a></li>
            ${this.user
              ? html`<li><a href="/visits" aria-current=${pathname.startsWith('/visits') || pathname.startsWith('/places') ? 'page' : nothing}>${t('nav.visits')}</a></li>
                  <li><a href="/progress" aria-current=${pathname === '/progress' ? 'page' : nothing}>${t('nav.progress')}</a></li>`
              : nothing}
          </ul>
        </nav>
        <form role="search" action="/search" method="get" @submit=${this._search}>
          <label class="visually-hidden" for="site-search">${t('search.label')}</label>
          <input id="site-search" type="search" name="q" .value=${query} placeholder=${t('search.placeholder')} enterkeyhint="search" />
          <button type="submit"><svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2.25" stroke-linecap="round"><circle cx="10.5" cy="10.5" r="6.5"></circle><path d="m20 20-4.8-4.8"></path></svg><span class="word">${t('search.submit')}</span></button>
        </form>
        <div class="account">${this._renderAccount(pathname)}</div>
        <gr-locale-switch></gr-locale-switch>
      </div>
    `;
  }

  private _renderAccount(pathname: string): TemplateResult | typeof nothing {
    if (!this.ready) return nothing;
    if (this.user) {
      return html`${hasRole(this.user, 'moderator') ? html`<gr-mod-badge></gr-mod-badge>` : nothing}<gr-notification-bell .user=${this.user}></gr-notification-bell><gr-user-menu .user=${this.user}></gr-user-menu>`;
    }
    const here = pathname + (this.location?.search ?? '');
    const next = NO_RETURN.has(pathname) ? '' : `?next=${encodeURIComponent(here)}`;
    return html`
      <a href="/login${next}" aria-current=${pathname === '/login' ? 'page' : nothing}>${t('nav.login')}</a>
      <a class="button" href="/register${next}" aria-current=${pathname === '/register' ? 'page' : nothing}>${t('nav.register')}</a>
    `;
  }

  private _search(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const q = String(new FormData(form).get('q') ?? '').trim();
    navigate(q ? `/search?q=${encodeURIComponent(q)}` : '/search');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-site-header': GrSiteHeader;
  }
}
