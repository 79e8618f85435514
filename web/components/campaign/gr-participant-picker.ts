import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PersonView, UserRef } from '../../../server/presenters/user.presenter';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import '../shell/gr-user-picker';

/**
 * The people on a visit, found by name, username or unit with gr-user-picker (the people
 * search) and removed with a button each. Fires `gr-participants-change` with the new list.
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

  @state() private _announce = '';

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <gr-user-picker .label=${t('visitForm.participants')} optional .hint=${t('visitForm.participantsHint')}
        .exclude=${this.participants.map((p) => p.id)} .problem=${this.problem}
        @gr-user-pick=${this._add}></gr-user-picker>
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
    `;
  }

  private _add(event: CustomEvent<PersonView>): void {
    const found = event.detail;
    if (this.participants.some((p) => p.id === found.id)) return;
    const person: UserRef = { id: found.id, username: found.username, displayName: found.displayName };
    this.participants = [...this.participants, person];
    this._announce = t('visitForm.participantAdded', { name: person.displayName });
    this._fire();
  }

  private _remove(person: UserRef): void {
    this.participants = this.participants.filter((p) => p.id !== person.id);
    this._announce = t('visitForm.participantRemoved', { name: person.displayName });
    this._fire();
    this.renderRoot.querySelector<HTMLElement>('gr-user-picker')?.focus();
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
