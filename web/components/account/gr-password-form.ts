import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api } from '../../api/client';
import { FormController, type FieldProblems } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { charCount } from '../../text/char-count';
import { formAttention, textField } from '../shell/form-field';
import '../shell/gr-error-message';

const FIELDS = ['currentPassword', 'newPassword'] as const;
type PasswordField = (typeof FIELDS)[number];
const PASSWORD_MIN = 10;

/**
 * Changing one's password (POST /api/me/password): the current password, then the new one,
 * checked before sending. It says beforehand what the change does: every other session of
 * the user is signed out and every personal API token revoked.
 */
@customElement('gr-password-form')
export class GrPasswordForm extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    css`
      .done {
        color: var(--gr-color-success);
      }
    `,
  ];

  private readonly _form = new FormController<PasswordField>(this, { fields: FIELDS });
  @state() private _done = false;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <h2 id="password-heading">${t('password.title')}</h2>
      <div class="card">
        <p class="small" id="password-effect">${t('password.effect')}</p>
        <form class="stacked" novalidate aria-labelledby="password-heading" aria-describedby="password-effect"
          @submit=${this._submit} @input=${this._onInput}>
          <gr-error-message .error=${this._form.formError}></gr-error-message>
          ${textField({
            id: 'current-password',
            name: 'currentPassword',
            label: t('password.current'),
            type: 'password',
            autocomplete: 'current-password',
            verbatim: true,
            problem: this._form.problem('currentPassword'),
          })}
          ${textField({
            id: 'new-password',
            name: 'newPassword',
            label: t('password.new'),
            type: 'password',
            autocomplete: 'new-password',
            verbatim: true,
            hint: t('register.passwordHint', { min: PASSWORD_MIN }),
            problem: this._form.problem('newPassword'),
          })}
          <div class="actions">
            <button type="submit" ?disabled=${this._form.busy} aria-busy=${this._form.busy ? 'true' : 'false'}>${t('password.submit')}</button>
            ${formAttention(this._form)}
          </div>
          <p class="small done" role="status">${this._done ? t('password.done') : ''}</p>
        </form>
      </div>
    `;
  }

  private _onInput(event: Event): void {
    this._done = false;
    this._form.clearOnInput(event);
  }

  private _submit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const currentPassword = String(data.get('currentPassword') ?? '');
    const newPassword = String(data.get('newPassword') ?? '');
    this._done = false;
    void this._form.submit({
      validate: () => {
        const problems: FieldProblems<PasswordField> = {};
        if (currentPassword === '') problems.currentPassword = { key: 'validation.passwordRequired' };
        const length = charCount(newPassword);
        if (length < PASSWORD_MIN) {
          problems.newPassword = { key: 'validation.passwordTooShort', params: { min: PASSWORD_MIN, count: length } };
        }
        return problems;
      },
      send: async () => {
        await api.post('/api/me/password', { currentPassword, newPassword });
        form.reset();
        this._done = true;
        // The server ended the other sessions and revoked every token: the page's lists say so.
        this.dispatchEvent(new CustomEvent('gr-password-changed', { bubbles: true, composed: true }));
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-password-form': GrPasswordForm;
  }
}
