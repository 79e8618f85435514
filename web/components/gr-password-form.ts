import { LitElement, css, html, type TemplateResult } from 'lit';
import { api } from '../api/client';
import { updateWhenLocaleChanges } from '../controllers/locale-controller';
import { t } from '../i18n';
import { baseStyles, pageStyles } from '../styles/shared.styles';
import { charCount, placeSubmitError, focusFirstInvalid, textField, type FieldProblems } from './form-field';
import './gr-error-message';

const FIELDS = ['currentPassword', 'newPassword'] as const;
type PasswordField = (typeof FIELDS)[number];
const PASSWORD_MIN = 10;

/**
 * Changing one's password (POST /api/me/password): the current password, then the new one,
 * checked before sending. It says beforehand what the change does: every other session of
 * the user is signed out and every personal API token revoked.
 */
export class GrPasswordForm extends LitElement {
  static override properties = {
    _problems: { state: true },
    _formError: { state: true },
    _busy: { state: true },
    _done: { state: true },
  };

  static override styles = [
    baseStyles,
    pageStyles,
    css`
      .done {
        color: var(--gr-color-success);
      }
    `,
  ];

  declare private _problems: FieldProblems<PasswordField>;
  declare private _formError: unknown;
  declare private _busy: boolean;
  declare private _done: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this._problems = {};
    this._formError = null;
    this._busy = false;
    this._done = false;
  }

  override render(): TemplateResult {
    return html`
      <h2 id="password-heading">${t('password.title')}</h2>
      <div class="card">
        <p class="small" id="password-effect">${t('password.effect')}</p>
        <form class="stacked" novalidate aria-labelledby="password-heading" aria-describedby="password-effect"
          @submit=${this._submit} @input=${this._onInput}>
          <gr-error-message .error=${this._formError}></gr-error-message>
          ${textField({
            id: 'current-password',
            name: 'currentPassword',
            label: t('password.current'),
            type: 'password',
            autocomplete: 'current-password',
            verbatim: true,
            problem: this._problems.currentPassword,
          })}
          ${textField({
            id: 'new-password',
            name: 'newPassword',
            label: t('password.new'),
            type: 'password',
            autocomplete: 'new-password',
            verbatim: true,
            hint: t('register.passwordHint', { min: PASSWORD_MIN }),
            problem: this._problems.newPassword,
          })}
          <div class="actions">
            <button type="submit" ?disabled=${this._busy} aria-busy=${this._busy ? 'true' : 'false'}>${t('password.submit')}</button>
          </div>
          <p class="small done" role="status">${this._done ? t('password.done') : ''}</p>
        </form>
      </div>
    `;
  }

  private _onInput(event: Event): void {
    const name = (event.target as HTMLInputElement).name as PasswordField;
    this._done = false;
    if (this._problems[name]) this._problems = { ...this._problems, [name]: undefined };
  }

  private async _submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this._busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const currentPassword = String(data.get('currentPassword') ?? '');
    const newPassword = String(data.get('newPassword') ?? '');
    const problems: FieldProblems<PasswordField> = {};
    if (currentPassword === '') problems.currentPassword = { key: 'validation.passwordRequired' };
    const length = charCount(newPassword);
    if (length < PASSWORD_MIN) {
      problems.newPassword = { key: 'validation.passwordTooShort', params: { min: PASSWORD_MIN, count: length } };
    }
    this._problems = problems;
    this._formError = null;
    this._done = false;
    if (Object.keys(problems).length > 0) {
      await this.updateComplete;
      focusFirstInvalid(this.renderRoot);
      return;
    }
    this._busy = true;
    try {
      await api.post('/api/me/password', { currentPassword, newPassword });
      form.reset();
      this._done = true;
    } catch (err) {
      ({ problems: this._problems, formError: this._formError } = placeSubmitError(err, FIELDS));
      await this.updateComplete;
      focusFirstInvalid(this.renderRoot);
    } finally {
      this._busy = false;
    }
  }
}

customElements.define('gr-password-form', GrPasswordForm);

declare global {
  interface HTMLElementTagNameMap {
    'gr-password-form': GrPasswordForm;
  }
}
