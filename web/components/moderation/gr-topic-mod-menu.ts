import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import { loadBoards } from '../../api/boards-cache';
import type { BoardView } from '../../../server/presenters/board.presenter';
import { FormController, problemText } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t, type MessageKey } from '../../i18n';
import { moderationStyles } from '../../styles/moderation.styles';
import { baseStyles } from '../../styles/shared.styles';
import type { ModTopic } from './gr-visit-mark';
import '../shell/gr-error-message';

type Panel = 'lock' | 'move' | 'visit' | null;
type Field = 'reason' | 'boardSlug' | 'visitId';

/**
 * The moderator's topic menu: lock (with the reason readers see) or unlock, pin or unpin,
 * move to another board, and link a logged visit (confirmed at once). Each is one request;
 * the answer's topic goes up in `gr-topic-changed` and the menu says what was done.
 */
@customElement('gr-topic-mod-menu')
export class GrTopicModMenu extends LitElement {
  static override styles = [baseStyles, moderationStyles];

  /** The topic acted on. */
  @property({ attribute: false }) topic: ModTopic | null = null;

  @state() private _open = false;
  @state() private _panel: Panel = null;
  @state() private _boards: BoardView[] = [];
  @state() private _done = '';

  private readonly _form = new FormController<Field>(this, { fields: ['reason', 'boardSlug', 'visitId'] });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    // The menu of buttons closes when focus or a click goes elsewhere, as menus do; a form
    // opened from it stays open (it may hold a reason being typed) until Escape or the button.
    this.addEventListener('focusout', (event: FocusEvent) => {
      const next = event.relatedTarget;
      if (next instanceof Node && (next === this || this.renderRoot.contains(next) || this.contains(next))) return;
      if (next !== null) this._closeIdle();
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pointerdown', this._onOutsidePointer);
  }

  override disconnectedCallback(): void {
    document.removeEventListener('pointerdown', this._onOutsidePointer);
    super.disconnectedCallback();
  }

  private readonly _onOutsidePointer = (event: PointerEvent): void => {
    if (!event.composedPath().includes(this)) this._closeIdle();
  };

  /** Closes the menu unless one of its forms is open or an action is under way. */
  private _closeIdle(): void {
    if (!this._open || this._panel !== null || this._form.busy) return;
    this._open = false;
    this._done = '';
  }

  override render(): TemplateResult | typeof nothing {
    const topic = this.topic;
    if (!topic) return nothing;
    return html`
      <button type="button" class="secondary" aria-expanded=${this._open ? 'true' : 'false'} aria-controls="topic-mod"
        @click=${this._toggle}>${t('topicMod.menu')}</button>
      <span class="live visually-hidden" role="status">${this._done}</span>
      ${this._open
        ? html`<div class="popover" id="topic-mod" role="group" aria-label=${t('topicMod.menu')} @keydown=${this._onKeydown}>
            <div class="menu-row">
              ${topic.locked
                ? html`<button type="button" class="secondary" ?disabled=${this._form.busy} @click=${() => this._act('unlock')}>${t('topicMod.unlock')}</button>`
                : html`<button type="button" class="secondary" aria-expanded=${this._panel === 'lock' ? 'true' : 'false'} @click=${() => this._show('lock')}>${t('topicMod.lock')}</button>`}
              <button type="button" class="secondary" ?disabled=${this._form.busy}
                @click=${() => this._act(topic.pinned ? 'unpin' : 'pin')}>${topic.pinned ? t('topicMod.unpin') : t('topicMod.pin')}</button>
              <button type="button" class="secondary" aria-expanded=${this._panel === 'move' ? 'true' : 'false'} @click=${() => this._show('move')}>${t('topicMod.move')}</button>
              ${topic.kind !== 'discussion'
                ? html`<button type="button" class="secondary" aria-expanded=${this._panel === 'visit' ? 'true' : 'false'} @click=${() => this._show('visit')}>${t('topicMod.linkVisit')}</button>`
                : nothing}
            </div>
            <gr-error-message .error=${this._form.formError}></gr-error-message>
            ${this._renderPanel(topic)}
            ${this._done ? html`<p class="notice" aria-hidden="true">${this._done}</p>` : nothing}
          </div>`
        : nothing}
    `;
  }

  private _renderPanel(topic: ModTopic): TemplateResult | typeof nothing {
    const problem = (field: Field): TemplateResult | typeof nothing => {
      const p = this._form.problem(field);
      return p ? html`<p class="field-error" id=${`tm-${field}-error`}>${problemText(p)}</p>` : nothing;
    };
    if (this._panel === 'lock') {
      return html`<form novalidate @submit=${this._lock}>
        <div class="field">
          <label for="tm-reason">${t('topicMod.lockReason')}<span class="optional">${t('form.optional')}</span></label>
          <input id="tm-reason" name="reason" type="text" maxlength="500" aria-invalid=${this._form.problem('reason') ? 'true' : 'false'} />
          ${problem('reason')}
        </div>
        <div class="actions"><button type="submit" ?disabled=${this._form.busy}>${t('topicMod.lock')}</button></div>
      </form>`;
    }
    if (this._panel === 'move') {
      const others = this._boards.filter((board) => board.slug !== topic.boardSlug);
      return html`<form novalidate @submit=${this._move}>
        <div class="field">
          <label for="tm-board">${t('topicMod.moveTo')}</label>
          <select id="tm-board" name="boardSlug" aria-invalid=${this._form.problem('boardSlug') ? 'true' : 'false'}>
            ${others.map((board) => html`<option value=${board.slug}>${board.name}</option>`)}
          </select>
          ${problem('boardSlug')}
        </div>
        <div class="actions"><button type="submit" ?disabled=${this._form.busy || others.length === 0}>${t('topicMod.moveSubmit')}</button></div>
      </form>`;
    }
    if (this._panel === 'visit') {
      return html`<form novalidate @submit=${this._link}>
        <div class="field">
          <label for="tm-visit">${t('topicMod.visitId')}</label>
          <p class="hint" id="tm-visit-hint">${t('topicMod.visitIdHint')}</p>
          <input id="tm-visit" name="visitId" type="text" inputmode="numeric" .value=${topic.visitId !== null ? String(topic.visitId) : ''}
            aria-describedby="tm-visit-hint" aria-invalid=${this._form.problem('visitId') ? 'true' : 'false'} />
          ${problem('visitId')}
        </div>
        <div class="actions"><button type="submit" ?disabled=${this._form.busy}>${t('topicMod.linkSubmit')}</button></div>
      </form>`;
    }
    return nothing;
  }

  private _toggle(): void {
    this._open = !this._open;
    this._panel = null;
    this._done = '';
    this._form.reset();
  }

  private _onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    this._open = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('button')?.focus());
  }

  private async _show(panel: Panel): Promise<void> {
    this._panel = this._panel === panel ? null : panel;
    this._form.reset();
    this._done = '';
    if (this._panel === 'move' && this._boards.length === 0) {
      try {
        this._boards = await loadBoards();
      } catch (err) {
        this._form.formError = err;
        this.requestUpdate();
      }
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.popover form input, .popover form select')?.focus();
  }

  /**
   * After an answer: the topic goes up, the menu says what was done. A form's answer closes
   * its form and focus returns to the menu's first button; a one-click answer (pin, unlock)
   * leaves alone a form opened meanwhile.
   */
  private _changed(topic: ModTopic, done: MessageKey, params?: Record<string, string>, fromForm = true): void {
    if (fromForm) this._panel = null;
    this._done = t(done, params);
    this.dispatchEvent(new CustomEvent('gr-topic-changed', { detail: topic, bubbles: true, composed: true }));
    if (!fromForm && this._panel !== null) return;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('.menu-row button')?.focus());
  }

  private _act(action: 'unlock' | 'pin' | 'unpin'): void {
    const topic = this.topic;
    if (!topic) return;
    void this._form.submit({
      send: async () => {
        const answer = await api.post<{ topic: ModTopic }>(`/api/topics/${topic.id}/${action}`, {});
        this._changed(answer.topic, `topicMod.done.${action}`, undefined, false);
      },
    });
  }

  private _lock(event: SubmitEvent): void {
    event.preventDefault();
    const topic = this.topic;
    if (!topic) return;
    const reason = String(new FormData(event.currentTarget as HTMLFormElement).get('reason') ?? '').trim();
    void this._form.submit({
      send: async () => {
        const answer = await api.post<{ topic: ModTopic }>(apiPath`/api/topics/${topic.id}/lock`, reason ? { reason } : {});
        this._changed(answer.topic, 'topicMod.done.lock');
      },
    });
  }

  private _move(event: SubmitEvent): void {
    event.preventDefault();
    const topic = this.topic;
    if (!topic) return;
    const boardSlug = String(new FormData(event.currentTarget as HTMLFormElement).get('boardSlug') ?? '');
    const board = this._boards.find((b) => b.slug === boardSlug);
    void this._form.submit({
      send: async () => {
        const answer = await api.post<{ topic: ModTopic }>(apiPath`/api/topics/${topic.id}/move`, { boardSlug });
        this._changed(answer.topic, 'topicMod.done.move', { board: board?.name ?? boardSlug });
      },
    });
  }

  private _link(event: SubmitEvent): void {
    event.preventDefault();
    const topic = this.topic;
    if (!topic) return;
    const raw = String(new FormData(event.currentTarget as HTMLFormElement).get('visitId') ?? '').trim();
    const visitId = Number(raw);
    void this._form.submit({
      validate: () => (/^[1-9]\d{0,9}$/.test(raw) ? {} : { visitId: { key: 'topicMod.visitIdRequired' } }),
      send: async () => {
        const answer = await api.put<{ topic: ModTopic }>(apiPath`/api/topics/${topic.id}/visit`, { visitId });
        this._changed(answer.topic, 'topicMod.done.visit');
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-topic-mod-menu': GrTopicModMenu;
  }
  interface HTMLElementEventMap {
    'gr-topic-changed': CustomEvent<ModTopic>;
  }
}
