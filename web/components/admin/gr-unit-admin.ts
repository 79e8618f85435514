import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api } from '../../api/client';
import { UNIT_LEVELS } from '../../../server/domain/units';
import type { ItemList } from '../../../server/presenters/page.presenter';
import type { UnitView } from '../../../server/presenters/unit.presenter';
import { buildUnitTree, flattenUnitTree, type UnitNode } from '../../api/unit-tree';
import { ApiTask } from '../../controllers/api-task';
import { FormController, problemText, type FieldProblems } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { unitLevelName } from '../../i18n/labels';
import { baseStyles } from '../../styles/shared.styles';
import { charCount } from '../../text/char-count';
import { formAttention, textField } from '../shell/form-field';
import '../shell/gr-error-message';

type UnitField = 'name' | 'level' | 'parentId';
const FIELDS: readonly UnitField[] = ['name', 'level', 'parentId'];
const NAME_MAX = 100;

/**
 * The admin's view of the unit tree (GET /api/units) with a form to add a unit
 * (POST /api/units) under any existing one.
 */
@customElement('gr-unit-admin')
export class GrUnitAdmin extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }

      .layout {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
        gap: var(--gr-space-5);
        align-items: start;
      }

      @media (max-width: 52rem) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
        }
      }

      ul.tree,
      ul.tree ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }

      ul.tree ul {
        margin-left: var(--gr-space-3);
        padding-left: var(--gr-space-4);
        border-left: 2px solid var(--gr-color-border);
      }

      ul.tree li {
        padding: var(--gr-space-1) 0;
      }

      .unit {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: var(--gr-space-2);
      }

      .level {
        padding: 0 var(--gr-space-2);
        border-radius: 999px;
        background: var(--gr-color-surface-muted);
        color: var(--gr-color-text-muted);
        font-size: var(--gr-font-size-sm);
        white-space: nowrap;
      }

      h3 {
        margin-bottom: var(--gr-space-4);
      }
    `,
  ];

  private readonly _form = new FormController<UnitField>(this, { fields: FIELDS });
  /** The unit just added, for the confirmation. */
  @state() private _added: UnitView | null = null;

  private readonly _units = new ApiTask(this, {
    task: (_args, signal) => api.get<ItemList<UnitView>>('/api/units', { signal }),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <h2>${t('units.heading')}</h2>
      <div class="layout">
        <div class="card">${this._renderTree()}</div>
        <div class="card">${this._renderForm()}</div>
      </div>
    `;
  }

  private _renderTree(): TemplateResult {
    const units = this._units.value?.items;
    // While a re-run after an addition is pending, the previous tree stays in view.
    if (this._units.status === 'error') {
      return html`<gr-error-message polite retryable .error=${this._units.error} @gr-retry=${() => this._units.run()}></gr-error-message>`;
    }
    if (!units) return html`<p class="muted" role="status">${t('units.loading')}</p>`;
    if (units.length === 0) return html`<p class="muted">${t('units.empty')}</p>`;
    return html`<ul class="tree" aria-label=${t('units.treeLabel')}>
      ${buildUnitTree(units).map((node) => this._renderNode(node))}
    </ul>`;
  }

  private _renderNode(node: UnitNode): TemplateResult {
    return html`
      <li>
        <span class="unit"><span>${node.unit.name}</span><span class="level">${unitLevelName(node.unit.level)}</span></span>
        ${node.children.length > 0 ? html`<ul>${node.children.map((child) => this._renderNode(child))}</ul>` : nothing}
      </li>
    `;
  }

  private _renderForm(): TemplateResult {
    const rows = flattenUnitTree(this._units.value?.items ?? []);
    const level = this._form.problems.level;
    const parent = this._form.problems.parentId;
    return html`
      <h3>${t('units.addHeading')}</h3>
      <form class="stacked" novalidate @submit=${this._submit} @input=${this._form.clearOnInput} @change=${this._form.clearOnInput}>
        <gr-error-message .error=${this._form.formError}></gr-error-message>
        <div class="live" role="status">${this._added
          ? html`<p class="notice">${t('units.added', { name: this._added.name })}</p>`
          : nothing}</div>
        ${textField({
          id: 'unit-name',
          name: 'name',
          label: t('field.unitName'),
          maxlength: NAME_MAX,
          problem: this._form.problems.name,
        })}
        <div class="field">
          <label for="unit-level">${t('field.unitLevel')}</label>
          <select id="unit-level" name="level" required aria-invalid=${level ? 'true' : 'false'}
            aria-describedby=${level ? 'unit-level-error' : nothing}>
            <option value="">${t('units.chooseLevel')}</option>
            ${UNIT_LEVELS.map((value) => html`<option value=${value}>${unitLevelName(value)}</option>`)}
          </select>
          ${level ? html`<p class="field-error" id="unit-level-error">${problemText(level)}</p>` : nothing}
        </div>
        <div class="field">
          <label for="unit-parent">${t('field.unitParent')}<span class="optional">${t('form.optional')}</span></label>
          <select id="unit-parent" name="parentId" aria-invalid=${parent ? 'true' : 'false'}
            aria-describedby=${parent ? 'unit-parent-error' : nothing}>
            <option value="">${t('units.noParent')}</option>
            ${rows.map(({ unit, depth }) => html`<option value=${String(unit.id)}>${'\u3000'.repeat(depth)}${unit.name}</option>`)}
          </select>
          ${parent ? html`<p class="field-error" id="unit-parent-error">${problemText(parent)}</p>` : nothing}
        </div>
        <div class="actions">
          <button type="submit" ?disabled=${this._form.busy}>${this._form.busy ? t('units.adding') : t('units.add')}</button>
          ${formAttention(this._form)}
        </div>
      </form>
    `;
  }

  private _submit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const level = String(data.get('level') ?? '');
    const parent = String(data.get('parentId') ?? '');
    this._added = null;
    void this._form.submit({
      validate: () => {
        const problems: FieldProblems<UnitField> = {};
        if (name === '') problems.name = { key: 'validation.unitNameRequired' };
        else if (charCount(name) > NAME_MAX) problems.name = { key: 'validation.tooLong', params: { max: NAME_MAX } };
        if (!(UNIT_LEVELS as readonly string[]).includes(level)) problems.level = { key: 'validation.levelRequired' };
        return problems;
      },
      send: async () => {
        const answer = await api.post<{ unit: UnitView }>('/api/units', {
          name,
          level,
          ...(parent ? { parentId: Number(parent) } : {}),
        });
        this._added = answer.unit;
        form.reset();
        await this._units.run();
      },
    });
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'gr-unit-admin': GrUnitAdmin;
  }
}
