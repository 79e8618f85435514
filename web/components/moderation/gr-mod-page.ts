import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { DEFAULT_QUEUE_FILTERS, queueFiltersFromQuery } from '../../text/queue-filters';
import type { QueueFilters } from '../../controllers/mod-queue-controller';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import './gr-mod-queue';
import './gr-mod-log';

/** The two parts of /mod. */
export type ModTab = 'queue' | 'log';

/**
 * The moderators' page (/mod, role moderator): the review queue, and the moderation log
 * (/mod?tab=log) — two tabs, each a deep link.
 */
@customElement('gr-mod-page')
export class GrModPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    css`
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: var(--gr-space-2);
        margin: 0 0 var(--gr-space-4);
        padding: 0;
        list-style: none;
        border-bottom: 1px solid var(--gr-color-border);
      }
      nav a {
        display: inline-block;
        padding: var(--gr-space-2) var(--gr-space-4);
        color: var(--gr-color-text);
        font-weight: 600;
        text-decoration: none;
        border-bottom: 3px solid transparent;
      }
      nav a[aria-current='page'] {
        border-bottom-color: var(--gr-color-accent);
        color: var(--gr-color-accent);
      }
    `,
  ];

  /** Which part is shown (from ?tab=). */
  @property({ type: String }) tab: ModTab = 'queue';

  /** The queue's filters (from the query string: type, board, status, mine, sort). */
  @property({ attribute: false }) filters: QueueFilters = DEFAULT_QUEUE_FILTERS;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <div class="page">
        <header>
          <h1 tabindex="-1">${t('mod.title')}</h1>
          <p class="muted">${this.tab === 'log' ? t('modLog.intro') : t('mod.intro')}</p>
        </header>
        <nav aria-label=${t('mod.tabs')}>
          <ul>
            <li><a href="/mod" aria-current=${this.tab === 'queue' ? 'page' : 'false'}>${t('mod.tab.queue')}</a></li>
            <li><a href="/mod?tab=log" aria-current=${this.tab === 'log' ? 'page' : 'false'}>${t('mod.tab.log')}</a></li>
          </ul>
        </nav>
        ${this.tab === 'log' ? html`<gr-mod-log></gr-mod-log>` : html`<gr-mod-queue .filters=${this.filters}></gr-mod-queue>`}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-mod-page': GrModPage;
  }
}
