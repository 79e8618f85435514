import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import { currentUser, loadSession } from '../../api/session';
import { ROLES, type Role } from '../../../server/domain/roles';
import type { PersonView, UserView } from '../../../server/presenters/user.presenter';
import { FormController } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { roleDescription, roleName } from '../../i18n/labels';
import { baseStyles } from '../../styles/shared.styles';
import { formAttention } from '../shell/form-field';
import '../shell/gr-error-message';
import '../shell/gr-user-picker';

/**
 * The admin's role editor: find a person by name, username or unit (gr-user-picker), tick
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
  @state() private _target: UserView | null = null;
  /** The roles as ticked (saved on submit). */
  @state() private _roles: ReadonlySet<Role> = new Set();
  @state() private _saved = false;

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
        <div class="lookup">
          <gr-user-picker .label=${t('roles.who')} @gr-user-pick=${(e: CustomEvent<PersonView>) => this.edit(e.detail)}></gr-user-picker>
        </div>
        ${this._target ? this._renderEditor(this._target) : nothing}
      </div>
    `;
  }

  private _renderEditor(user: UserView): TemplateResult {
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

  /** Opens a user's roles for editing (a person chosen here, or from the admin's user list). */
  edit(user: Pick<UserView, 'id' | 'username' | 'displayName' | 'roles' | 'unitId' | 'createdAt'>): void {
    this._saved = false;
    this._save.reset();
    this._target = { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, unitId: user.unitId, createdAt: user.createdAt };
    this._roles = new Set(user.roles);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.editor legend')?.scrollIntoView({ block: 'nearest' }));
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
        const answer = await api.put<{ user: UserView }>(apiPath`/api/users/${target.id}/roles`, { roles });
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
