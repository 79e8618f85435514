import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import { api } from '../../api/client';
import { loadMyColumns, type ColumnView } from '../../api/columns';
import { COLUMN_DESCRIPTION_MAX_LENGTH, COLUMN_NAME_MAX_LENGTH, OUTLETS, OUTLET_NAME_MAX_LENGTH } from '../../../server/domain/columns';
import { ApiTask } from '../../controllers/api-task';
import { FormController, problemText } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { navigate } from '../../router';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { formAttention, textField } from '../shell/form-field';
import '../shell/gr-error-message';
import './gr-editor-nav';

type ColumnField = 'slug' | 'name' | 'outlet' | 'outletName' | 'description';
const FIELDS: readonly ColumnField[] = ['slug', 'name', 'outlet', 'outletName', 'description'];

/**
 * The editor's columns (/editor/columns): the columns they edit, each leading to its page of
 * editions and editors, and a form to create a column for an outlet (the creator becomes its
 * first editor).
 */
@customElement('gr-editor-columns-page')
export class GrEditorColumnsPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    css`
      ul.columns {
        display: grid;
        gap: var(--gr-space-2);
        margin: 0 0 var(--gr-space-5);
        padding: 0;
        list-style: none;
      }

      ul.columns li {
        padding: var(--gr-space-3);
        border: 1px solid var(--gr-color-border);
        border-radius: var(--gr-radius-md);
        background: var(--gr-color-surface);
        overflow-wrap: anywhere;
      }

      form {
        max-width: 40rem;
      }

      form .field {
        display: grid;
        gap: var(--gr-space-1);
        margin-bottom: var(--gr-space-3);
      }

      textarea {
        width: 100%;
        min-height: 4rem;
      }
    `,
  ];

  private readonly _form = new FormController<ColumnField>(this, { fields: FIELDS });

  private readonly _columns = new ApiTask(this, {
    task: async (_args, signal): Promise<ColumnView[]> => loadMyColumns(signal),
    args: () => [] as const,
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`<div class="page">
      <gr-editor-nav current="columns"></gr-editor-nav>
      <h1 tabindex="-1">${t('columns.title')}</h1>
      <section aria-labelledby="mine-h">
        <h2 id="mine-h">${t('columns.mine')}</h2>
        ${this._columns.render({
          pending: () => html`<p class="muted" role="status">${t('desk.loading')}</p>`,
          error: (err) => html`<gr-error-message retryable .error=${err} @gr-retry=${() => void this._columns.run()}></gr-error-message>`,
          complete: (columns) => (columns.length === 0
            ? html`<p class="muted">${t('columns.none')}</p>`
            : html`<ul class="columns">${columns.map((c) => html`<li>
                <a href=${`/editor/columns/${encodeURIComponent(c.slug)}`}>${c.outletName}「${c.name}」</a>
                <span class="muted"> · ${t(`columns.outlet.${c.outlet}`)} · /columns/${c.slug}</span>
              </li>`)}</ul>`),
        }) ?? nothing}
      </section>
      <section aria-labelledby="new-h">
        <h2 id="new-h">${t('columns.create')}</h2>
        ${this._renderForm()}
      </section>
    </div>`;
  }

  private _renderForm(): TemplateResult {
    const outletProblem = this._form.problem('outlet');
    const descriptionProblem = this._form.problem('description');
    return html`<form novalidate @submit=${this._submit} @input=${this._form.clearOnInput}>
      <gr-error-message .error=${this._form.formError}></gr-error-message>
      ${textField({ id: 'col-name', name: 'name', label: t('columns.name'), hint: t('columns.nameHint'), maxlength: COLUMN_NAME_MAX_LENGTH, problem: this._form.problem('name') })}
      ${textField({ id: 'col-slug', name: 'slug', label: t('columns.slug'), hint: t('columns.slugHint'), maxlength: 40, verbatim: true, problem: this._form.problem('slug') })}
      <div class="field">
        <label for="col-outlet">${t('columns.outlet')}</label>
        <select id="col-outlet" name="outlet" aria-invalid=${outletProblem ? 'true' : 'false'}>
          ${OUTLETS.map((o) => html`<option value=${o}>${t(`columns.outlet.${o}`)}</option>`)}
        </select>
        ${outletProblem ? html`<p class="field-error">${problemText(outletProblem)}</p>` : nothing}
      </div>
      ${textField({ id: 'col-outlet-name', name: 'outletName', label: t('columns.outletName'), hint: t('columns.outletNameHint'), optional: true, maxlength: OUTLET_NAME_MAX_LENGTH, problem: this._form.problem('outletName') })}
      <div class="field">
        <label for="col-description">${t('columns.description')}<span class="optional">${t('form.optional')}</span></label>
        <textarea id="col-description" name="description" maxlength=${COLUMN_DESCRIPTION_MAX_LENGTH} aria-invalid=${descriptionProblem ? 'true' : 'false'}></textarea>
        ${descriptionProblem ? html`<p class="field-error">${problemText(descriptionProblem)}</p>` : nothing}
      </div>
      <div class="row">
        <button type="submit" ?disabled=${this._form.busy}>${t('columns.createButton')}</button>
        ${formAttention(this._form)}
      </div>
    </form>`;
  }

  private _submit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const value = (key: ColumnField) => String(data.get(key) ?? '').trim();
    const body = {
      slug: value('slug'), name: value('name'), outlet: value('outlet'),
      ...(value('outletName') ? { outletName: value('outletName') } : {}),
      ...(value('description') ? { description: value('description') } : {}),
    };
    void this._form.submit({
      validate: () => {
        const problems: Partial<Record<ColumnField, { key: 'columns.required' | 'columns.slugRule' }>> = {};
        if (body.name === '') problems.name = { key: 'columns.required' };
        if (!/^[a-z0-9-]{2,40}$/.test(body.slug)) problems.slug = { key: 'columns.slugRule' };
        return problems;
      },
      send: async () => {
        const answer = await api.post<{ column: ColumnView }>('/api/columns', body);
        form.reset();
        navigate(`/editor/columns/${encodeURIComponent(answer.column.slug)}`);
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-editor-columns-page': GrEditorColumnsPage;
  }
}
