import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { api, apiPath } from '../../api/client';
import { loadBoards } from '../../api/boards-cache';
import type { BoardView, PostView, TopicView } from '../../api/forum';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { TopicActivityController } from '../../controllers/topic-activity-controller';
import { TopicThreadController } from '../../controllers/topic-thread-controller';
import { formatDate, t } from '../../i18n';
import { topicKindName } from '../../i18n/forum-labels';
import { RoomController } from '../../realtime/room-controller';
import type { RoomEvent } from '../../realtime/socket';
import { navigate, setPageTitle } from '../../router';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import type { ComposerValue, GrComposer } from './gr-composer';
import { quoteMarkdown, type QuoteDetail } from './gr-post';
import './gr-composer';
import '../shell/gr-error-message';
import './gr-post';

/** Levels of replies shown below the top of the view before "continue this thread". */
const MAX_LEVEL = 5;

/**
 * A topic (/t/:id): the conversation as a tree — replies indented under what they answer,
 * collapsed past five levels into "continue this thread" (/t/:id?thread=<post>), each
 * reply linking to its parent (#post-<id>). The first page of the thread loads at once and
 * more on demand. Live (topic:<id> room): new replies appear in place with a highlight, or
 * behind an "N new replies" bar when they arrive out of view; edits and hides update in
 * place; who is typing and how many are reading show under the title.
 */
@customElement('gr-topic-page')
export class GrTopicPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    css`
      .topic-head {
        margin-bottom: var(--gr-space-5);
      }

      .crumbs {
        margin: 0 0 var(--gr-space-2);
        font-size: var(--gr-font-size-sm);
      }

      .badges {
        display: flex;
        flex-wrap: wrap;
        gap: var(--gr-space-2);
        align-items: center;
        font-size: var(--gr-font-size-sm);
        color: var(--gr-color-text-muted);
      }

      .badge {
        display: inline-block;
        padding: 0 var(--gr-space-2);
        border-radius: var(--gr-radius-sm);
        border: 1px solid var(--gr-color-border-strong);
        background: var(--gr-color-surface);
        color: var(--gr-color-text);
        font-weight: 600;
      }

      .badge.kind {
        border-color: var(--gr-color-accent);
        color: var(--gr-color-accent);
      }

      .activity {
        min-height: 1.7em;
        margin: var(--gr-space-2) 0 0;
        font-size: var(--gr-font-size-sm);
        color: var(--gr-color-text-muted);
      }

      .activity {
        display: flex;
        flex-wrap: wrap;
        gap: 0 var(--gr-space-3);
      }

      .activity .typing {
        font-style: italic;
      }

      ol.thread,
      ol.replies {
        list-style: none;
        margin: 0;
        padding: 0;
      }

      ol.thread {
        display: grid;
        gap: var(--gr-space-3);
      }

      ol.replies {
        display: grid;
        gap: var(--gr-space-3);
        margin-top: var(--gr-space-3);
        padding-left: var(--gr-space-4);
        border-left: 2px solid var(--gr-color-border);
      }

      li.node:focus {
        outline: none;
      }

      li.node:focus-visible > gr-post {
        outline: 3px solid var(--gr-color-focus);
        outline-offset: 2px;
        border-radius: var(--gr-radius-md);
      }

      .inline-composer {
        margin-top: var(--gr-space-3);
        padding: var(--gr-space-3);
        border: 1px solid var(--gr-color-border);
        border-radius: var(--gr-radius-md);
        background: var(--gr-color-surface);
      }

      .inline-composer h3 {
        font-size: var(--gr-font-size-sm);
      }

      .continue {
        display: inline-block;
        margin-top: var(--gr-space-2);
        font-weight: 600;
      }

      .more {
        margin-top: var(--gr-space-4);
        text-align: center;
      }

      .reply-section {
        margin-top: var(--gr-space-6);
      }

      .notice-box {
        margin-bottom: var(--gr-space-4);
        padding: var(--gr-space-3) var(--gr-space-4);
        border-left: 4px solid var(--gr-color-border-strong);
        background: var(--gr-color-warning-soft);
        border-radius: var(--gr-radius-sm);
      }

      .new-bar {
        position: fixed;
        left: 50%;
        bottom: var(--gr-space-4);
        transform: translateX(-50%);
        z-index: 20;
        box-shadow: var(--gr-shadow-md);
        border-radius: 999px;
      }

      @media (max-width: 40rem) {
        ol.replies {
          padding-left: var(--gr-space-2);
        }
      }
    `,
  ];

  /** The topic to show (from /t/:id). */
  @property({ type: Number, attribute: 'topic-id' }) topicId = 0;
  /** "Continue this thread": show only this post and its replies (from ?thread=). */
  @property({ type: Number, attribute: 'thread-id' }) threadId: number | null = null;

  /** The post an inline reply answers; null: the reply box under the thread answers the topic. */
  @state() private _replyTo: PostView | null = null;
  /** Posts that just arrived live (highlighted). */
  @state() private _fresh: ReadonlySet<number> = new Set();
  /** Posts that arrived live out of view, oldest first. */
  @state() private _unseen: readonly number[] = [];
  @state() private _board: BoardView | null = null;
  /** The #post-<id> asked for is not in the loaded part of the thread. */
  @state() private _missingTarget: number | null = null;

  private readonly _session = new SessionController(this);
  private readonly _thread = new TopicThreadController(this, {
    topicId: () => this.topicId,
    threadId: () => this.threadId,
  });
  private readonly _room = new RoomController(this, {
    room: () => (this.topicId > 0 ? `topic:${this.topicId}` : null),
    since: () => (this._thread.topic?.id === this.topicId ? this._thread.seq : null),
    onEvent: (event) => this._onEvent(event),
    onResync: () => void this._thread.reload(),
  });
  private readonly _activity = new TopicActivityController(
    this,
    () => (this.topicId > 0 ? `topic:${this.topicId}` : null),
    () => this._session.user?.id ?? null,
  );

  /** Posts added live since the last render, to check whether they are in view. */
  private _arrived: number[] = [];
  private _observer: IntersectionObserver | null = null;
  private _scrolledFor = '';
  private _boardFor = '';
  private readonly _onHashChange = (): void => {
    this._scrolledFor = '';
    void this._scrollToHash();
  };

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this._onHashChange);
    this._observer = new IntersectionObserver((entries) => this._onIntersect(entries));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this._onHashChange);
    this._observer?.disconnect();
    this._observer = null;
  }

  override updated(): void {
    const topic = this._thread.topic;
    if (topic) {
      setPageTitle(topic.title);
      if (this._boardFor !== topic.boardSlug) {
        this._boardFor = topic.boardSlug;
        void this._loadBoard(topic.boardSlug);
      }
    }
    if (this._arrived.length > 0) this._checkArrived();
    if (this._thread.status === 'complete') void this._scrollToHash();
  }

  override render(): TemplateResult {
    const thread = this._thread;
    if (thread.status === 'error') {
      return html`<div class="page"><h1 tabindex="-1">${t('page.topic')}</h1>
        <gr-error-message retryable .error=${thread.error} @gr-retry=${() => void thread.reload()}></gr-error-message></div>`;
    }
    // A reload of this same view (a realtime resync) keeps the thread on screen meanwhile.
    if (!thread.topic || thread.dataKey !== `${this.topicId}|${this.threadId ?? ''}`) {
      return html`<div class="page"><p class="muted" role="status">${t('topic.loading')}</p></div>`;
    }
    const topic = thread.topic;
    return html`
      <div class="page">
        ${this._renderHead(topic)}
        ${this._missingTarget !== null
          ? html`<p class="notice-box">${t('topic.targetNotLoaded')}
              <a href=${`/t/${topic.id}?thread=${this._missingTarget}#post-${this._missingTarget}`}>${t('topic.openTarget')}</a></p>`
          : nothing}
        ${this.threadId !== null ? this._renderBranchNotice(topic) : nothing}
        <section aria-label=${t('topic.conversation')}>
          <ol class="thread">${this._renderNodes(thread.roots, 0)}</ol>
          ${this._renderMore()}
        </section>
        ${this._renderReplySection(topic)}
        ${this._unseen.length > 0
          ? html`<button type="button" class="new-bar" @click=${this._showUnseen}>${t('topic.newReplies', { count: this._unseen.length })}</button>`
          : nothing}
        <div class="visually-hidden" role="status">${this._unseen.length > 0 ? t('topic.newReplies', { count: this._unseen.length }) : ''}</div>
      </div>
    `;
  }

  private _renderBranchNotice(topic: TopicView): TemplateResult {
    const root = this.threadId !== null ? this._thread.posts.get(this.threadId) : undefined;
    const up = root?.parentId ?? null;
    return html`<p class="notice-box">
      ${t('topic.branchView')}
      ${up !== null ? html`<a href=${`/t/${topic.id}?thread=${up}#post-${root?.id ?? ''}`}>${t('topic.upOneLevel')}</a> ·` : nothing}
      <a href=${`/t/${topic.id}`}>${t('topic.backToWhole')}</a>
    </p>`;
  }

  private _renderHead(topic: TopicView): TemplateResult {
    const typing = this._activity.typing;
    const readers = this._activity.readers;
    return html`
      <header class="topic-head">
        <p class="crumbs">
          <a href="/">${t('nav.boards')}</a> ›
          <a href=${`/b/${encodeURIComponent(topic.boardSlug)}`}>${this._board?.name ?? topic.boardSlug}</a>
        </p>
        <h1 tabindex="-1">${topic.title}</h1>
        <div class="badges">
          ${topic.kind !== 'discussion' ? html`<span class="badge kind">${topicKindName(topic.kind)}</span>` : nothing}
          ${topic.pinned ? html`<span class="badge">${t('topic.pinned')}</span>` : nothing}
          ${topic.locked ? html`<span class="badge">${t('topic.locked')}</span>` : nothing}
          ${topic.visitId !== null
            ? html`<a href=${`/visits/${topic.visitId}`}>${topic.visitConfirmed ? t('topic.visitConfirmed') : t('topic.visitClaimed')}</a>`
            : nothing}
          <span>${t('topic.byline', { name: topic.author.displayName || topic.author.username, time: formatDate(topic.createdAt, 'datetime') })}</span>
          <span>${t('topic.replyCount', { count: Math.max(0, topic.postCount - 1) })}</span>
        </div>
        <p class="activity">
          <span role="status" class="live typing">${typing.length > 0 ? t('topic.typing', { names: typing.join(t('common.listSeparator')) }) : ''}</span>
          ${readers !== null && readers > 0 ? html`<span class="readers">${t('topic.readers', { count: readers })}</span>` : nothing}
        </p>
      </header>
    `;
  }

  private _renderNodes(ids: readonly number[], level: number): TemplateResult {
    return html`${repeat(ids, (id) => id, (id) => this._renderNode(id, level))}`;
  }

  private _renderNode(id: number, level: number): TemplateResult | typeof nothing {
    const post = this._thread.posts.get(id);
    if (!post) return nothing;
    const topic = this._thread.topic;
    const children = this._thread.children.get(id) ?? [];
    const parent = post.parentId !== null ? this._thread.posts.get(post.parentId) ?? null : null;
    const opening = topic !== null && this.threadId === null && level === 0 && id === this._thread.roots[0];
    const collapse = level >= MAX_LEVEL && (post.replyCount > 0 || children.length > 0);
    return html`
      <li class="node" id=${`post-${id}`} tabindex="-1" data-post-id=${id}>
        <gr-post
          .post=${post}
          .parentAuthor=${parent?.author ?? null}
          ?opening=${opening}
          ?fresh=${this._fresh.has(id)}
          ?can-reply=${this._canReply()}
          @gr-reply=${this._onReply}
          @gr-quote=${this._onQuote}
          @gr-post-changed=${this._onPostChanged}
        ></gr-post>
        ${this._replyTo?.id === id ? this._renderInlineComposer(post) : nothing}
        ${collapse
          ? html`<a class="continue" href=${`/t/${post.topicId}?thread=${id}`}>${t('topic.continueThread', { count: post.replyCount })}</a>`
          : children.length > 0
            ? html`<ol class="replies" aria-label=${t('topic.repliesTo', { name: post.author.displayName || post.author.username })}>${this._renderNodes(children, level + 1)}</ol>`
            : nothing}
      </li>
    `;
  }

  private _renderInlineComposer(post: PostView): TemplateResult {
    const name = post.author.displayName || post.author.username;
    return html`
      <section class="inline-composer" aria-label=${t('topic.replyingTo', { name })}>
        <h3>${t('topic.replyingTo', { name })}</h3>
        <gr-composer
          scope=${`topic:${this.topicId}`}
          .label=${t('topic.replyLabel')}
          .submitLabel=${t('topic.sendReply')}
          .typingRoom=${`topic:${this.topicId}`}
          cancellable
          .send=${(value: ComposerValue) => this._sendReply(value, post.id)}
          @gr-cancel=${this._cancelInline}
        ></gr-composer>
      </section>
    `;
  }

  private _renderMore(): TemplateResult | typeof nothing {
    const thread = this._thread;
    if (thread.cursor === null && !thread.moreError) return nothing;
    return html`
      <div class="more">
        <gr-error-message polite .error=${thread.moreError}></gr-error-message>
        ${thread.cursor !== null
          ? html`<button type="button" class="secondary" ?disabled=${thread.loadingMore} @click=${() => void thread.loadMore()}>
              ${thread.loadingMore ? t('topic.loadingMore') : t('topic.loadMore')}
            </button>`
          : nothing}
      </div>
    `;
  }

  private _renderReplySection(topic: TopicView): TemplateResult {
    const user = this._session.user;
    let body: TemplateResult;
    if (!this._session.ready) body = html``;
    else if (!user) {
      const next = encodeURIComponent(`/t/${topic.id}`);
      body = html`<p><a href=${`/login?next=${next}`}>${t('topic.signInToReply')}</a></p>`;
    } else if (!this._canReply()) body = html`<p class="muted">${t('topic.lockedNoReplies')}</p>`;
    else if (this._replyTo !== null) {
      body = html`<button type="button" class="secondary" @click=${this._replyToTopic}>${t('topic.replyToTopic')}</button>`;
    } else {
      body = html`<gr-composer
        scope=${`topic:${topic.id}`}
        .label=${t('topic.replyLabel')}
        .submitLabel=${t('topic.sendReply')}
        .typingRoom=${`topic:${topic.id}`}
        .send=${(value: ComposerValue) => this._sendReply(value, null)}
      ></gr-composer>`;
    }
    return html`
      <section class="reply-section" aria-labelledby="reply-heading">
        <h2 id="reply-heading">${t('topic.replyHeading')}</h2>
        ${body}
      </section>
    `;
  }

  private _canReply(): boolean {
    const topic = this._thread.topic;
    if (!this._session.user || !topic) return false;
    return !topic.locked || this._session.hasRole('moderator');
  }

  /** The composer that answers the current reply target. */
  private _activeComposer(): GrComposer | null {
    if (this._replyTo !== null) {
      return this.renderRoot.querySelector<GrComposer>(`#post-${this._replyTo.id} > .inline-composer gr-composer`);
    }
    return this.renderRoot.querySelector<GrComposer>('.reply-section gr-composer');
  }

  /** The opening post is answered by the reply box under the thread (a reply to the topic). */
  private _targetFor(post: PostView): PostView | null {
    return this.threadId === null && post.id === this._thread.roots[0] ? null : post;
  }

  private async _onReply(event: CustomEvent<PostView>): Promise<void> {
    this._replyTo = this._targetFor(event.detail);
    await this.updateComplete;
    const composer = this._activeComposer();
    composer?.scrollIntoView({ block: 'nearest' });
    composer?.focus();
  }

  private async _onQuote(event: CustomEvent<QuoteDetail>): Promise<void> {
    const { post, text } = event.detail;
    this._replyTo = this._targetFor(post);
    await this.updateComplete;
    const composer = this._activeComposer();
    if (!composer) return;
    await composer.updateComplete;
    composer.insertBlock(quoteMarkdown(text, post.author, post.topicId, post.id));
    composer.scrollIntoView({ block: 'nearest' });
  }

  private _onPostChanged(event: CustomEvent<PostView>): void {
    this._thread.upsert(event.detail);
  }

  private _cancelInline(): void {
    const id = this._replyTo?.id;
    this._replyTo = null;
    if (id !== undefined) void this.updateComplete.then(() => this._focusPost(id));
  }

  private async _replyToTopic(): Promise<void> {
    this._replyTo = null;
    await this.updateComplete;
    this._activeComposer()?.focus();
  }

  private async _sendReply(value: ComposerValue, parentId: number | null): Promise<void> {
    const answer = await api.post<{ post: PostView }>(apiPath`/api/topics/${this.topicId}/posts`, {
      body: value.body,
      ...(parentId !== null ? { parentId } : {}),
    });
    const post = answer.post;
    this._thread.upsert(post);
    this._markFresh(post.id);
    this._replyTo = null;
    await this.updateComplete;
    this._focusPost(post.id);
  }

  private _onEvent(event: RoomEvent): void {
    switch (event.type) {
      case 'post:created': {
        const post = event.data as PostView;
        if (this._thread.upsert(post) === 'added') {
          this._markFresh(post.id);
          this._arrived.push(post.id);
        }
        break;
      }
      case 'post:updated':
      case 'post:hidden':
        this._onPostEvent(event.data as PostView);
        break;
      case 'topic:updated':
        this._thread.setTopic(event.data as TopicView);
        break;
      default:
        break;
    }
  }

  /**
   * Events are presented for anonymous readers: a hidden post comes without its body. Its
   * author and moderators fetch it again to see what they may see.
   */
  private _onPostEvent(post: PostView): void {
    const user = this._session.user;
    const mayReadHidden = user !== null && (user.id === post.author.id || this._session.hasRole('moderator'));
    if (post.hidden && post.html === null && mayReadHidden) {
      void api.get<{ post: PostView }>(apiPath`/api/posts/${post.id}`).then(
        (answer) => this._thread.upsert(answer.post),
        () => this._thread.upsert(post),
      );
      return;
    }
    this._thread.upsert(post);
  }

  private _markFresh(id: number): void {
    this._fresh = new Set([...this._fresh, id]);
    setTimeout(() => {
      const next = new Set(this._fresh);
      next.delete(id);
      this._fresh = next;
    }, 3500);
  }

  /** Live arrivals out of view go behind the "N new replies" bar instead of moving the page. */
  private _checkArrived(): void {
    const ids = this._arrived;
    this._arrived = [];
    const unseen = [...this._unseen];
    for (const id of ids) {
      const node = this.renderRoot.querySelector<HTMLElement>(`#post-${id}`);
      if (!node) continue;
      const rect = node.getBoundingClientRect();
      const inView = rect.bottom > 0 && rect.top < window.innerHeight;
      if (!inView && !unseen.includes(id)) {
        unseen.push(id);
        this._observer?.observe(node);
      }
    }
    if (unseen.length !== this._unseen.length) this._unseen = unseen;
  }

  private _onIntersect(entries: IntersectionObserverEntry[]): void {
    const seen = entries
      .filter((entry) => entry.isIntersecting)
      .map((entry) => Number((entry.target as HTMLElement).dataset['postId']));
    if (seen.length === 0) return;
    for (const entry of entries) if (entry.isIntersecting) this._observer?.unobserve(entry.target);
    this._unseen = this._unseen.filter((id) => !seen.includes(id));
  }

  private _showUnseen(): void {
    const [first] = this._unseen;
    this._unseen = [];
    this._observer?.disconnect();
    this._observer = new IntersectionObserver((entries) => this._onIntersect(entries));
    if (first !== undefined) this._focusPost(first);
  }

  private _focusPost(id: number): void {
    const node = this.renderRoot.querySelector<HTMLElement>(`#post-${id}`);
    if (!node) return;
    node.scrollIntoView({ block: 'center' });
    node.focus({ preventScroll: true });
  }

  /** Goes to the #post-<id> of the address (the page's ids live in this shadow root). */
  private async _scrollToHash(): Promise<void> {
    const match = /^#post-(\d+)$/.exec(window.location.hash);
    const key = `${this.topicId}|${this.threadId ?? ''}|${window.location.hash}`;
    if (!match || key === this._scrolledFor) return;
    this._scrolledFor = key;
    const id = Number(match[1]);
    if (!this._thread.posts.has(id)) {
      if (this._thread.cursor === null && this.threadId === null) return; // not a post of this topic
      this._missingTarget = id;
      if (this.threadId === null) await this._openBranchOf(id);
      return;
    }
    this._missingTarget = null;
    await this.updateComplete;
    const post = this.renderRoot.querySelector<HTMLElement>(`#post-${id}`);
    const child = post?.querySelector('gr-post');
    if (child) await child.updateComplete;
    this._focusPost(id);
  }

  /**
   * A linked post beyond the loaded pages of a long topic (a notification, a search hit):
   * open the branch of the post it answers, where it sits among its siblings. The notice
   * with a link stays if the post cannot be fetched.
   */
  private async _openBranchOf(id: number): Promise<void> {
    try {
      const answer = await api.get<{ post: PostView }>(apiPath`/api/posts/${id}`);
      if (answer.post.topicId !== this.topicId || window.location.hash !== `#post-${id}`) return;
      const branch = answer.post.parentId ?? answer.post.id;
      navigate(`/t/${this.topicId}?thread=${branch}#post-${id}`, { replace: true });
    } catch {
      // The notice offers the post's own branch instead.
    }
  }

  private async _loadBoard(slug: string): Promise<void> {
    try {
      const boards = await loadBoards();
      this._board = boards.find((board) => board.slug === slug) ?? null;
    } catch {
      // The slug stands in for the name.
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-topic-page': GrTopicPage;
  }
}
