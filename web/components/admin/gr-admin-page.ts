import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import './gr-unit-admin';
import './gr-role-editor';

/** The admin page (/admin, role admin): the unit tree and the user role editor. */
@customElement('gr-admin-page')
export class GrAdminPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    css`
      .links {
        margin: 0;
        padding-left: 1.25rem;
      }
    `,
  ];

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <div class="page">
        <header>
          <h1 tabindex="-1">${t('admin.title')}</h1>
          <p class="muted">${t('admin.intro')}</p>
          <nav aria-label=${t('admin.elsewhere')}>
            <ul class="links">
              <li><a href="/places">${t('places.title')}</a> <span class="muted">${t('admin.placesHint')}</span></li>
              <li><a href="/campaign/settings">${t('settingsCampaign.title')}</a> <span class="muted">${t('admin.campaignHint')}</span></li>
            </ul>
          </nav>
        </header>
        <section><gr-unit-admin></gr-unit-admin></section>
        <section><gr-role-editor></gr-role-editor></section>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-admin-page': GrAdminPage;
  }
}
