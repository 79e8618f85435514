import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { ApiError } from '../../api/client';
import { BODY_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../../server/domain/limits';
import { TOPIC_KINDS, type TopicKind } from '../../../server/domain/forum';
import { DraftController, type DraftText } from '../../controllers/draft-controller';
import { FormController, problemText, type FieldProblems } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { PreviewController } from '../../controllers/preview-controller';
import { PHOTO_ACCEPT, PhotoUploadController } from '../../controllers/photo-upload-controller';
import { formatSavedAt, t } from '../../i18n';
import { topicKindName } from '../../i18n/forum-labels';
import { sendTyping } from '../../realtime/socket';
import { composerStyles } from '../../styles/composer.styles';
import { postContentStyles } from '../../styles/post-content.styles';
import { baseStyles } from '../../styles/shared.styles';
import { charCount } from '../../text/char-count';
import { insertBlock, insertLink, joinDraft, prefixLines, wrapSelection, type TextSelection } from '../../text/markdown-edit';
import '../shell/gr-error-message';
import { formAttention } from '../shell/form-field';

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

/** At most one typing signal in this interval. */
const TYPING_INTERVAL_MS = 3000;

type Field = 'title' | 'body' | 'kind' | 'visitId';
const FIELDS: readonly Field[] = ['title', 'body', 'kind', 'visitId'];

/**
 * The composer for new topics, replies and edits: a textarea with a formatting toolbar
 * acting on the selection (bold, quote, link, list; see text/markdown-edit), Ctrl/Cmd+Enter
 * to send and Ctrl/Cmd+B for bold, a preview tab rendered by the server (PreviewController),
 * a character count against 50,000, and — with a `scope` — a draft saved on the server as
 * you type and loaded when it opens (DraftController). Sending goes through FormController:
 * a 400 shows under its field, a locked topic or a rate limit is explained above the form.
 *
 * Fires `gr-cancel` when its cancel button is pressed (only shown with `cancellable`).
 */
@customElement('gr-composer')
export class GrComposer extends LitElement {
  static override styles = [baseStyles, postContentStyles, composerStyles];

  /** The draft scope (`topic:<id>` or `board:<slug>`); null keeps no draft (editing). */
  @property({ type: String }) scope: string | null = null;
  /**
   * The post this composer answers (an inline reply), kept with its draft; null: the topic.
   * A composer of the topic whose draft answers a post fires `gr-draft-parent` with that id.
   */
  @property({ type: Number, attribute: false }) parentId: number | null = null;
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

  private readonly _form = new FormController<Field>(this, { fields: FIELDS });
  private readonly _draft = new DraftController(this, {
    scope: () => this.scope,
    text: () => ({ title: this.withTitle ? this._title : '', body: this._body, parentId: this.parentId }),
    restore: (draft, source) => this._restoreDraft(draft, source),
    clear: () => this._emptyForm(),
  });
  private readonly _preview = new PreviewController(this, () => this._body);
  private readonly _photos = new PhotoUploadController(this, {
    body: () => this._body,
    selection: () => {
      const area = this._textarea();
      return area ? { start: area.selectionStart, end: area.selectionEnd } : { start: this._body.length, end: this._body.length };
    },
    setBody: (text, cursor) => this._apply({ text, start: cursor, end: cursor }),
  });
  private _lastTyping = 0;
  private _dirty = false;
  private static _nextId = 0;
  private readonly _uid = `composer-${(GrComposer._nextId += 1)}`;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('initialBody') && this.initialBody && !this._dirty) this._body = this.initialBody;
  }

  /** Moves focus into the composer (the title, or the body). */
  override focus(): void {
    const target = this.renderRoot.querySelector<HTMLElement>(this.withTitle ? 'input[name="title"]' : 'textarea');
    target?.focus();
  }

  /** Inserts `markdown` at the cursor (or appends it), on its own paragraph, and focuses the body. */
  insertBlock(markdown: string): void {
    const area = this._textarea();
    const at = area ? { start: area.selectionStart, end: area.selectionEnd } : { start: this._body.length, end: this._body.length };
    this._apply(insertBlock({ text: this._body, ...at }, markdown));
    this._tab = 'write';
  }

  override render(): TemplateResult {
    const count = charCount(this._body);
    const over = count > BODY_MAX_LENGTH;
    const bodyId = `${this._uid}-body`;
    const countId = `${this._uid}-count`;
    const bodyErrorId = `${this._uid}-body-error`;
    return html`
      <form novalidate @submit=${this._onSubmit} aria-busy=${this._form.busy ? 'true' : 'false'}>
        <gr-error-message .error=${this._form.formError}></gr-error-message>
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
              <button type="button" class="secondary photo" title=${t('photo.addHint')} ?disabled=${this._form.busy} @click=${this._pickPhoto}>${t('photo.add')}</button>
              <input type="file" class="visually-hidden" tabindex="-1" aria-hidden="true" accept=${PHOTO_ACCEPT} multiple @change=${this._onPhotoPicked} />
            </div>
            <textarea
              id=${bodyId}
              name="body"
              rows="6"
              .value=${this._body}
              ?disabled=${this._form.busy}
              aria-invalid=${this._form.problem('body') || over ? 'true' : 'false'}
              aria-describedby="${countId}${this._form.problem('body') ? ` ${bodyErrorId}` : ''}${over ? ` ${this._uid}-over` : ''}"
              placeholder=${t('composer.placeholder')}
              @input=${this._onBodyInput}
              @keydown=${this._onKeydown}
              @paste=${this._onPaste}
              @dragover=${this._onDragOver}
              @drop=${this._onDrop}
            ></textarea>
            <p class="photo-status" role="status">${this._photos.status}</p>
            ${this._photos.error
              ? html`<p class="photo-error" role="alert">${this._photos.error}
                  <button type="button" class="link" @click=${() => this._photos.clearError()}>${t('photo.dismiss')}</button></p>`
              : nothing}
          </div>
          <div id="${this._uid}-panel-preview" role="tabpanel" aria-labelledby="${this._uid}-tab-preview" ?hidden=${this._tab !== 'preview'}>
            ${this._renderPreview()}
          </div>
          ${this._fieldError('body', bodyErrorId)}
          <!-- Over the limit: said in words, by how much, and that nothing is lost. -->
          <p class="over-limit" id="${this._uid}-over" role="status">${over
            ? t('composer.overLimit', { over: count - BODY_MAX_LENGTH, max: BODY_MAX_LENGTH })
            : ''}</p>
        </div>
        <div class="meta">
          <span id=${countId} class=${over ? 'over' : ''}>${t('composer.count', { count, max: BODY_MAX_LENGTH })}</span>
          <span class="live" role="status">${this._draft.savedAt ? t('composer.draftSaved', { time: formatSavedAt(this._draft.savedAt) }) : ''}</span>
        </div>
        <div class="actions">
          <button type="submit" ?disabled=${this._form.busy || over}>${this._form.busy ? t('composer.sending') : this.submitLabel || t('composer.send')}</button>
          ${this.cancellable
            ? html`<button type="button" class="secondary" ?disabled=${this._form.busy} @click=${this._cancel}>${t('composer.cancel')}</button>`
            : nothing}
          ${formAttention(this._form)}
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
            maxlength=${TITLE_MAX_LENGTH}
            required
            .value=${this._title}
            ?disabled=${this._form.busy}
            aria-invalid=${this._form.problem('title') ? 'true' : 'false'}
            aria-describedby=${this._form.problem('title') ? `${titleId}-error` : nothing}
            @input=${this._onTitleInput}
            @keydown=${this._onKeydown}
          />
          ${this._fieldError('title', `${titleId}-error`)}
        </div>
        <div class="field">
          <label for=${kindId}>${t('composer.kind')}</label>
          <select id=${kindId} name="kind" .value=${this._kind} ?disabled=${this._form.busy} @change=${this._onKindChange}
            aria-invalid=${this._form.problem('kind') ? 'true' : 'false'}>
            ${TOPIC_KINDS.map((kind) => html`<option value=${kind} ?selected=${kind === this._kind}>${topicKindName(kind)}</option>`)}
          </select>
          ${this._fieldError('kind')}
        </div>
      </div>
      ${this._kind !== 'discussion' && this.visitOptions.length > 0
        ? html`<div class="field">
            <label for="${this._uid}-visit">${t('composer.visit')}<span class="optional">${t('form.optional')}</span></label>
            <p class="hint" id="${this._uid}-visit-hint">${t('composer.visitHint')}</p>
            <select id="${this._uid}-visit" name="visitId" aria-describedby="${this._uid}-visit-hint" ?disabled=${this._form.busy}
              aria-invalid=${this._form.problem('visitId') ? 'true' : 'false'} @change=${this._onVisitChange}>
              <option value="" ?selected=${this._visitId === null}>${t('composer.noVisit')}</option>
              ${this.visitOptions.map((visit) => html`<option value=${visit.id} ?selected=${visit.id === this._visitId}>${visit.label}</option>`)}
            </select>
            ${this._fieldError('visitId')}
          </div>`
        : nothing}
    `;
  }

  private _renderPreview(): TemplateResult {
    if (this._preview.error) return html`<gr-error-message polite .error=${this._preview.error}></gr-error-message>`;
    if (this._body.trim() === '') return html`<div class="preview muted">${t('composer.previewEmpty')}</div>`;
    if (this._preview.html === null) return html`<div class="preview muted" role="status">${t('composer.previewLoading')}</div>`;
    // The server's sanitised rendering, exactly as the post would be stored.
    return html`<div class="preview content" aria-live="polite">${unsafeHTML(this._preview.html)}</div>`;
  }

  private _fieldError(field: Field, id?: string): TemplateResult | typeof nothing {
    const problem = this._form.problem(field);
    return problem ? html`<p class="field-error" id=${id ?? nothing}>${problemText(problem)}</p>` : nothing;
  }

  private _textarea(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  private _showTab(tab: 'write' | 'preview'): void {
    this._tab = tab;
    if (tab === 'preview') this._preview.schedule(0);
    else void this.updateComplete.then(() => this._textarea()?.focus());
  }

  /** The tabs pattern of WAI-ARIA: arrow keys, Home and End move between the two tabs. */
  private _onTabKeydown(event: KeyboardEvent): void {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const next = event.key === 'Home' ? 'write' : event.key === 'End' ? 'preview' : this._tab === 'write' ? 'preview' : 'write';
    this._tab = next;
    if (next === 'preview') this._preview.schedule(0);
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
    this._form.clear('visitId');
  }

  private _onBodyInput(event: Event): void {
    this._body = (event.target as HTMLTextAreaElement).value;
    this._changed('body');
  }

  private _changed(field: Field): void {
    this._dirty = true;
    this._form.clear(field);
    this._draft.changed();
    if (this._tab === 'preview') this._preview.schedule();
    this._signalTyping();
  }

  private _signalTyping(): void {
    if (!this.typingRoom) return;
    const now = Date.now();
    if (now - this._lastTyping < TYPING_INTERVAL_MS) return;
    this._lastTyping = now;
    sendTyping(this.typingRoom);
  }

  /** Puts an edit's text in the body and its selection in the textarea. */
  private _apply(edit: TextSelection): void {
    this._body = edit.text;
    this._changed('body');
    void this.updateComplete.then(() => {
      const area = this._textarea();
      if (!area) return;
      area.value = edit.text;
      area.focus();
      area.setSelectionRange(edit.start, edit.end);
    });
  }

  /** The body and the textarea's selection, for a formatting command; null before the first render. */
  private _selection(): TextSelection | null {
    const area = this._textarea();
    return area ? { text: this._body, start: area.selectionStart, end: area.selectionEnd } : null;
  }

  private _pickPhoto(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input[type="file"]')?.click();
  }

  private _onPhotoPicked(event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    void this._photos.add(files);
  }

  /** A pasted image is uploaded; pasted text is left to the textarea. */
  private _onPaste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])].filter((file) => file.type.startsWith('image/'));
    if (files.length === 0) return;
    event.preventDefault();
    void this._photos.add(files);
  }

  private _onDragOver(event: DragEvent): void {
    if (event.dataTransfer?.types.includes('Files')) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }

  private _onDrop(event: DragEvent): void {
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    // The photo goes where it was dropped: the cursor follows the drop point where the browser says.
    void this._photos.add(files);
  }

  private _bold(): void {
    const at = this._selection();
    if (at) this._apply(wrapSelection(at, '**', '**', t('composer.boldPlaceholder')));
  }

  private _quote(): void {
    const at = this._selection();
    if (at) this._apply(prefixLines(at, '> ', t('composer.quotePlaceholder')));
  }

  private _list(): void {
    const at = this._selection();
    if (at) this._apply(prefixLines(at, '- ', t('composer.listPlaceholder')));
  }

  private _link(): void {
    const at = this._selection();
    if (at) this._apply(insertLink(at, t('composer.linkPlaceholder')));
  }

  private _onKeydown(event: KeyboardEvent): void {
    // Keys pressed while an input method composes (pinyin) belong to the IME.
    if (event.isComposing) return;
    if (event.key === 'Escape' && this.cancellable && !this._form.busy) {
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

  private _restoreDraft(draft: DraftText, source: 'page' | 'server'): void {
    if (this.initialBody) return;
    // A stored draft answers a post: the page may open it under that post instead of here.
    // (Within the page, the composer the writer opened keeps the text, wherever it was.)
    if (source === 'server' && this.parentId === null && draft.parentId != null) {
      this.dispatchEvent(new CustomEvent<number>('gr-draft-parent', { detail: draft.parentId, bubbles: true, composed: true }));
    }
    if (this.withTitle && this._title === '') this._title = draft.title;
    this._body = joinDraft(draft.body, this._body);
  }

  /** Back to an empty form (after a send, here or in another composer of the same draft). */
  private _emptyForm(): void {
    this._preview.reset();
    this._title = '';
    this._body = '';
    this._kind = 'discussion';
    this._visitId = null;
    this._dirty = false;
    this._tab = 'write';
    this._form.reset();
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this._submit();
  }

  private _check(): FieldProblems<Field> {
    const problems: FieldProblems<Field> = {};
    if (this.withTitle) {
      const title = this._title.trim();
      if (title === '') problems.title = { key: 'composer.titleRequired' };
      else if (charCount(title) > TITLE_MAX_LENGTH) problems.title = { key: 'validation.tooLong', params: { max: TITLE_MAX_LENGTH } };
    }
    const count = charCount(this._body.trim());
    if (count === 0) problems.body = { key: 'composer.bodyRequired' };
    else if (count > BODY_MAX_LENGTH) problems.body = { key: 'validation.tooLong', params: { max: BODY_MAX_LENGTH } };
    // The fields to fix are on the write tab.
    if (Object.keys(problems).length > 0) this._tab = 'write';
    return problems;
  }

  private async _submit(): Promise<void> {
    const send = this.send;
    if (!send) return;
    await this._form.submit({
      validate: () => this._check(),
      send: async () => {
        await this._draft.settle();
        const visitId = this.withTitle && this._kind !== 'discussion' ? this._visitId : null;
        await send({ title: this._title.trim(), kind: this._kind, body: this._body, visitId });
        // Sent: the server cleared the draft; every composer of the scope holding it empties.
        this._draft.sent();
        this._emptyForm();
      },
      failed: (err) => this._explain(err),
    });
  }

  /**
   * A locked topic (423) or the posting rate limit (429): say what happened and that
   * nothing is lost — the text stays here and in the draft.
   */
  private _explain(err: unknown): { formError: ApiError } | undefined {
    if (!(err instanceof ApiError) || (err.status !== 423 && err.status !== 429)) return undefined;
    // A lock's own sentence names its reason (issue 10); the composer adds that the text stays.
    const locked = err.status === 423 && err.body?.message ? `${err.body.message} ${t('composer.textKept')}` : t('composer.locked');
    const message = err.status === 423 ? locked : t('composer.rateLimited');
    if (this.scope) void this._draft.save();
    return {
      formError: new ApiError(err.status, err.code, message, err.body ? { ...err.body, message } : null),
    };
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
    'gr-draft-parent': CustomEvent<number>;
  }
}
