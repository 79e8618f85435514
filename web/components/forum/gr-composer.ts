import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { ApiError, api, apiPath } from '../../api/client';
import { MAX_BODY_LENGTH, MAX_TITLE_LENGTH, TOPIC_KINDS, type DraftView, type TopicKind } from '../../api/forum';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, t } from '../../i18n';
import { topicKindName } from '../../i18n/forum-labels';
import { sendTyping } from '../../realtime/socket';
import { postContentStyles } from '../../styles/post-content.styles';
import { baseStyles } from '../../styles/shared.styles';
import { charCount } from '../shell/form-field';
import '../shell/gr-error-message';

/** What the composer hands to its `send` function. */
export interface ComposerValue {
  title: string;
  kind: TopicKind;
  body: string;
  /** The visit a piece of field writing comes from (new topics of a writing kind), or null. */
  visitId: number | null;
}

/** A visit the writer may link a field note to. */
export interface VisitOption {
  id: number;
  label: string;
}

/** How long typing pauses before the draft is saved. */
const DRAFT_DELAY_MS = 800;
/** How long typing pauses before the preview is rendered again. */
const PREVIEW_DELAY_MS = 400;
/** At most one typing signal in this interval. */
const TYPING_INTERVAL_MS = 3000;

/**
 * The latest text of each draft scope in this page's life: a composer that closes and another
 * that opens on the same scope (moving a reply from one post to another) continue from it
 * without waiting for the server.
 */
const draftCache = new Map<string, { title: string; body: string }>();

type Field = 'title' | 'body' | 'kind' | 'visitId';

/**
 * The composer for new topics, replies and edits: a textarea with a formatting toolbar
 * acting on the selection (bold, quote, link, list), Ctrl/Cmd+Enter to send and Ctrl/Cmd+B
 * for bold, a preview tab rendered by the server (POST /api/preview), a character count
 * against 50,000, and — with a `scope` — a draft saved on the server as you type
 * (PUT /api/drafts/:scope) and loaded when it opens. Errors show inline: a 400 under its
 * field, a locked topic or a rate limit explained above the form.
 *
 * Fires `gr-cancel` when its cancel button is pressed (only shown with `cancellable`).
 */
@customElement('gr-composer')
export class GrComposer extends LitElement {
  static override styles = [
    baseStyles,
    postContentStyles,
    css`
      :host {
        display: block;
      }

      form {
        display: grid;
        gap: var(--gr-space-3);
      }

      .tabs {
        display: flex;
        gap: var(--gr-space-1);
        border-bottom: 1px solid var(--gr-color-border);
      }

      .tabs button {
        min-height: 2.25rem;
        border: 1px solid transparent;
        border-bottom: 0;
        border-radius: var(--gr-radius-sm) var(--gr-radius-sm) 0 0;
        background: none;
        color: var(--gr-color-text-muted);
        font-weight: 600;
      }

      .tabs button[aria-selected='true'] {
        background: var(--gr-color-surface);
        color: var(--gr-color-text);
        border-color: var(--gr-color-border);
        margin-bottom: -1px;
      }

      .tabs button:hover:not(:disabled) {
        background: var(--gr-color-surface-muted);
        border-color: var(--gr-color-border);
      }

      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: var(--gr-space-1);
      }

      .toolbar button {
        min-height: 2rem;
        min-width: 2.5rem;
        padding: var(--gr-space-1) var(--gr-space-3);
        font-weight: 600;
      }

      textarea {
        min-height: 9rem;
        resize: vertical;
        line-height: 1.6;
      }

      textarea[aria-invalid='true'] {
        border-color: var(--gr-color-danger);
        border-width: 2px;
      }

      .preview {
        min-height: 9rem;
        padding: var(--gr-space-3);
        border: 1px dashed var(--gr-color-border-strong);
        border-radius: var(--gr-radius-sm);
        overflow-wrap: anywhere;
      }

      .meta {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        gap: var(--gr-space-2) var(--gr-space-4);
        font-size: var(--gr-font-size-sm);
        color: var(--gr-color-text-muted);
      }

      .meta .over {
        color: var(--gr-color-danger);
        font-weight: 600;
      }

      .row {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(8rem, 12rem);
        gap: var(--gr-space-3);
      }

      @media (max-width: 30rem) {
        .row {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];

  /** The draft scope (`topic:<id>` or `board:<slug>`); null keeps no draft (editing). */
  @property({ type: String }) scope: string | null = null;
  /** Also ask for a title and a kind (a new topic). */
  @property({ type: Boolean, attribute: 'with-title' }) withTitle = false;
  /** The text the body starts with (editing a post); drafts are not loaded over it. */
  @property({ type: String, attribute: false }) initialBody = '';
  /** The accessible name of the body field. */
  @property({ type: String }) label = '';
  /** The text of the send button. */
  @property({ type: String, attribute: 'submit-label' }) submitLabel = '';
  /** Show a cancel button that fires `gr-cancel`. */
  @property({ type: Boolean }) cancellable = false;
  /** The topic room told "someone is typing" (throttled); null tells no one. */
  @property({ type: String, attribute: false }) typingRoom: string | null = null;
  /** Sends the value; resolves when done (the composer then clears), rejects with an ApiError. */
  @property({ attribute: false }) send: ((value: ComposerValue) => Promise<void>) | null = null;
  /** Visits a new topic of a writing kind may name (offered with `with-title` only). */
  @property({ attribute: false }) visitOptions: readonly VisitOption[] = [];
  @state() private _visitId: number | null = null;

  @state() private _title = '';
  @state() private _kind: TopicKind = 'discussion';
  @state() private _body = '';
  @state() private _tab: 'write' | 'preview' = 'write';
  @state() private _preview: string | null = null;
  @state() private _previewError: unknown = null;
  @state() private _busy = false;
  @state() private _error: unknown = null;
  @state() private _fieldErrors: Partial<Record<Field, string>> = {};
  @state() private _draftSavedAt: string | null = null;

  private _draftTimer: ReturnType<typeof setTimeout> | null = null;
  private _previewTimer: ReturnType<typeof setTimeout> | null = null;
  private _previewFor = '';
  private _lastTyping = 0;
  private _dirty = false;
  private _loadedScope: string | null = null;
  /** The draft save in flight, awaited before sending so it cannot re-create a cleared draft. */
  private _saving: Promise<void> | null = null;
  private static _nextId = 0;
  private readonly _uid = `composer-${(GrComposer._nextId += 1)}`;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Leaving with unsaved typing: save it now rather than lose it.
    if (this._draftTimer) {
      clearTimeout(this._draftTimer);
      this._draftTimer = null;
      void this._saveDraft();
    }
    if (this._previewTimer) clearTimeout(this._previewTimer);
    this._loadedScope = null;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('initialBody') && this.initialBody && !this._dirty) this._body = this.initialBody;
  }

  override updated(): void {
    if (this.scope !== this._loadedScope && this.isConnected) {
      this._loadedScope = this.scope;
      if (this.scope) void this._loadDraft(this.scope);
    }
  }

  /** Moves focus into the composer (the title, or the body). */
  override focus(): void {
    const target = this.renderRoot.querySelector<HTMLElement>(this.withTitle ? 'input[name="title"]' : 'textarea');
    target?.focus();
  }

  /** Inserts `markdown` at the cursor (or appends it), on its own paragraph, and focuses the body. */
  insertBlock(markdown: string): void {
    const area = this._textarea();
    const start = area ? area.selectionStart : this._body.length;
    const end = area ? area.selectionEnd : this._body.length;
    const before = this._body.slice(0, start);
    const after = this._body.slice(end);
    const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
    const text = `${lead}${markdown}\n\n`;
    this._setBody(before + text + after, before.length + text.length);
    this._tab = 'write';
  }

  override render(): TemplateResult {
    const count = charCount(this._body);
    const over = count > MAX_BODY_LENGTH;
    const bodyId = `${this._uid}-body`;
    const countId = `${this._uid}-count`;
    const bodyErrorId = `${this._uid}-body-error`;
    return html`
      <form novalidate @submit=${this._onSubmit} aria-busy=${this._busy ? 'true' : 'false'}>
        <gr-error-message .error=${this._error}></gr-error-message>
        ${this.withTitle ? this._renderTitleRow() : nothing}
        <div class="field">
          <label for=${bodyId} class=${this.label ? '' : 'visually-hidden'}>${this.label || t('composer.body')}</label>
          <div class="tabs" role="tablist" aria-label=${t('composer.modes')} @keydown=${this._onTabKeydown}>
            <button type="button" role="tab" id="${this._uid}-tab-write" aria-selected=${this._tab === 'write' ? 'true' : 'false'} tabindex=${this._tab === 'write' ? '0' : '-1'}
              aria-controls="${this._uid}-panel-write" @click=${() => this._showTab('write')}>${t('composer.write')}</button>
            <button type="button" role="tab" id="${this._uid}-tab-preview" aria-selected=${this._tab === 'preview' ? 'true' : 'false'} tabindex=${this._tab === 'preview' ? '0' : '-1'}
              aria-controls="${this._uid}-panel-preview" @click=${() => this._showTab('preview')}>${t('composer.preview')}</button>
          </div>
          <div id="${this._uid}-panel-write" role="tabpanel" aria-labelledby="${this._uid}-tab-write" ?hidden=${this._tab !== 'write'}>
            <div class="toolbar" role="toolbar" aria-label=${t('composer.toolbar')} aria-controls=${bodyId}>
              <button type="button" class="secondary" title=${t('composer.boldHint')} aria-label=${t('composer.bold')} @click=${this._bold}><b aria-hidden="true">B</b></button>
              <button type="button" class="secondary" aria-label=${t('composer.quote')} @click=${this._quote}>${t('composer.quoteShort')}</button>
              <button type="button" class="secondary" aria-label=${t('composer.link')} @click=${this._link}>${t('composer.linkShort')}</button>
              <button type="button" class="secondary" aria-label=${t('composer.list')} @click=${this._list}>${t('composer.listShort')}</button>
            </div>
            <textarea
              id=${bodyId}
              name="body"
              rows="6"
              .value=${this._body}
              ?disabled=${this._busy}
              aria-invalid=${this._fieldErrors.body || over ? 'true' : 'false'}
              aria-describedby="${countId}${this._fieldErrors.body ? ` ${bodyErrorId}` : ''}"
              placeholder=${t('composer.placeholder')}
              @input=${this._onBodyInput}
              @keydown=${this._onKeydown}
            ></textarea>
          </div>
          <div id="${this._uid}-panel-preview" role="tabpanel" aria-labelledby="${this._uid}-tab-preview" ?hidden=${this._tab !== 'preview'}>
            ${this._renderPreview()}
          </div>
          ${this._fieldErrors.body ? html`<p class="field-error" id=${bodyErrorId}>${this._fieldErrors.body}</p>` : nothing}
        </div>
        <div class="meta">
          <span id=${countId} class=${over ? 'over' : ''}>${t('composer.count', { count, max: MAX_BODY_LENGTH })}</span>
          <span class="live" role="status">${this._draftSavedAt ? t('composer.draftSaved', { time: formatDate(this._draftSavedAt, 'datetime') }) : ''}</span>
        </div>
        <div class="actions">
          <button type="submit" ?disabled=${this._busy || over}>${this._busy ? t('composer.sending') : this.submitLabel || t('composer.send')}</button>
          ${this.cancellable
            ? html`<button type="button" class="secondary" ?disabled=${this._busy} @click=${this._cancel}>${t('composer.cancel')}</button>`
            : nothing}
          <span class="hint">${this.cancellable ? t('composer.shortcutsCancellable') : t('composer.shortcuts')}</span>
        </div>
      </form>
    `;
  }

  private _renderTitleRow(): TemplateResult {
    const titleId = `${this._uid}-title`;
    const kindId = `${this._uid}-kind`;
    return html`
      <div class="row">
        <div class="field">
          <label for=${titleId}>${t('composer.title')}</label>
          <input
            id=${titleId}
            name="title"
            type="text"
            maxlength=${MAX_TITLE_LENGTH}
            required
            .value=${this._title}
            ?disabled=${this._busy}
            aria-invalid=${this._fieldErrors.title ? 'true' : 'false'}
            aria-describedby=${this._fieldErrors.title ? `${titleId}-error` : nothing}
            @input=${this._onTitleInput}
            @keydown=${this._onKeydown}
          />
          ${this._fieldErrors.title ? html`<p class="field-error" id="${titleId}-error">${this._fieldErrors.title}</p>` : nothing}
        </div>
        <div class="field">
          <label for=${kindId}>${t('composer.kind')}</label>
          <select id=${kindId} name="kind" .value=${this._kind} ?disabled=${this._busy} @change=${this._onKindChange}
            aria-invalid=${this._fieldErrors.kind ? 'true' : 'false'}>
            ${TOPIC_KINDS.map((kind) => html`<option value=${kind} ?selected=${kind === this._kind}>${topicKindName(kind)}</option>`)}
          </select>
          ${this._fieldErrors.kind ? html`<p class="field-error">${this._fieldErrors.kind}</p>` : nothing}
        </div>
      </div>
      ${this._kind !== 'discussion' && this.visitOptions.length > 0
        ? html`<div class="field">
            <label for="${this._uid}-visit">${t('composer.visit')}<span class="optional">${t('form.optional')}</span></label>
            <p class="hint" id="${this._uid}-visit-hint">${t('composer.visitHint')}</p>
            <select id="${this._uid}-visit" name="visitId" aria-describedby="${this._uid}-visit-hint" ?disabled=${this._busy}
              aria-invalid=${this._fieldErrors.visitId ? 'true' : 'false'} @change=${this._onVisitChange}>
              <option value="" ?selected=${this._visitId === null}>${t('composer.noVisit')}</option>
              ${this.visitOptions.map((visit) => html`<option value=${visit.id} ?selected=${visit.id === this._visitId}>${visit.label}</option>`)}
            </select>
            ${this._fieldErrors.visitId ? html`<p class="field-error">${this._fieldErrors.visitId}</p>` : nothing}
          </div>`
        : nothing}
    `;
  }

  private _renderPreview(): TemplateResult {
    if (this._previewError) return html`<gr-error-message polite .error=${this._previewError}></gr-error-message>`;
    if (this._body.trim() === '') return html`<div class="preview muted">${t('composer.previewEmpty')}</div>`;
    if (this._preview === null) return html`<div class="preview muted" role="status">${t('composer.previewLoading')}</div>`;
    // The server's sanitised rendering, exactly as the post would be stored.
    return html`<div class="preview content" aria-live="polite">${unsafeHTML(this._preview)}</div>`;
  }

  private _textarea(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  private _showTab(tab: 'write' | 'preview'): void {
    this._tab = tab;
    if (tab === 'preview') this._schedulePreview(0);
    else void this.updateComplete.then(() => this._textarea()?.focus());
  }

  /** The tabs pattern of WAI-ARIA: arrow keys, Home and End move between the two tabs. */
  private _onTabKeydown(event: KeyboardEvent): void {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const next = event.key === 'Home' ? 'write' : event.key === 'End' ? 'preview' : this._tab === 'write' ? 'preview' : 'write';
    this._tab = next;
    if (next === 'preview') this._schedulePreview(0);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${this._uid}-tab-${next}`)?.focus());
  }

  private _onTitleInput(event: Event): void {
    this._title = (event.target as HTMLInputElement).value;
    this._changed('title');
  }

  private _onKindChange(event: Event): void {
    this._kind = (event.target as HTMLSelectElement).value as TopicKind;
    this._changed('kind');
  }

  private _onVisitChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this._visitId = value === '' ? null : Number(value);
    if (this._fieldErrors.visitId) this._fieldErrors = { ...this._fieldErrors, visitId: undefined };
  }

  private _onBodyInput(event: Event): void {
    this._body = (event.target as HTMLTextAreaElement).value;
    this._changed('body');
  }

  private _changed(field: Field): void {
    this._dirty = true;
    if (this._fieldErrors[field]) this._fieldErrors = { ...this._fieldErrors, [field]: undefined };
    if (this.scope) {
      draftCache.set(this.scope, { title: this._title, body: this._body });
      if (this._draftTimer) clearTimeout(this._draftTimer);
      this._draftTimer = setTimeout(() => {
        this._draftTimer = null;
        this._saving = this._saveDraft().finally(() => {
          this._saving = null;
        });
      }, DRAFT_DELAY_MS);
    }
    if (this._tab === 'preview') this._schedulePreview(PREVIEW_DELAY_MS);
    this._signalTyping();
  }

  private _signalTyping(): void {
    if (!this.typingRoom) return;
    const now = Date.now();
    if (now - this._lastTyping < TYPING_INTERVAL_MS) return;
    this._lastTyping = now;
    sendTyping(this.typingRoom);
  }

  /** Replaces the body and puts the cursor (or a selection) where given. */
  private _setBody(body: string, selectionStart: number, selectionEnd = selectionStart): void {
    this._body = body;
    this._changed('body');
    void this.updateComplete.then(() => {
      const area = this._textarea();
      if (!area) return;
      area.value = body;
      area.focus();
      area.setSelectionRange(selectionStart, selectionEnd);
    });
  }

  /** Wraps the selection in `before` and `after` (or inserts `placeholder` between them). */
  private _wrap(before: string, after: string, placeholder: string): void {
    const area = this._textarea();
    if (!area) return;
    const { selectionStart: start, selectionEnd: end } = area;
    const selected = this._body.slice(start, end) || placeholder;
    const body = this._body.slice(0, start) + before + selected + after + this._body.slice(end);
    this._setBody(body, start + before.length, start + before.length + selected.length);
  }

  /** Prefixes every line the selection touches with `prefix`. */
  private _prefixLines(prefix: string, placeholder: string): void {
    const area = this._textarea();
    if (!area) return;
    let { selectionStart: start, selectionEnd: end } = area;
    start = this._body.lastIndexOf('\n', start - 1) + 1;
    if (end > start && this._body[end - 1] === '\n') end -= 1;
    const lineEnd = this._body.indexOf('\n', end);
    end = lineEnd === -1 ? this._body.length : lineEnd;
    const block = this._body.slice(start, end) || placeholder;
    const prefixed = block.split('\n').map((line) => prefix + line).join('\n');
    const body = this._body.slice(0, start) + prefixed + this._body.slice(end);
    this._setBody(body, start, start + prefixed.length);
  }

  private _bold(): void {
    this._wrap('**', '**', t('composer.boldPlaceholder'));
  }

  private _quote(): void {
    this._prefixLines('> ', t('composer.quotePlaceholder'));
  }

  private _list(): void {
    this._prefixLines('- ', t('composer.listPlaceholder'));
  }

  private _link(): void {
    const area = this._textarea();
    if (!area) return;
    const { selectionStart: start, selectionEnd: end } = area;
    const selected = this._body.slice(start, end);
    if (/^https?:\/\/\S+$/.test(selected)) {
      // A selected address becomes the target; the text is left to write.
      const text = t('composer.linkPlaceholder');
      const body = `${this._body.slice(0, start)}[${text}](${selected})${this._body.slice(end)}`;
      this._setBody(body, start + 1, start + 1 + text.length);
      return;
    }
    const text = selected || t('composer.linkPlaceholder');
    const url = 'https://';
    const body = `${this._body.slice(0, start)}[${text}](${url})${this._body.slice(end)}`;
    const urlStart = start + text.length + 3;
    this._setBody(body, urlStart, urlStart + url.length);
  }

  private _onKeydown(event: KeyboardEvent): void {
    // Keys pressed while an input method composes (pinyin) belong to the IME.
    if (event.isComposing) return;
    if (event.key === 'Escape' && this.cancellable && !this._busy) {
      event.preventDefault();
      this._cancel();
      return;
    }
    const mod = event.ctrlKey || event.metaKey;
    if (!mod) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      void this._submit();
    } else if ((event.key === 'b' || event.key === 'B') && event.target instanceof HTMLTextAreaElement) {
      event.preventDefault();
      this._bold();
    }
  }

  private _schedulePreview(delay: number): void {
    if (this._previewTimer) clearTimeout(this._previewTimer);
    this._previewTimer = setTimeout(() => {
      this._previewTimer = null;
      void this._renderPreviewNow();
    }, delay);
  }

  private async _renderPreviewNow(): Promise<void> {
    const body = this._body;
    if (body.trim() === '' || body === this._previewFor) return;
    if (charCount(body) > MAX_BODY_LENGTH) return;
    try {
      const answer = await api.post<{ html: string }>('/api/preview', { body });
      if (body !== this._body) return; // typing went on; a newer preview is scheduled
      this._previewFor = body;
      this._preview = answer.html;
      this._previewError = null;
    } catch (err) {
      this._previewError = err;
    }
  }

  private async _loadDraft(scope: string): Promise<void> {
    const cached = draftCache.get(scope);
    if (cached) {
      this._applyDraft(cached.title, cached.body);
      return;
    }
    try {
      const answer = await api.get<{ draft: DraftView | null }>(apiPath`/api/drafts/${scope}`);
      if (scope !== this.scope || !answer.draft) return;
      draftCache.set(scope, { title: answer.draft.title, body: answer.draft.body });
      this._applyDraft(answer.draft.title, answer.draft.body);
      this._draftSavedAt = answer.draft.updatedAt;
    } catch {
      // Without the draft the composer still works; the next save stores a new one.
    }
  }

  private _applyDraft(title: string, body: string): void {
    if (this.initialBody) return;
    if (this.withTitle && this._title === '') this._title = title;
    if (body === '' || body === this._body) return;
    // A quote inserted before the draft arrived is kept after the draft's text.
    this._body = this._body.trim() === '' ? body : `${body.replace(/\s+$/, '')}\n\n${this._body}`;
  }

  private async _saveDraft(): Promise<void> {
    const scope = this.scope;
    if (!scope) return;
    const title = this.withTitle ? this._title.slice(0, MAX_TITLE_LENGTH) : '';
    const body = this._body;
    if (charCount(body) > MAX_BODY_LENGTH) return;
    try {
      if (body.trim() === '' && title.trim() === '') {
        await api.del(apiPath`/api/drafts/${scope}`);
        this._draftSavedAt = null;
      } else {
        const answer = await api.put<{ draft: DraftView }>(apiPath`/api/drafts/${scope}`, { title, body });
        this._draftSavedAt = answer.draft.updatedAt;
      }
    } catch {
      // A draft that could not be saved is still in the textarea; the next pause tries again.
    }
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this._submit();
  }

  private _validate(): boolean {
    const problems: Partial<Record<Field, string>> = {};
    if (this.withTitle) {
      const title = this._title.trim();
      if (title === '') problems.title = t('composer.titleRequired');
      else if (charCount(title) > MAX_TITLE_LENGTH) problems.title = t('validation.tooLong', { max: MAX_TITLE_LENGTH });
    }
    const count = charCount(this._body.trim());
    if (count === 0) problems.body = t('composer.bodyRequired');
    else if (count > MAX_BODY_LENGTH) problems.body = t('validation.tooLong', { max: MAX_BODY_LENGTH });
    this._fieldErrors = problems;
    return Object.keys(problems).length === 0;
  }

  private async _submit(): Promise<void> {
    if (this._busy || !this.send) return;
    this._error = null;
    if (!this._validate()) {
      this._tab = 'write';
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    if (this._draftTimer) {
      clearTimeout(this._draftTimer);
      this._draftTimer = null;
    }
    this._busy = true;
    try {
      if (this._saving) await this._saving;
      const visitId = this.withTitle && this._kind !== 'discussion' ? this._visitId : null;
      await this.send({ title: this._title.trim(), kind: this._kind, body: this._body, visitId });
      // Sent: the server cleared the draft.
      if (this.scope) draftCache.delete(this.scope);
      this._title = '';
      this._body = '';
      this._kind = 'discussion';
      this._visitId = null;
      this._preview = null;
      this._previewFor = '';
      this._draftSavedAt = null;
      this._dirty = false;
      this._tab = 'write';
    } catch (err) {
      this._showError(err);
    } finally {
      this._busy = false;
    }
    if (this._fieldErrors.body || this._fieldErrors.title) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
  }

  private _showError(err: unknown): void {
    if (err instanceof ApiError && err.code === 'VALIDATION' && err.field) {
      const field = err.field.split('.')[0];
      if (field === 'title' || field === 'body' || field === 'kind' || field === 'visitId') {
        this._fieldErrors = { ...this._fieldErrors, [field]: err.message };
        return;
      }
    }
    if (err instanceof ApiError && (err.status === 423 || err.status === 429)) {
      // Explain what happened and that nothing is lost: the text stays here and in the draft.
      const key = err.status === 423 ? 'composer.locked' : 'composer.rateLimited';
      const message = t(key);
      this._error = new ApiError(err.status, err.code, message, {
        statusCode: err.status, code: err.code, error: err.body?.error ?? '', message,
      });
      if (this.scope) void this._saveDraft();
      return;
    }
    this._error = err;
  }

  private _cancel(): void {
    this.dispatchEvent(new CustomEvent('gr-cancel', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-composer': GrComposer;
  }
  interface HTMLElementEventMap {
    'gr-cancel': CustomEvent<void>;
  }
}
