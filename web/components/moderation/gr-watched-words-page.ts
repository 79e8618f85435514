import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import {
  WATCHED_WORD_ACTIONS, type WatchedWordAction, type WatchedWordImportView, type WatchedWordView,
} from '../../api/moderation-types';
import type { Page } from '../../../server/presenters/page.presenter';
import { ApiTask } from '../../controllers/api-task';
import { FormController, problemText } from '../../controllers/form-controller';
import { KeysetPager } from '../../controllers/keyset-pager';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles, pageStyles, rowListStyles } from '../../styles/shared.styles';
import { fileField } from '../shell/form-field';
import '../shell/gr-error-message';

type AddField = 'word' | 'action' | 'replacement';

/**
 * The watched-words page (/admin/watched-words, admin): the list with a search, adding a
 * word with its action (block, hold for review, replace with a replacement), deleting one,
 * importing a CSV file (the answer's report shown row by row) and exporting the list.
 */
@customElement('gr-watched-words-page')
export class GrWatchedWordsPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    rowListStyles,
    css`
      .add { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr) minmax(0, 2fr) auto; gap: var(--gr-space-3); align-items: end; }
      @media (max-width: 48rem) { .add { grid-template-columns: minmax(0, 1fr); } }
      .tools { display: flex; flex-wrap: wrap; gap: var(--gr-space-3); align-items: flex-end; justify-content: space-between; margin-top: var(--gr-space-5); }
      .tools .field { flex: 1 1 14rem; }
      .report ul { margin: var(--gr-space-2) 0 0; padding-left: var(--gr-space-5); max-height: 16rem; overflow: auto; }
      .word { font-weight: 600; overflow-wrap: anywhere; }
      input[type='file'] { max-width: 100%; }
      section.card { display: grid; gap: var(--gr-space-3); }
      h2 { margin: 0; font-size: var(--gr-font-size-lg); }
      gr-error-message.whole { grid-column: 1 / -1; flex-basis: 100%; }
    `,
  ];

  /** The name of the CSV file chosen for the import, shown beside its button. */
  @state() private _fileName: string | null = null;
  @state() private _q = '';
  @state() private _action: WatchedWordAction = 'block';
  @state() private _said = '';
  @state() private _report: WatchedWordImportView | null = null;
  @state() private _deleteError: unknown = null;

  private readonly _add = new FormController<AddField>(this, { fields: ['word', 'action', 'replacement'] });
  private readonly _import = new FormController<'csv'>(this, { fields: ['csv'] });
  private readonly _pager = new KeysetPager<WatchedWordView>(this, {
    fetchPage: (cursor) => api.get<Page<WatchedWordView>>('/api/watched-words', { query: { limit: 100, cursor, ...(this._q ? { q: this._q } : {}) } }),
    key: (word) => word.id,
  });
  private readonly _first = new ApiTask(this, {
    args: () => [this._q] as const,
    task: async ([q], signal) =>
      this._pager.reset(await api.get<Page<WatchedWordView>>('/api/watched-words', { query: { limit: 100, ...(q ? { q } : {}) }, signal })),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <div class="page">
        <header>
          <p class="muted small"><a href="/admin">${t('admin.title')}</a> ›</p>
          <h1 tabindex="-1">${t('ww.title')}</h1>
          <p class="muted">${t('ww.intro')}</p>
        </header>
        <p class="live visually-hidden" role="status">${this._said}</p>
        ${this._renderAdd()}
        ${this._renderImport()}
        <section>
          <div class="tools">
            <div class="field">
              <label for="ww-q">${t('ww.search')}</label>
              <input id="ww-q" type="search" .value=${this._q} @change=${(e: Event) => (this._q = (e.target as HTMLInputElement).value.trim())} />
            </div>
            <a class="button secondary" href="/api/watched-words.csv" download>${t('ww.export')}</a>
          </div>
          <gr-error-message .error=${this._deleteError}></gr-error-message>
          ${this._first.render({
            pending: () => (this._pager.items.length === 0 ? html`<p class="muted" role="status">${t('app.loading')}</p>` : this._renderList()),
            complete: () => this._renderList(),
            error: (err) => html`<gr-error-message retryable .error=${err} @gr-retry=${() => void this._first.run()}></gr-error-message>`,
          })}
        </section>
      </div>
    `;
  }

  private _renderAdd(): TemplateResult {
    const problem = (field: AddField): TemplateResult | typeof nothing => {
      const p = this._add.problem(field);
      return p ? html`<p class="field-error" id=${`ww-${field}-error`}>${problemText(p)}</p>` : nothing;
    };
    return html`<section class="card" aria-labelledby="ww-add-h">
      <h2 id="ww-add-h">${t('ww.add')}</h2>
      <form class="add" novalidate @submit=${this._submitAdd} @input=${this._add.clearOnInput}>
        <gr-error-message class="whole" .error=${this._add.formError}></gr-error-message>
        <div class="field">
          <label for="ww-word">${t('ww.word')}</label>
          <input id="ww-word" name="word" type="text" maxlength="100" aria-invalid=${this._add.problem('word') ? 'true' : 'false'} />
          ${problem('word')}
        </div>
        <div class="field">
          <label for="ww-action">${t('ww.action')}</label>
          <select id="ww-action" name="action" @change=${(e: Event) => (this._action = (e.target as HTMLSelectElement).value as WatchedWordAction)}>
            ${WATCHED_WORD_ACTIONS.map((action) => html`<option value=${action} ?selected=${action === this._action}>${t(`ww.action.${action}`)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="ww-replacement">${t('ww.replacement')}${this._action === 'replace' ? nothing : html`<span class="optional">${t('form.optional')}</span>`}</label>
          <input id="ww-replacement" name="replacement" type="text" maxlength="100" ?disabled=${this._action !== 'replace'}
            aria-invalid=${this._add.problem('replacement') ? 'true' : 'false'} />
          ${problem('replacement')}
        </div>
        <button type="submit" ?disabled=${this._add.busy}>${this._add.busy ? t('ww.adding') : t('ww.add')}</button>
      </form>
    </section>`;
  }

  private _renderImport(): TemplateResult {
    const report = this._report;
    return html`<section class="card" aria-labelledby="ww-import-h">
      <h2 id="ww-import-h">${t('ww.import')}</h2>
      <form class="input-row" novalidate @submit=${this._submitImport}>
        <gr-error-message class="whole" .error=${this._import.formError}></gr-error-message>
        <div class="field">
          <label for="ww-file">${t('ww.importFile')}</label>
          <p class="hint" id="ww-file-hint">${t('ww.importHint')}</p>
          ${fileField({
            id: 'ww-file', name: 'file', accept: '.csv,text/csv', fileName: this._fileName, describedBy: 'ww-file-hint',
            invalid: this._import.problem('csv') !== undefined,
            onChange: (event) => {
              this._fileName = (event.target as HTMLInputElement).files?.[0]?.name ?? null;
              this._import.clear('csv');
            },
          })}
          ${this._import.problem('csv') ? html`<p class="field-error">${t('ww.importChoose')}</p>` : nothing}
        </div>
        <button type="submit" ?disabled=${this._import.busy}>${this._import.busy ? t('ww.importing') : t('ww.importSubmit')}</button>
      </form>
      ${report
        ? html`<div class="report notice" tabindex="-1">
            <strong>${t('ww.importReport', { added: report.added + report.updated, failed: report.skipped.length })}</strong>
            ${report.skipped.length > 0
              ? html`<ul>${report.skipped.map((row) => html`<li>${t('ww.importRow', { row: row.line, message: row.reason })}</li>`)}</ul>`
              : nothing}
          </div>`
        : nothing}
    </section>`;
  }

  private _renderList(): TemplateResult {
    const words = this._pager.items;
    if (words.length === 0) return html`<p class="muted">${t('ww.empty')}</p>`;
    return html`<ul class="list" aria-label=${t('ww.title')}>
        ${words.map((word) => html`<li>
          <span><span class="word">${word.word}</span>
            <span class="meta">· ${t(`ww.action.${word.action}`)}${word.action === 'replace' && word.replacement !== null ? html` → ${word.replacement}` : nothing}</span></span>
          <button type="button" class="danger" aria-label=${t('ww.deleteNamed', { word: word.word })} @click=${() => this._delete(word)}>${t('ww.delete')}</button>
        </li>`)}
      </ul>
      ${this._pager.renderMore(t('mod.loadMore'), t('mod.loadingMore'))}`;
  }

  private _submitAdd(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const word = String(data.get('word') ?? '').trim();
    const action = String(data.get('action') ?? 'block') as WatchedWordAction;
    const replacement = String(data.get('replacement') ?? '').trim();
    void this._add.submit({
      validate: () => {
        if (word === '') return { word: { key: 'ww.wordRequired' } };
        if (action === 'replace' && replacement === '') return { replacement: { key: 'ww.replacementRequired' } };
        return {};
      },
      send: async () => {
        const answer = await api.post<{ word: WatchedWordView }>('/api/watched-words', {
          word, action, ...(action === 'replace' ? { replacement } : {}),
        });
        this._pager.setItems([answer.word, ...this._pager.items.filter((w) => w.id !== answer.word.id)]);
        this._said = t('ww.added', { word: answer.word.word });
        form.reset();
        this._action = 'block';
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLInputElement>('#ww-word')?.focus();
      },
    });
  }

  private _submitImport(event: SubmitEvent): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#ww-file');
    const file = input?.files?.[0] ?? null;
    void this._import.submit({
      validate: () => (file ? {} : { csv: { key: 'ww.importChoose' } }),
      send: async () => {
        const csv = await (file as File).text();
        this._report = await api.post<WatchedWordImportView>('/api/watched-words/import', { csv });
        // The file is imported: the field is empty again, as a sent form's fields are.
        if (input) input.value = '';
        this._fileName = null;
        await this._first.run();
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('.report')?.focus();
      },
    });
  }

  private async _delete(word: WatchedWordView): Promise<void> {
    this._deleteError = null;
    try {
      await api.del(apiPath`/api/watched-words/${word.id}`);
      const index = this._pager.items.findIndex((w) => w.id === word.id);
      this._pager.setItems(this._pager.items.filter((w) => w.id !== word.id));
      this._said = t('ww.deleted', { word: word.word });
      await this.updateComplete;
      // Focus moves to the next row's button (or the search box when the list ended).
      const buttons = this.renderRoot.querySelectorAll<HTMLButtonElement>('ul.list button');
      (buttons[Math.min(index, buttons.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('#ww-q'))?.focus();
    } catch (err) {
      this._deleteError = err;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-watched-words-page': GrWatchedWordsPage;
  }
}
