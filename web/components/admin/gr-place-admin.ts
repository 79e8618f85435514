import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, api } from '../../api/client';
import { loadUnits } from '../../api/campaign';
import { PLACE_KINDS } from '../../../server/domain/campaign';
import type { ImportRowErrorView, PlaceView } from '../../../server/presenters/place.presenter';
import { flattenUnitTree } from '../../api/unit-tree';
import { ApiTask } from '../../controllers/api-task';
import { FormController, problemText, type FieldProblems } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { formatNumber, t } from '../../i18n';
import { placeKindName } from '../../i18n/campaign-labels';
import { baseStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import { fileField, formAttention, textField } from '../shell/form-field';
import '../shell/gr-error-message';

type PlaceField = 'name' | 'kind' | 'category' | 'unitId' | 'address';
const FIELDS: readonly PlaceField[] = ['name', 'kind', 'category', 'unitId', 'address'];

/** The categories the plan names, offered as suggestions. */
const CATEGORY_SUGGESTIONS = ['特色文化村', '文明村', '文化企业'];

/**
 * Keeping the register of places: a form to add one (POST /api/places, moderators and
 * admins) and, for admins, a CSV import (POST /api/places/import) from pasted text or a
 * file, with a row-by-row error report when the server refuses it. Fires
 * `gr-places-changed` after places were added.
 */
@customElement('gr-place-admin')
export class GrPlaceAdmin extends LitElement {
  static override styles = [
    baseStyles,
    campaignStyles,
    css`
      :host {
        display: grid;
        gap: var(--gr-space-5);
      }

      form {
        display: grid;
        gap: var(--gr-space-4);
      }

      textarea.csv {
        font-family: var(--gr-font-mono);
        font-size: var(--gr-font-size-sm);
        min-height: 8rem;
      }

      code {
        font-family: var(--gr-font-mono);
        overflow-wrap: anywhere;
      }
    `,
  ];

  private readonly _form = new FormController<PlaceField>(this, { fields: FIELDS });
  /** The name of the CSV file chosen for the import, shown beside its button. */
  @state() private _fileName: string | null = null;
  @state() private _added: PlaceView | null = null;
  @state() private _csv = '';
  @state() private _importing = false;
  @state() private _imported: number | null = null;
  @state() private _importError: unknown = null;
  @state() private _rowErrors: ImportRowErrorView[] = [];

  private readonly _session = new SessionController(this);
  private readonly _units = new ApiTask(this, { task: () => loadUnits() });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <section class="card" aria-labelledby="add-place-heading">${this._renderCreate()}</section>
      ${this._session.hasRole('admin')
        ? html`<section class="card" aria-labelledby="import-heading">${this._renderImport()}</section>`
        : nothing}
    `;
  }

  private _renderCreate(): TemplateResult {
    const p = this._form.problems;
    const units = flattenUnitTree(this._units.value ?? []);
    const userUnit = this._session.user?.unitId ?? null;
    return html`
      <h2 id="add-place-heading">${t('places.addHeading')}</h2>
      <form novalidate @submit=${this._create} @input=${this._form.clearOnInput} @change=${this._form.clearOnInput}>
        <gr-error-message .error=${this._form.formError}></gr-error-message>
        <div class="live" role="status">${this._added
          ? html`<p class="notice">${t('places.added', { name: this._added.name })} <a href=${`/places/${this._added.id}`}>${t('places.open')}</a></p>`
          : nothing}</div>
        ${textField({ id: 'place-name', name: 'name', label: t('places.name'), maxlength: 100, problem: p.name })}
        <div class="field">
          <label for="place-kind">${t('places.kind')}</label>
          <select id="place-kind" name="kind" required aria-invalid=${p.kind ? 'true' : 'false'}
            aria-describedby=${p.kind ? 'place-kind-error' : nothing}>
            ${PLACE_KINDS.map((kind) => html`<option value=${kind}>${placeKindName(kind)}</option>`)}
          </select>
          ${p.kind ? html`<p class="field-error" id="place-kind-error">${problemText(p.kind)}</p>` : nothing}
        </div>
        <div class="field">
          <label for="place-category">${t('places.category')}<span class="optional">${t('form.optional')}</span></label>
          <p class="hint" id="place-category-hint">${t('places.categoryHint')}</p>
          <input id="place-category" name="category" type="text" maxlength="50" list="place-categories"
            aria-invalid=${p.category ? 'true' : 'false'} aria-describedby="place-category-hint" />
          <datalist id="place-categories">${CATEGORY_SUGGESTIONS.map((c) => html`<option value=${c}></option>`)}</datalist>
          ${p.category ? html`<p class="field-error">${problemText(p.category)}</p>` : nothing}
        </div>
        <div class="field">
          <label for="place-unit">${t('places.unit')}</label>
          <select id="place-unit" name="unitId" required aria-invalid=${p.unitId ? 'true' : 'false'}
            aria-describedby=${p.unitId ? 'place-unit-error' : nothing}>
            <option value="">${t('units.chooseLevel')}</option>
            ${units.map(({ unit, depth }) => html`<option value=${String(unit.id)} ?selected=${unit.id === userUnit}>${'\u3000'.repeat(depth)}${unit.name}</option>`)}
          </select>
          ${p.unitId ? html`<p class="field-error" id="place-unit-error">${problemText(p.unitId)}</p>` : nothing}
        </div>
        ${textField({ id: 'place-address', name: 'address', label: t('places.address'), optional: true, maxlength: 200, problem: p.address })}
        <div class="actions"><button type="submit" ?disabled=${this._form.busy}>${this._form.busy ? t('places.adding') : t('places.add')}</button>
          ${formAttention(this._form)}</div>
      </form>
    `;
  }

  private _renderImport(): TemplateResult {
    return html`
      <h2 id="import-heading">${t('places.importHeading')}</h2>
      <p class="hint">${t('places.importHint')}</p>
      <p class="small"><code>名称,类型,类别,单位,地址</code><br /><code>余东村,村,特色文化村,柯城区委宣传部,柯城区沟溪乡</code></p>
      <form novalidate @submit=${this._import}>
        <div class="field">
          <label for="import-file">${t('places.importFile')}<span class="optional">${t('form.optional')}</span></label>
          ${fileField({ id: 'import-file', accept: '.csv,text/csv,text/plain', fileName: this._fileName, onChange: (event) => void this._readFile(event) })}
        </div>
        <div class="field">
          <label for="import-csv">${t('places.importText')}</label>
          <textarea id="import-csv" class="csv" spellcheck="false" .value=${this._csv}
            aria-invalid=${this._rowErrors.length > 0 ? 'true' : 'false'}
            aria-describedby=${this._rowErrors.length > 0 ? 'import-report' : nothing}
            @input=${(e: Event) => (this._csv = (e.target as HTMLTextAreaElement).value)}></textarea>
        </div>
        <div class="actions">
          <button type="submit" ?disabled=${this._importing || this._csv.trim() === ''}>${this._importing ? t('places.importing') : t('places.import')}</button>
          ${this._importing ? html`<progress aria-label=${t('places.importing')}></progress>` : nothing}
        </div>
        <div class="live" role="status">${this._imported !== null
          ? html`<p class="notice">${t('places.imported', { count: this._imported })}</p>`
          : nothing}</div>
        <gr-error-message .error=${this._importError}></gr-error-message>
        ${this._rowErrors.length > 0
          ? html`<div class="table-wrap" id="import-report" tabindex="0" role="region" aria-labelledby="import-report-caption">
              <table>
                <caption id="import-report-caption">${t('places.importReport', { count: this._rowErrors.length })}</caption>
                <thead><tr><th scope="col" class="num">${t('places.row')}</th><th scope="col">${t('places.column')}</th><th scope="col">${t('places.problem')}</th></tr></thead>
                <tbody>${this._rowErrors.map((e) => html`<tr>
                  <td class="num">${e.row === 0 ? t('places.headerRow') : formatNumber(e.row)}</td>
                  <td>${e.field}</td><td>${e.message}</td>
                </tr>`)}</tbody>
              </table>
            </div>`
          : nothing}
      </form>
    `;
  }

  private _create(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const kind = String(data.get('kind') ?? '');
    const category = String(data.get('category') ?? '').trim();
    const unitId = String(data.get('unitId') ?? '');
    const address = String(data.get('address') ?? '').trim();
    this._added = null;
    void this._form.submit({
      validate: () => {
        const problems: FieldProblems<PlaceField> = {};
        if (name === '') problems.name = { key: 'places.nameRequired' };
        if (unitId === '') problems.unitId = { key: 'places.unitRequired' };
        return problems;
      },
      send: async () => {
        const answer = await api.post<{ place: PlaceView }>('/api/places', {
          name,
          kind,
          unitId: Number(unitId),
          ...(category ? { category } : {}),
          ...(address ? { address } : {}),
        });
        this._added = answer.place;
        (form.elements.namedItem('name') as HTMLInputElement).value = '';
        (form.elements.namedItem('address') as HTMLInputElement).value = '';
        this.dispatchEvent(new CustomEvent('gr-places-changed', { bubbles: true, composed: true }));
      },
    });
  }


  private async _readFile(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    this._fileName = file?.name ?? null;
    if (!file) return;
    try {
      this._csv = await file.text();
      this._rowErrors = [];
      this._imported = null;
    } catch (err) {
      this._importError = err;
    }
  }

  private async _import(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this._importing || this._csv.trim() === '') return;
    this._importing = true;
    this._imported = null;
    this._importError = null;
    this._rowErrors = [];
    try {
      const answer = await api.post<{ imported: number }>('/api/places/import', { csv: this._csv });
      this._imported = answer.imported;
      this._csv = '';
      this.dispatchEvent(new CustomEvent('gr-places-changed', { bubbles: true, composed: true }));
    } catch (err) {
      const rows = err instanceof ApiError ? (err.body as { errors?: ImportRowErrorView[] } | null)?.errors : undefined;
      this._importError = err;
      if (rows && rows.length > 0) this._rowErrors = rows;
    } finally {
      this._importing = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-place-admin': GrPlaceAdmin;
  }
  interface HTMLElementEventMap {
    'gr-places-changed': CustomEvent<void>;
  }
}
