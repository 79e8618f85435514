import { LitElement, html, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import './gr-unit-admin';
import './gr-role-editor';
import '../moderation/gr-board-review';
import '../moderation/gr-reason-templates';

/** The admin page (/admin, role admin): the unit tree and the user role editor. */
@customElement('gr-admin-page')
export class GrAdminPage extends LitElement {
  static override styles = [baseStyles, pageStyles];

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
        </header>
        <section><gr-unit-admin></gr-unit-admin></section>
        <section><gr-role-editor></gr-role-editor></section>
        <section class="card"><gr-board-review></gr-board-review></section>
        <section class="card"><gr-reason-templates></gr-reason-templates></section>
        <section><p><a class="button secondary" href="/admin/watched-words">${t('ww.link')}</a></p></section>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-admin-page': GrAdminPage;
  }
}
