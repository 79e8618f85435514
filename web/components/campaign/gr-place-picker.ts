import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, isAbortError } from '../../api/client';
import type { Page } from '../../../server/presenters/page.presenter';
import type { PlaceRef, PlaceView } from '../../../server/presenters/place.presenter';
import type { PlaceKind } from '../../../server/domain/campaign';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { placeKindName } from '../../i18n/campaign-labels';
import { baseStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import '../shell/gr-error-message';

const SEARCH_DELAY_MS = 250;

/**
 * Picks a place of the register by searching its name (GET /api/places?q=). Shows the
 * chosen place with a "change" button, or a search box with the matches as buttons
 * (arrow keys move between them). Fires `gr-place-change` with the place or null.
 */
@customElement('gr-place-picker')
export class GrPlacePicker extends LitElement {
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override styles = [
    baseStyles,
    campaignStyles,
    css`
      :host {
        display: block;
      }

      .chosen {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--gr-space-2) var(--gr-space-3);
        padding: var(--gr-space-2) var(--gr-space-3);
        border: 1px solid var(--gr-color-border-strong);
        border-radius: var(--gr-radius-sm);
        background: var(--gr-color-surface-muted);
      }

      .chosen strong {
        flex: 1 1 10rem;
        min-width: 0;
        overflow-wrap: anywhere;
      }

      ul.results {
        list-style: none;
        margin: var(--gr-space-1) 0 0;
        padding: 0;
        border: 1px solid var(--gr-color-border);
        border-radius: var(--gr-radius-sm);
        max-height: 16rem;
        overflow-y: auto;
      }

      ul.results li + li {
        border-top: 1px solid var(--gr-color-border);
      }

      ul.results button {
        width: 100%;
        justify-content: flex-start;
        text-align: left;
        border: 0;
        border-radius: 0;
        background: var(--gr-color-surface);
        color: var(--gr-color-text);
        font-weight: 400;
        min-height: 2.75rem;
        flex-wrap: wrap;
      }

      ul.results button:hover,
      ul.results button:focus-visible {
        background: var(--gr-color-accent-soft);
      }

      ul.results .name {
        font-weight: 600;
      }
    `,
  ];

  /** The chosen place, or null. */
  @property({ attribute: false }) value: PlaceRef | null = null;
  /** The field's label. */
  @property({ type: String }) label = '';
  /** Only places of this kind ('' for all). */
  @property({ type: String }) kind: PlaceKind | '' = '';
  /** Why the choice is not accepted (shown under the field), or ''. */
  @property({ type: String }) problem = '';
  /** Marks the label "(optional)" (a filter rather than a required field). */
  @property({ type: Boolean }) optional = false;

  @state() private _query = '';
  @state() private _results: PlaceView[] | null = null;
  @state() private _searching = false;
  @state() private _error: unknown = null;

  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _abort: AbortController | null = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this._timer);
    this._abort?.abort();
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('kind') && changed.get('kind') !== undefined && this._query.trim() !== '') this._schedule();
  }

  override render(): TemplateResult {
    const errorId = this.problem ? 'place-error' : '';
    return html`
      <div class="field">
        ${this.value
          ? html`
              <span class="label" id="place-label"><strong>${this.label}</strong></span>
              <div class="chosen" role="group" aria-labelledby="place-label" aria-describedby=${errorId || nothing}>
                <strong>${this.value.name}</strong>
                <span class="tag">${placeKindName(this.value.kind)}</span>
                <button type="button" class="secondary" @click=${this._clear}
                  aria-label=${t('placePicker.changeNamed', { name: this.value.name })}>${t('placePicker.change')}</button>
              </div>
            `
          : html`
              <label for="place-search">${this.label}${this.optional
                  ? html`<span class="optional">${t('form.optional')}</span>`
                  : nothing}</label>
              <input id="place-search" type="search" autocomplete="off" enterkeyhint="search"
                placeholder=${t('placePicker.placeholder')}
                .value=${this._query}
                aria-invalid=${this.problem ? 'true' : 'false'}
                aria-describedby=${['place-hint', errorId].filter(Boolean).join(' ')}
                aria-controls=${this._results && this._results.length > 0 ? 'place-results' : nothing}
                @input=${this._onInput} @keydown=${this._onInputKey} />
              <p class="hint" id="place-hint">${t('placePicker.hint')}</p>
              <div class="live small muted" role="status">${this._statusText()}</div>
              <gr-error-message polite .error=${this._error}></gr-error-message>
              ${this._results && this._results.length > 0
                ? html`<ul class="results" id="place-results" aria-label=${t('placePicker.results')} @keydown=${this._onListKey}>
                    ${this._results.map(
                      (place) => html`<li>
                        <button type="button" @click=${() => this._choose(place)}>
                          <span class="name">${place.name}</span>
                          <span class="tag">${placeKindName(place.kind)}${place.category ? ` · ${place.category}` : ''}</span>
                          ${place.address ? html`<span class="small muted">${place.address}</span>` : nothing}
                        </button>
                      </li>`,
                    )}
                  </ul>`
                : nothing}
            `}
        ${this.problem ? html`<p class="field-error" id="place-error">${this.problem}</p>` : nothing}
      </div>
    `;
  }

  private _statusText(): string {
    if (this._searching) return t('placePicker.searching');
    if (this._results === null) return '';
    return this._results.length === 0 ? t('placePicker.none') : t('placePicker.found', { count: this._results.length });
  }

  private _onInput(event: Event): void {
    this._query = (event.target as HTMLInputElement).value;
    this._schedule();
  }

  private _schedule(): void {
    clearTimeout(this._timer);
    this._timer = setTimeout(() => void this._search(), SEARCH_DELAY_MS);
  }

  private async _search(): Promise<void> {
    const q = this._query.trim();
    this._abort?.abort();
    if (q === '') {
      this._results = null;
      this._searching = false;
      return;
    }
    const abort = new AbortController();
    this._abort = abort;
    this._searching = true;
    this._error = null;
    try {
      const answer = await api.get<Page<PlaceView>>('/api/places', {
        query: { q, limit: 10, kind: this.kind || undefined },
        signal: abort.signal,
      });
      if (abort.signal.aborted) return;
      this._results = answer.items;
    } catch (err) {
      if (isAbortError(err) || abort.signal.aborted) return;
      this._error = err;
      this._results = null;
    } finally {
      if (this._abort === abort) {
        this._searching = false;
        this._abort = null;
      }
    }
  }

  private _onInputKey(event: KeyboardEvent): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(this._timer);
      void this._search();
    } else if (event.key === 'ArrowDown') {
      const first = this.renderRoot.querySelector<HTMLButtonElement>('ul.results button');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  private _onListKey(event: KeyboardEvent): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('ul.results button')];
    const index = buttons.indexOf(event.target as HTMLButtonElement);
    if (index < 0) return;
    event.preventDefault();
    const next = event.key === 'ArrowDown' ? buttons[index + 1] : buttons[index - 1];
    if (next) next.focus();
    else if (event.key === 'ArrowUp') this.renderRoot.querySelector<HTMLInputElement>('#place-search')?.focus();
  }

  private async _choose(place: PlaceView): Promise<void> {
    this.value = { id: place.id, name: place.name, kind: place.kind };
    this._results = null;
    this._query = '';
    this._fire();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.chosen button')?.focus();
  }

  private async _clear(): Promise<void> {
    this.value = null;
    this._fire();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#place-search')?.focus();
  }

  private _fire(): void {
    this.dispatchEvent(new CustomEvent<PlaceRef | null>('gr-place-change', { detail: this.value, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-place-picker': GrPlacePicker;
  }
  interface HTMLElementEventMap {
    'gr-place-change': CustomEvent<PlaceRef | null>;
  }
}
