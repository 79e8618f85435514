import { LitElement, html, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import './gr-error-message';

/**
 * What the shell shows in place of a page whose code could not be loaded (the network
 * dropped, or a deploy replaced the chunk): the page's name as its heading and the error,
 * with "try again", which fires `gr-retry` (the shell then imports the code anew).
 */
@customElement('gr-page-failed')
export class GrPageFailed extends LitElement {
  static override styles = [baseStyles, pageStyles];

  /** The name of the page that could not be shown (its route's title). */
  @property() heading = '';
  /** Why: a PageCodeError, worded by gr-error-message. */
  @property({ attribute: false }) error: unknown = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <div class="page narrow">
        <h1 tabindex="-1">${this.heading}</h1>
        <gr-error-message .error=${this.error} retryable></gr-error-message>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-page-failed': GrPageFailed;
  }
}
