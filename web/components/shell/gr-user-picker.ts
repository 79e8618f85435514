import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { api } from '../../api/client';
import type { Page } from '../../../server/presenters/page.presenter';
import type { PersonView } from '../../../server/presenters/user.presenter';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { LookupController } from '../../controllers/lookup-controller';
import { t } from '../../i18n';
import { baseStyles } from '../../styles/shared.styles';
import { pickerStyles } from '../../styles/picker.styles';
import './gr-error-message';

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
    pickerStyles,
    css`
      :host {
        display: block;
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

  private readonly _lookup = new LookupController<PersonView>(this, async (query, signal) => {
    const q = query.replace(/^@/, '');
    if (q === '') return [];
    const answer = await api.get<Page<PersonView>>('/api/users', { query: { q, limit: RESULT_LIMIT }, signal });
    return answer.items;
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    const { results, query, error } = this._lookup;
    const open = results !== null && results.length > 0;
    const describedBy = ['user-picker-hint', this.problem ? 'user-picker-error' : ''].filter(Boolean).join(' ');
    return html`
      <div class="field">
        <label for="user-picker">${this.label}${this.optional ? html`<span class="optional">${t('form.optional')}</span>` : nothing}</label>
        <p class="hint" id="user-picker-hint">${this.hint || t('userPicker.hint')}</p>
        <input id="user-picker" type="search" autocomplete="off" autocapitalize="none" spellcheck="false" enterkeyhint="search"
          placeholder=${t('userPicker.placeholder')}
          .value=${query}
          aria-invalid=${this.problem ? 'true' : 'false'}
          aria-describedby=${describedBy}
          aria-controls=${open ? 'user-picker-results' : nothing}
          @input=${this._lookup.onInput} @keydown=${(event: KeyboardEvent) => this._lookup.onBoxKey(this.renderRoot, event)} />
        <div class="live small muted" role="status">${this._lookup.statusText({ searching: t('userPicker.searching'), none: t('userPicker.none'), found: (count) => t('userPicker.found', { count }) })}</div>
        <gr-error-message polite .error=${error}></gr-error-message>
        ${open
          ? html`<ul class="results" id="user-picker-results" aria-label=${t('userPicker.results')} @keydown=${(event: KeyboardEvent) => this._lookup.onListKey(this.renderRoot, event, this.renderRoot.querySelector<HTMLElement>('#user-picker'))}>
              ${(results ?? []).map((person) => {
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
    this._lookup.clear();
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
