import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { api } from '../../api/client';
import { startSession } from '../../api/session';
import type { ItemList } from '../../../server/presenters/page.presenter';
import type { SessionAnswerView } from '../../../server/presenters/user.presenter';
import type { UnitView } from '../../../server/presenters/unit.presenter';
import { flattenUnitTree } from '../../api/unit-tree';
import { ApiTask } from '../../controllers/api-task';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { FormController, problemText, type FieldProblems } from '../../controllers/form-controller';
import { SessionController } from '../../controllers/session-controller';
import { t } from '../../i18n';
import { navigate, safeNextPath } from '../../router';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { charCount } from '../../text/char-count';
import { formAttention, textField } from '../shell/form-field';
import '../shell/gr-error-message';

type RegisterField = 'username' | 'displayName' | 'password' | 'unitId';
const FIELDS: readonly RegisterField[] = ['username', 'displayName', 'password', 'unitId'];

/** Usernames: 3–32 letters, digits, _ and - (API.md). */
const USERNAME_PATTERN = /^[A-Za-z0-9_-]{3,32}$/;
/** Passwords: at least 10 characters (API.md); the server accepts up to 1000. */
const PASSWORD_MIN = 10;
const PASSWORD_MAX = 1000;
const DISPLAY_NAME_MAX = 50;

/**
 * The registration page (/register): username, display name, password and an optional unit
 * chosen from the unit tree (GET /api/units). Rules are stated up front and checked before
 * sending; the server's objections show next to the field they concern.
 */
@customElement('gr-register-page')
export class GrRegisterPage extends LitElement {
  static override styles = [baseStyles, pageStyles];

  /** Where to go after registering (from `?next=`); ignored unless a path of this app. */
  @property({ type: String }) next: string | null = null;

  private readonly _session = new SessionController(this);
  private readonly _form = new FormController<RegisterField>(this, { fields: FIELDS });
  private readonly _units = new ApiTask(this, {
    task: (_args, signal) => api.get<ItemList<UnitView>>('/api/units', { signal }),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    const next = safeNextPath(this.next);
    const loginHref = next ? `/login?next=${encodeURIComponent(next)}` : '/login';
    const user = this._session.user;
    return html`
      <div class="page narrow">
        <header>
          <h1 tabindex="-1">${t('register.title')}</h1>
          <p class="muted">${t('register.intro')}</p>
        </header>
        <div class="card">
          ${user && !this._form.busy
            ? html`<p>${t('login.alreadySignedIn', { name: user.displayName })}</p>
                <p><a href=${next ?? '/'}>${t('login.continue')}</a></p>`
            : this._renderForm()}
        </div>
        <p class="aside">${t('register.haveAccount')} <a href=${loginHref}>${t('register.loginLink')}</a></p>
      </div>
    `;
  }

  private _renderForm(): TemplateResult {
    return html`
      <form class="stacked" novalidate @submit=${this._submit} @input=${this._form.clearOnInput} @change=${this._form.clearOnInput}>
        <gr-error-message .error=${this._form.formError}></gr-error-message>
        ${textField({
          id: 'register-username',
          name: 'username',
          label: t('field.username'),
          hint: t('register.usernameHint'),
          autocomplete: 'username',
          verbatim: true,
          maxlength: 32,
          problem: this._form.problem('username'),
        })}
        ${textField({
          id: 'register-display-name',
          name: 'displayName',
          label: t('field.displayName'),
          hint: t('register.displayNameHint'),
          autocomplete: 'nickname',
          maxlength: DISPLAY_NAME_MAX,
          problem: this._form.problem('displayName'),
        })}
        ${textField({
          id: 'register-password',
          name: 'password',
          label: t('field.password'),
          hint: t('register.passwordHint', { min: PASSWORD_MIN }),
          type: 'password',
          autocomplete: 'new-password',
          verbatim: true,
          problem: this._form.problem('password'),
        })}
        ${this._renderUnitField()}
        <div class="actions">
          <button type="submit" ?disabled=${this._form.busy} aria-busy=${this._form.busy ? 'true' : 'false'}>
            ${this._form.busy ? t('register.submitting') : t('register.submit')}
          </button>
          ${formAttention(this._form)}
        </div>
      </form>
    `;
  }

  private _renderUnitField(): TemplateResult {
    const problem = this._form.problem('unitId');
    const status = this._units.status;
    const rows = status === 'complete' ? flattenUnitTree(this._units.value?.items ?? []) : [];
    const describedBy = ['register-unit-hint', problem ? 'register-unit-error' : ''].filter(Boolean).join(' ');
    return html`
      <div class="field">
        <label for="register-unit">${t('field.unit')}<span class="optional">${t('form.optional')}</span></label>
        <p class="hint" id="register-unit-hint">
          ${status === 'error' ? t('register.unitsUnavailable') : t('register.unitHint')}
        </p>
        <select
          id="register-unit"
          name="unitId"
          ?disabled=${status !== 'complete'}
          aria-invalid=${problem ? 'true' : 'false'}
          aria-describedby=${describedBy}
        >
          <option value="">${status === 'pending' ? t('register.unitsLoading') : t('register.noUnit')}</option>
          ${rows.map(
            ({ unit, depth }) =>
              html`<option value=${String(unit.id)}>${'\u3000'.repeat(depth)}${unit.name}</option>`,
          )}
        </select>
        ${problem ? html`<p class="field-error" id="register-unit-error">${problemText(problem)}</p>` : nothing}
      </div>
    `;
  }

  private _check(username: string, displayName: string, password: string): FieldProblems<RegisterField> {
    const problems: FieldProblems<RegisterField> = {};
    if (username === '') problems.username = { key: 'validation.usernameRequired' };
    else if (!USERNAME_PATTERN.test(username)) problems.username = { key: 'validation.usernameFormat' };
    if (displayName === '') problems.displayName = { key: 'validation.displayNameRequired' };
    else if (charCount(displayName) > DISPLAY_NAME_MAX) {
      problems.displayName = { key: 'validation.displayNameTooLong', params: { max: DISPLAY_NAME_MAX } };
    }
    const length = charCount(password);
    if (password === '') problems.password = { key: 'validation.passwordRequired' };
    else if (length < PASSWORD_MIN) {
      problems.password = { key: 'validation.passwordTooShort', params: { min: PASSWORD_MIN, count: length } };
    } else if (length > PASSWORD_MAX) {
      problems.password = { key: 'validation.passwordTooLong', params: { max: PASSWORD_MAX } };
    }
    return problems;
  }

  private _submit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const username = String(data.get('username') ?? '').trim();
    const displayName = String(data.get('displayName') ?? '').trim();
    const password = String(data.get('password') ?? '');
    const unit = String(data.get('unitId') ?? '');
    void this._form.submit({
      validate: () => this._check(username, displayName, password),
      send: async () => {
        const answer = await api.post<SessionAnswerView>('/api/auth/register', {
          username,
          displayName,
          password,
          ...(unit ? { unitId: Number(unit) } : {}),
        });
        startSession(answer);
        navigate(safeNextPath(this.next) ?? '/', { replace: true });
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-register-page': GrRegisterPage;
  }
}
