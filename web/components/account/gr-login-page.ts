import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api } from '../../api/client';
import { startSession } from '../../api/session';
import type { SessionAnswer } from '../../api/types';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { t } from '../../i18n';
import { navigate, safeNextPath } from '../../router';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { placeSubmitError, focusFirstInvalid, textField, type FieldProblems } from '../shell/form-field';
import '../shell/gr-error-message';

type LoginField = 'username' | 'password';
const FIELDS: readonly LoginField[] = ['username', 'password'];

/**
 * The sign-in page (/login): username and password, checked before sending; a wrong
 * password or too many attempts show as an alert above the form. After signing in it goes
 * to `next` (a same-origin path) or home.
 */
@customElement('gr-login-page')
export class GrLoginPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    css`
      .aside {
        margin-top: var(--gr-space-4);
        text-align: center;
      }
    `,
  ];

  /** Where to go after signing in (from `?next=`); ignored unless a path of this app. */
  @property({ type: String }) next: string | null = null;
  @state() private _problems: FieldProblems<LoginField> = {};
  @state() private _formError: unknown = null;
  @state() private _busy = false;

  private readonly _session = new SessionController(this);

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    const next = safeNextPath(this.next);
    const registerHref = next ? `/register?next=${encodeURIComponent(next)}` : '/register';
    const user = this._session.user;
    return html`
      <div class="page narrow">
        <header><h1 tabindex="-1">${t('login.title')}</h1></header>
        <div class="card">
          ${user && !this._busy
            ? html`<p>${t('login.alreadySignedIn', { name: user.displayName })}</p>
                <p><a href=${next ?? '/'}>${t('login.continue')}</a></p>`
            : this._renderForm()}
        </div>
        <p class="aside">${t('login.noAccount')} <a href=${registerHref}>${t('login.registerLink')}</a></p>
      </div>
    `;
  }

  private _renderForm(): TemplateResult {
    return html`
      <form class="stacked" novalidate @submit=${this._submit} @input=${this._onInput}>
        <gr-error-message .error=${this._formError}></gr-error-message>
        ${textField({
          id: 'login-username',
          name: 'username',
          label: t('field.username'),
          autocomplete: 'username',
          verbatim: true,
          maxlength: 100,
          problem: this._problems.username,
        })}
        ${textField({
          id: 'login-password',
          name: 'password',
          label: t('field.password'),
          type: 'password',
          autocomplete: 'current-password',
          verbatim: true,
          problem: this._problems.password,
        })}
        <div class="actions">
          <button type="submit" ?disabled=${this._busy} aria-busy=${this._busy ? 'true' : 'false'}>
            ${this._busy ? t('login.submitting') : t('login.submit')}
          </button>
        </div>
      </form>
    `;
  }

  private _onInput(event: Event): void {
    const name = (event.target as HTMLInputElement).name as LoginField;
    if (this._problems[name]) this._problems = { ...this._problems, [name]: undefined };
  }

  private async _submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this._busy) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const username = String(data.get('username') ?? '').trim();
    const password = String(data.get('password') ?? '');
    const problems: FieldProblems<LoginField> = {};
    if (username === '') problems.username = { key: 'validation.usernameRequired' };
    if (password === '') problems.password = { key: 'validation.passwordRequired' };
    this._problems = problems;
    this._formError = null;
    if (Object.keys(problems).length > 0) {
      await this.updateComplete;
      focusFirstInvalid(this.renderRoot);
      return;
    }
    this._busy = true;
    try {
      const answer = await api.post<SessionAnswer>('/api/auth/login', { username, password });
      startSession(answer);
      navigate(safeNextPath(this.next) ?? '/', { replace: true });
    } catch (err) {
      ({ problems: this._problems, formError: this._formError } = placeSubmitError(err, FIELDS));
      this._busy = false;
      await this.updateComplete;
      focusFirstInvalid(this.renderRoot);
    } finally {
      this._busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-login-page': GrLoginPage;
  }
}
