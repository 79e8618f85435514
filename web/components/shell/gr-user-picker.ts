import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, isAbortError } from '../../api/client';
import type { Page } from '../../../server/presenters/page.presenter';
import type { PersonView } from '../../../server/presenters/user.presenter';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { baseStyles } from '../../styles/shared.styles';
import './gr-error-message';

/** Typing pauses this long before the search is sent. */
const SEARCH_DELAY_MS = 250;
/** People listed per search. */
const RESULT_LIMIT = 8;

/**
 * Finds a person by what colleagues know of them — display name (李娜), username or unit —
 * through the people search (GET /api/users?q=), and fires `gr-user-pick` with the one
 * chosen. The field stays empty and ready for the next person, so lists of people (visit
 * participants) and single choices (the role editor, the moderators' tools) use the same
 * element. Arrow keys move from the field into the results and between them; Escape closes
 * them. The results and their count are said to screen readers.
 */
@customElement('gr-user-picker')
export class GrUserPicker extends LitElement {
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }

      ul.results {
        list-style: none;
        margin: var(--gr-space-1) 0 0;
        padding: 0;
        border: 1px solid var(--gr-color-border);
        border-radius: var(--gr-radius-sm);
        max-height: 18rem;
        overflow-y: auto;
      }

      ul.results li + li {
        border-top: 1px solid var(--gr-color-border);
      }

      ul.results button {
        width: 100%;
        justify-content: flex-start;
        flex-wrap: wrap;
        text-align: left;
        border: 0;
        border-radius: 0;
        background: var(--gr-color-surface);
        color: var(--gr-color-text);
        font-weight: 400;
        min-height: 2.75rem;
      }

      ul.results button:hover,
      ul.results button:focus-visible {
        background: var(--gr-color-accent-soft);
      }

      ul.results button:disabled {
        opacity: 1;
        color: var(--gr-color-text-muted);
      }

      .name {
        font-weight: 600;
      }
    `,
  ];

  /** The field's label. */
  @property({ type: String }) label = '';
  /** A standing hint under the label. */
  @property({ type: String }) hint = '';
  /** Marks the label "(optional)". */
  @property({ type: Boolean }) optional = false;
  /** People already chosen: listed, but not offered again. */
  @property({ attribute: false }) exclude: readonly number[] = [];
  /** Why the choice is not accepted (shown under the field), or ''. */
  @property({ type: String }) problem = '';

  @state() private _query = '';
  @state() private _results: PersonView[] | null = null;
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

  override render(): TemplateResult {
    const open = this._results !== null && this._results.length > 0;
    const describedBy = ['user-picker-hint', this.problem ? 'user-picker-error' : ''].filter(Boolean).join(' ');
    return html`
      <div class="field">
        <label for="user-picker">${this.label}${this.optional ? html`<span class="optional">${t('form.optional')}</span>` : nothing}</label>
        <p class="hint" id="user-picker-hint">${this.hint || t('userPicker.hint')}</p>
        <input id="user-picker" type="search" autocomplete="off" autocapitalize="none" spellcheck="false" enterkeyhint="search"
          placeholder=${t('userPicker.placeholder')}
          .value=${this._query}
          aria-invalid=${this.problem ? 'true' : 'false'}
          aria-describedby=${describedBy}
          aria-controls=${open ? 'user-picker-results' : nothing}
          @input=${this._onInput} @keydown=${this._onInputKey} />
        <div class="live small muted" role="status">${this._statusText()}</div>
        <gr-error-message polite .error=${this._error}></gr-error-message>
        ${open
          ? html`<ul class="results" id="user-picker-results" aria-label=${t('userPicker.results')} @keydown=${this._onListKey}>
              ${(this._results ?? []).map((person) => {
                const chosen = this.exclude.includes(person.id);
                return html`<li>
                  <button type="button" ?disabled=${chosen} @click=${() => this._choose(person)}>
                    <span class="name">${person.displayName}</span>
                    <span class="small muted">@${person.username}</span>
                    ${person.unitName ? html`<span class="tag">${person.unitName}</span>` : nothing}
                    ${chosen ? html`<span class="small">${t('userPicker.chosen')}</span>` : nothing}
                  </button>
                </li>`;
              })}
            </ul>`
          : nothing}
        ${this.problem ? html`<p class="field-error" id="user-picker-error">${this.problem}</p>` : nothing}
      </div>
    `;
  }

  /** Empties the field and closes the results. */
  clear(): void {
    this._query = '';
    this._results = null;
    this._error = null;
  }

  private _statusText(): string {
    if (this._searching) return t('userPicker.searching');
    if (this._results === null) return '';
    return this._results.length === 0 ? t('userPicker.none') : t('userPicker.found', { count: this._results.length });
  }

  private _onInput(event: Event): void {
    this._query = (event.target as HTMLInputElement).value;
    clearTimeout(this._timer);
    this._timer = setTimeout(() => void this._search(), SEARCH_DELAY_MS);
  }

  private async _search(): Promise<void> {
    const q = this._query.trim().replace(/^@/, '');
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
      const answer = await api.get<Page<PersonView>>('/api/users', { query: { q, limit: RESULT_LIMIT }, signal: abort.signal });
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
      const first = this.renderRoot.querySelector<HTMLButtonElement>('ul.results button:not(:disabled)');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === 'Escape' && this._results !== null) {
      event.preventDefault();
      this._results = null;
    }
  }

  private _onListKey(event: KeyboardEvent): void {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#user-picker');
    if (event.key === 'Escape') {
      event.preventDefault();
      this._results = null;
      input?.focus();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('ul.results button:not(:disabled)')];
    const index = buttons.indexOf(event.target as HTMLButtonElement);
    if (index < 0) return;
    event.preventDefault();
    const next = event.key === 'ArrowDown' ? buttons[index + 1] : buttons[index - 1];
    if (next) next.focus();
    else if (event.key === 'ArrowUp') input?.focus();
  }

  private async _choose(person: PersonView): Promise<void> {
    this.clear();
    this.dispatchEvent(new CustomEvent<PersonView>('gr-user-pick', { detail: person, bubbles: true, composed: true }));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#user-picker')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-user-picker': GrUserPicker;
  }
  interface HTMLElementEventMap {
    'gr-user-pick': CustomEvent<PersonView>;
  }
}
