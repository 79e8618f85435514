import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { api } from '../../api/client';
import { loadBoards } from '../../api/boards-cache';
import { TOPIC_KINDS, type TopicKind } from '../../../server/domain/forum';
import { postHref } from '../../text/links';
import type { BoardView } from '../../../server/presenters/board.presenter';
import type { SearchHitView } from '../../../server/presenters/search.presenter';
import type { Page } from '../../../server/presenters/page.presenter';
import { ApiTask } from '../../controllers/api-task';
import { KeysetPager } from '../../controllers/keyset-pager';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, t } from '../../i18n';
import { topicKindName } from '../../i18n/forum-labels';
import { navigate } from '../../router';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import '../shell/gr-error-message';

/** Results fetched per page. */
const PAGE_SIZE = 20;

/**
 * Search (/search?q=&board=&kind=): a form with board and kind filters; results with the
 * topic title, the server's highlighted snippet, board, author and date; "load more" by
 * cursor. The query lives in the address, so results can be linked and reloaded.
 */
@customElement('gr-search-page')
export class GrSearchPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    css`
      form {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(0, 1fr) minmax(0, 1fr) auto;
        gap: var(--gr-space-3);
        align-items: end;
        margin-bottom: var(--gr-space-5);
      }

      @media (max-width: 44rem) {
        form {
          grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        }

        form .query {
          grid-column: 1 / -1;
        }
      }

      ol.results {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--gr-space-3);
      }

      ol.results h3 {
        margin: 0 0 var(--gr-space-1);
      }

      .snippet {
        margin: 0 0 var(--gr-space-1);
        overflow-wrap: anywhere;
      }

      .snippet mark {
        background: var(--gr-color-warning-soft);
        color: inherit;
        font-weight: 700;
        text-decoration: underline;
        text-decoration-color: var(--gr-color-accent);
      }

      .meta {
        margin: 0;
        font-size: var(--gr-font-size-sm);
        color: var(--gr-color-text-muted);
      }

      .more {
        margin-top: var(--gr-space-4);
        text-align: center;
      }
    `,
  ];

  /** The words searched for (from ?q=). */
  @property({ type: String }) q = '';
  /** The board filter's slug (from ?board=), or ''. */
  @property({ type: String }) board = '';
  /** The kind filter (from ?kind=), or ''. */
  @property({ type: String }) kind = '';

  /** The results shown: the first page (with the search) and those loaded after it. */
  private readonly _hits = new KeysetPager<SearchHitView>(this, {
    fetchPage: (cursor) =>
      api.get<Page<SearchHitView>>('/api/search', {
        query: { q: this.q.trim(), board: this.board || undefined, kind: this.kind || undefined, limit: PAGE_SIZE, cursor },
      }),
    key: (hit) => `${hit.postId}`,
  });
  @state() private _boards: BoardView[] = [];

  private readonly _results = new ApiTask(this, {
    task: async ([q, board, kind], signal) => {
      if (q.trim() === '') return null;
      const page = await api.get<Page<SearchHitView>>('/api/search', {
        query: { q: q.trim(), board: board || undefined, kind: kind || undefined, limit: PAGE_SIZE },
        signal,
      });
      this._hits.reset(page);
      return page.items;
    },
    args: () => [this.q, this.board, this.kind] as const,
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    loadBoards().then(
      (boards) => {
        this._boards = boards;
      },
      () => undefined,
    );
  }

  override render(): TemplateResult {
    const q = this.q.trim();
    return html`
      <div class="page">
        <header><h1 tabindex="-1">${q ? t('searchPage.resultsFor', { q }) : t('searchPage.heading')}</h1></header>
        <form role="search" @submit=${this._submit}>
          <div class="field query">
            <label for="q">${t('searchPage.query')}</label>
            <input id="q" name="q" type="search" .value=${this.q} maxlength="200" enterkeyhint="search" />
          </div>
          <div class="field">
            <label for="board">${t('searchPage.board')}</label>
            <select id="board" name="board">
              <option value="" ?selected=${this.board === ''}>${t('searchPage.anyBoard')}</option>
              ${this._boards.map((board) => html`<option value=${board.slug} ?selected=${board.slug === this.board}>${board.name}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="kind">${t('searchPage.kind')}</label>
            <select id="kind" name="kind">
              <option value="" ?selected=${this.kind === ''}>${t('searchPage.anyKind')}</option>
              ${TOPIC_KINDS.map((kind) => html`<option value=${kind} ?selected=${kind === this.kind}>${topicKindName(kind)}</option>`)}
            </select>
          </div>
          <button type="submit">${t('search.submit')}</button>
        </form>
        ${q === '' ? html`<p class="muted">${t('searchPage.prompt')}</p>` : this._renderResults(q)}
      </div>
    `;
  }

  private _renderResults(q: string): TemplateResult {
    return html`<section aria-label=${t('searchPage.resultsFor', { q })} aria-busy=${this._results.status === 'pending' ? 'true' : 'false'}>
      ${this._results.render({
        pending: () => html`<p class="muted" role="status">${t('searchPage.searching')}</p>`,
        error: (err) => html`<gr-error-message retryable .error=${err} @gr-retry=${() => void this._results.run()}></gr-error-message>`,
        complete: (items) => {
          if (items === null || this._hits.items.length === 0) return html`<p role="status">${t('searchPage.empty', { q })}</p>`;
          return html`
            <ol class="results">${this._hits.items.map((hit) => this._renderHit(hit))}</ol>
            ${this._hits.renderMore(t('searchPage.loadMore'))}
          `;
        },
      }) ?? nothing}
    </section>`;
  }

  private _renderHit(hit: SearchHitView): TemplateResult {
    const board = this._boards.find((item) => item.slug === hit.boardSlug)?.name ?? hit.boardSlug;
    return html`
      <li class="card">
        <h3><a href=${postHref(hit.topicId, hit.postId)}>${hit.title}</a></h3>
        <p class="snippet">${unsafeHTML(hit.snippet)}</p>
        <p class="meta">${t('searchPage.meta', {
          board,
          name: hit.author.displayName || hit.author.username,
          time: formatDate(hit.createdAt, 'datetime'),
        })}</p>
      </li>
    `;
  }

  private _submit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const params = new URLSearchParams();
    const q = String(data.get('q') ?? '').trim();
    const board = String(data.get('board') ?? '');
    const kind = String(data.get('kind') ?? '');
    if (q) params.set('q', q);
    if (board) params.set('board', board);
    if ((TOPIC_KINDS as readonly string[]).includes(kind)) params.set('kind', kind as TopicKind);
    const search = params.toString();
    navigate(search ? `/search?${search}` : '/search');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-search-page': GrSearchPage;
  }
}
