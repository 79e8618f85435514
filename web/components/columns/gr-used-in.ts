import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { UsedInView } from '../../api/columns';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, t } from '../../i18n';
import { baseStyles } from '../../styles/shared.styles';

/**
 * Where posts were used in published column editions: on a topic one line
 * (被《衢州日报》「走基层」第3期采用, each a link to the edition), on a profile the list 用稿.
 * Renders nothing when there is nothing to say.
 */
@customElement('gr-used-in')
export class GrUsedIn extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }

      :host([mode='list']) {
        margin-top: var(--gr-space-5);
      }

      p.line {
        margin: var(--gr-space-2) 0;
        overflow-wrap: anywhere;
      }

      ul {
        margin: 0;
        padding-left: 1.25rem;
      }

      li {
        margin-bottom: var(--gr-space-1);
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** The uses, newest first (the topic's or the profile's `usedIn`). */
  @property({ attribute: false }) uses: readonly UsedInView[] = [];
  /** `line` on a topic; `list` (with a heading) on a profile. */
  @property({ type: String, reflect: true }) mode: 'line' | 'list' = 'line';

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult | typeof nothing {
    if (this.uses.length === 0) return nothing;
    if (this.mode === 'line') {
      return html`<p class="line">${this.uses.map((u, i) => html`${i > 0 ? t('common.listSeparator') : ''}<a href=${u.url}>${t('credit.usedBy', { outlet: u.outletName, column: u.columnName, number: u.editionNumber })}</a>`)}</p>`;
    }
    return html`<section aria-labelledby="used-h">
      <h2 id="used-h">${t('credit.profileHeading')}</h2>
      <ul>${this.uses.map((u) => html`<li>
        <a href=${u.url}>${t('credit.edition', { outlet: u.outletName, column: u.columnName, number: u.editionNumber, title: u.editionTitle })}</a>
        <span class="muted"> · <time datetime=${u.publishedAt}>${formatDate(u.publishedAt)}</time></span>
      </li>`)}</ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-used-in': GrUsedIn;
  }
}
