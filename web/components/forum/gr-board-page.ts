import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { api, apiPath } from '../../api/client';
import type { BoardView } from '../../../server/presenters/board.presenter';
import type { NewTopicView, TopicView } from '../../../server/presenters/topic.presenter';
import type { LivePage, Page } from '../../../server/presenters/page.presenter';
import { ApiTask } from '../../controllers/api-task';
import { DraftPeekController } from '../../controllers/draft-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { formatDate, formatSavedAt, t } from '../../i18n';
import { topicKindName } from '../../i18n/forum-labels';
import { RoomController } from '../../realtime/room-controller';
import { KeysetPager } from '../../controllers/keyset-pager';
import { navigate, setPageTitle } from '../../router';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import type { ComposerValue, VisitOption } from './gr-composer';
import './gr-composer';
import '../shell/gr-error-message';

/** Topics fetched per page. */
const PAGE_SIZE = 20;

/**
 * A board (/b/:slug): its topics, pinned first then newest activity, with "load more" by
 * cursor; kind badges for field writing; a composer for a new topic (title, kind, body) for
 * signed-in members. Live (board:<slug> room): a topic with new activity moves to the top.
 */
@customElement('gr-board-page')
export class GrBoardPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    css`
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-start;
        justify-content: space-between;
        gap: var(--gr-space-3);
      }

      .compose-toggle {
        display: flex;
        flex-direction: column;
        align-items: flex-end;
        gap: var(--gr-space-1);
      }

      .head > div {
        flex: 1 1 20rem;
      }

      .crumbs {
        margin: 0 0 var(--gr-space-2);
        font-size: var(--gr-font-size-sm);
      }

      .composer {
        margin-bottom: var(--gr-space-5);
      }

      ol.topics {
        list-style: none;
        margin: 0;
        padding: 0;
        background: var(--gr-color-surface);
        border: 1px solid var(--gr-color-border);
        border-radius: var(--gr-radius-md);
      }

      ol.topics > li {
        padding: var(--gr-space-3) var(--gr-space-4);
        border-top: 1px solid var(--gr-color-border);
      }

      ol.topics > li:first-child {
        border-top: 0;
      }

      @keyframes bump {
        from {
          background: var(--gr-color-warning-soft);
        }
        to {
          background: var(--gr-color-surface);
        }
      }

      ol.topics > li.bumped {
        animation: bump 3s ease-out;
      }

      .title {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: var(--gr-space-1) var(--gr-space-2);
        margin: 0;
        font-size: var(--gr-font-size-md);
      }

      .title a {
        font-weight: 650;
        text-decoration: none;
      }

      .title a:hover {
        text-decoration: underline;
      }

      .badge {
        display: inline-block;
        padding: 0 var(--gr-space-2);
        border-radius: var(--gr-radius-sm);
        border: 1px solid var(--gr-color-border-strong);
        font-size: var(--gr-font-size-sm);
        font-weight: 600;
      }

      .badge.kind {
        border-color: var(--gr-color-accent);
        color: var(--gr-color-accent);
      }

      .excerpt {
        margin: var(--gr-space-1) 0 0;
        color: var(--gr-color-text-muted);
        overflow: hidden;
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
      }

      .meta {
        margin: var(--gr-space-1) 0 0;
        font-size: var(--gr-font-size-sm);
        color: var(--gr-color-text-muted);
      }

      .more {
        margin-top: var(--gr-space-4);
        text-align: center;
      }
    `,
  ];

  /** The board's slug (from /b/:slug). */
  @property({ type: String }) slug = '';

  @state() private _composing = false;
  /** Whether a new-topic draft waits on the server (said beside the closed composer's button). */
  private readonly _draftPeek = new DraftPeekController(this, () => (this._session.user && this.slug ? `board:${this.slug}` : null));
  /** Topics that just moved up live (highlighted for a moment). */
  @state() private _bumped: ReadonlySet<number> = new Set();
  /** The visits of the member's unit, offered to link a field note to; loaded on first compose. */
  @state() private _visits: readonly VisitOption[] | null = null;

  /** The board room's seq that came with the topics held (what realtime replays from). */
  private _seq: { slug: string; seq: number } | null = null;
  private readonly _session = new SessionController(this);
  /** The topics shown: the first page (with the board) and those loaded after it. */
  private readonly _topics = new KeysetPager<TopicView>(this, {
    fetchPage: (cursor) => api.get<Page<TopicView>>(apiPath`/api/boards/${this.slug}/topics`, { query: { limit: PAGE_SIZE, cursor } }),
    key: (topic) => topic.id,
  });
  private readonly _board = new ApiTask(this, {
    task: async ([slug], signal) => {
      const [board, page] = await Promise.all([
        api.get<{ board: BoardView }>(apiPath`/api/boards/${slug}`, { signal }),
        api.get<LivePage<TopicView>>(apiPath`/api/boards/${slug}/topics`, { query: { limit: PAGE_SIZE }, signal }),
      ]);
      this._topics.reset(page);
      this._seq = { slug, seq: page.seq };
      return board.board;
    },
    args: () => [this.slug] as const,
  });
  private readonly _room = new RoomController(this, {
    room: () => (this.slug ? `board:${this.slug}` : null),
    since: () => (this._seq?.slug === this.slug ? this._seq.seq : null),
    onEvent: (event) => {
      if (event.type === 'topic:updated') this._bump(event.data);
    },
    onResync: () => void this._board.run(),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override updated(): void {
    if (this._board.status === 'complete' && this._board.value) setPageTitle(this._board.value.name);
  }

  override render(): TemplateResult {
    return html`<div class="page">${this._board.render({
      pending: () => html`<p class="muted" role="status">${t('board.loading')}</p>`,
      error: (err) => html`<h1 tabindex="-1">${t('page.board')}</h1>
        <gr-error-message retryable .error=${err} @gr-retry=${() => void this._board.run()}></gr-error-message>`,
      complete: (board) => this._renderBoard(board),
    }) ?? nothing}</div>`;
  }

  private _renderBoard(board: BoardView): TemplateResult {
    const user = this._session.user;
    return html`
      <header class="head">
        <div>
          <p class="crumbs"><a href="/">${t('nav.boards')}</a></p>
          <h1 tabindex="-1">${board.name}</h1>
          ${board.description ? html`<p class="muted">${board.description}</p>` : nothing}
        </div>
        ${user
          ? html`<div class="compose-toggle">
              <button type="button" aria-expanded=${this._composing ? 'true' : 'false'} aria-controls="new-topic"
                aria-describedby=${!this._composing && this._draftPeek.savedAt ? 'draft-waiting' : nothing} @click=${this._toggleComposer}>
                ${this._composing ? t('board.closeComposer') : t('board.newTopic')}
              </button>
              ${!this._composing && this._draftPeek.savedAt
                ? html`<span class="small muted" id="draft-waiting">${t('composer.draftSaved', { time: formatSavedAt(this._draftPeek.savedAt) })}</span>`
                : nothing}
            </div>`
          : this._session.ready
            ? html`<a class="button" href=${`/login?next=${encodeURIComponent(`/b/${board.slug}`)}`}>${t('board.signInToPost')}</a>`
            : nothing}
      </header>
      ${user && this._composing
        ? html`<section id="new-topic" class="composer card" aria-labelledby="new-topic-heading">
            <h2 id="new-topic-heading">${t('board.newTopicHeading')}</h2>
            <gr-composer
              with-title
              scope=${`board:${board.slug}`}
              .submitLabel=${t('board.sendTopic')}
              .visitOptions=${this._visits ?? []}
              .send=${(value: ComposerValue) => this._sendTopic(board.slug, value)}
            ></gr-composer>
          </section>`
        : nothing}
      <section aria-labelledby="topics-heading">
        <h2 id="topics-heading" class="visually-hidden">${t('board.topicsHeading')}</h2>
        ${this._topics.items.length === 0
          ? html`<p class="muted">${t('board.empty')}</p>`
          : html`<ol class="topics">${repeat(this._topics.items, (topic) => topic.id, (topic) => this._renderTopic(topic))}</ol>`}
        ${this._topics.renderMore(t('board.loadMore'), t('board.loadingMore'))}
      </section>
    `;
  }

  private _renderTopic(topic: TopicView): TemplateResult {
    return html`
      <li class=${this._bumped.has(topic.id) ? 'bumped' : ''}>
        <h3 class="title">
          ${topic.pinned ? html`<span class="badge">${t('topic.pinned')}</span>` : nothing}
          ${topic.kind !== 'discussion' ? html`<span class="badge kind">${topicKindName(topic.kind)}</span>` : nothing}
          <a href=${`/t/${topic.id}`}>${topic.title}</a>
          ${topic.locked ? html`<span class="badge">${t('topic.locked')}</span>` : nothing}
        </h3>
        ${topic.excerpt ? html`<p class="excerpt">${topic.excerpt}</p>` : nothing}
        <p class="meta">
          ${t('board.topicMeta', {
            name: topic.author.displayName || topic.author.username,
            replies: Math.max(0, topic.postCount - 1),
            time: formatDate(topic.lastPostAt, 'datetime'),
          })}
        </p>
      </li>
    `;
  }

  private _toggleComposer(): void {
    this._composing = !this._composing;
    // Closed again: the composer saved (or the writer sent) what it held.
    if (!this._composing) void this.updateComplete.then(() => this._draftPeek.refresh());
    if (this._composing && this._visits === null) void this._loadVisits();
    if (this._composing) void this.updateComplete.then(() => this.renderRoot.querySelector('gr-composer')?.focus());
  }

  /** The visits the member logged or took part in, in any unit (GET /api/visits?mine=true), for "this note comes from a visit". */
  private async _loadVisits(): Promise<void> {
    this._visits = [];
    if (!this._session.user) return;
    try {
      const answer = await api.get<Page<{ id: number; visitedOn: string; place: { name: string } }>>('/api/visits', {
        query: { mine: true, limit: 50 },
      });
      this._visits = answer.items.map((visit) => ({ id: visit.id, label: `${visit.visitedOn} · ${visit.place.name}` }));
    } catch {
      // Without the list a note is simply posted without a visit; it can be linked later.
    }
  }

  private async _sendTopic(slug: string, value: ComposerValue): Promise<void> {
    const answer = await api.post<NewTopicView>(apiPath`/api/boards/${slug}/topics`, {
      title: value.title,
      kind: value.kind,
      body: value.body,
      ...(value.visitId !== null ? { visitId: value.visitId } : {}),
    });
    navigate(`/t/${answer.topic.id}`);
  }

  /** A topic with new activity: updated in place, and moved up to the top of the unpinned ones. */
  private _bump(topic: TopicView): void {
    if (topic.boardSlug !== this.slug) return;
    const shown = this._topics.items;
    const previous = shown.find((item) => item.id === topic.id);
    const rest = shown.filter((item) => item.id !== topic.id);
    const moved = !previous || previous.lastPostAt !== topic.lastPostAt;
    if (!moved) {
      this._topics.setItems(shown.map((item) => (item.id === topic.id ? topic : item)));
      return;
    }
    const pinned = rest.filter((item) => item.pinned);
    const others = rest.filter((item) => !item.pinned);
    this._topics.setItems(topic.pinned ? [topic, ...pinned, ...others] : [...pinned, topic, ...others]);
    this._bumped = new Set([...this._bumped, topic.id]);
    setTimeout(() => {
      const next = new Set(this._bumped);
      next.delete(topic.id);
      this._bumped = next;
    }, 3500);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-board-page': GrBoardPage;
  }
}
