import { canEditPost } from '../../../server/domain/roles';
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { api, apiPath } from '../../api/client';
import { REACTION_KINDS, type ReactionKind } from '../../../server/domain/forum';
import type { UserRef } from '../../../server/presenters/user.presenter';
import type { PostView } from '../../../server/presenters/post.presenter';
import type { ItemList } from '../../../server/presenters/page.presenter';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { formatDate, formatNumber, t } from '../../i18n';
import { reactionName } from '../../i18n/forum-labels';
import { postContentStyles } from '../../styles/post-content.styles';
import { postStyles } from '../../styles/post.styles';
import { baseStyles } from '../../styles/shared.styles';
import type { ComposerValue } from './gr-composer';
import './gr-composer';
import '../shell/gr-error-message';
import './gr-post-history';
import '../moderation/gr-post-actions';
import { postStatusBanner } from '../moderation/post-status';

/** What `gr-quote` carries: the post and the text to quote (the selection, or the whole body). */
export interface QuoteDetail {
  post: PostView;
  text: string;
}

/**
 * One post of a topic: author, time, the link to the post it answers, the server-rendered
 * body (or "this post is hidden"), and its actions — reply, quote (the selected text of this
 * post, or all of it), edit with history (author or moderator), reactions with who reacted.
 * The thread around it is the topic page's business.
 *
 * Fires `gr-reply` (detail: the post), `gr-quote` (detail: QuoteDetail) and
 * `gr-post-changed` (detail: the post as the server now presents it, after an edit or a reaction).
 */
@customElement('gr-post')
export class GrPost extends LitElement {
  static override styles = [baseStyles, postContentStyles, postStyles];

  /** The post to show. */
  @property({ attribute: false }) post: PostView | null = null;
  /** The author of the post this one answers, for the "in reply to" link; null for none. */
  @property({ attribute: false }) parentAuthor: UserRef | null = null;
  /** The topic's first post (styled as the opening post). */
  @property({ type: Boolean }) opening = false;
  /** May the viewer reply here (signed in, topic open or viewer a moderator)? */
  @property({ type: Boolean, attribute: 'can-reply' }) canReply = false;
  /** Just arrived live: highlighted for a moment. */
  @property({ type: Boolean, reflect: true }) fresh = false;

  @state() private _editing = false;
  @state() private _showHistory = false;
  @state() private _reactors: Array<{ kind: ReactionKind; user: UserRef }> | null = null;
  @state() private _showReactors = false;
  @state() private _actionError: unknown = null;
  @state() private _reacting = false;

  private readonly _session = new SessionController(this);
  /** The selection inside this post's body when the quote button was pressed. */
  private _pendingQuote = '';

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult | typeof nothing {
    const post = this.post;
    if (!post) return nothing;
    const user = this._session.user;
    const visible = post.html !== null;
    const canEdit = user !== null && visible && canEditPost(user, post.author.id);
    const headingId = `post-${post.id}-author`;
    return html`
      <article aria-labelledby=${headingId}>
        <header>
          <a class="author" id=${headingId} href=${`/u/${encodeURIComponent(post.author.username)}`}>${post.author.displayName || post.author.username}</a>
          <a class="time" href=${`#post-${post.id}`} title=${t('post.permalink')}>
            <time datetime=${post.createdAt}>${formatDate(post.createdAt, 'datetime')}</time>
          </a>
          ${post.parentId !== null && this.parentAuthor
            ? html`<a href=${`#post-${post.parentId}`} class="reply-to">${t('post.inReplyTo', { name: this.parentAuthor.displayName || this.parentAuthor.username })}</a>`
            : nothing}
          ${post.editedAt ? html`<span>${t('post.edited', { time: formatDate(post.editedAt, 'datetime') })}</span>` : nothing}
        </header>
        ${postStatusBanner(post, user?.id ?? null)}
        ${this._editing ? this._renderEditor(post) : this._renderBody(post)}
        <gr-error-message .error=${this._actionError}></gr-error-message>
        ${this._editing ? nothing : this._renderFooter(post, canEdit)}
        ${this._showReactors ? this._renderReactors() : nothing}
        ${this._showHistory
          ? html`<section class="panel" aria-label=${t('history.label')}>
              <h3>${t('history.heading')}</h3>
              <gr-post-history post-id=${post.id} .currentBody=${post.body}></gr-post-history>
            </section>`
          : nothing}
      </article>
    `;
  }

  private _renderBody(post: PostView): TemplateResult {
    if (post.html === null) return html`<p class="hidden-note">${t('post.hiddenPlaceholder')}</p>`;
    // The server's sanitised rendering: the one field inserted as HTML.
    return html`<div class="content">${unsafeHTML(post.html)}</div>`;
  }

  private _renderEditor(post: PostView): TemplateResult {
    return html`
      <gr-composer
        .initialBody=${post.body ?? ''}
        .label=${t('post.editLabel')}
        .submitLabel=${t('post.saveEdit')}
        cancellable
        .send=${(value: ComposerValue) => this._saveEdit(value)}
        @gr-cancel=${this._cancelEdit}
      ></gr-composer>
    `;
  }

  private _renderFooter(post: PostView, canEdit: boolean): TemplateResult {
    const signedIn = this._session.user !== null;
    const total = REACTION_KINDS.reduce((sum, kind) => sum + (post.reactions[kind] ?? 0), 0);
    return html`
      <footer>
        <div class="reactions" role="group" aria-label=${t('post.reactions')}>
          ${REACTION_KINDS.map((kind) => {
            const mine = post.myReactions?.includes(kind) ?? false;
            const count = post.reactions[kind] ?? 0;
            return html`<button
              type="button"
              class="secondary"
              aria-pressed=${signedIn ? (mine ? 'true' : 'false') : nothing}
              ?disabled=${!signedIn || this._reacting || post.html === null}
              title=${signedIn ? reactionName(kind) : t('post.signInToReact')}
              @click=${() => this._toggleReaction(kind, !mine)}
            >${reactionName(kind)} ${formatNumber(count)}</button>`;
          })}
          ${total > 0
            ? html`<button type="button" class="link" aria-expanded=${this._showReactors ? 'true' : 'false'} @click=${this._toggleReactors}>${t('post.whoReacted')}</button>`
            : nothing}
        </div>
        <!-- One group: on a narrow screen it moves to its own row whole, rather than splitting. -->
        <div class="post-actions">
          ${this.canReply && post.html !== null
            ? html`
                <button type="button" class="secondary" @click=${this._reply}>${t('post.reply')}</button>
                <button type="button" class="secondary" @pointerdown=${this._captureSelection} @click=${this._quote}>${t('post.quote')}</button>
              `
            : nothing}
          ${canEdit ? html`<button type="button" class="secondary" @click=${this._startEdit}>${t('post.edit')}</button>` : nothing}
          ${post.editedAt
            ? html`<button type="button" class="secondary" aria-expanded=${this._showHistory ? 'true' : 'false'} @click=${this._toggleHistory}>${t('post.history')}</button>`
            : nothing}
          <gr-post-actions .post=${post}></gr-post-actions>
        </div>
      </footer>
    `;
  }

  private _renderReactors(): TemplateResult {
    return html`
      <section class="panel" aria-label=${t('post.whoReacted')}>
        ${this._reactors === null
          ? html`<p class="muted" role="status">${t('app.loading')}</p>`
          : this._reactors.length === 0
            ? html`<p class="muted">${t('post.noReactions')}</p>`
            : html`<ul>
                ${this._reactors.map(
                  (r) => html`<li><a href=${`/u/${encodeURIComponent(r.user.username)}`}>${r.user.displayName || r.user.username}</a> · ${reactionName(r.kind)}</li>`,
                )}
              </ul>`}
      </section>
    `;
  }

  private _emitChanged(post: PostView): void {
    this.dispatchEvent(new CustomEvent('gr-post-changed', { detail: post, bubbles: true, composed: true }));
  }

  private async _toggleReaction(kind: ReactionKind, on: boolean): Promise<void> {
    const post = this.post;
    if (!post || this._reacting) return;
    this._reacting = true;
    this._actionError = null;
    try {
      const path = apiPath`/api/posts/${post.id}/reactions/${kind}`;
      const answer = on ? await api.put<{ post: PostView }>(path) : await api.del<{ post: PostView }>(path);
      this._emitChanged(answer.post);
      if (this._showReactors) void this._loadReactors();
    } catch (err) {
      this._actionError = err;
    } finally {
      this._reacting = false;
    }
  }

  private _toggleReactors(): void {
    this._showReactors = !this._showReactors;
    if (this._showReactors) void this._loadReactors();
  }

  private async _loadReactors(): Promise<void> {
    const post = this.post;
    if (!post) return;
    try {
      const answer = await api.get<ItemList<{ kind: ReactionKind; user: UserRef }>>(apiPath`/api/posts/${post.id}/reactions`);
      this._reactors = answer.items;
    } catch (err) {
      this._actionError = err;
      this._showReactors = false;
    }
  }

  private _toggleHistory(): void {
    this._showHistory = !this._showHistory;
  }

  private _reply(): void {
    if (!this.post) return;
    this.dispatchEvent(new CustomEvent('gr-reply', { detail: this.post, bubbles: true, composed: true }));
  }

  /** The text selected inside this post's body, or '' (selection APIs differ across shadow DOM). */
  private _selectedText(): string {
    const body = this.renderRoot.querySelector('.content');
    if (!body) return '';
    const root = this.shadowRoot;
    let range: Range | null = null;
    const selection = window.getSelection();
    const composed = selection as (Selection & { getComposedRanges?: (options: { shadowRoots: ShadowRoot[] }) => StaticRange[] }) | null;
    if (composed?.getComposedRanges && root) {
      const [staticRange] = composed.getComposedRanges({ shadowRoots: [root] });
      if (staticRange && !staticRange.collapsed) {
        range = document.createRange();
        try {
          range.setStart(staticRange.startContainer, staticRange.startOffset);
          range.setEnd(staticRange.endContainer, staticRange.endOffset);
        } catch {
          range = null;
        }
      }
    }
    if (!range) {
      const legacy = (root as ShadowRoot & { getSelection?: () => Selection | null } | null)?.getSelection?.() ?? selection;
      if (legacy && legacy.rangeCount > 0 && !legacy.isCollapsed) range = legacy.getRangeAt(0);
    }
    if (!range || !body.contains(range.commonAncestorContainer)) return '';
    return range.toString().trim();
  }

  private _captureSelection(): void {
    this._pendingQuote = this._selectedText();
  }

  private _quote(): void {
    const post = this.post;
    if (!post || post.body === null) return;
    const text = this._pendingQuote || this._selectedText() || post.body;
    this._pendingQuote = '';
    const detail: QuoteDetail = { post, text };
    this.dispatchEvent(new CustomEvent('gr-quote', { detail, bubbles: true, composed: true }));
  }

  private _startEdit(): void {
    this._editing = true;
    this._actionError = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector('gr-composer')?.focus());
  }

  private _cancelEdit(event: Event): void {
    event.stopPropagation();
    this._editing = false;
  }

  private async _saveEdit(value: ComposerValue): Promise<void> {
    const post = this.post;
    if (!post) return;
    const answer = await api.patch<{ post: PostView }>(apiPath`/api/posts/${post.id}`, { body: value.body });
    this._editing = false;
    this._emitChanged(answer.post);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-post': GrPost;
  }
  interface HTMLElementEventMap {
    'gr-reply': CustomEvent<PostView>;
    'gr-quote': CustomEvent<QuoteDetail>;
    'gr-post-changed': CustomEvent<PostView>;
  }
}
