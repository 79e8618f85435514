import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import { errorText } from '../../api/error-text';
import type { EditionDetailView, EditionItemView, EditionLogView, EditionView } from '../../api/columns';
import { EDITION_NOTE_MAX_LENGTH, EDITION_TITLE_MAX_LENGTH, ITEM_NOTE_MAX_LENGTH, COLUMN_REASON_MAX_LENGTH } from '../../../server/domain/columns';
import { ApiTask } from '../../controllers/api-task';
import { FormController, problemText } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatDate, t } from '../../i18n';
import { setPageTitle } from '../../router';
import { baseStyles, dialogStyles, pageStyles } from '../../styles/shared.styles';
import { formAttention } from '../shell/form-field';
import '../shell/gr-error-message';
import './gr-editor-nav';

interface BuilderData extends EditionDetailView {
  log: EditionLogView[];
}

/** Moves the item at `from` to `to` in a copy of `items`. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  if (from < 0 || from >= next.length || to < 0 || to >= next.length) return next;
  const [moved] = next.splice(from, 1);
  if (moved !== undefined) next.splice(to, 0, moved);
  return next;
}

/**
 * The edition builder (/editor/editions/:id), for the column's editors: the title and the
 * editor's note (编者按); the items with their own notes, reordered by drag and drop or by
 * keyboard (Alt+↑/↓ on an item, or its 上移/下移 buttons; a live region says where it went),
 * removed; a preview as the public will see it; schedule, publish, and unpublish with a
 * reason; and the edition's log.
 */
@customElement('gr-edition-builder')
export class GrEditionBuilder extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    dialogStyles,
    css`
      .state {
        display: inline-block;
        padding: 0 var(--gr-space-2);
        border-radius: var(--gr-radius-sm);
        border: 1px solid var(--gr-color-border);
        font-size: var(--gr-font-size-sm);
      }

      form .field {
        display: grid;
        gap: var(--gr-space-1);
        margin-bottom: var(--gr-space-3);
      }

      textarea {
        min-height: 5rem;
        width: 100%;
      }

      /* Beside its label and button, not the whole row (the shared styles dress it). */
      input[type='datetime-local'] {
        width: auto;
        max-width: 100%;
      }

      form.details {
        margin-bottom: var(--gr-space-5);
      }

      ol.items {
        display: grid;
        gap: var(--gr-space-3);
        margin: 0;
        padding: 0;
        list-style: none;
      }

      ol.items > li {
        padding: var(--gr-space-3);
        border: 1px solid var(--gr-color-border);
        border-radius: var(--gr-radius-md);
        background: var(--gr-color-surface);
        overflow-wrap: anywhere;
      }

      ol.items > li:focus-visible {
        outline: 3px solid var(--gr-color-focus, var(--gr-color-accent));
        outline-offset: 2px;
      }

      ol.items > li.dragging {
        opacity: 0.5;
      }

      ol.items > li.over {
        border-color: var(--gr-color-accent);
        border-style: dashed;
      }

      .item-head {
        display: flex;
        gap: var(--gr-space-2);
        align-items: baseline;
      }

      .handle {
        cursor: grab;
        user-select: none;
        color: var(--gr-color-text-muted);
      }

      .item-head h3 {
        margin: 0;
        font-size: var(--gr-font-size-md, 1rem);
        flex: 1 1 auto;
        min-width: 0;
      }

      .meta {
        color: var(--gr-color-text-muted);
        font-size: var(--gr-font-size-sm);
        margin: var(--gr-space-1) 0;
      }

      .badge.visited {
        color: var(--gr-color-accent);
        font-weight: 600;
      }

      .row {
        display: flex;
        flex-wrap: wrap;
        gap: var(--gr-space-2);
        align-items: center;
      }

      .publishing {
        display: grid;
        gap: var(--gr-space-3);
        margin-top: var(--gr-space-5);
      }

      ol.log {
        margin: 0;
        padding-left: 1.25rem;
      }

      .problem {
        color: var(--gr-color-danger);
      }
    `,
  ];

  /** The edition's id (from /editor/editions/:id). */
  @property({ type: Number }) editionId = 0;

  @state() private _items: EditionItemView[] = [];
  @state() private _announce = '';
  @state() private _dragFrom: number | null = null;
  @state() private _dragOver: number | null = null;
  @state() private _itemError = new Map<number, string>();
  @state() private _said = '';

  private readonly _details = new FormController<'title' | 'note'>(this, { fields: ['title', 'note'] });
  private readonly _publishing = new FormController<'publishAt'>(this, { fields: ['publishAt'] });
  private readonly _unpublish = new FormController<'reason'>(this, { fields: ['reason'] });

  private readonly _data = new ApiTask(this, {
    task: async ([id], signal): Promise<BuilderData> => {
      const [detail, log] = await Promise.all([
        api.get<EditionDetailView>(apiPath`/api/editions/${id}`, { signal }),
        api.get<{ items: EditionLogView[] }>(apiPath`/api/editions/${id}/log`, { signal }),
      ]);
      this._items = [...detail.items].sort((a, b) => a.position - b.position);
      return { ...detail, log: log.items };
    },
    args: () => [this.editionId] as const,
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override updated(): void {
    const data = this._data.value;
    if (data) setPageTitle(t('builder.pageTitle', { column: data.column.name, number: data.edition.number }));
  }

  override render(): TemplateResult {
    return html`<div class="page">
      <gr-editor-nav current="columns"></gr-editor-nav>
      ${this._data.render({
        pending: () => (this._data.value ? this._renderBuilder(this._data.value) : html`<p class="muted" role="status">${t('desk.loading')}</p>`),
        error: (err) => html`<h1 tabindex="-1">${t('builder.title')}</h1>
          <gr-error-message retryable .error=${err} @gr-retry=${() => void this._data.run()}></gr-error-message>`,
        complete: (data) => this._renderBuilder(data),
      }) ?? nothing}
    </div>`;
  }

  private _renderBuilder(data: BuilderData): TemplateResult {
    const { edition, column } = data;
    return html`
      <header>
        <p class="muted"><a href=${`/editor/columns/${encodeURIComponent(column.slug)}`}>${column.outletName}「${column.name}」</a></p>
        <h1 tabindex="-1">${t('builder.heading', { number: edition.number, title: edition.title })}</h1>
        <p><span class="state">${t(`edition.state.${edition.state}`)}</span>
          ${edition.state === 'scheduled' && edition.publishAt ? html` ${t('builder.scheduledFor', { time: formatDate(edition.publishAt, 'datetime') })}` : nothing}
          ${edition.state === 'published' && edition.publishedAt ? html` ${t('builder.publishedAt', { time: formatDate(edition.publishedAt, 'datetime') })}` : nothing}
        </p>
      </header>
      <p role="status" class="muted">${this._said}</p>
      ${this._renderDetails(edition)}
      <section aria-labelledby="items-h">
        <h2 id="items-h">${t('builder.items', { count: this._items.length })}</h2>
        <p class="muted" id="reorder-hint">${t(edition.state === 'published' ? 'builder.lockedHint' : 'builder.reorderHint')}</p>
        <p class="visually-hidden" role="status" aria-live="assertive">${this._announce}</p>
        ${this._items.length === 0
          ? html`<p class="muted">${t('builder.noItems')} <a href="/editor">${t('builder.toDesk')}</a></p>`
          : html`<ol class="items">${this._items.map((item, index) => (edition.state === 'published'
            ? this._renderPublishedItem(item, index)
            : this._renderItem(item, index)))}</ol>`}
      </section>
      ${this._renderPublishing(data)}
      ${this._renderLog(data.log)}
      ${this._renderUnpublishDialog()}
    `;
  }

  private _renderDetails(edition: EditionView): TemplateResult {
    const titleProblem = this._details.problem('title');
    const noteProblem = this._details.problem('note');
    return html`<form class="details" novalidate @submit=${this._saveDetails} @input=${this._details.clearOnInput} aria-labelledby="details-h">
      <h2 id="details-h" class="visually-hidden">${t('builder.details')}</h2>
      <gr-error-message .error=${this._details.formError}></gr-error-message>
      <div class="field">
        <label for="ed-title">${t('builder.editionTitle')}</label>
        <input id="ed-title" name="title" type="text" required maxlength=${EDITION_TITLE_MAX_LENGTH} .value=${edition.title}
          aria-invalid=${titleProblem ? 'true' : 'false'} aria-describedby=${titleProblem ? 'ed-title-error' : nothing} />
        ${titleProblem ? html`<p class="field-error" id="ed-title-error">${problemText(titleProblem)}</p>` : nothing}
      </div>
      <div class="field">
        <label for="ed-note">${t('builder.editionNote')}</label>
        <textarea id="ed-note" name="note" maxlength=${EDITION_NOTE_MAX_LENGTH} .value=${edition.note}
          aria-invalid=${noteProblem ? 'true' : 'false'} aria-describedby=${noteProblem ? 'ed-note-error' : nothing}></textarea>
        ${noteProblem ? html`<p class="field-error" id="ed-note-error">${problemText(noteProblem)}</p>` : nothing}
      </div>
      <div class="row">
        <button type="submit" ?disabled=${this._details.busy}>${t('builder.save')}</button>
        ${formAttention(this._details)}
      </div>
    </form>`;
  }

  /** Who wrote an item, their unit, and its visit: the line under its title. */
  private _renderItemMeta(item: EditionItemView): TemplateResult {
    const name = item.author ? item.author.displayName || item.author.username : '';
    return html`<p class="meta">
        ${item.withdrawn ? html`<span class="problem">${t('builder.withdrawn')}</span> · ` : nothing}
        ${[name, item.author?.unit?.name].filter(Boolean).join(' · ')}
        ${item.visit ? html` · ${item.visit.confirmed ? html`<span class="badge visited">${t('desk.visited')}</span> ` : nothing}${item.visit.placeName} ${item.visit.visitedOn}` : nothing}
      </p>`;
  }

  /** An item of a published edition: read only (the server refuses changes until it is unpublished). */
  private _renderPublishedItem(item: EditionItemView, index: number): TemplateResult {
    return html`<li data-item=${String(item.id)} aria-labelledby=${`it-${item.id}`}>
      <div class="item-head">
        <h3 id=${`it-${item.id}`}>${index + 1}. ${item.topicId !== null && !item.withdrawn ? html`<a href=${`/t/${item.topicId}`}>${item.title}</a>` : item.title}</h3>
      </div>
      ${this._renderItemMeta(item)}
      ${item.note ? html`<p class="item-note">${t('builder.itemNoteSaid', { note: item.note })}</p>` : nothing}
    </li>`;
  }

  private _renderItem(item: EditionItemView, index: number): TemplateResult {
    const count = this._items.length;
    const error = this._itemError.get(item.id);
    const cls = [this._dragFrom === index ? 'dragging' : '', this._dragOver === index && this._dragFrom !== index ? 'over' : ''].join(' ');
    return html`<li
      class=${cls}
      tabindex="0"
      data-item=${String(item.id)}
      draggable="true"
      aria-labelledby=${`it-${item.id}`}
      aria-describedby="reorder-hint"
      @keydown=${(e: KeyboardEvent) => this._onItemKey(e, index)}
      @dragstart=${(e: DragEvent) => this._onDragStart(e, index)}
      @dragover=${(e: DragEvent) => this._onDragOver(e, index)}
      @dragleave=${() => { if (this._dragOver === index) this._dragOver = null; }}
      @drop=${(e: DragEvent) => this._onDrop(e, index)}
      @dragend=${() => { this._dragFrom = null; this._dragOver = null; }}
    >
      <div class="item-head">
        <span class="handle" aria-hidden="true">⋮⋮</span>
        <h3 id=${`it-${item.id}`}>${index + 1}. ${item.topicId !== null && !item.withdrawn ? html`<a href=${`/t/${item.topicId}`}>${item.title}</a>` : item.title}</h3>
      </div>
      ${this._renderItemMeta(item)}
      <form class="row" novalidate @submit=${(e: SubmitEvent) => this._saveNote(e, item)}>
        <label for=${`note-${item.id}`} class="visually-hidden">${t('builder.itemNote', { title: item.title })}</label>
        <textarea id=${`note-${item.id}`} name="note" maxlength=${ITEM_NOTE_MAX_LENGTH} placeholder=${t('builder.itemNotePlaceholder')} .value=${item.note}></textarea>
        <button type="submit" class="secondary">${t('builder.saveNote')}</button>
      </form>
      ${error ? html`<p class="problem" role="alert">${error}</p>` : nothing}
      <div class="row">
        <button type="button" class="secondary" ?disabled=${index === 0} @click=${() => void this._move(index, index - 1, true)}>${t('builder.up')}</button>
        <button type="button" class="secondary" ?disabled=${index === count - 1} @click=${() => void this._move(index, index + 1, true)}>${t('builder.down')}</button>
        <button type="button" class="secondary" @click=${() => void this._remove(item)}>${t('builder.remove')}</button>
      </div>
    </li>`;
  }

  private _renderPublishing(data: BuilderData): TemplateResult {
    const { edition, column } = data;
    const problem = this._publishing.problem('publishAt');
    const previewHref = `/columns/${encodeURIComponent(column.slug)}/editions/${edition.number}/preview`;
    return html`<section class="publishing" aria-labelledby="pub-h">
      <h2 id="pub-h">${t('builder.publishing')}</h2>
      <gr-error-message .error=${this._publishing.formError}></gr-error-message>
      <p><a href=${previewHref} target="_blank" rel="noopener">${t('builder.preview')}</a></p>
      ${edition.state === 'published'
        ? html`<p class="row">
            <a href=${`/columns/${encodeURIComponent(column.slug)}/editions/${edition.number}`}>${t('builder.publicPage')}</a>
            <button type="button" class="secondary" @click=${this._openUnpublish}>${t('builder.unpublish')}</button>
          </p>`
        : html`
          <form class="row" novalidate @submit=${this._schedule} @input=${this._publishing.clearOnInput}>
            <label for="pub-at">${t('builder.publishAt')}</label>
            <input id="pub-at" name="publishAt" type="datetime-local" aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${problem ? 'pub-at-error' : nothing} />
            <button type="submit" class="secondary" ?disabled=${this._publishing.busy}>${t('builder.schedule')}</button>
            ${problem ? html`<p class="field-error" id="pub-at-error">${problemText(problem)}</p>` : nothing}
          </form>
          <p class="row">
            <button type="button" ?disabled=${this._publishing.busy} @click=${this._publishNow}>${t('builder.publish')}</button>
            ${edition.state === 'scheduled' ? html`<button type="button" class="secondary" @click=${this._openUnpublish}>${t('builder.unschedule')}</button>` : nothing}
          </p>`}
    </section>`;
  }

  private _renderLog(log: EditionLogView[]): TemplateResult {
    return html`<section aria-labelledby="log-h">
      <h2 id="log-h">${t('builder.log')}</h2>
      ${log.length === 0
        ? html`<p class="muted">${t('builder.logEmpty')}</p>`
        : html`<ol class="log">${log.map((row) => html`<li>
            <time datetime=${row.createdAt}>${formatDate(row.createdAt, 'datetime')}</time>
            ${t(`builder.logAction.${row.action}`)} · ${row.actor ? row.actor.displayName || row.actor.username : t('builder.scheduler')}
            ${row.reason ? html`<span class="muted">— ${row.reason}</span>` : nothing}
          </li>`)}</ol>`}
    </section>`;
  }

  private _renderUnpublishDialog(): TemplateResult {
    const problem = this._unpublish.problem('reason');
    return html`<dialog id="unpublish" aria-labelledby="unpub-h" @close=${() => this._unpublish.reset()}>
      <form novalidate @submit=${this._doUnpublish} @input=${this._unpublish.clearOnInput}>
        <h2 id="unpub-h">${t('builder.unpublishHeading')}</h2>
        <gr-error-message .error=${this._unpublish.formError}></gr-error-message>
        <div class="field">
          <label for="unpub-reason">${t('builder.reason')}</label>
          <textarea id="unpub-reason" name="reason" required maxlength=${COLUMN_REASON_MAX_LENGTH}
            aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${problem ? 'unpub-reason-error' : nothing}></textarea>
          ${problem ? html`<p class="field-error" id="unpub-reason-error">${problemText(problem)}</p>` : nothing}
        </div>
        <div class="row">
          <button type="submit" ?disabled=${this._unpublish.busy}>${t('builder.unpublishConfirm')}</button>
          <button type="button" class="secondary" @click=${() => this.renderRoot.querySelector('dialog')?.close()}>${t('builder.cancel')}</button>
        </div>
      </form>
    </dialog>`;
  }

  private _onItemKey(event: KeyboardEvent, index: number): void {
    if (event.target !== event.currentTarget || !event.altKey) return;
    if (event.key === 'ArrowUp' && index > 0) {
      event.preventDefault();
      void this._move(index, index - 1, true);
    } else if (event.key === 'ArrowDown' && index < this._items.length - 1) {
      event.preventDefault();
      void this._move(index, index + 1, true);
    }
  }

  private _onDragStart(event: DragEvent, index: number): void {
    this._dragFrom = index;
    event.dataTransfer?.setData('text/plain', String(this._items[index]?.id ?? ''));
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
  }

  private _onDragOver(event: DragEvent, index: number): void {
    if (this._dragFrom === null) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    this._dragOver = index;
  }

  private _onDrop(event: DragEvent, index: number): void {
    event.preventDefault();
    const from = this._dragFrom;
    this._dragFrom = null;
    this._dragOver = null;
    if (from !== null && from !== index) void this._move(from, index, false);
  }

  /** Moves an item and sends the new order; on failure the old order comes back with the reason. */
  private async _move(from: number, to: number, keepFocus: boolean): Promise<void> {
    const before = this._items;
    const moved = before[from];
    if (!moved) return;
    this._items = moveItem(before, from, to);
    this._announce = t('builder.moved', { title: moved.title, position: to + 1, count: before.length });
    if (keepFocus) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`li[data-item="${moved.id}"]`)?.focus();
    }
    try {
      const answer = await api.put<{ items: EditionItemView[] }>(apiPath`/api/editions/${this.editionId}/order`, { itemIds: this._items.map((i) => i.id) });
      this._items = [...answer.items].sort((a, b) => a.position - b.position);
    } catch (err) {
      this._items = before;
      this._announce = errorText(err);
    }
  }

  private async _remove(item: EditionItemView): Promise<void> {
    const index = this._items.indexOf(item);
    try {
      const answer = await api.del<{ items: EditionItemView[] }>(apiPath`/api/editions/${this.editionId}/items/${item.id}`);
      this._items = [...answer.items].sort((a, b) => a.position - b.position);
      this._announce = t('builder.removed', { title: item.title });
      await this.updateComplete;
      const next = this._items[Math.min(index, this._items.length - 1)];
      (next ? this.renderRoot.querySelector<HTMLElement>(`li[data-item="${next.id}"]`) : this.renderRoot.querySelector<HTMLElement>('#items-h'))?.focus();
    } catch (err) {
      this._itemError = new Map(this._itemError).set(item.id, errorText(err));
    }
  }

  private async _saveNote(event: SubmitEvent, item: EditionItemView): Promise<void> {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget as HTMLFormElement).get('note') ?? '').trim();
    const errors = new Map(this._itemError);
    errors.delete(item.id);
    try {
      const answer = await api.patch<{ item: EditionItemView }>(apiPath`/api/editions/${this.editionId}/items/${item.id}`, { note });
      this._items = this._items.map((i) => (i.id === item.id ? answer.item : i));
      this._announce = t('builder.noteSaved', { title: item.title });
    } catch (err) {
      errors.set(item.id, errorText(err));
    }
    this._itemError = errors;
  }

  private _saveDetails(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const title = String(data.get('title') ?? '').trim();
    const note = String(data.get('note') ?? '').trim();
    void this._details.submit({
      validate: () => (title === '' ? { title: { key: 'builder.titleRequired' } } : {}),
      send: async () => {
        await api.patch<{ edition: EditionView }>(apiPath`/api/editions/${this.editionId}`, { title, note });
        this._said = t('builder.saved');
        await this._data.run();
      },
    });
  }

  private _schedule(event: SubmitEvent): void {
    event.preventDefault();
    const local = String(new FormData(event.currentTarget as HTMLFormElement).get('publishAt') ?? '');
    const when = local === '' ? null : new Date(local);
    void this._publishing.submit({
      validate: () => (when === null || Number.isNaN(when.getTime()) ? { publishAt: { key: 'builder.publishAtRequired' } } : {}),
      send: async () => {
        await api.post(apiPath`/api/editions/${this.editionId}/schedule`, { publishAt: (when as Date).toISOString() });
        this._said = t('builder.scheduled');
        await this._data.run();
      },
    });
  }

  private _publishNow(): void {
    void this._publishing.submit({
      send: async () => {
        await api.post(apiPath`/api/editions/${this.editionId}/publish`, {});
        this._said = t('builder.published');
        await this._data.run();
      },
    });
  }

  private _openUnpublish(): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open) dialog.showModal();
  }

  private _doUnpublish(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const reason = String(new FormData(form).get('reason') ?? '').trim();
    void this._unpublish.submit({
      validate: () => (reason === '' ? { reason: { key: 'builder.reasonRequired' } } : {}),
      send: async () => {
        await api.post(apiPath`/api/editions/${this.editionId}/unpublish`, { reason });
        form.reset();
        this.renderRoot.querySelector('dialog')?.close();
        this._said = t('builder.unpublished');
        await this._data.run();
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-edition-builder': GrEditionBuilder;
  }
}
