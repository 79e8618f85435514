import { LitElement, html, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { api } from '../../api/client';
import { startSession } from '../../api/session';
import type { SessionAnswerView } from '../../../server/presenters/user.presenter';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { FormController, type FieldProblems } from '../../controllers/form-controller';
import { SessionController } from '../../controllers/session-controller';
import { t } from '../../i18n';
import { navigate, safeNextPath } from '../../router';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { formAttention, textField } from '../shell/form-field';
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
  static override styles = [baseStyles, pageStyles];

  /** Where to go after signing in (from `?next=`); ignored unless a path of this app. */
  @property({ type: String }) next: string | null = null;

  private readonly _session = new SessionController(this);
  private readonly _form = new FormController<LoginField>(this, { fields: FIELDS });

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
          ${user && !this._form.busy
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
      <form class="stacked" novalidate @submit=${this._submit} @input=${this._form.clearOnInput}>
        <gr-error-message .error=${this._form.formError}></gr-error-message>
        ${textField({
          id: 'login-username',
          name: 'username',
          label: t('field.username'),
          autocomplete: 'username',
          verbatim: true,
          maxlength: 100,
          problem: this._form.problem('username'),
        })}
        ${textField({
          id: 'login-password',
          name: 'password',
          label: t('field.password'),
          type: 'password',
          autocomplete: 'current-password',
          verbatim: true,
          problem: this._form.problem('password'),
        })}
        <div class="actions">
          <button type="submit" ?disabled=${this._form.busy} aria-busy=${this._form.busy ? 'true' : 'false'}>
            ${this._form.busy ? t('login.submitting') : t('login.submit')}
          </button>
          ${formAttention(this._form)}
        </div>
      </form>
    `;
  }

  private _submit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const username = String(data.get('username') ?? '').trim();
    const password = String(data.get('password') ?? '');
    void this._form.submit({
      validate: () => {
        const problems: FieldProblems<LoginField> = {};
        if (username === '') problems.username = { key: 'validation.usernameRequired' };
        if (password === '') problems.password = { key: 'validation.passwordRequired' };
        return problems;
      },
      send: async () => {
        startSession(await api.post<SessionAnswerView>('/api/auth/login', { username, password }));
        navigate(safeNextPath(this.next) ?? '/', { replace: true });
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-login-page': GrLoginPage;
  }
}
