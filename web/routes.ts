import { html } from 'lit';
import { t, type MessageKey } from './i18n';
import type { Route } from './router';
import './components/gr-coming-soon';
import './components/gr-home-page';
import './components/gr-login-page';
import './components/gr-register-page';
import './components/gr-admin-page';
import './components/gr-settings-page';
import './components/gr-topic-page';

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
 * element in components/gr-<name>-page.ts, import it above, and replace its placeholder
 * (or add an entry) here; `access` guards it, `title` names it in document.title.
 */
export const routes: readonly Route[] = [
  { pattern: '/', title: () => t('home.title'), render: () => html`<gr-home-page></gr-home-page>` },
  comingSoon('/b/:slug', 'page.board'),
  {
    pattern: '/t/:id',
    title: () => t('page.topic'),
    render: (m) => html`<gr-topic-page
      .topicId=${Number(m.params['id'])}
      .threadId=${m.query.get('thread') ? Number(m.query.get('thread')) : null}
    ></gr-topic-page>`,
  },
  comingSoon('/u/:username', 'page.profile'),
  comingSoon('/search', 'page.search'),
  comingSoon('/visits', 'page.visits', 'signed-in'),
  comingSoon('/visits/:id', 'page.visit', 'signed-in'),
  comingSoon('/plan', 'page.plan', 'signed-in'),
  comingSoon('/progress', 'page.progress', 'signed-in'),
  comingSoon('/featured', 'page.featured'),
  comingSoon('/mod', 'page.mod', 'moderator'),
  comingSoon('/editor', 'page.editor', 'editor'),
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
];
