import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api } from '../../api/client';
import { postHref } from '../../text/links';
import type { NotificationPageView, NotificationView, UnreadCountView } from '../../../server/presenters/notification.presenter';
import type { Page } from '../../../server/presenters/page.presenter';
import type { UserView } from '../../../server/presenters/user.presenter';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, formatNumber, t } from '../../i18n';
import { LiveAnnouncer } from '../../controllers/live-announcer';
import { RoomController } from '../../realtime/room-controller';
import { baseStyles } from '../../styles/shared.styles';
import './gr-error-message';
import { moderationNotice, type ModNotice } from '../moderation/mod-notifications';
import { postUsedNotice } from '../columns/column-notifications';

/** Notifications fetched per page of the dropdown. */
const PAGE_SIZE = 10;

/**
 * The bell in the header: the unread count (GET /api/notifications/unread-count, kept live
 * by `notification` events of the user's own room), and a dropdown listing notifications
 * with links to their posts, "mark read" on opening one and "mark all read".
 */
@customElement('gr-notification-bell')
export class GrNotificationBell extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        position: relative;
        display: inline-block;
      }

      .bell {
        position: relative;
        min-height: 2.25rem;
        padding: var(--gr-space-1) var(--gr-space-3);
      }

      .bell svg {
        width: 1.25rem;
        height: 1.25rem;
      }

      .badge {
        min-width: 1.25rem;
        padding: 0 var(--gr-space-1);
        border-radius: 999px;
        background: var(--gr-color-accent);
        color: var(--gr-color-on-accent);
        font-size: 0.75rem;
        line-height: 1.25rem;
        text-align: center;
      }

      .panel {
        position: absolute;
        right: 0;
        top: calc(100% + var(--gr-space-2));
        z-index: 30;
        width: min(24rem, calc(100vw - 1.5rem));
        max-height: 70vh;
        overflow-y: auto;
        padding: var(--gr-space-3);
        background: var(--gr-color-surface);
        border: 1px solid var(--gr-color-border);
        border-radius: var(--gr-radius-md);
        box-shadow: var(--gr-shadow-md);
        white-space: normal;
      }

      @media (max-width: 44rem) {
        .panel {
          position: fixed;
          left: var(--gr-space-3);
          right: var(--gr-space-3);
          top: auto;
          width: auto;
        }
      }

      .panel-head {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: var(--gr-space-2);
        margin-bottom: var(--gr-space-2);
      }

      .panel-head h2 {
        margin: 0;
        font-size: var(--gr-font-size-md);
      }

      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }

      li {
        border-top: 1px solid var(--gr-color-border);
      }

      li a {
        display: block;
        padding: var(--gr-space-2);
        color: var(--gr-color-text);
        text-decoration: none;
      }

      li a:hover {
        background: var(--gr-color-surface-muted);
      }

      li.unread a {
        font-weight: 600;
        border-left: 3px solid var(--gr-color-accent);
      }

      time {
        display: block;
        font-weight: 400;
        font-size: var(--gr-font-size-sm);
        color: var(--gr-color-text-muted);
      }

      li .detail {
        display: block;
        font-weight: 400;
        font-size: var(--gr-font-size-sm);
      }

      li a.appeal {
        display: inline-block;
        padding: 0 var(--gr-space-2) var(--gr-space-2);
        color: var(--gr-color-link);
        text-decoration: underline;
      }

      .more {
        margin-top: var(--gr-space-2);
        text-align: center;
      }
    `,
  ];

  /** The signed-in user (their own room carries the live notifications). */
  @property({ attribute: false }) user: UserView | null = null;

  @state() private _count = 0;
  @state() private _open = false;
  @state() private _items: NotificationView[] | null = null;
  @state() private _cursor: string | null = null;
  @state() private _loading = false;
  @state() private _error: unknown = null;

  private _countFor: number | null = null;
  /**
   * The user room's seq read with the unread count (what realtime replays from); undefined
   * when the count could not be read, and the bell follows the room from now on.
   */
  private _seqFor: { user: number; seq: number | undefined } | null = null;
  private readonly _room = new RoomController(this, {
    room: () => (this.user ? `user:${this.user.id}` : null),
    since: () => (this._seqFor !== null && this._seqFor.user === this.user?.id ? this._seqFor.seq : null),
    onEvent: (event) => {
      if (event.type !== 'notification') return;
      const item = event.data;
      if (this._items?.some((known) => known.id === item.id)) return;
      if (item.readAt === null) {
        this._count += 1;
        this._announcer.note();
      }
      if (this._items) this._items = [item, ...this._items];
    },
    onResync: () => void this._loadCount(),
  });
  /** Says new notifications to screen readers, once a burst. */
  private readonly _announcer = new LiveAnnouncer(this, (count) => t('notif.arrived', { count }));
  private readonly _onDocumentClick = (event: MouseEvent): void => {
    if (this._open && !event.composedPath().includes(this)) this._open = false;
  };

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('click', this._onDocumentClick);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('click', this._onDocumentClick);
  }

  override updated(): void {
    const id = this.user?.id ?? null;
    if (id !== this._countFor) {
      this._countFor = id;
      this._items = null;
      this._count = 0;
      if (id !== null) void this._loadCount();
    }
  }

  override render(): TemplateResult | typeof nothing {
    if (!this.user) return nothing;
    // The name comes from the content, so it holds the number that is seen (WCAG 2.5.3):
    // "通知 3 条未读" / "Notifications 3 unread".
    return html`
      <button type="button" class="bell secondary" aria-expanded=${this._open ? 'true' : 'false'}
        aria-controls=${this._open ? 'notifications' : nothing} @click=${this._toggle} @keydown=${this._onKeydown}>
        <svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9"></path>
          <path d="M13.7 21a2 2 0 0 1-3.4 0"></path>
        </svg>
        <span class="visually-hidden">${t('notif.label')}</span>
        ${this._count > 0
          ? html`<span class="badge">${formatNumber(this._count)}</span> <span class="visually-hidden">${t('notif.unreadSuffix')}</span>`
          : nothing}
      </button>
      <span class="visually-hidden" role="status" data-announcer>${this._announcer.text}</span>
      ${this._open ? this._renderPanel() : nothing}
    `;
  }

  private _renderPanel(): TemplateResult {
    return html`
      <section id="notifications" class="panel" aria-labelledby="notifications-heading" @keydown=${this._onKeydown}>
        <div class="panel-head">
          <h2 id="notifications-heading">${t('notif.heading')}</h2>
          ${this._count > 0 ? html`<button type="button" class="link" @click=${this._markAll}>${t('notif.markAll')}</button>` : nothing}
        </div>
        <gr-error-message polite .error=${this._error}></gr-error-message>
        ${this._items === null
          ? html`<p class="muted" role="status">${t('notif.loading')}</p>`
          : this._items.length === 0
            ? html`<p class="muted">${t('notif.empty')}</p>`
            : html`<ul>${this._items.map((item) => this._renderItem(item))}</ul>`}
        ${this._cursor !== null
          ? html`<div class="more"><button type="button" class="secondary" ?disabled=${this._loading} @click=${this._loadMore}>${t('notif.loadMore')}</button></div>`
          : nothing}
      </section>
    `;
  }

  private _renderItem(item: NotificationView): TemplateResult {
    const name = item.actor ? item.actor.displayName || item.actor.username : t('notif.someone');
    const title = item.topicTitle ?? t('notif.untitled');
    const key = item.type === 'reply' ? 'notif.reply' : item.type === 'mention' ? 'notif.mention' : 'notif.other';
    const href = item.topicId !== null ? postHref(item.topicId, item.postId) : '#';
    const used = postUsedNotice(item);
    if (used) return this._renderModItem(item, used);
    const mod = moderationNotice(item, href);
    if (mod) return this._renderModItem(item, mod);
    return html`
      <li class=${item.readAt === null ? 'unread' : ''}>
        <a href=${href} @click=${() => this._opened(item)}>
          ${item.readAt === null ? html`<span class="visually-hidden">${t('notif.unreadMark')}：</span>` : nothing}
          ${t(key, { name, title })}
          <time datetime=${item.createdAt}>${formatDate(item.createdAt, 'datetime')}</time>
        </a>
      </li>
    `;
  }

  /** A moderation notice: what was done and why, and the way to appeal it. */
  private _renderModItem(item: NotificationView, mod: ModNotice): TemplateResult {
    return html`
      <li class=${item.readAt === null ? 'unread' : ''}>
        <a href=${mod.href} @click=${() => this._opened(item)}>
          ${item.readAt === null ? html`<span class="visually-hidden">${t('notif.unreadMark')}：</span>` : nothing}
          ${mod.text}${mod.detail ? html`<span class="detail">${mod.detail}</span>` : nothing}
          <time datetime=${item.createdAt}>${formatDate(item.createdAt, 'datetime')}</time>
        </a>
        ${mod.appealAction !== null
          ? html`<a class="appeal" href=${`/appeals?action=${mod.appealAction}`} @click=${() => this._opened(item)}>${t('appeal.button')}</a>`
          : nothing}
      </li>
    `;
  }

  private async _loadCount(): Promise<void> {
    const user = this.user?.id;
    try {
      const answer = await api.get<UnreadCountView>('/api/notifications/unread-count');
      this._count = answer.count;
      if (user !== undefined && user === this.user?.id) this._seqFor = { user, seq: answer.seq };
    } catch {
      // The bell stays without a number; the list still loads when opened.
      if (user !== undefined && user === this.user?.id) this._seqFor = { user, seq: undefined };
    }
    this.requestUpdate();
  }

  private _toggle(): void {
    this._open = !this._open;
    if (this._open) void this._loadFirst();
  }

  private _onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this._open) {
      event.stopPropagation();
      this._open = false;
      this.renderRoot.querySelector<HTMLButtonElement>('.bell')?.focus();
    }
  }

  private async _loadFirst(): Promise<void> {
    this._loading = true;
    this._error = null;
    try {
      const answer = await api.get<NotificationPageView>(
        '/api/notifications',
        { query: { limit: PAGE_SIZE } },
      );
      this._items = answer.items;
      this._cursor = answer.nextCursor;
      this._count = answer.unreadCount;
    } catch (err) {
      this._error = err;
      this._items = this._items ?? [];
    } finally {
      this._loading = false;
    }
  }

  private async _loadMore(): Promise<void> {
    if (this._cursor === null || this._loading) return;
    this._loading = true;
    try {
      const answer = await api.get<Page<NotificationView>>('/api/notifications', {
        query: { limit: PAGE_SIZE, cursor: this._cursor },
      });
      const known = new Set((this._items ?? []).map((item) => item.id));
      this._items = [...(this._items ?? []), ...answer.items.filter((item) => !known.has(item.id))];
      this._cursor = answer.nextCursor;
    } catch (err) {
      this._error = err;
    } finally {
      this._loading = false;
    }
  }

  private _opened(item: NotificationView): void {
    this._open = false;
    if (item.readAt !== null) return;
    const now = new Date().toISOString();
    this._items = (this._items ?? []).map((known) => (known.id === item.id ? { ...known, readAt: now } : known));
    this._count = Math.max(0, this._count - 1);
    void api.post('/api/notifications/read', { ids: [item.id] }).catch(() => undefined);
  }

  private async _markAll(): Promise<void> {
    this._error = null;
    try {
      await api.post('/api/notifications/read', { all: true });
      const now = new Date().toISOString();
      this._items = (this._items ?? []).map((item) => (item.readAt === null ? { ...item, readAt: now } : item));
      this._count = 0;
    } catch (err) {
      this._error = err;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-notification-bell': GrNotificationBell;
  }
}
