import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import { forgetBoards, loadBoards } from '../../api/boards-cache';
import type { BoardView } from '../../../server/presenters/board.presenter';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles, rowListStyles } from '../../styles/shared.styles';
import '../shell/gr-error-message';

type ReviewBoard = BoardView;

/**
 * The board settings on /admin: per board, "先审后发" (review before publishing) on or
 * off (PATCH /api/boards/:slug). Each switch saves at once and says so.
 */
@customElement('gr-board-review')
export class GrBoardReview extends LitElement {
  static override styles = [
    baseStyles,
    rowListStyles,
    css`
      :host { display: block; }
      h2 { margin: 0 0 var(--gr-space-2); font-size: var(--gr-font-size-lg); }
      label { display: inline-flex; align-items: center; gap: var(--gr-space-2); }
    `,
  ];

  @state() private _boards: ReviewBoard[] = [];
  @state() private _error: unknown = null;
  @state() private _said = '';
  @state() private _busy = '';

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadBoards().then((boards) => (this._boards = boards), (err: unknown) => (this._error = err));
  }

  override render(): TemplateResult {
    return html`
      <h2>${t('boardReview.heading')}</h2>
      <p class="muted">${t('boardReview.hint')}</p>
      <gr-error-message .error=${this._error}></gr-error-message>
      <p class="live visually-hidden" role="status">${this._said}</p>
      <ul class="list">
        ${this._boards.map((board) => html`<li>
          <span class="name">${board.name}</span>
          <label><input type="checkbox" .checked=${board.reviewBeforePublish === true} ?disabled=${this._busy === board.slug}
            @change=${(e: Event) => this._toggle(board, (e.target as HTMLInputElement).checked)} />${t('boardReview.toggle')}<span class="visually-hidden">：${board.name}</span></label>
        </li>`)}
      </ul>
    `;
  }

  private async _toggle(board: ReviewBoard, on: boolean): Promise<void> {
    this._busy = board.slug;
    this._error = null;
    try {
      const answer = await api.patch<{ board: ReviewBoard }>(apiPath`/api/boards/${board.slug}`, { reviewBeforePublish: on });
      this._boards = this._boards.map((known) => (known.slug === board.slug ? answer.board : known));
      forgetBoards();
      this._said = t(on ? 'boardReview.on' : 'boardReview.off', { board: board.name });
    } catch (err) {
      this._error = err;
      this._boards = [...this._boards];
    } finally {
      this._busy = '';
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-board-review': GrBoardReview;
  }
}
