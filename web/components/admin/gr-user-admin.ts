import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api } from '../../api/client';
import { loadUnits } from '../../api/campaign';
import { ROLES, type Role } from '../../../server/domain/roles';
import type { Page } from '../../../server/presenters/page.presenter';
import type { PersonView } from '../../../server/presenters/user.presenter';
import { flattenUnitTree } from '../../api/unit-tree';
import { ApiTask } from '../../controllers/api-task';
import { KeysetPager } from '../../controllers/keyset-pager';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, t } from '../../i18n';
import { roleName } from '../../i18n/labels';
import { baseStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import '../shell/gr-error-message';

/** People listed per page. */
const PAGE_SIZE = 50;

/**
 * The admin's list of people (GET /api/users?role=&unitId=&q=): filtered by role, unit and
 * name, keyset-paged with "load more". A row's button opens that person in the role editor
 * (fires `gr-edit-roles` with the person).
 */
@customElement('gr-user-admin')
export class GrUserAdmin extends LitElement {
  static override styles = [
    baseStyles,
    campaignStyles,
    css`
      :host {
        display: block;
      }

      .filters {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
        gap: var(--gr-space-3);
        align-items: end;
        margin-bottom: var(--gr-space-4);
      }

      /* A unit's name wraps by words, not a character a line, on a phone. */
      td.unit {
        min-width: 7em;
      }
    `,
  ];

  @state() private _role: Role | '' = '';
  @state() private _unitId = '';
  @state() private _q = '';

  private readonly _units = new ApiTask(this, { task: () => loadUnits() });
  private readonly _pager = new KeysetPager<PersonView>(this, {
    fetchPage: (cursor) => this._fetch(cursor),
    key: (person) => person.id,
  });
  private readonly _first = new ApiTask(this, {
    args: () => [this._role, this._unitId, this._q] as const,
    task: async (_args, signal) => {
      const page = await this._fetch(undefined, signal);
      this._pager.reset(page);
      return page;
    },
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    const units = flattenUnitTree(this._units.value ?? []);
    return html`
      <h2 id="people-heading">${t('people.heading')}</h2>
      <div class="card">
        <div class="filters" role="search" aria-label=${t('people.filters')}>
          <div class="field">
            <label for="people-q">${t('people.q')}</label>
            <input id="people-q" type="search" .value=${this._q} @change=${(e: Event) => (this._q = (e.target as HTMLInputElement).value.trim())} />
          </div>
          <div class="field">
            <label for="people-role">${t('people.role')}</label>
            <select id="people-role" @change=${(e: Event) => (this._role = (e.target as HTMLSelectElement).value as Role | '')}>
              <option value="" ?selected=${this._role === ''}>${t('people.anyRole')}</option>
              ${ROLES.map((role) => html`<option value=${role} ?selected=${this._role === role}>${roleName(role)}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="people-unit">${t('people.unit')}</label>
            <select id="people-unit" @change=${(e: Event) => (this._unitId = (e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${this._unitId === ''}>${t('people.anyUnit')}</option>
              ${units.map(({ unit, depth }) => html`<option value=${unit.id} ?selected=${this._unitId === String(unit.id)}>${'\u3000'.repeat(depth)}${unit.name}</option>`)}
            </select>
          </div>
        </div>
        ${this._first.render({
          pending: () => html`<p class="muted" role="status">${t('app.loading')}</p>`,
          error: (err) => html`<gr-error-message polite retryable .error=${err} @gr-retry=${() => this._first.run()}></gr-error-message>`,
          complete: () => this._renderList(),
        })}
      </div>
    `;
  }

  private _renderList(): TemplateResult {
    const people = this._pager.items;
    if (people.length === 0) return html`<p class="muted">${t('people.none')}</p>`;
    return html`
      <div class="table-wrap" tabindex="0" role="region" aria-labelledby="people-caption">
        <table>
          <caption class="visually-hidden" id="people-caption">${t('people.heading')}</caption>
          <thead><tr>
            <th scope="col">${t('people.name')}</th><th scope="col">${t('people.unit')}</th>
            <th scope="col">${t('people.roles')}</th><th scope="col">${t('people.joined')}</th><th scope="col"><span class="visually-hidden">${t('people.actions')}</span></th>
          </tr></thead>
          <tbody>${people.map((person) => html`<tr>
            <th scope="row"><a href=${`/u/${encodeURIComponent(person.username)}`}>${person.displayName}</a>
              <span class="small muted">@${person.username}</span></th>
            <td class="unit">${person.unitName ?? nothing}</td>
            <td>${person.roles.map((role) => roleName(role)).join(t('common.listSeparator'))}</td>
            <td>${formatDate(person.createdAt)}</td>
            <td><button type="button" class="secondary" @click=${() => this._edit(person)}
              aria-label=${t('people.editRolesNamed', { name: person.displayName })}>${t('people.editRoles')}</button></td>
          </tr>`)}</tbody>
        </table>
      </div>
      ${this._pager.renderMore(t('people.more'), t('app.loading'))}
    `;
  }

  private _fetch(cursor: string | undefined, signal?: AbortSignal): Promise<Page<PersonView>> {
    return api.get<Page<PersonView>>('/api/users', {
      query: { limit: PAGE_SIZE, cursor, role: this._role || undefined, unitId: this._unitId || undefined, q: this._q || undefined },
      ...(signal ? { signal } : {}),
    });
  }

  private _edit(person: PersonView): void {
    this.dispatchEvent(new CustomEvent<PersonView>('gr-edit-roles', { detail: person, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-user-admin': GrUserAdmin;
  }
  interface HTMLElementEventMap {
    'gr-edit-roles': CustomEvent<PersonView>;
  }
}
