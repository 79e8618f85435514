import { canSeeHidden } from '../../../server/domain/roles';
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ApiError, api, apiPath } from '../../api/client';
import { loadBoards } from '../../api/boards-cache';
import { postHref } from '../../text/links';
import type { BoardView } from '../../../server/presenters/board.presenter';
import type { PostView } from '../../../server/presenters/post.presenter';
import type { TopicView } from '../../../server/presenters/topic.presenter';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { LiveAnnouncer } from '../../controllers/live-announcer';
import { NewRepliesController } from '../../controllers/new-replies-controller';
import { PostAnchorController } from '../../controllers/post-anchor-controller';
import { TopicActivityController } from '../../controllers/topic-activity-controller';
import { TopicThreadController } from '../../controllers/topic-thread-controller';
import { formatDate, t } from '../../i18n';
import { topicKindName } from '../../i18n/forum-labels';
import { RoomController } from '../../realtime/room-controller';
import type { RoomEvent } from '../../realtime/socket';
import { setPageTitle } from '../../router';
import { escapeMarkdownName, quoteMarkdown } from '../../text/quote';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { topicPageStyles } from '../../styles/topic-page.styles';
import type { ComposerValue, GrComposer } from './gr-composer';
import type { QuoteDetail } from './gr-post';
import '../columns/gr-used-in';
import './gr-composer';
import '../shell/gr-error-message';
import './gr-post';
import { lockedText, renderTopicModeration, replyBlockedNotice } from '../moderation/topic-moderation';

/** Levels of replies shown below the top of the view before "continue this thread". */
const MAX_LEVEL = 5;

/**
 * A topic (/t/:id): the conversation as a tree — replies indented under what they answer,
 * collapsed past five levels into "continue this thread" (/t/:id?thread=<post>), each
 * reply linking to its parent (#post-<id>). The first page of the thread loads at once and
 * more on demand. Live (topic:<id> room): new replies appear in place with a highlight, or
 * behind an "N new replies" bar when they arrive out of view; edits and hides update in
 * place; who is typing and how many are reading show under the title.
 *
 * The data and the bookkeeping live in controllers: TopicThreadController (the tree and
 * its pages), RoomController (the live events), TopicActivityController (typing, readers),
 * NewRepliesController (highlights and the bar) and PostAnchorController (#post-<id>).
 */
@customElement('gr-topic-page')
export class GrTopicPage extends LitElement {
  static override styles = [baseStyles, pageStyles, topicPageStyles];

  /** The topic to show (from /t/:id). */
  @property({ type: Number, attribute: 'topic-id' }) topicId = 0;
  /** "Continue this thread": show only this post and its replies (from ?thread=). */
  @property({ type: Number, attribute: 'thread-id' }) threadId: number | null = null;

  /** The post an inline reply answers; null: the reply box under the thread answers the topic. */
  @state() private _replyTo: PostView | null = null;
  @state() private _board: BoardView | null = null;

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

  private readonly _anchor = new PostAnchorController(this, {
    topicId: () => this.topicId,
    threadId: () => this.threadId,
    thread: this._thread,
    node: (id) => this._postNode(id),
  });
  private readonly _replies = new NewRepliesController(this, { node: (id) => this._postNode(id) });
  /** Says live replies to screen readers once per burst. */
  private readonly _announcer = new LiveAnnouncer(this, (count) => t('topic.newReplies', { count }));
  /** The board whose name the crumbs show. */
  private _boardFor = '';

  constructor() {
    super();
    updateWhenLocaleChanges(this);
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
  }

  override render(): TemplateResult {
    const thread = this._thread;
    if (thread.status === 'error') {
      if (thread.error instanceof ApiError && thread.error.status === 404) {
        return html`<div class="page"><h1 tabindex="-1">${t('topic.notFoundTitle')}</h1>
          <p>${t('topic.notFound')}</p>
          <p><a href="/">${t('topic.browseBoards')}</a></p></div>`;
      }
      return html`<div class="page"><h1 tabindex="-1">${t('page.topic')}</h1>
        <gr-error-message retryable .error=${thread.error} @gr-retry=${() => void thread.reload()}></gr-error-message></div>`;
    }
    // A reload of this same view (a realtime resync) keeps the thread on screen meanwhile.
    if (!thread.topic || thread.dataKey !== `${this.topicId}|${this.threadId ?? ''}`) {
      return html`<div class="page"><p class="muted" role="status">${t('topic.loading')}</p></div>`;
    }
    const topic = thread.topic;
    return html`
      <div class="page" @gr-topic-changed=${this._onTopicChanged}>
        ${this._renderHead(topic)}
        ${this._anchor.missing !== null
          ? html`<p class="notice-box">${t('topic.targetNotLoaded')}
              <a href=${`/t/${topic.id}?thread=${this._anchor.missing}#post-${this._anchor.missing}`}>${t('topic.openTarget')}</a></p>`
          : nothing}
        ${this.threadId !== null ? this._renderBranchNotice(topic) : nothing}
        <section aria-label=${t('topic.conversation')}>
          <ol class="thread">${this._renderNodes(thread.roots, 0)}</ol>
          ${this._renderMore()}
        </section>
        ${this._renderReplySection(topic)}
        ${this._renderNewBar()}
      </div>
    `;
  }

  /** The "N new replies" bar over the page, and the live replies said to screen readers once a burst. */
  private _renderNewBar(): TemplateResult {
    const count = this._replies.unseen.length;
    return html`${count > 0
        ? html`<button type="button" class="new-bar" @click=${this._showUnseen}>${t('topic.newReplies', { count })}</button>`
        : nothing}
      <div class="visually-hidden" role="status" data-announcer>${this._announcer.text}</div>`;
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
          <gr-visit-mark .topic=${topic}></gr-visit-mark>
          <span>${t('topic.byline', { name: topic.author.displayName || topic.author.username, time: formatDate(topic.createdAt, 'datetime') })}</span>
          <span>${t('topic.replyCount', { count: Math.max(0, topic.postCount - 1) })}</span>
        </div>
        <gr-used-in mode="line" .uses=${this._thread.usedIn}></gr-used-in>
        ${renderTopicModeration(topic, this._session.user, this._session.hasRole('moderator'))}
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
    // A nested list that says where each post sits: its level, its place among its
    // siblings and how many there are (-1: not all loaded yet), as a tree would.
    const siblings = parent ? this._thread.children.get(parent.id) ?? [] : this._thread.roots;
    const setSize = parent ? Math.max(parent.replyCount, siblings.length) : this._thread.cursor === null ? siblings.length : -1;
    return html`
      <li class="node" id=${`post-${id}`} tabindex="-1" data-post-id=${id}
        aria-level=${this._thread.baseDepth + level + 1} aria-posinset=${siblings.indexOf(id) + 1} aria-setsize=${setSize}>
        <gr-post
          .post=${post}
          .parentAuthor=${parent?.author ?? null}
          ?opening=${opening}
          ?fresh=${this._replies.fresh.has(id)}
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
          .parentId=${post.id}
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
    } else if (!this._canReply()) body = html`<p class="muted">${lockedText(topic)}</p>`;
    else if (replyBlockedNotice(user) !== null) body = replyBlockedNotice(user) ?? html``;
    else if (this._replyTo !== null) {
      body = html`<button type="button" class="secondary" @click=${this._replyToTopic}>${t('topic.replyToTopic')}</button>`;
    } else {
      body = html`<gr-composer
        scope=${`topic:${topic.id}`}
        .label=${t('topic.replyLabel')}
        .submitLabel=${t('topic.sendReply')}
        .typingRoom=${`topic:${topic.id}`}
        .send=${(value: ComposerValue) => this._sendReply(value, null)}
        @gr-draft-parent=${this._onDraftParent}
      ></gr-composer>`;
    }
    return html`
      <section class="reply-section" aria-labelledby="reply-heading">
        <h2 id="reply-heading">${t('topic.replyHeading')}</h2>
        ${body}
      </section>
    `;
  }

  /** The list item of a post (the page's #post-<id> ids live in this shadow root). */
  private _postNode(id: number): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`#post-${id}`);
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
    const name = escapeMarkdownName(post.author.displayName || post.author.username);
    const attribution = t('post.quoteAttribution', { name, link: postHref(post.topicId, post.id) });
    composer.insertBlock(quoteMarkdown(text, attribution));
    composer.scrollIntoView({ block: 'nearest' });
  }

  /** The reply box's draft answers a post: it opens under that post again (when the post is on the page). */
  private _onDraftParent(event: CustomEvent<number>): void {
    const post = this._thread.posts.get(event.detail);
    if (!post || this._replyTo !== null) return;
    this._replyTo = this._targetFor(post);
  }

  private _onPostChanged(event: CustomEvent<PostView>): void {
    this._thread.upsert(event.detail);
  }

  private _onTopicChanged(event: CustomEvent<TopicView>): void {
    this._thread.setTopic(event.detail);
  }

  private _cancelInline(): void {
    const id = this._replyTo?.id;
    this._replyTo = null;
    if (id !== undefined) void this.updateComplete.then(() => this._anchor.focusPost(id));
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
    this._replies.markFresh(post.id);
    this._replyTo = null;
    await this.updateComplete;
    this._anchor.focusPost(post.id);
  }

  private _onEvent(event: RoomEvent): void {
    switch (event.type) {
      case 'post:created': {
        const post = event.data;
        this._activity.posted(post.author.id);
        if (this._thread.upsert(post) === 'added') {
          this._replies.arrived(post.id);
          if (post.author.id !== this._session.user?.id) this._announcer.note();
        }
        break;
      }
      case 'post:updated':
      case 'post:hidden':
        this._onPostEvent(event.data);
        break;
      case 'topic:updated':
        this._thread.setTopic(event.data);
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
    if (post.hidden && post.html === null && canSeeHidden(user, post.author.id)) {
      void api.get<{ post: PostView }>(apiPath`/api/posts/${post.id}`).then(
        (answer) => this._thread.upsert(answer.post),
        () => this._thread.upsert(post),
      );
      return;
    }
    this._thread.upsert(post);
  }

  private _showUnseen(): void {
    const first = this._replies.takeFirstUnseen();
    if (first !== undefined) this._anchor.focusPost(first);
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
