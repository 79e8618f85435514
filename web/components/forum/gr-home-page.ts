import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import { ApiError, api } from '../../api/client';
import type { BoardView } from '../../../server/presenters/board.presenter';
import type { ItemList } from '../../../server/presenters/page.presenter';
import { ApiTask } from '../../controllers/api-task';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { formatDate, t } from '../../i18n';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import '../shell/gr-error-message';
import '../featured/gr-featured-latest';

/**
 * The home page: the campaign's welcome and the discussion boards (GET /api/boards).
 * While the boards endpoint does not exist (404) only the welcome shows.
 */
@customElement('gr-home-page')
export class GrHomePage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    css`
      .welcome {
        padding: var(--gr-space-6) var(--gr-space-5);
        border-radius: var(--gr-radius-md);
        background: linear-gradient(135deg, var(--gr-color-accent-soft), var(--gr-color-surface) 70%);
        border: 1px solid var(--gr-color-border);
        margin-bottom: var(--gr-space-6);
      }

      .welcome h1 {
        font-size: var(--gr-font-size-xxl);
        color: var(--gr-color-accent);
        letter-spacing: 0.02em;
      }

      .welcome .motto {
        font-size: var(--gr-font-size-lg);
        font-weight: 600;
        margin-bottom: var(--gr-space-4);
      }

      .welcome .lead {
        max-width: 44rem;
        color: var(--gr-color-text-muted);
      }

      .boards {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr));
        gap: var(--gr-space-4);
        margin: 0;
        padding: 0;
        list-style: none;
      }

      .boards li {
        display: flex;
        flex-direction: column;
        gap: var(--gr-space-2);
      }

      .boards h3 {
        margin: 0;
        font-size: var(--gr-font-size-lg);
      }

      .boards h3 a {
        text-decoration: none;
      }

      .boards h3 a:hover {
        text-decoration: underline;
      }

      .boards p {
        margin: 0;
      }

      .boards li.theme {
        grid-column: 1 / -1;
        border-left: 4px solid var(--gr-color-accent);
        background: linear-gradient(90deg, var(--gr-color-accent-soft), var(--gr-color-surface) 60%);
      }

      .boards li.theme h3 {
        font-size: var(--gr-font-size-xl);
      }

      .theme-label {
        margin: 0;
        font-size: var(--gr-font-size-sm);
        font-weight: 700;
        color: var(--gr-color-accent);
      }

      .boards .counts {
        margin-top: auto;
        font-size: var(--gr-font-size-sm);
        color: var(--gr-color-text-muted);
      }

      @media (max-width: 40rem) {
        .welcome {
          padding: var(--gr-space-5) var(--gr-space-4);
        }

        .welcome h1 {
          font-size: var(--gr-font-size-xl);
        }
      }
    `,
  ];

  private readonly _session = new SessionController(this);
  private readonly _boards = new ApiTask(this, {
    task: (_args, signal) => api.get<ItemList<BoardView>>('/api/boards', { signal }),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <div class="page">
        <section class="welcome" aria-labelledby="welcome-heading">
          <h1 id="welcome-heading" tabindex="-1">${t('home.heading')}</h1>
          <p class="motto">${t('home.motto')}</p>
          <p class="lead">${t('home.lead')}</p>
          ${this._session.ready && !this._session.user
            ? html`<p class="actions">
                <a class="button" href="/register">${t('home.join')}</a>
                <a href="/login">${t('home.signIn')}</a>
              </p>`
            : nothing}
        </section>
        <gr-featured-latest class="featured" .limit=${3}></gr-featured-latest>
        ${this._renderBoards()}
      </div>
    `;
  }

  private _renderBoards(): TemplateResult | typeof nothing {
    return (
      this._boards.render({
        pending: () => html`<p class="muted" role="status">${t('home.boardsLoading')}</p>`,
        complete: (list) => html`
          <section aria-labelledby="boards-heading">
            <h2 id="boards-heading">${t('home.boardsHeading')}</h2>
            ${list.items.length === 0
              ? html`<p class="muted">${t('home.noBoards')}</p>`
              : html`<ul class="boards">${list.items.map((board, index) => this._renderBoard(board, index === 0))}</ul>`}
          </section>
        `,
        error: (err) =>
          // The boards endpoint may not exist yet: then the welcome stands alone.
          err instanceof ApiError && err.status === 404
            ? nothing
            : html`
                <section aria-labelledby="boards-heading">
                  <h2 id="boards-heading">${t('home.boardsHeading')}</h2>
                  <gr-error-message polite retryable .error=${err} @gr-retry=${() => this._boards.run()}></gr-error-message>
                </section>
              `,
      }) ?? nothing
    );
  }

  /** The first board of the list is the campaign's theme board: it leads, across the grid. */
  private _renderBoard(board: BoardView, theme: boolean): TemplateResult {
    return html`
      <li class="card ${theme ? 'theme' : ''}">
        ${theme ? html`<p class="theme-label">${t('home.themeBoard')}</p>` : nothing}
        <h3><a href=${`/b/${encodeURIComponent(board.slug)}`}>${board.name}</a></h3>
        ${board.description ? html`<p>${board.description}</p>` : nothing}
        <p class="counts">
          ${t('home.boardCounts', { topics: board.topicCount, posts: board.postCount })}
          <br />
          ${board.lastPostAt
            ? html`${t('home.boardLatest', { time: formatDate(board.lastPostAt, 'datetime') })}`
            : t('home.boardNoActivity')}
        </p>
      </li>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-home-page': GrHomePage;
  }
}
