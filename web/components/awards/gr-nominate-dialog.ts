import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import { COLUMN_REASON_MAX_LENGTH } from '../../../server/domain/columns';
import type { NominationView } from '../../../server/presenters/award.presenter';
import { FormController, problemText } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles, dialogStyles } from '../../styles/shared.styles';
import { formAttention } from '../shell/form-field';
import '../shell/gr-error-message';

/**
 * The "提名" dialog of a round's candidate: the reason (required; watched words apply on the
 * server) and submit. A modal <dialog>: focus stays inside, Escape closes it, and focus
 * returns to the button that opened it. Fires `gr-nominated` with the new nomination.
 */
@customElement('gr-nominate-dialog')
export class GrNominateDialog extends LitElement {
  static override styles = [
    baseStyles,
    dialogStyles,
    css`
      h2 {
        margin-top: 0;
      }

      .work {
        overflow-wrap: anywhere;
      }

      form {
        display: grid;
        gap: var(--gr-space-3);
      }

      textarea {
        min-height: 8rem;
      }
    `,
  ];

  /** The round nominated in. */
  @property({ type: Number }) roundId = 0;
  /** The candidate post. */
  @property({ type: Number }) postId = 0;
  /** The work's title, shown in the dialog. */
  @property({ type: String }) workTitle = '';

  @state() private _open = false;

  private readonly _form = new FormController<'reason' | 'postId'>(this, { fields: ['reason', 'postId'] });
  private _opener: HTMLElement | null = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /** Opens the dialog for the current post and remembers what to focus after. */
  async open(opener?: HTMLElement | null): Promise<void> {
    this._opener = opener ?? null;
    this._form.reset();
    this._open = true;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog');
    this.renderRoot.querySelector('form')?.reset();
    if (dialog && !dialog.open) dialog.showModal();
    this.renderRoot.querySelector<HTMLTextAreaElement>('textarea')?.focus();
  }

  override render(): TemplateResult {
    const problem = this._form.problem('reason') ?? this._form.problem('postId');
    return html`<dialog aria-labelledby="nominate-h" @close=${this._onClose}>
      <h2 id="nominate-h">${t('awards.dialog.heading')}</h2>
      <p class="work">${t('awards.dialog.work', { title: this.workTitle })}</p>
      ${this._open
        ? html`<form novalidate @submit=${this._submit} @input=${this._form.clearOnInput}>
            <gr-error-message .error=${this._form.formError}></gr-error-message>
            <div class="field">
              <label for="nd-reason">${t('awards.dialog.reason')}</label>
              <p class="hint" id="nd-reason-hint">${t('awards.dialog.reasonHint')}</p>
              <textarea id="nd-reason" name="reason" maxlength=${COLUMN_REASON_MAX_LENGTH} required
                aria-describedby=${problem ? 'nd-reason-hint nd-reason-error' : 'nd-reason-hint'}
                aria-invalid=${problem ? 'true' : 'false'}></textarea>
              ${problem ? html`<p class="field-error" id="nd-reason-error">${problemText(problem)}</p>` : nothing}
            </div>
            <div class="actions">
              <button type="submit" ?disabled=${this._form.busy}>${t('awards.dialog.submit')}</button>
              <button type="button" class="secondary" @click=${this._close}>${t('awards.dialog.cancel')}</button>
              ${formAttention(this._form)}
            </div>
          </form>`
        : nothing}
    </dialog>`;
  }

  private _submit(event: SubmitEvent): void {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget as HTMLFormElement).get('reason') ?? '').trim();
    void this._form.submit({
      validate: () => (reason === '' ? { reason: { key: 'awards.dialog.reasonRequired' } } : {}),
      send: async () => {
        const answer = await api.post<{ nomination: NominationView; tally: number }>(
          apiPath`/api/nomination-rounds/${this.roundId}/nominations`, { postId: this.postId, reason },
        );
        this.dispatchEvent(new CustomEvent('gr-nominated', { detail: answer, bubbles: true, composed: true }));
        this._close();
      },
    });
  }

  private _close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  private _onClose(): void {
    this._open = false;
    this._opener?.focus();
    this._opener = null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-nominate-dialog': GrNominateDialog;
  }
}
