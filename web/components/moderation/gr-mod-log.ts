import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, api } from '../../api/client';
import type { ModLogView } from '../../api/moderation-types';
import type { Page } from '../../../server/presenters/page.presenter';
import type { UserRef } from '../../../server/presenters/user.presenter';
import { ApiTask } from '../../controllers/api-task';
import { FormController } from '../../controllers/form-controller';
import { KeysetPager } from '../../controllers/keyset-pager';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, t } from '../../i18n';
import { baseStyles } from '../../styles/shared.styles';
import { MOD_LOG_ACTIONS, actionName, targetName, userName } from './mod-labels';
import '../shell/gr-error-message';

/** The log's filters as GET /api/mod/log takes them. */
interface LogFilters {
  moderatorId?: number;
  targetUserId?: number;
  action?: string;
  from?: string;
  to?: string;
}

type Field = 'moderator' | 'target' | 'from' | 'to';

/**
 * The moderation log on /mod?tab=log: every action, newest first — who, what, on whom,
 * when, why, and what changed — filtered by moderator, user acted on (by username), action
 * and dates, with "load more" and a CSV export of the same filters. Read only: the log has
 * no way to change a row.
 */
@customElement('gr-mod-log')
export class GrModLog extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host { display: block; }
      form { display: flex; flex-wrap: wrap; gap: var(--gr-space-3); align-items: flex-end; margin-bottom: var(--gr-space-4); }
      form .field { flex: 1 1 9rem; }
      gr-error-message.whole { flex-basis: 100%; }
      ol { list-style: none; margin: 0; padding: 0; border-top: 1px solid var(--gr-color-border); }
      li { display: grid; grid-template-columns: 11rem minmax(0, 1fr); gap: var(--gr-space-1) var(--gr-space-4); padding: var(--gr-space-3) 0; border-bottom: 1px solid var(--gr-color-border); }
      li p { margin: 0; overflow-wrap: anywhere; }
      .change { font-family: var(--gr-font-mono); font-size: var(--gr-font-size-sm); color: var(--gr-color-text-muted); }
      .toolbar { display: flex; flex-wrap: wrap; justify-content: flex-end; gap: var(--gr-space-3); margin-bottom: var(--gr-space-3); }
      .more { margin-top: var(--gr-space-4); text-align: center; }
      @media (max-width: 40rem) { li { grid-template-columns: minmax(0, 1fr); } }
    `,
  ];

  @state() private _filters: LogFilters = {};

  private readonly _form = new FormController<Field>(this, { fields: ['moderator', 'target', 'from', 'to'] });
  private readonly _pager = new KeysetPager<ModLogView>(this, {
    fetchPage: (cursor) => api.get<Page<ModLogView>>('/api/mod/log', { query: { ...this._filters, limit: 50, cursor } }),
    key: (row) => row.id,
  });
  private readonly _first = new ApiTask(this, {
    args: () => [JSON.stringify(this._filters)] as const,
    task: async (_args, signal) => this._pager.reset(await api.get<Page<ModLogView>>('/api/mod/log', { query: { ...this._filters, limit: 50 }, signal })),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    const csv = new URLSearchParams(Object.entries(this._filters).map(([k, v]) => [k, String(v)])).toString();
    return html`
      ${this._renderForm()}
      <div class="toolbar"><a class="button secondary" href=${`/api/mod/log.csv${csv ? `?${csv}` : ''}`} download>${t('modLog.export')}</a></div>
      ${this._first.render({
        pending: () => (this._pager.items.length === 0 ? html`<p class="muted" role="status">${t('app.loading')}</p>` : this._renderRows()),
        complete: () => this._renderRows(),
        error: (err) => html`<gr-error-message retryable .error=${err} @gr-retry=${() => void this._first.run()}></gr-error-message>`,
      })}
    `;
  }

  private _renderForm(): TemplateResult {
    return html`<form novalidate role="search" aria-label=${t('modLog.heading')} @submit=${this._apply}>
      <gr-error-message class="whole" .error=${this._form.formError}></gr-error-message>
      <div class="field"><label for="log-mod">${t('modLog.moderator')}</label>
        <input id="log-mod" name="moderator" type="text" placeholder=${t('modLog.usernameHint')} autocomplete="off" /></div>
      <div class="field"><label for="log-target">${t('modLog.target')}</label>
        <input id="log-target" name="target" type="text" placeholder=${t('modLog.usernameHint')} autocomplete="off" /></div>
      <div class="field"><label for="log-action">${t('modLog.action')}</label>
        <select id="log-action" name="action">
          <option value="">${t('modLog.allActions')}</option>
          ${MOD_LOG_ACTIONS.map((action) => html`<option value=${action}>${actionName(action)}</option>`)}
        </select></div>
      <div class="field"><label for="log-from">${t('modLog.from')}</label><input id="log-from" name="from" type="date" /></div>
      <div class="field"><label for="log-to">${t('modLog.to')}</label><input id="log-to" name="to" type="date" /></div>
      <div class="actions">
        <button type="submit" ?disabled=${this._form.busy}>${t('modLog.apply')}</button>
        <button type="reset" class="secondary" @click=${this._clear}>${t('modLog.reset')}</button>
      </div>
    </form>`;
  }

  private _renderRows(): TemplateResult {
    const rows = this._pager.items;
    if (rows.length === 0) return html`<p class="muted">${t('modLog.empty')}</p>`;
    return html`<ol aria-label=${t('modLog.heading')}>${rows.map((row) => html`<li>
        <p class="muted"><time datetime=${row.createdAt}>${formatDate(row.createdAt, 'datetime')}</time></p>
        <div>
          <p><strong>${userName(row.moderator)}</strong> · ${actionName(row.action)}
            ${row.targetUser ? html` · <a href=${`/u/${encodeURIComponent(row.targetUser.username)}`}>${userName(row.targetUser)}</a>` : nothing}
            <span class="muted">(${targetName(row.targetType)} #${row.targetId})</span></p>
          ${row.note ? html`<p>${t('modLog.why')}：${row.note}</p>` : nothing}
          ${row.before || row.after ? html`<p class="change">${t('modLog.change')}：${JSON.stringify(row.before)} → ${JSON.stringify(row.after)}</p>` : nothing}
        </div>
      </li>`)}</ol>
      ${this._pager.renderMore(t('modLog.loadMore'), t('app.loading'))}`;
  }

  /** Turns the usernames typed into user ids (GET /api/users?q=), then applies the filters. */
  private _apply(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string): string => String(data.get(name) ?? '').trim();
    void this._form.submit({
      send: async (signal) => {
        const [moderator, target] = await Promise.all([findUser(text('moderator'), signal), findUser(text('target'), signal)]);
        const filters: LogFilters = {};
        if (moderator) filters.moderatorId = moderator.id;
        if (target) filters.targetUserId = target.id;
        if (text('action')) filters.action = text('action');
        if (text('from')) filters.from = text('from');
        if (text('to')) filters.to = text('to');
        this._filters = filters;
      },
    });
  }

  private _clear(): void {
    this._form.reset();
    this._filters = {};
  }
}

/** The user whose username is exactly `username` (case aside), or null for ''. */
async function findUser(username: string, signal: AbortSignal): Promise<UserRef | null> {
  if (username === '') return null;
  const page = await api.get<Page<UserRef>>('/api/users', { query: { q: username, limit: 20 }, signal });
  const found = page.items.find((user) => user.username.toLowerCase() === username.toLowerCase()) ?? page.items[0];
  if (!found) {
    const message = t('modLog.noUser', { name: username });
    throw new ApiError(404, 'NOT_FOUND', message, { statusCode: 404, code: 'NOT_FOUND', error: 'Not Found', message });
  }
  return found;
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-mod-log': GrModLog;
  }
}
