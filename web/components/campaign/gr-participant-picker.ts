import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, api, apiPath } from '../../api/client';
import type { UserRef, UserView } from '../../../server/presenters/user.presenter';
import { errorText } from '../../api/error-text';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';

const USERNAME = /^[A-Za-z0-9_-]{3,32}$/;

/**
 * The people on a visit, added by username (GET /api/users/:username) and removed with a
 * button each. Fires `gr-participants-change` with the new list.
 */
@customElement('gr-participant-picker')
export class GrParticipantPicker extends LitElement {
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override styles = [
    baseStyles,
    campaignStyles,
    css`
      :host {
        display: block;
      }

      ul.people {
        list-style: none;
        margin: var(--gr-space-2) 0 0;
        padding: 0;
        display: flex;
        flex-wrap: wrap;
        gap: var(--gr-space-2);
      }

      ul.people li {
        display: inline-flex;
        align-items: center;
        gap: var(--gr-space-2);
        padding: var(--gr-space-1) var(--gr-space-1) var(--gr-space-1) var(--gr-space-3);
        border: 1px solid var(--gr-color-border-strong);
        border-radius: 999px;
        background: var(--gr-color-surface-muted);
      }

      ul.people button {
        min-height: 2rem;
        min-width: 2rem;
        padding: 0 var(--gr-space-2);
        border-radius: 999px;
      }
    `,
  ];

  /** The people added so far. */
  @property({ attribute: false }) participants: UserRef[] = [];
  /** The server's or the form's objection to the list, or ''. */
  @property({ type: String }) problem = '';

  @state() private _message = '';
  @state() private _busy = false;
  @state() private _announce = '';

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    const problem = this._message || this.problem;
    return html`
      <div class="field">
        <label for="participant-username">${t('visitForm.participants')}<span class="optional">${t('form.optional')}</span></label>
        <p class="hint" id="participant-hint">${t('visitForm.participantsHint')}</p>
        <div class="input-row">
          <input id="participant-username" type="text" autocomplete="off" autocapitalize="none" spellcheck="false"
            enterkeyhint="done" maxlength="32"
            aria-invalid=${problem ? 'true' : 'false'}
            aria-describedby=${['participant-hint', problem ? 'participant-error' : ''].filter(Boolean).join(' ')}
            @keydown=${this._onKey} @input=${() => (this._message = '')} />
          <button type="button" class="secondary" ?disabled=${this._busy} @click=${this._add}>
            ${this._busy ? t('visitForm.participantFinding') : t('visitForm.participantAdd')}
          </button>
        </div>
        ${problem ? html`<p class="field-error" id="participant-error">${problem}</p>` : nothing}
        <div class="live visually-hidden" role="status">${this._announce}</div>
        ${this.participants.length > 0
          ? html`<ul class="people" aria-label=${t('visitForm.participantList')}>
              ${this.participants.map(
                (person) => html`<li>
                  <span>${person.displayName} <span class="small muted">@${person.username}</span></span>
                  <button type="button" class="secondary" @click=${() => this._remove(person)}
                    aria-label=${t('visitForm.participantRemove', { name: person.displayName })}><span aria-hidden="true">✕</span></button>
                </li>`,
              )}
            </ul>`
          : nothing}
      </div>
    `;
  }

  private _onKey(event: KeyboardEvent): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      void this._add();
    }
  }

  private async _add(): Promise<void> {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#participant-username');
    if (!input || this._busy) return;
    const username = input.value.trim().replace(/^@/, '');
    if (!USERNAME.test(username)) {
      this._message = t('validation.usernameFormat');
      input.focus();
      return;
    }
    if (this.participants.some((p) => p.username.toLowerCase() === username.toLowerCase())) {
      this._message = t('visitForm.participantDuplicate', { username });
      input.focus();
      return;
    }
    this._busy = true;
    this._message = '';
    try {
      const { user } = await api.get<{ user: UserView }>(apiPath`/api/users/${username}`);
      const person: UserRef = { id: user.id, username: user.username, displayName: user.displayName };
      if (!this.participants.some((p) => p.id === person.id)) this.participants = [...this.participants, person];
      input.value = '';
      this._announce = t('visitForm.participantAdded', { name: person.displayName });
      this._fire();
    } catch (err) {
      this._message =
        err instanceof ApiError && (err.status === 404 || err.status === 400)
          ? t('roles.notFound', { username })
          : errorText(err);
    } finally {
      this._busy = false;
      input.focus();
    }
  }

  private _remove(person: UserRef): void {
    this.participants = this.participants.filter((p) => p.id !== person.id);
    this._announce = t('visitForm.participantRemoved', { name: person.displayName });
    this._fire();
    this.renderRoot.querySelector<HTMLInputElement>('#participant-username')?.focus();
  }

  private _fire(): void {
    this.dispatchEvent(
      new CustomEvent<UserRef[]>('gr-participants-change', { detail: this.participants, bubbles: true, composed: true }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-participant-picker': GrParticipantPicker;
  }
  interface HTMLElementEventMap {
    'gr-participants-change': CustomEvent<UserRef[]>;
  }
}
