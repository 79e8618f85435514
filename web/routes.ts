import { html } from 'lit';
import { t, type MessageKey } from './i18n';
import type { Route } from './router';
import { queueFiltersFromQuery } from './text/queue-filters';
import { DESK_FILTERS } from './text/desk-filters';
import './components/shell/gr-coming-soon';

/*
 * Each page area is a chunk of its own, imported when one of its routes is first entered
 * (the shell shows a loading state meanwhile, see gr-app); main.ts starts the import of the
 * page being entered on first load right away. The first JavaScript is the shell alone.
 */
const forum = () => import('./components/forum/forum-pages');
const campaign = () => import('./components/campaign/campaign-pages');
const moderation = () => import('./components/moderation/moderation-pages');
const featured = () => import('./components/featured/featured-pages');
const columns = () => import('./components/columns/columns-pages');
const awards = () => import('./components/awards/awards-pages');
const admin = () => import('./components/admin/admin-pages');
const account = () => import('./components/account/account-pages');

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
 * element in components/<area>/gr-<name>-page.ts, import it in its area's <area>-pages.ts, and
 * add an entry here with that area's `load`; `access` guards it, `title` names it in
 * document.title.
 */
export const routes: readonly Route[] = [
  { pattern: '/', title: () => t('home.title'), load: forum, render: () => html`<gr-home-page></gr-home-page>` },
  {
    pattern: '/b/:slug',
    title: () => t('page.board'),
    load: forum,
    render: (m) => html`<gr-board-page .slug=${m.params['slug'] ?? ''}></gr-board-page>`,
  },
  {
    pattern: '/t/:id',
    title: () => t('page.topic'),
    load: forum,
    render: (m) => html`<gr-topic-page
      .topicId=${Number(m.params['id'])}
      .threadId=${m.query.get('thread') ? Number(m.query.get('thread')) : null}
    ></gr-topic-page>`,
  },
  {
    pattern: '/u/:username',
    title: () => t('page.profile'),
    load: forum,
    render: (m) => html`<gr-profile-page .username=${m.params['username'] ?? ''}></gr-profile-page>`,
  },
  {
    pattern: '/search',
    title: (m) => (m.query.get('q') ? `${m.query.get('q')} · ${t('page.search')}` : t('page.search')),
    load: forum,
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
    load: campaign,
    render: (m) => html`<gr-visits-page .view=${m.query.get('view') ?? ''}></gr-visits-page>`,
  },
  {
    pattern: '/visits/new',
    access: 'signed-in',
    title: () => t('visitForm.title'),
    load: campaign,
    render: (m) => html`<gr-visit-new-page .placeId=${Number(m.query.get('placeId')) || null}></gr-visit-new-page>`,
  },
  {
    pattern: '/visits/:id',
    access: 'signed-in',
    title: () => t('page.visit'),
    load: campaign,
    render: (m) =>
      html`<gr-visit-page .visitId=${m.params['id'] ?? ''} .logged=${m.query.get('logged') === '1'}></gr-visit-page>`,
  },
  {
    pattern: '/places',
    access: 'signed-in',
    title: () => t('places.title'),
    load: campaign,
    render: () => html`<gr-places-page></gr-places-page>`,
  },
  {
    pattern: '/places/:id',
    access: 'signed-in',
    title: () => t('places.place'),
    load: campaign,
    render: (m) => html`<gr-place-page .placeId=${m.params['id'] ?? ''}></gr-place-page>`,
  },
  {
    pattern: '/plan',
    access: 'signed-in',
    title: () => t('page.plan'),
    load: campaign,
    render: () => html`<gr-plan-page></gr-plan-page>`,
  },
  {
    pattern: '/progress',
    access: 'signed-in',
    title: () => t('page.progress'),
    load: campaign,
    render: (m) => html`<gr-progress-page .unitId=${m.query.get('unitId') ?? ''}></gr-progress-page>`,
  },
  {
    pattern: '/campaign/settings',
    access: 'admin',
    title: () => t('settingsCampaign.title'),
    load: campaign,
    render: () => html`<gr-campaign-settings-page></gr-campaign-settings-page>`,
  },
  {
    pattern: '/featured',
    title: () => t('featured.title'),
    load: featured,
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
    load: moderation,
    render: (m) => html`<gr-mod-page .tab=${m.query.get('tab') === 'log' ? 'log' : 'queue'} .filters=${queueFiltersFromQuery(m.query)}></gr-mod-page>`,
  },
  {
    pattern: '/editor',
    access: 'editor',
    title: (m) => (m.query.get('q') ? `${m.query.get('q')} · ${t('page.editor')}` : t('page.editor')),
    load: columns,
    render: (m) => html`<gr-editor-page .filters=${Object.fromEntries(DESK_FILTERS.map((key) => [key, m.query.get(key) ?? '']))}></gr-editor-page>`,
  },
  {
    pattern: '/editor/columns',
    access: 'editor',
    title: () => t('page.editorColumns'),
    load: columns,
    render: () => html`<gr-editor-columns-page></gr-editor-columns-page>`,
  },
  {
    pattern: '/editor/columns/:slug',
    access: 'editor',
    title: () => t('page.editorColumns'),
    load: columns,
    render: (m) => html`<gr-column-editor-page .slug=${m.params['slug'] ?? ''}></gr-column-editor-page>`,
  },
  {
    pattern: '/editor/editions/:id',
    access: 'editor',
    title: () => t('page.edition'),
    load: columns,
    render: (m) => html`<gr-edition-builder .editionId=${Number(m.params['id']) || 0}></gr-edition-builder>`,
  },
  {
    pattern: '/editor/awards',
    access: 'editor',
    title: () => t('awards.title'),
    load: awards,
    render: () => html`<gr-awards-page></gr-awards-page>`,
  },
  {
    pattern: '/editor/awards/:id',
    access: 'editor',
    title: () => t('awards.title'),
    load: awards,
    render: (m) => html`<gr-award-round-page .roundId=${m.params['id'] ?? ''}></gr-award-round-page>`,
  },
  {
    pattern: '/login',
    title: () => t('login.title'),
    load: account,
    render: (match) => html`<gr-login-page .next=${match.query.get('next')}></gr-login-page>`,
  },
  {
    pattern: '/register',
    title: () => t('register.title'),
    load: account,
    render: (match) => html`<gr-register-page .next=${match.query.get('next')}></gr-register-page>`,
  },
  {
    pattern: '/settings',
    access: 'signed-in',
    title: () => t('settings.title'),
    load: account,
    render: () => html`<gr-settings-page></gr-settings-page>`,
  },
  {
    pattern: '/admin',
    access: 'admin',
    title: () => t('admin.title'),
    load: admin,
    render: () => html`<gr-admin-page></gr-admin-page>`,
  },
  {
    pattern: '/appeals',
    access: 'signed-in',
    title: () => t('appeal.mine'),
    load: moderation,
    render: (m) => html`<gr-appeals-page .action=${Number(m.query.get('action')) > 0 ? Number(m.query.get('action')) : null}></gr-appeals-page>`,
  },
  {
    pattern: '/admin/watched-words',
    access: 'admin',
    title: () => t('ww.title'),
    load: moderation,
    render: () => html`<gr-watched-words-page></gr-watched-words-page>`,
  },
];
