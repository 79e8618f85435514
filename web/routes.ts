import { html } from 'lit';
import { t, type MessageKey } from './i18n';
import type { Route } from './router';
import { queueFiltersFromQuery } from './text/queue-filters';
import './components/shell/gr-coming-soon';
import './components/forum/gr-home-page';
import './components/account/gr-login-page';
import './components/account/gr-register-page';
import './components/admin/gr-admin-page';
import './components/account/gr-settings-page';
import './components/campaign/gr-visits-page';
import './components/campaign/gr-visit-new-page';
import './components/campaign/gr-visit-page';
import './components/campaign/gr-places-page';
import './components/campaign/gr-place-page';
import './components/campaign/gr-plan-page';
import './components/campaign/gr-progress-page';
import './components/campaign/gr-campaign-settings-page';
import './components/forum/gr-topic-page';
import './components/forum/gr-board-page';
import './components/forum/gr-search-page';
import './components/forum/gr-profile-page';
import './components/moderation/gr-mod-page';
import './components/moderation/gr-watched-words-page';
import './components/moderation/gr-appeals-page';
import './components/featured/gr-featured-page';
import './components/awards/gr-awards-page';
import './components/awards/gr-award-round-page';

/** A page that a later issue builds: a polite "coming soon" placeholder with the page's name. */
function comingSoon(pattern: string, titleKey: MessageKey, access?: Route['access']): Route {
  return {
    pattern,
    ...(access ? { access } : {}),
    title: () => t(titleKey),
    render: () => html`<gr-coming-soon .heading=${t(titleKey)}></gr-coming-soon>`,
  };
}

/**
 * Every page of the app, in match order (API.md, "Pages"). To add a page: write its
 * element in components/<area>/gr-<name>-page.ts, import it above, and replace its placeholder
 * (or add an entry) here; `access` guards it, `title` names it in document.title.
 */
export const routes: readonly Route[] = [
  { pattern: '/', title: () => t('home.title'), render: () => html`<gr-home-page></gr-home-page>` },
  {
    pattern: '/b/:slug',
    title: () => t('page.board'),
    render: (m) => html`<gr-board-page .slug=${m.params['slug'] ?? ''}></gr-board-page>`,
  },
  {
    pattern: '/t/:id',
    title: () => t('page.topic'),
    render: (m) => html`<gr-topic-page
      .topicId=${Number(m.params['id'])}
      .threadId=${m.query.get('thread') ? Number(m.query.get('thread')) : null}
    ></gr-topic-page>`,
  },
  {
    pattern: '/u/:username',
    title: () => t('page.profile'),
    render: (m) => html`<gr-profile-page .username=${m.params['username'] ?? ''}></gr-profile-page>`,
  },
  {
    pattern: '/search',
    title: (m) => (m.query.get('q') ? `${m.query.get('q')} · ${t('page.search')}` : t('page.search')),
    render: (m) => html`<gr-search-page
      .q=${m.query.get('q') ?? ''}
      .board=${m.query.get('board') ?? ''}
      .kind=${m.query.get('kind') ?? ''}
    ></gr-search-page>`,
  },
  {
    pattern: '/visits',
    access: 'signed-in',
    title: (m) => (m.query.get('view') === 'calendar' ? t('calendar.heading') : t('page.visits')),
    render: (m) => html`<gr-visits-page .view=${m.query.get('view') ?? ''}></gr-visits-page>`,
  },
  {
    pattern: '/visits/new',
    access: 'signed-in',
    title: () => t('visitForm.title'),
    render: (m) => html`<gr-visit-new-page .placeId=${Number(m.query.get('placeId')) || null}></gr-visit-new-page>`,
  },
  {
    pattern: '/visits/:id',
    access: 'signed-in',
    title: () => t('page.visit'),
    render: (m) =>
      html`<gr-visit-page .visitId=${m.params['id'] ?? ''} .logged=${m.query.get('logged') === '1'}></gr-visit-page>`,
  },
  {
    pattern: '/places',
    access: 'signed-in',
    title: () => t('places.title'),
    render: () => html`<gr-places-page></gr-places-page>`,
  },
  {
    pattern: '/places/:id',
    access: 'signed-in',
    title: () => t('places.place'),
    render: (m) => html`<gr-place-page .placeId=${m.params['id'] ?? ''}></gr-place-page>`,
  },
  {
    pattern: '/plan',
    access: 'signed-in',
    title: () => t('page.plan'),
    render: () => html`<gr-plan-page></gr-plan-page>`,
  },
  {
    pattern: '/progress',
    access: 'signed-in',
    title: () => t('page.progress'),
    render: (m) => html`<gr-progress-page .unitId=${m.query.get('unitId') ?? ''}></gr-progress-page>`,
  },
  {
    pattern: '/campaign/settings',
    access: 'admin',
    title: () => t('settingsCampaign.title'),
    render: () => html`<gr-campaign-settings-page></gr-campaign-settings-page>`,
  },
  {
    pattern: '/featured',
    title: () => t('featured.title'),
    render: (m) => html`<gr-featured-page
      .collection=${m.query.get('collection') ?? ''}
      .unitId=${m.query.get('unitId') ?? ''}
      .phase=${m.query.get('phase') ?? ''}
    ></gr-featured-page>`,
  },
  {
    pattern: '/mod',
    access: 'moderator',
    title: (m) => (m.query.get('tab') === 'log' ? t('modLog.heading') : t('mod.title')),
    render: (m) => html`<gr-mod-page .tab=${m.query.get('tab') === 'log' ? 'log' : 'queue'} .filters=${queueFiltersFromQuery(m.query)}></gr-mod-page>`,
  },
  comingSoon('/editor', 'page.editor', 'editor'),
  {
    pattern: '/editor/awards',
    access: 'editor',
    title: () => t('awards.title'),
    render: () => html`<gr-awards-page></gr-awards-page>`,
  },
  {
    pattern: '/editor/awards/:id',
    access: 'editor',
    title: () => t('awards.title'),
    render: (m) => html`<gr-award-round-page .roundId=${m.params['id'] ?? ''}></gr-award-round-page>`,
  },
  {
    pattern: '/login',
    title: () => t('login.title'),
    render: (match) => html`<gr-login-page .next=${match.query.get('next')}></gr-login-page>`,
  },
  {
    pattern: '/register',
    title: () => t('register.title'),
    render: (match) => html`<gr-register-page .next=${match.query.get('next')}></gr-register-page>`,
  },
  {
    pattern: '/settings',
    access: 'signed-in',
    title: () => t('settings.title'),
    render: () => html`<gr-settings-page></gr-settings-page>`,
  },
  {
    pattern: '/admin',
    access: 'admin',
    title: () => t('admin.title'),
    render: () => html`<gr-admin-page></gr-admin-page>`,
  },
  {
    pattern: '/appeals',
    access: 'signed-in',
    title: () => t('appeal.mine'),
    render: (m) => html`<gr-appeals-page .action=${Number(m.query.get('action')) > 0 ? Number(m.query.get('action')) : null}></gr-appeals-page>`,
  },
  {
    pattern: '/admin/watched-words',
    access: 'admin',
    title: () => t('ww.title'),
    render: () => html`<gr-watched-words-page></gr-watched-words-page>`,
  },
];
