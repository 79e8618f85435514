import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { api } from '../../api/client';
import type { FeaturedWallView } from '../../../server/presenters/featured.presenter';
import { ApiTask } from '../../controllers/api-task';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles } from '../../styles/shared.styles';
import './gr-featured-card';

/**
 * A section of the latest featured entries (GET /api/featured): the home page's few newest
 * with a link to the wall, or one member's featured writing on their profile (`author`).
 * Shows nothing while there is nothing featured, or when the wall cannot be read.
 */
@customElement('gr-featured-latest')
export class GrFeaturedLatest extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }

      section {
        margin-block: var(--gr-space-6);
      }

      ul {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr));
        gap: var(--gr-space-4);
        margin: 0;
        padding: 0;
        list-style: none;
      }

      .head {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: baseline;
        gap: var(--gr-space-2);
      }
    `,
  ];

  /** Only this member's featured posts (their username); '' for everyone's. */
  @property({ type: String }) author = '';
  /** How many entries to show. */
  @property({ type: Number }) limit = 3;
  /** The section's heading. */
  @property({ type: String }) heading = '';

  private readonly _wall = new ApiTask(this, {
    task: ([author, limit], signal) =>
      api.get<FeaturedWallView>('/api/featured', { query: { limit, author: author || undefined }, signal }),
    args: () => [this.author, this.limit] as const,
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult | typeof nothing {
    const wall = this._wall.value;
    if (!wall || wall.items.length === 0) return nothing;
    return html`<section aria-labelledby="featured-latest-h">
      <div class="head">
        <h2 id="featured-latest-h">${this.heading || t('featured.homeHeading')}</h2>
        ${this.author ? nothing : html`<a href="/featured">${t('featured.homeMore')}</a>`}
      </div>
      <ul>${wall.items.map((entry) => html`<li><gr-featured-card .entry=${entry}></gr-featured-card></li>`)}</ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-featured-latest': GrFeaturedLatest;
  }
}
