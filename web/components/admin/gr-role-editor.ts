import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, api, apiPath } from '../../api/client';
import { currentUser, loadSession } from '../../api/session';
import { ROLES, type Role, type User } from '../../api/types';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { roleDescription, roleName } from '../../i18n/labels';
import { baseStyles } from '../../styles/shared.styles';
import { focusFirstInvalid, textField, type FieldProblem } from '../shell/form-field';
import '../shell/gr-error-message';

const USERNAME_PATTERN = /^[A-Za-z0-9_-]{3,32}$/;

/**
 * The admin's role editor: look a user up by username (GET /api/users/:username), tick
 * their roles and save them (PUT /api/users/:id/roles). Everyone is a member.
 */
@customElement('gr-role-editor')
export class GrRoleEditor extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }

      .lookup {
        max-width: 32rem;
      }

      .editor {
        margin-top: var(--gr-space-5);
        padding-top: var(--gr-space-5);
        border-top: 1px solid var(--gr-color-border);
      }

      .roles {
        display: grid;
        gap: var(--gr-space-3);
        margin: var(--gr-space-2) 0 0;
        padding: 0;
        list-style: none;
      }

      .roles li {
        display: grid;
        grid-template-columns: auto 1fr;
        column-gap: var(--gr-space-3);
        align-items: start;
      }

      .roles input {
        margin-top: 0.3em;
      }

      .roles label {
        font-weight: 600;
      }

      .roles .hint {
        grid-column: 2;
      }

      form.save {
        display: grid;
        gap: var(--gr-space-4);
      }
    `,
  ];

  /** The user being edited, once found. */
  @state() private _target: User | null = null;
  /** The roles as ticked (saved on submit). */
  @state() private _roles: ReadonlySet<Role> = new Set();
  @state() private _lookupProblem: FieldProblem | undefined = undefined;
  @state() private _lookupBusy = false;
  @state() private _saveBusy = false;
  @state() private _saveError: unknown = null;
  @state() private _saved = false;

  private _lookupAbort: AbortController | null = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override disconnectedCallback(): void {
    this._lookupAbort?.abort();
    super.disconnectedCallback();
  }

  override render(): TemplateResult {
    return html`
      <h2>${t('roles.heading')}</h2>
      <div class="card">
        <form class="lookup" novalidate @submit=${this._lookup} @input=${() => (this._lookupProblem = undefined)}>
          ${textField({
            id: 'role-username',
            name: 'username',
            label: t('field.username'),
            autocomplete: 'off',
            verbatim: true,
            maxlength: 32,
            problem: this._lookupProblem,
            trailing: html`<button type="submit" class="secondary" ?disabled=${this._lookupBusy}>
              ${this._lookupBusy ? t('roles.finding') : t('roles.find')}
            </button>`,
          })}
        </form>
        ${this._target ? this._renderEditor(this._target) : nothing}
      </div>
    `;
  }

  private _renderEditor(user: User): TemplateResult {
    return html`
      <div class="editor">
        <form class="save" novalidate @submit=${this._save}>
          <gr-error-message .error=${this._saveError}></gr-error-message>
          <fieldset>
            <legend>${t('roles.legend', { name: user.displayName, username: user.username })}</legend>
            <ul class="roles">
              ${ROLES.map((role) => {
                const id = `role-${role}`;
                return html`
                  <li>
                    <input
                      type="checkbox"
                      id=${id}
                      name="roles"
                      value=${role}
                      aria-describedby=${`${id}-hint`}
                      .checked=${role === 'member' || this._roles.has(role)}
                      ?disabled=${role === 'member'}
                      @change=${(event: Event) => this._toggle(role, (event.target as HTMLInputElement).checked)}
                    />
                    <label for=${id}>${roleName(role)}</label>
                    <p class="hint" id=${`${id}-hint`}>${roleDescription(role)}</p>
                  </li>
                `;
              })}
            </ul>
          </fieldset>
          <div class="actions">
            <button type="submit" ?disabled=${this._saveBusy}>${this._saveBusy ? t('roles.saving') : t('roles.save')}</button>
            <span class="live" role="status">${this._saved
              ? html`<span class="muted">${t('roles.saved', { name: user.displayName })}</span>`
              : nothing}</span>
          </div>
        </form>
      </div>
    `;
  }

  private _toggle(role: Role, checked: boolean): void {
    const roles = new Set(this._roles);
    if (checked) roles.add(role);
    else roles.delete(role);
    this._roles = roles;
    this._saved = false;
  }

  private async _lookup(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const username = String(new FormData(event.currentTarget as HTMLFormElement).get('username') ?? '').trim();
    this._lookupProblem = undefined;
    if (username === '') this._lookupProblem = { key: 'validation.usernameRequired' };
    else if (!USERNAME_PATTERN.test(username)) this._lookupProblem = { key: 'validation.usernameFormat' };
    if (this._lookupProblem) {
      await this.updateComplete;
      focusFirstInvalid(this.renderRoot);
      return;
    }
    this._lookupAbort?.abort();
    const abort = new AbortController();
    this._lookupAbort = abort;
    this._lookupBusy = true;
    this._saved = false;
    this._saveError = null;
    try {
      const answer = await api.get<{ user: User }>(apiPath`/api/users/${username}`, { signal: abort.signal });
      this._target = answer.user;
      this._roles = new Set(answer.user.roles);
    } catch (err) {
      if (abort.signal.aborted) return;
      this._target = null;
      this._lookupProblem =
        err instanceof ApiError && err.status === 404 ? { key: 'roles.notFound', params: { username } } : { error: err };
      this._lookupBusy = false;
      await this.updateComplete;
      focusFirstInvalid(this.renderRoot);
    } finally {
      if (this._lookupAbort === abort) {
        this._lookupAbort = null;
        this._lookupBusy = false;
      }
    }
  }

  private async _save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const target = this._target;
    if (!target || this._saveBusy) return;
    // Roles in the order of ROLES; everyone keeps `member`.
    const roles = ROLES.filter((role) => role === 'member' || this._roles.has(role));
    this._saveBusy = true;
    this._saveError = null;
    this._saved = false;
    try {
      const answer = await api.put<{ user: User }>(apiPath`/api/users/${target.id}/roles`, { roles });
      this._target = answer.user;
      this._roles = new Set(answer.user.roles);
      this._saved = true;
      // Changing one's own roles can end one's sessions on the server: ask who we are now.
      if (currentUser()?.id === answer.user.id) await loadSession();
    } catch (err) {
      this._saveError = err;
    } finally {
      this._saveBusy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-role-editor': GrRoleEditor;
  }
}
