import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import './gr-unit-admin';
import './gr-role-editor';
import './gr-user-admin';
import './gr-board-admin';
import type { PersonView } from '../../../server/presenters/user.presenter';
import type { GrRoleEditor } from './gr-role-editor';

/** The admin page (/admin, role admin): links to places and campaign settings, the unit tree, the role editor, the boards' names and the list of people. */
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
        <section aria-labelledby="boards-heading"><gr-board-admin></gr-board-admin></section>
        <section aria-labelledby="people-heading"><gr-user-admin @gr-edit-roles=${this._editRoles}></gr-user-admin></section>
      </div>
    `;
  }

  /** A person chosen in the list opens in the role editor above. */
  private _editRoles(event: CustomEvent<PersonView>): void {
    const editor = this.renderRoot.querySelector<GrRoleEditor>('gr-role-editor');
    editor?.edit(event.detail);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-admin-page': GrAdminPage;
  }
}
