import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import type { ItemList } from '../../../server/presenters/page.presenter';
import type { SessionView } from '../../../server/presenters/session.presenter';
import { loadSession } from '../../api/session';
import { ApiTask } from '../../controllers/api-task';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, t } from '../../i18n';
import { baseStyles, rowListStyles } from '../../styles/shared.styles';
import { deviceName } from '../../text/user-agent';
import '../shell/gr-error-message';

/**
 * The browsers and devices signed in to the user's account (GET /api/me/sessions), each
 * with a sign-out button (DELETE /api/me/sessions/:id), and "sign out all other devices"
 * (POST /api/me/sessions/revoke-others).
 */
@customElement('gr-sessions')
export class GrSessions extends LitElement {
  static override styles = [
    baseStyles,
    rowListStyles,
    css`
      :host {
        display: block;
      }

      .badge {
        margin-left: var(--gr-space-2);
        padding: 0 var(--gr-space-2);
        border-radius: 999px;
        font-size: var(--gr-font-size-sm);
        font-weight: 600;
        background: var(--gr-color-success-soft);
        color: var(--gr-color-success);
      }

      .others {
        margin-top: var(--gr-space-4);
      }
    `,
  ];

  /** The id being signed out, or 'others'. */
  @state() private _ending: string | null = null;
  @state() private _error: unknown = null;
  @state() private _notice = '';

  private readonly _sessions = new ApiTask(this, {
    task: (_args, signal) => api.get<ItemList<SessionView>>('/api/me/sessions', { signal }),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /** Loads the list again (after something elsewhere on the page changed it). */
  refresh(): void {
    void this._sessions.run();
  }

  override render(): TemplateResult {
    return html`
      <h2>${t('sessions.heading')}</h2>
      <div class="card">
        <p>${t('sessions.intro')}</p>
        <gr-error-message .error=${this._error}></gr-error-message>
        <p class="live" role="status">${this._notice}</p>
        ${this._renderList()}
      </div>
    `;
  }

  private _renderList(): TemplateResult {
    if (this._sessions.status === 'error') {
      return html`<gr-error-message polite retryable .error=${this._sessions.error} @gr-retry=${() => this._sessions.run()}></gr-error-message>`;
    }
    const sessions = this._sessions.value?.items;
    if (!sessions) return html`<p class="muted" role="status">${t('sessions.loading')}</p>`;
    const others = sessions.filter((session) => !session.current);
    return html`
      <ul class="list">${sessions.map((session) => this._renderSession(session))}</ul>
      ${others.length > 0
        ? html`<div class="others">
            <button type="button" class="secondary" ?disabled=${this._ending !== null} @click=${this._endOthers}>
              ${this._ending === 'others' ? t('sessions.signingOut') : t('sessions.signOutOthers')}
            </button>
          </div>`
        : nothing}
    `;
  }

  private _renderSession(session: SessionView): TemplateResult {
    const device = describe(session.userAgent);
    return html`<li>
      <div>
        <div class="name">${device}${session.current ? html`<span class="badge">${t('sessions.current')}</span>` : nothing}</div>
        <div class="meta">
          ${t('sessions.lastSeen', { date: formatDate(session.lastSeenAt, 'datetime') })} ·
          ${t('sessions.signedInAt', { date: formatDate(session.createdAt, 'datetime') })}
          ${session.ip ? html` · ${t('sessions.from', { ip: session.ip })}` : nothing}
        </div>
      </div>
      ${session.current
        ? nothing
        : html`<button
            type="button"
            class="danger"
            ?disabled=${this._ending !== null}
            aria-label=${t('sessions.signOutNamed', { device })}
            @click=${() => this._end(session)}
          >${this._ending === session.id ? t('sessions.signingOut') : t('sessions.signOut')}</button>`}
    </li>`;
  }

  private async _end(session: SessionView): Promise<void> {
    this._ending = session.id;
    this._error = null;
    this._notice = '';
    try {
      await api.del(apiPath`/api/me/sessions/${session.id}`);
      await this._sessions.run();
    } catch (err) {
      this._error = err;
      // It may have ended already (expired, or signed out there): show what is left.
      void this._sessions.run();
    } finally {
      this._ending = null;
    }
  }

  private async _endOthers(): Promise<void> {
    if (!window.confirm(t('sessions.confirmOthers'))) return;
    this._ending = 'others';
    this._error = null;
    this._notice = '';
    try {
      const answer = await api.post<{ revoked: number }>('/api/me/sessions/revoke-others');
      this._notice = t('sessions.signedOutOthers', { count: answer.revoked });
      await this._sessions.run();
    } catch (err) {
      this._error = err;
      // A 401 here means this session itself is gone: let the app notice.
      void loadSession();
    } finally {
      this._ending = null;
    }
  }
}

/** A device as a person would call it: "Chrome（Android）", or the raw header when unknown. */
function describe(userAgent: string | null): string {
  const named = deviceName(userAgent);
  if (named) return t('sessions.deviceOn', { browser: named.browser, os: named.os });
  if (userAgent) return userAgent.length > 60 ? `${userAgent.slice(0, 60)}…` : userAgent;
  return t('sessions.unknownDevice');
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-sessions': GrSessions;
  }
}
