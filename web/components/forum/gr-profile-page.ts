import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import { postHref } from '../../text/links';
import type { ProfileView } from '../../../server/presenters/profile.presenter';
import type { TopicView } from '../../../server/presenters/topic.presenter';
import { type Role, ROLES } from '../../../server/domain/roles';
import type { Page } from '../../../server/presenters/page.presenter';
import { ApiTask } from '../../controllers/api-task';
import { KeysetPager } from '../../controllers/keyset-pager';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, t } from '../../i18n';
import { topicKindName } from '../../i18n/forum-labels';
import { roleName } from '../../i18n/labels';
import { setPageTitle } from '../../router';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import '../columns/gr-used-in';
import '../shell/gr-error-message';
import { markdownExcerpt } from '../../text/excerpt';
import { loadCampaign } from '../../api/campaign';
import { JOURNAL_KINDS, type JournalKind } from '../../../server/domain/forum';
import { activityName, formatDay } from '../../i18n/campaign-labels';
import '../featured/gr-featured-latest';

/** Journal entries fetched per page. */
const PAGE_SIZE = 20;

/**
 * A member's page (/u/:username): display name, unit, roles, post and topic counts, recent
 * topics and replies, and the journal — their field notes, editor's diaries and field
 * impressions (GET /api/users/:username/journal), newest first, with "load more".
 */
@customElement('gr-profile-page')
export class GrProfilePage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    css`
      .who {
        margin-bottom: var(--gr-space-5);
      }

      .who p {
        margin: 0 0 var(--gr-space-1);
      }

      .columns {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr));
        gap: var(--gr-space-5);
      }

      ul.list {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--gr-space-3);
      }

      ul.list li {
        padding-bottom: var(--gr-space-3);
        border-bottom: 1px solid var(--gr-color-border);
      }

      .meta {
        margin: 0;
        font-size: var(--gr-font-size-sm);
        color: var(--gr-color-text-muted);
      }

      .excerpt {
        margin: var(--gr-space-1) 0 0;
        overflow-wrap: anywhere;
      }

      .badge {
        display: inline-block;
        margin-right: var(--gr-space-2);
        padding: 0 var(--gr-space-2);
        border-radius: var(--gr-radius-sm);
        border: 1px solid var(--gr-color-accent);
        color: var(--gr-color-accent);
        font-size: var(--gr-font-size-sm);
        font-weight: 600;
      }

      section.journal {
        margin-top: var(--gr-space-6);
      }

      /* The two columns' headings on one line (the page's section + section margin is for stacked sections). */
      .columns > section {
        margin-top: 0;
      }

      .journal-head {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: center;
        gap: var(--gr-space-2) var(--gr-space-4);
        margin-bottom: var(--gr-space-3);
      }

      .journal-head h2 {
        margin: 0;
      }

      .kind {
        display: flex;
        align-items: center;
        gap: var(--gr-space-2);
      }

      .kind label {
        white-space: nowrap;
        font-weight: 600;
      }

      .badge.visited {
        border-color: var(--gr-color-success);
        color: var(--gr-color-text);
        background: var(--gr-color-success-soft);
      }

      .more {
        margin-top: var(--gr-space-4);
        text-align: center;
      }
    `,
  ];

  /** Whose page (from /u/:username). */
  @property({ type: String }) username = '';

  /** The journal's kind filter ('' for every kind). */
  @state() private _kind: JournalKind | '' = '';

  private readonly _journal = new KeysetPager<TopicView>(this, {
    fetchPage: async (cursor) =>
      api.get<Page<TopicView>>(apiPath`/api/users/${this.username}/journal`, { query: { limit: PAGE_SIZE, cursor, kind: this._kind || undefined } }),
    key: (topic) => topic.id,
  });

  private readonly _campaign = new ApiTask(this, { task: () => loadCampaign() });

  private readonly _profile = new ApiTask(this, {
    task: async ([username], signal) => {
      const [profile, journal] = await Promise.all([
        api.get<ProfileView>(apiPath`/api/users/${username}/profile`, { signal }),
        api.get<Page<TopicView>>(apiPath`/api/users/${username}/journal`, { query: { limit: PAGE_SIZE, kind: this._kind || undefined }, signal }),
      ]);
      this._journal.reset(journal);
      return profile;
    },
    args: () => [this.username] as const,
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override updated(): void {
    const profile = this._profile.value;
    if (this._profile.status === 'complete' && profile) setPageTitle(profile.user.displayName);
  }

  override render(): TemplateResult {
    return html`<div class="page">${this._profile.render({
      pending: () => html`<p class="muted" role="status">${t('profile.loading')}</p>`,
      error: (err) => html`<h1 tabindex="-1">${t('page.profile')}</h1>
        <gr-error-message retryable .error=${err} @gr-retry=${() => void this._profile.run()}></gr-error-message>`,
      complete: (profile) => this._renderProfile(profile),
    }) ?? nothing}</div>`;
  }

  private _renderProfile(profile: ProfileView): TemplateResult {
    const roles = profile.user.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role));
    return html`
      <header class="who">
        <h1 tabindex="-1">${profile.user.displayName}</h1>
        <p class="muted">@${profile.user.username} · ${t('profile.memberSince', { date: formatDate(profile.user.createdAt) })}</p>
        <p>${profile.unit ? t('profile.unit', { name: profile.unit.name }) : t('profile.noUnit')}</p>
        <p>${t('profile.roles', { roles: roles.map(roleName).join(t('common.listSeparator')) })}</p>
        <p>${t('profile.counts', { topics: profile.topicCount, posts: profile.postCount })}</p>
      </header>
      <div class="columns">
        <section aria-labelledby="recent-topics">
          <h2 id="recent-topics">${t('profile.recentTopics')}</h2>
          ${profile.recentTopics.length === 0
            ? html`<p class="muted">${t('profile.noTopics')}</p>`
            : html`<ul class="list">${profile.recentTopics.map((topic) => this._renderTopic(topic))}</ul>`}
        </section>
        <section aria-labelledby="recent-posts">
          <h2 id="recent-posts">${t('profile.recentPosts')}</h2>
          ${profile.recentPosts.length === 0
            ? html`<p class="muted">${t('profile.noPosts')}</p>`
            : html`<ul class="list">
                ${profile.recentPosts.map(
                  (post) => html`<li>
                    <a href=${postHref(post.topicId, post.id)}>${t('profile.inTopic', { title: post.topicTitle })}</a>
                    <p class="meta"><time datetime=${post.createdAt}>${formatDate(post.createdAt, 'datetime')}</time></p>
                    ${post.body !== null ? html`<p class="excerpt">${markdownExcerpt(post.body)}</p>` : html`<p class="excerpt muted">${t('post.hidden')}</p>`}
                  </li>`,
                )}
              </ul>`}
        </section>
      </div>
      <gr-used-in mode="list" .uses=${profile.usedIn ?? []}></gr-used-in>
      <gr-featured-latest .author=${profile.user.username} .limit=${6} .heading=${t('featured.profileHeading')}></gr-featured-latest>
      <section class="journal" aria-labelledby="journal">
        <div class="journal-head">
          <h2 id="journal">${t('profile.journal')}</h2>
          <div class="kind">
            <label for="journal-kind">${t('journal.kind')}</label>
            <select id="journal-kind" @change=${this._onKind}>
              <option value="" ?selected=${this._kind === ''}>${t('journal.allKinds')}</option>
              ${JOURNAL_KINDS.map((kind) => html`<option value=${kind} ?selected=${this._kind === kind}>${topicKindName(kind)}</option>`)}
            </select>
          </div>
        </div>
        ${this._journal.items.length === 0
          ? html`<p class="muted">${this._kind ? t('journal.empty') : t('profile.noJournal')}</p>`
          : html`<ul class="list">${this._journal.items.map((topic) => this._renderTopic(topic, true))}</ul>`}
        ${this._journal.renderMore(t('profile.loadMore'))}
      </section>
    `;
  }

  private async _onKind(event: Event): Promise<void> {
    const value = (event.target as HTMLSelectElement).value;
    this._kind = (JOURNAL_KINDS as readonly string[]).includes(value) ? (value as JournalKind) : '';
    try {
      this._journal.reset(await api.get<Page<TopicView>>(apiPath`/api/users/${this.username}/journal`, { query: { limit: PAGE_SIZE, kind: this._kind || undefined } }));
    } catch (err) {
      this._journal.moreError = err;
      this.requestUpdate();
    }
  }

  private _renderTopic(topic: TopicView, journal = false): TemplateResult {
    const visit = journal ? topic.visit : null;
    return html`<li>
      ${topic.kind !== 'discussion' ? html`<span class="badge">${topicKindName(topic.kind)}</span>` : nothing}
      ${journal && topic.visitClaim === 'confirmed' ? html`<span class="badge visited">${t('featured.visited')}</span>` : nothing}
      <a href=${`/t/${topic.id}`}>${topic.title}</a>
      <p class="meta"><time datetime=${topic.createdAt}>${formatDate(topic.createdAt, 'datetime')}</time> · ${t('topic.replyCount', { count: Math.max(0, topic.postCount - 1) })}</p>
      ${visit
        ? html`<p class="meta"><a href=${`/places/${visit.placeId}`}>${t('journal.visitedOn', { place: visit.placeName, date: formatDay(visit.visitedOn, { withYear: true }) })}</a>
            · ${t('journal.activity', { activity: activityName(this._campaign.value, visit.activity) })}</p>`
        : nothing}
      ${topic.excerpt ? html`<p class="excerpt">${topic.excerpt}</p>` : nothing}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-profile-page': GrProfilePage;
  }
}
