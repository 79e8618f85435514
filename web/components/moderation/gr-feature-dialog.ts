import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import { CITATION_MAX_LENGTH, FEATURED_COLLECTIONS, FEATURED_NAME_MAX_LENGTH, type FeaturedCollection } from '../../../server/domain/moderation';
import type { FeaturedView, FeaturedWallView } from '../../../server/presenters/featured.presenter';
import { FormController, problemText } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { moderationStyles } from '../../styles/moderation.styles';
import { baseStyles, dialogStyles } from '../../styles/shared.styles';
import { formAttention, textField } from '../shell/form-field';
import '../shell/gr-error-message';

type Field = 'collection' | 'citation' | 'personName' | 'place';

/**
 * The moderators' "推荐入选" dialog for one post (opened from the post's menu on the topic
 * page and from a queue item): the collections the post is already in, each with edit and
 * remove, and a form to feature it into another one with a citation (推荐理由, required) and
 * optionally the person's or deed's name and the place. A modal <dialog>: focus stays inside,
 * Escape closes it, and focus returns to the button that opened it.
 */
@customElement('gr-feature-dialog')
export class GrFeatureDialog extends LitElement {
  static override styles = [
    baseStyles,
    dialogStyles,
    moderationStyles,
    css`
      .head {
        display: flex;
        justify-content: space-between;
        align-items: start;
        gap: var(--gr-space-3);
      }

      ul.current {
        list-style: none;
        margin: 0 0 var(--gr-space-4);
        padding: 0;
        display: grid;
        gap: var(--gr-space-2);
      }

      ul.current li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: var(--gr-space-2);
        padding: var(--gr-space-2) 0;
        border-bottom: 1px solid var(--gr-color-border);
      }

      ul.current .text {
        flex: 1 1 14rem;
        overflow-wrap: anywhere;
      }

      ul.current .buttons {
        display: flex;
        gap: var(--gr-space-2);
      }

      form {
        display: grid;
        gap: var(--gr-space-3);
      }

      textarea {
        min-height: 6rem;
      }
    `,
  ];

  /** The post to feature. */
  @property({ type: Number }) postId = 0;

  @state() private _features: FeaturedView[] = [];
  @state() private _editing: FeaturedView | null = null;
  @state() private _said = '';
  @state() private _loadError: unknown = null;

  private readonly _form = new FormController<Field>(this, { fields: ['collection', 'citation', 'personName', 'place'] });
  private _opener: HTMLElement | null = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /** Opens the dialog (loading the post's current features) and remembers what to focus after. */
  async open(opener?: HTMLElement | null): Promise<void> {
    this._opener = opener ?? null;
    this._editing = null;
    this._said = '';
    this._form.reset();
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open) dialog.showModal();
    await this._load();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('form select, form textarea')?.focus();
  }

  private async _load(): Promise<void> {
    try {
      this._loadError = null;
      const page = await api.get<FeaturedWallView>('/api/featured', { query: { postId: this.postId, limit: 10 } });
      this._features = page.items;
    } catch (err) {
      this._loadError = err;
    }
  }

  override render(): TemplateResult {
    const taken = new Set(this._features.map((f) => f.collection));
    const free = FEATURED_COLLECTIONS.filter((c) => !taken.has(c));
    return html`<dialog aria-labelledby="feature-h" @close=${this._onClose} @cancel=${this._onCancel}>
      <div class="head">
        <h2 id="feature-h">${t('featured.dialog.heading')}</h2>
        <button type="button" class="secondary" @click=${this._close}>${t('featured.dialog.close')}</button>
      </div>
      <p class=${this._said ? 'banner' : 'visually-hidden'} role="status">${this._said}</p>
      <gr-error-message .error=${this._loadError}></gr-error-message>
      <h3>${t('featured.dialog.current')}</h3>
      ${this._features.length === 0
        ? html`<p class="muted">${t('featured.dialog.none')}</p>`
        : html`<ul class="current">${this._features.map((f) => html`<li>
            <span class="text"><strong>${t(`featured.collection.${f.collection}`)}</strong> · ${f.citation}</span>
            <span class="buttons">
              <button type="button" class="secondary" @click=${() => this._edit(f)}>${t('featured.dialog.edit')}</button>
              <button type="button" class="secondary" ?disabled=${this._form.busy} @click=${() => this._unfeature(f)}>${t('featured.dialog.unfeature')}</button>
            </span>
          </li>`)}</ul>`}
      ${this._editing || free.length > 0 ? this._renderForm(free) : html`<p class="muted">${t('featured.dialog.allTaken')}</p>`}
    </dialog>`;
  }

  private _renderForm(free: readonly FeaturedCollection[]): TemplateResult {
    const editing = this._editing;
    const citationProblem = this._form.problem('citation');
    const collectionProblem = this._form.problem('collection');
    return html`<form novalidate @submit=${this._submit} @input=${this._form.clearOnInput}>
      ${editing ? html`<h3>${t('featured.dialog.editing', { name: t(`featured.collection.${editing.collection}`) })}</h3>` : nothing}
      <gr-error-message .error=${this._form.formError}></gr-error-message>
      ${editing
        ? nothing
        : html`<div class="field">
            <label for="fd-collection">${t('featured.dialog.collection')}</label>
            <select id="fd-collection" name="collection" aria-invalid=${collectionProblem ? 'true' : 'false'}>
              ${free.map((c) => html`<option value=${c}>${t(`featured.collection.${c}`)}</option>`)}
            </select>
            ${collectionProblem ? html`<p class="field-error">${problemText(collectionProblem)}</p>` : nothing}
          </div>`}
      <div class="field">
        <label for="fd-citation">${t('featured.dialog.citation')}</label>
        <p class="hint" id="fd-citation-hint">${t('featured.dialog.citationHint')}</p>
        <textarea id="fd-citation" name="citation" maxlength=${CITATION_MAX_LENGTH} required
          aria-describedby=${citationProblem ? 'fd-citation-hint fd-citation-error' : 'fd-citation-hint'}
          aria-invalid=${citationProblem ? 'true' : 'false'} .value=${editing?.citation ?? ''}></textarea>
        ${citationProblem ? html`<p class="field-error" id="fd-citation-error">${problemText(citationProblem)}</p>` : nothing}
      </div>
      ${textField({ id: 'fd-person', name: 'personName', label: t('featured.dialog.personName'), optional: true, maxlength: FEATURED_NAME_MAX_LENGTH, problem: this._form.problem('personName') })}
      ${textField({ id: 'fd-place', name: 'place', label: t('featured.dialog.place'), optional: true, maxlength: FEATURED_NAME_MAX_LENGTH, problem: this._form.problem('place') })}
      <div class="actions">
        <button type="submit" ?disabled=${this._form.busy}>${editing ? t('featured.dialog.save') : t('featured.dialog.submit')}</button>
        ${editing ? html`<button type="button" class="secondary" @click=${this._cancelEdit}>${t('featured.dialog.cancel')}</button>` : nothing}
        ${formAttention(this._form)}
      </div>
    </form>`;
  }

  override updated(): void {
    // textField renders no .value binding: fill the optional fields of the feature being edited.
    const editing = this._editing;
    const form = this.renderRoot.querySelector('form');
    if (!form || form.dataset['filledFor'] === String(editing?.id ?? 'new')) return;
    form.dataset['filledFor'] = String(editing?.id ?? 'new');
    const person = form.querySelector<HTMLInputElement>('#fd-person');
    const place = form.querySelector<HTMLInputElement>('#fd-place');
    const citation = form.querySelector<HTMLTextAreaElement>('#fd-citation');
    if (person) person.value = editing?.personName ?? '';
    if (place) place.value = editing?.place ?? '';
    if (citation) citation.value = editing?.citation ?? '';
  }

  private async _edit(feature: FeaturedView): Promise<void> {
    this._editing = feature;
    this._form.reset();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLTextAreaElement>('#fd-citation')?.focus();
  }

  private async _cancelEdit(): Promise<void> {
    this._editing = null;
    this._form.reset();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('form select, form textarea')?.focus();
  }

  private _submit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const citation = String(data.get('citation') ?? '').trim();
    const personName = String(data.get('personName') ?? '').trim();
    const place = String(data.get('place') ?? '').trim();
    const editing = this._editing;
    const collection = (editing?.collection ?? String(data.get('collection') ?? '')) as FeaturedCollection;
    void this._form.submit({
      validate: () => (citation === '' ? { citation: { key: 'featured.dialog.citationRequired' } } : {}),
      send: async () => {
        if (editing) {
          await api.patch<{ featured: FeaturedView }>(apiPath`/api/featured/${editing.id}`, { citation, personName: personName || null, place: place || null });
          this._said = t('featured.dialog.saved');
        } else {
          await api.post<{ featured: FeaturedView }>('/api/featured', {
            postId: this.postId, collection, citation, ...(personName ? { personName } : {}), ...(place ? { place } : {}),
          });
          this._said = t('featured.dialog.done', { name: t(`featured.collection.${collection}`) });
        }
        this._editing = null;
        await this._load();
        this._changed();
        await this.updateComplete;
        const form = this.renderRoot.querySelector('form');
        form?.reset();
        if (form) delete form.dataset['filledFor'];
        this.requestUpdate();
        this.renderRoot.querySelector<HTMLElement>('.head button')?.focus();
      },
    });
  }

  private _unfeature(feature: FeaturedView): void {
    void this._form.submit({
      send: async () => {
        await api.del(apiPath`/api/featured/${feature.id}`);
        this._said = t('featured.dialog.removed', { name: t(`featured.collection.${feature.collection}`) });
        if (this._editing?.id === feature.id) this._editing = null;
        await this._load();
        this._changed();
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('.head button')?.focus();
      },
    });
  }

  private _changed(): void {
    this.dispatchEvent(new CustomEvent('gr-featured-changed', { detail: { postId: this.postId }, bubbles: true, composed: true }));
  }

  private _close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  private _onCancel(): void {
    this._editing = null;
  }

  private _onClose(): void {
    this._opener?.focus();
    this._opener = null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-feature-dialog': GrFeatureDialog;
  }
}
