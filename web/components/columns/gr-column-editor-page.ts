import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import { errorText } from '../../api/error-text';
import type { ColumnDetailView, ColumnUserView, EditionView } from '../../api/columns';
import { EDITION_TITLE_MAX_LENGTH } from '../../../server/domain/columns';
import type { PersonView } from '../../../server/presenters/user.presenter';
import { ApiTask } from '../../controllers/api-task';
import { FormController } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, t } from '../../i18n';
import { navigate, setPageTitle } from '../../router';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { formAttention, textField } from '../shell/form-field';
import '../shell/gr-error-message';
import '../shell/gr-user-picker';
import './gr-editor-nav';

/**
 * One column for its editors (/editor/columns/:slug): its editions (every state) leading to
 * the builder, a form for a new edition, and its editors — added with the user picker,
 * removed (the last one stays).
 */
@customElement('gr-column-editor-page')
export class GrColumnEditorPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    css`
      ul.list {
        display: grid;
        gap: var(--gr-space-2);
        margin: 0 0 var(--gr-space-4);
        padding: 0;
        list-style: none;
      }

      ul.list li {
        display: flex;
        flex-wrap: wrap;
        gap: var(--gr-space-2);
        align-items: baseline;
        padding: var(--gr-space-2) var(--gr-space-3);
        border: 1px solid var(--gr-color-border);
        border-radius: var(--gr-radius-md);
        background: var(--gr-color-surface);
        overflow-wrap: anywhere;
      }

      h1 {
        overflow-wrap: anywhere;
      }

      .state {
        font-size: var(--gr-font-size-sm);
        color: var(--gr-color-text-muted);
      }

      form {
        max-width: 40rem;
      }

      .problem {
        color: var(--gr-color-danger);
      }
    `,
  ];

  /** The column's slug (from /editor/columns/:slug). */
  @property({ type: String }) slug = '';

  @state() private _editorsSaid = '';
  @state() private _editorsError = '';

  private readonly _newEdition = new FormController<'title'>(this, { fields: ['title'] });

  private readonly _data = new ApiTask(this, {
    task: async ([slug], signal) => api.get<ColumnDetailView>(apiPath`/api/columns/${slug}`, { signal }),
    args: () => [this.slug] as const,
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override updated(): void {
    const data = this._data.value;
    if (data) setPageTitle(`${data.column.outletName}「${data.column.name}」`);
  }

  override render(): TemplateResult {
    return html`<div class="page">
      <gr-editor-nav current="columns"></gr-editor-nav>
      ${this._data.render({
        pending: () => (this._data.value ? this._renderColumn(this._data.value) : html`<p class="muted" role="status">${t('desk.loading')}</p>`),
        error: (err) => html`<h1 tabindex="-1">${t('columns.title')}</h1>
          <gr-error-message retryable .error=${err} @gr-retry=${() => void this._data.run()}></gr-error-message>`,
        complete: (data) => this._renderColumn(data),
      }) ?? nothing}
    </div>`;
  }

  private _renderColumn(data: ColumnDetailView): TemplateResult {
    const { column, editions, editors } = data;
    const sorted = [...editions].sort((a, b) => b.number - a.number);
    return html`
      <header>
        <h1 tabindex="-1">${column.outletName}「${column.name}」</h1>
        <p class="muted">${t(`columns.outlet.${column.outlet}`)} · <a href=${`/columns/${encodeURIComponent(column.slug)}`}>/columns/${column.slug}</a></p>
        ${column.description ? html`<p>${column.description}</p>` : nothing}
      </header>
      <section aria-labelledby="editions-h">
        <h2 id="editions-h">${t('columns.editions')}</h2>
        ${sorted.length === 0
          ? html`<p class="muted">${t('columns.noEditions')}</p>`
          : html`<ul class="list">${sorted.map((e) => this._renderEdition(e))}</ul>`}
        <form novalidate @submit=${this._createEdition} @input=${this._newEdition.clearOnInput} aria-label=${t('columns.newEdition')}>
          <gr-error-message .error=${this._newEdition.formError}></gr-error-message>
          ${textField({
            id: 'new-edition-title', name: 'title', label: t('columns.newEditionTitle'), maxlength: EDITION_TITLE_MAX_LENGTH,
            problem: this._newEdition.problem('title'),
            trailing: html`<button type="submit" ?disabled=${this._newEdition.busy}>${t('columns.newEdition')}</button>`,
          })}
          ${formAttention(this._newEdition)}
        </form>
      </section>
      <section aria-labelledby="editors-h">
        <h2 id="editors-h">${t('columns.editors')}</h2>
        <ul class="list">${editors.map((e) => this._renderEditor(e, editors.length))}</ul>
        <p role="status" class="muted">${this._editorsSaid}</p>
        ${this._editorsError ? html`<p class="problem" role="alert">${this._editorsError}</p>` : nothing}
        <gr-user-picker .label=${t('columns.addEditor')} .hint=${t('columns.addEditorHint')} .exclude=${editors.map((e) => e.id)}
          @gr-user-pick=${this._addEditor}></gr-user-picker>
      </section>
    `;
  }

  private _renderEdition(edition: EditionView): TemplateResult {
    return html`<li>
      <a href=${`/editor/editions/${edition.id}`}>${t('columns.editionLine', { number: edition.number, title: edition.title })}</a>
      <span class="state">${t(`edition.state.${edition.state}`)} · ${t('columns.itemCount', { count: edition.itemCount })}
        ${edition.publishedAt ? html` · ${formatDate(edition.publishedAt, 'datetime')}` : nothing}</span>
    </li>`;
  }

  private _renderEditor(editor: ColumnUserView, count: number): TemplateResult {
    return html`<li>
      <a href=${`/u/${encodeURIComponent(editor.username)}`}>${editor.displayName || editor.username}</a>
      <span class="muted">@${editor.username}</span>
      ${count > 1 ? html`<button type="button" class="secondary" @click=${() => void this._removeEditor(editor)}>${t('columns.removeEditor')}</button>` : nothing}
    </li>`;
  }

  private _createEdition(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const title = String(new FormData(form).get('title') ?? '').trim();
    void this._newEdition.submit({
      validate: () => (title === '' ? { title: { key: 'columns.required' } } : {}),
      send: async () => {
        const answer = await api.post<{ edition: EditionView }>(apiPath`/api/columns/${this.slug}/editions`, { title });
        form.reset();
        navigate(`/editor/editions/${answer.edition.id}`);
      },
    });
  }

  private async _addEditor(event: CustomEvent<PersonView>): Promise<void> {
    const person = event.detail;
    this._editorsError = '';
    try {
      await api.post(apiPath`/api/columns/${this.slug}/editors`, { userId: person.id });
      this._editorsSaid = t('columns.editorAdded', { name: person.displayName || person.username });
      await this._data.run();
    } catch (err) {
      this._editorsError = errorText(err);
    }
  }

  private async _removeEditor(editor: ColumnUserView): Promise<void> {
    this._editorsError = '';
    try {
      await api.del(apiPath`/api/columns/${this.slug}/editors/${editor.id}`);
      this._editorsSaid = t('columns.editorRemoved', { name: editor.displayName || editor.username });
      await this._data.run();
    } catch (err) {
      this._editorsError = errorText(err);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-column-editor-page': GrColumnEditorPage;
  }
}
