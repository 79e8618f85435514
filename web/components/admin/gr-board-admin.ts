import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { api, apiPath } from '../../api/client';
import { forgetBoards } from '../../api/boards-cache';
import { NAME_MAX_LENGTH } from '../../../server/domain/limits';
import type { BoardView } from '../../../server/presenters/board.presenter';
import type { ItemList } from '../../../server/presenters/page.presenter';
import { ApiTask } from '../../controllers/api-task';
import { FormController, problemText, type FieldProblems } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles } from '../../styles/shared.styles';
import { charCount } from '../../text/char-count';
import { formAttention } from '../shell/form-field';
import '../shell/gr-error-message';

type BoardField = 'names.zh' | 'names.en' | 'descriptions.zh' | 'descriptions.en';
const FIELDS: readonly BoardField[] = ['names.zh', 'names.en', 'descriptions.zh', 'descriptions.en'];
const DESCRIPTION_MAX = 2000;

/**
 * The admin's board names (PATCH /api/boards/:slug): choose a board, then its name and
 * description in Chinese (required) and English (optional: English readers see the Chinese
 * without it).
 */
@customElement('gr-board-admin')
export class GrBoardAdmin extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }

      .card {
        display: grid;
        gap: var(--gr-space-4);
      }

      .pair {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
        gap: var(--gr-space-3);
      }
    `,
  ];

  private readonly _form = new FormController<BoardField>(this, { fields: FIELDS });
  /** The slug of the board being edited (the first board until another is chosen). */
  @state() private _slug = '';
  /** The board just saved, for the confirmation. */
  @state() private _saved: BoardView | null = null;

  private readonly _boards = new ApiTask(this, {
    task: (_args, signal) => api.get<ItemList<BoardView>>('/api/boards', { signal }),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <h2 id="boards-heading">${t('boardAdmin.heading')}</h2>
      <p class="muted">${t('boardAdmin.intro')}</p>
      <div class="card">${this._renderBody()}</div>
    `;
  }

  private _renderBody(): TemplateResult {
    if (this._boards.status === 'error') {
      return html`<gr-error-message polite retryable .error=${this._boards.error} @gr-retry=${() => this._boards.run()}></gr-error-message>`;
    }
    const boards = this._boards.value?.items;
    if (!boards) return html`<p class="muted" role="status">${t('app.loading')}</p>`;
    const board = boards.find((b) => b.slug === this._slug) ?? boards[0];
    if (!board) return html`<p class="muted">${t('boardAdmin.none')}</p>`;
    return html`
      <div class="field">
        <label for="board-choice">${t('boardAdmin.choose')}</label>
        <select id="board-choice" @change=${this._choose}>
          ${boards.map((b) => html`<option value=${b.slug} ?selected=${b.slug === board.slug}>${b.names.zh}</option>`)}
        </select>
      </div>
      <!-- Keyed by slug: another board gets fresh fields, not the last board's typing. -->
      ${keyed(board.slug, this._renderForm(board))}
    `;
  }

  private _renderForm(board: BoardView): TemplateResult {
    return html`<form class="stacked" novalidate data-slug=${board.slug} @submit=${(e: SubmitEvent) => this._submit(e, board)} @input=${this._form.clearOnInput}>
      <gr-error-message .error=${this._form.formError}></gr-error-message>
      <div class="pair">
        ${this._field('names.zh', t('boardAdmin.nameZh'), board.names.zh, NAME_MAX_LENGTH)}
        ${this._field('names.en', t('boardAdmin.nameEn'), board.names.en, NAME_MAX_LENGTH)}
      </div>
      <div class="pair">
        ${this._field('descriptions.zh', t('boardAdmin.descriptionZh'), board.descriptions.zh, DESCRIPTION_MAX, true)}
        ${this._field('descriptions.en', t('boardAdmin.descriptionEn'), board.descriptions.en, DESCRIPTION_MAX, true)}
      </div>
      <div class="actions">
        <button type="submit" ?disabled=${this._form.busy}>${this._form.busy ? t('boardAdmin.saving') : t('boardAdmin.save')}</button>
        ${formAttention(this._form)}
        <span class="live" role="status">${this._saved ? html`<span class="notice">${t('boardAdmin.saved', { name: this._saved.names.zh })}</span>` : nothing}</span>
      </div>
    </form>`;
  }

  private _field(name: BoardField, label: string, value: string, maxlength: number, multiline = false): TemplateResult {
    const id = `board-${name.replace('.', '-')}`;
    const problem = this._form.problems[name];
    const errorId = `${id}-error`;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${multiline
        ? html`<textarea id=${id} name=${name} rows="3" maxlength=${maxlength} .value=${value}
            aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${problem ? errorId : nothing}></textarea>`
        : html`<input id=${id} name=${name} type="text" maxlength=${maxlength} .value=${value}
            aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${problem ? errorId : nothing} />`}
      ${problem ? html`<p class="field-error" id=${errorId}>${problemText(problem)}</p>` : nothing}
    </div>`;
  }

  private _choose(event: Event): void {
    this._slug = (event.target as HTMLSelectElement).value;
    this._saved = null;
    this._form.reset();
  }

  private _submit(event: SubmitEvent, board: BoardView): void {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: BoardField) => String(data.get(name) ?? '').trim();
    const names = { zh: value('names.zh'), en: value('names.en') };
    const descriptions = { zh: value('descriptions.zh'), en: value('descriptions.en') };
    this._saved = null;
    void this._form.submit({
      validate: () => {
        const problems: FieldProblems<BoardField> = {};
        if (names.zh === '') problems['names.zh'] = { key: 'settingsCampaign.required' };
        for (const [field, text, max] of [['names.zh', names.zh, NAME_MAX_LENGTH], ['names.en', names.en, NAME_MAX_LENGTH]] as const) {
          if (!problems[field] && charCount(text) > max) problems[field] = { key: 'validation.tooLong', params: { max } };
        }
        return problems;
      },
      send: async () => {
        const answer = await api.patch<{ board: BoardView }>(apiPath`/api/boards/${board.slug}`, { names, descriptions });
        this._saved = answer.board;
        this._slug = answer.board.slug;
        forgetBoards();
        await this._boards.run();
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-board-admin': GrBoardAdmin;
  }
}
