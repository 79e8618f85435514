import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, api, apiPath } from '../../api/client';
import { currentUser, loadSession } from '../../api/session';
import { ROLES, type Role, type User } from '../../api/types';
import { FormController } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { roleDescription, roleName } from '../../i18n/labels';
import { baseStyles } from '../../styles/shared.styles';
import { formAttention, textField } from '../shell/form-field';
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
  @state() private _saved = false;

  /** Finding the user: a username field, whose every failure shows beside it. */
  private readonly _lookup = new FormController<'username'>(this);
  /** Saving the roles: failures show above the button. */
  private readonly _save = new FormController(this);

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <h2>${t('roles.heading')}</h2>
      <div class="card">
        <form class="lookup" novalidate @submit=${this._find} @input=${this._lookup.clearOnInput}>
          ${textField({
            id: 'role-username',
            name: 'username',
            label: t('field.username'),
            autocomplete: 'off',
            verbatim: true,
            maxlength: 32,
            problem: this._lookup.problem('username'),
            trailing: html`<button type="submit" class="secondary" ?disabled=${this._lookup.busy}>
              ${this._lookup.busy ? t('roles.finding') : t('roles.find')}
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
        <form class="save" novalidate @submit=${this._saveRoles}>
          <gr-error-message .error=${this._save.formError}></gr-error-message>
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
            <button type="submit" ?disabled=${this._save.busy}>${this._save.busy ? t('roles.saving') : t('roles.save')}</button>
            ${formAttention(this._save)}
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

  private _find(event: SubmitEvent): void {
    event.preventDefault();
    const username = String(new FormData(event.currentTarget as HTMLFormElement).get('username') ?? '').trim();
    void this._lookup.submit({
      validate: () => {
        if (username === '') return { username: { key: 'validation.usernameRequired' } };
        if (!USERNAME_PATTERN.test(username)) return { username: { key: 'validation.usernameFormat' } };
        return {};
      },
      send: async (signal) => {
        this._saved = false;
        this._save.reset();
        try {
          const answer = await api.get<{ user: User }>(apiPath`/api/users/${username}`, { signal });
          this._target = answer.user;
          this._roles = new Set(answer.user.roles);
        } catch (err) {
          if (!signal.aborted) this._target = null;
          throw err;
        }
      },
      failed: (err) => ({
        problems: {
          username: err instanceof ApiError && err.status === 404 ? { key: 'roles.notFound', params: { username } } : { error: err },
        },
      }),
    });
  }

  private _saveRoles(event: SubmitEvent): void {
    event.preventDefault();
    const target = this._target;
    if (!target) return;
    // Roles in the order of ROLES; everyone keeps `member`.
    const roles = ROLES.filter((role) => role === 'member' || this._roles.has(role));
    this._saved = false;
    void this._save.submit({
      send: async () => {
        const answer = await api.put<{ user: User }>(apiPath`/api/users/${target.id}/roles`, { roles });
        this._target = answer.user;
        this._roles = new Set(answer.user.roles);
        this._saved = true;
        // Changing one's own roles can end one's sessions on the server: ask who we are now.
        if (currentUser()?.id === answer.user.id) await loadSession();
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-role-editor': GrRoleEditor;
  }
}
