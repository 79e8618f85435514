import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { FeaturedView } from '../../../server/presenters/featured.presenter';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, t } from '../../i18n';
import { formatDay } from '../../i18n/campaign-labels';
import { baseStyles } from '../../styles/shared.styles';
import { postHref } from '../../text/links';

/**
 * One entry of the featured wall (最美衢州人): its collection, the 实地走访 mark when the
 * note's visit is confirmed, the photo, the title linking to the post, the citation (推荐理由),
 * the person or deed and the place, an excerpt, and the author with their unit.
 */
@customElement('gr-featured-card')
export class GrFeaturedCard extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }

      article {
        display: grid;
        gap: var(--gr-space-2);
        height: 100%;
        padding: var(--gr-space-4);
        border: 1px solid var(--gr-color-border);
        border-radius: var(--gr-radius-md);
        background: var(--gr-color-surface);
      }

      .tags {
        display: flex;
        flex-wrap: wrap;
        gap: var(--gr-space-2);
        margin: 0;
      }

      .tag {
        padding: 0 var(--gr-space-2);
        border-radius: var(--gr-radius-sm);
        font-size: var(--gr-font-size-sm);
        font-weight: 600;
        border: 1px solid var(--gr-color-accent);
        color: var(--gr-color-accent);
      }

      .tag.visited {
        border-color: var(--gr-color-success);
        color: var(--gr-color-text);
        background: var(--gr-color-success-soft);
      }

      img {
        display: block;
        width: 100%;
        max-height: 14rem;
        object-fit: cover;
        border-radius: var(--gr-radius-sm);
        background: var(--gr-color-surface-muted);
      }

      h3 {
        margin: 0;
      }

      blockquote {
        margin: 0;
        padding: var(--gr-space-2) var(--gr-space-3);
        border-left: 3px solid var(--gr-color-accent);
        background: var(--gr-color-accent-soft);
        overflow-wrap: anywhere;
      }

      blockquote p {
        margin: 0;
      }

      .label {
        font-size: var(--gr-font-size-sm);
        font-weight: 600;
        color: var(--gr-color-text-muted);
      }

      .facts,
      .meta {
        margin: 0;
        font-size: var(--gr-font-size-sm);
        color: var(--gr-color-text-muted);
        overflow-wrap: anywhere;
      }

      .excerpt {
        margin: 0;
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** The entry shown (GET /api/featured). */
  @property({ attribute: false }) entry: FeaturedView | null = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult | typeof nothing {
    const e = this.entry;
    if (!e) return nothing;
    const href = postHref(e.topic.id, e.post.id);
    const facts = [
      e.personName ? t('featured.personName', { name: e.personName }) : '',
      e.place ? t('featured.place', { place: e.place }) : '',
      e.visit ? t('featured.visit', { place: e.visit.placeName, date: formatDay(e.visit.visitedOn, { withYear: true }) }) : '',
    ].filter(Boolean);
    return html`<article aria-labelledby=${`f-${e.id}`}>
      <p class="tags">
        <span class="tag">${t(`featured.collection.${e.collection}`)}</span>
        ${e.visitConfirmed ? html`<span class="tag visited">${t('featured.visited')}</span>` : nothing}
      </p>
      ${e.photo ? html`<img src=${e.photo.thumbnailUrl} alt=${t('featured.photoAlt', { title: e.topic.title })} loading="lazy" decoding="async" />` : nothing}
      <h3 id=${`f-${e.id}`}><a href=${href}>${e.topic.title}</a></h3>
      <blockquote>
        <span class="label">${t('featured.citation')}</span>
        <p>${e.citation}</p>
      </blockquote>
      ${facts.length ? html`<p class="facts">${facts.join(' · ')}</p>` : nothing}
      ${e.excerpt ? html`<p class="excerpt">${e.excerpt}</p>` : nothing}
      <p class="meta">
        <a href=${`/u/${encodeURIComponent(e.author.username)}`}>${e.author.displayName}</a>
        · ${e.unit ? e.unit.name : t('featured.noUnit')}
        · <time datetime=${e.createdAt}>${t('featured.featuredOn', { date: formatDate(e.createdAt) })}</time>
      </p>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-featured-card': GrFeaturedCard;
  }
}
