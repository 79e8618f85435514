import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { api } from '../../api/client';
import type { Page } from '../../../server/presenters/page.presenter';
import type { PlaceRef, PlaceView } from '../../../server/presenters/place.presenter';
import type { PlaceKind } from '../../../server/domain/campaign';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { LookupController } from '../../controllers/lookup-controller';
import { t } from '../../i18n';
import { placeKindName } from '../../i18n/campaign-labels';
import { baseStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import { pickerStyles } from '../../styles/picker.styles';
import '../shell/gr-error-message';

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
    pickerStyles,
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

  private readonly _lookup = new LookupController<PlaceView>(this, async (q, signal) => {
    const answer = await api.get<Page<PlaceView>>('/api/places', { query: { q, limit: 10, kind: this.kind || undefined }, signal });
    return answer.items;
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('kind') && changed.get('kind') !== undefined && this._lookup.query.trim() !== '') this._lookup.schedule();
  }

  override render(): TemplateResult {
    const errorId = this.problem ? 'place-error' : '';
    const { query, results, error } = this._lookup;
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
                .value=${query}
                aria-invalid=${this.problem ? 'true' : 'false'}
                aria-describedby=${['place-hint', errorId].filter(Boolean).join(' ')}
                aria-controls=${results && results.length > 0 ? 'place-results' : nothing}
                @input=${this._lookup.onInput} @keydown=${(event: KeyboardEvent) => this._lookup.onBoxKey(this.renderRoot, event)} />
              <p class="hint" id="place-hint">${t('placePicker.hint')}</p>
              <div class="live small muted" role="status">${this._lookup.statusText({ searching: t('placePicker.searching'), none: t('placePicker.none'), found: (count) => t('placePicker.found', { count }) })}</div>
              <gr-error-message polite .error=${error}></gr-error-message>
              ${results && results.length > 0
                ? html`<ul class="results" id="place-results" aria-label=${t('placePicker.results')} @keydown=${(event: KeyboardEvent) => this._lookup.onListKey(this.renderRoot, event, this.renderRoot.querySelector<HTMLElement>('#place-search'))}>
                    ${results.map(
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

  private async _choose(place: PlaceView): Promise<void> {
    this.value = { id: place.id, name: place.name, kind: place.kind };
    this._lookup.clear();
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
