import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { errorText, mayPassOnRetry } from '../../api/error-text';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles } from '../../styles/shared.styles';

/**
 * The one place that shows a failure: renders `error` (an ApiError or anything thrown) as
 * a human sentence via errorText(). Renders nothing while `error` is null. An alert by
 * default; `polite` makes it a status message (for a part of a page that failed to load),
 * and `retryable` adds a "try again" button that fires `gr-retry` — only for a failure
 * that trying again may cure (the network, a server fault, a rate limit; not a 404).
 */
@customElement('gr-error-message')
export class GrErrorMessage extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }

      :host([hidden]) {
        display: none;
      }

      /* Empty, it stays in the accessibility tree as a live region but takes no room
         (no gap in a grid or flex form). */
      :host(:not([active])) {
        position: absolute;
      }

      .message {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--gr-space-2) var(--gr-space-4);
        padding: var(--gr-space-3) var(--gr-space-4);
        border: 1px solid var(--gr-color-danger);
        border-left-width: 4px;
        border-radius: var(--gr-radius-sm);
        background: var(--gr-color-danger-soft);
        color: var(--gr-color-text);
      }

      .message.polite {
        border-color: var(--gr-color-border-strong);
        background: var(--gr-color-warning-soft);
      }

      p {
        margin: 0;
        flex: 1 1 14rem;
      }

      button {
        min-height: 2.25rem;
      }
    `,
  ];

  /** What failed: an ApiError, another thrown value, or null for no message. */
  @property({ attribute: false }) error: unknown = null;
  /** Announce politely (role="status") instead of as an alert. */
  @property({ type: Boolean }) polite = false;
  /** Offer a "try again" button, which dispatches a bubbling, composed `gr-retry` event. */
  @property({ type: Boolean }) retryable = false;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override willUpdate(): void {
    this.toggleAttribute('active', this.error !== null && this.error !== undefined);
  }

  override render(): TemplateResult {
    // The live region stays in the page so that a message appearing in it is announced.
    const hasError = this.error !== null && this.error !== undefined;
    return html`
      <div role=${this.polite ? 'status' : 'alert'}>
        ${hasError
          ? html`
              <div class="message ${this.polite ? 'polite' : ''}">
                <p>${errorText(this.error)}</p>
                ${this.retryable && mayPassOnRetry(this.error)
                  ? html`<button type="button" class="secondary" @click=${this._retry}>${t('error.retry')}</button>`
                  : nothing}
              </div>
            `
          : nothing}
      </div>
    `;
  }

  private _retry(): void {
    this.dispatchEvent(new CustomEvent('gr-retry', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-error-message': GrErrorMessage;
  }
  interface HTMLElementEventMap {
    'gr-retry': CustomEvent<void>;
  }
}
