import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { api } from '../../api/client';
import { loadUnits } from '../../api/campaign';
import { PLACE_KINDS } from '../../../server/domain/campaign';
import type { PlaceView } from '../../../server/presenters/place.presenter';
import { flattenUnitTree } from '../../api/unit-tree';
import { ApiTask } from '../../controllers/api-task';
import { FormController, problemText } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { t } from '../../i18n';
import { placeKindName } from '../../i18n/campaign-labels';
import { baseStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import '../shell/gr-error-message';
import { formAttention } from '../shell/form-field';

type PlaceField = 'name' | 'kind' | 'category' | 'unitId' | 'address';
const FIELDS: readonly PlaceField[] = ['name', 'kind', 'category', 'unitId', 'address'];

/**
 * Edits a place (PATCH /api/places/:id, moderators and admins). Fires `gr-place-saved` with
 * the place as saved, or `gr-place-edit-cancel`.
 */
@customElement('gr-place-editor')
export class GrPlaceEditor extends LitElement {
  static override styles = [
    baseStyles,
    campaignStyles,
    css`
      :host {
        display: block;
      }

      form {
        display: grid;
        gap: var(--gr-space-4);
      }
    `,
  ];

  /** The place to edit. */
  @property({ attribute: false }) place: PlaceView | null = null;

  private readonly _form = new FormController<PlaceField>(this, { fields: FIELDS });

  private readonly _units = new ApiTask(this, { task: () => loadUnits() });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override async firstUpdated(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#edit-name')?.focus();
  }

  override render(): TemplateResult | typeof nothing {
    const place = this.place;
    if (!place) return nothing;
    const p = this._form.problems;
    const units = flattenUnitTree(this._units.value ?? []);
    return html`<form novalidate @submit=${this._save} @input=${this._form.clearOnInput} @change=${this._form.clearOnInput}>
      <gr-error-message .error=${this._form.formError}></gr-error-message>
      <div class="field">
        <label for="edit-name">${t('places.name')}</label>
        <input id="edit-name" name="name" type="text" maxlength="100" required .value=${place.name}
          aria-invalid=${p.name ? 'true' : 'false'} aria-describedby=${p.name ? 'edit-name-error' : nothing} />
        ${p.name ? html`<p class="field-error" id="edit-name-error">${problemText(p.name)}</p>` : nothing}
      </div>
      <div class="field">
        <label for="edit-kind">${t('places.kind')}</label>
        <select id="edit-kind" name="kind" aria-invalid=${p.kind ? 'true' : 'false'}>
          ${PLACE_KINDS.map((kind) => html`<option value=${kind} ?selected=${kind === place.kind}>${placeKindName(kind)}</option>`)}
        </select>
        ${p.kind ? html`<p class="field-error">${problemText(p.kind)}</p>` : nothing}
      </div>
      <div class="field">
        <label for="edit-category">${t('places.category')}<span class="optional">${t('form.optional')}</span></label>
        <input id="edit-category" name="category" type="text" maxlength="50" .value=${place.category ?? ''}
          aria-invalid=${p.category ? 'true' : 'false'} />
        ${p.category ? html`<p class="field-error">${problemText(p.category)}</p>` : nothing}
      </div>
      <div class="field">
        <label for="edit-unit">${t('places.unit')}</label>
        <select id="edit-unit" name="unitId" aria-invalid=${p.unitId ? 'true' : 'false'}>
          ${units.map(({ unit, depth }) => html`<option value=${String(unit.id)} ?selected=${unit.id === place.unitId}>${'\u3000'.repeat(depth)}${unit.name}</option>`)}
        </select>
        ${p.unitId ? html`<p class="field-error">${problemText(p.unitId)}</p>` : nothing}
      </div>
      <div class="field">
        <label for="edit-address">${t('places.address')}<span class="optional">${t('form.optional')}</span></label>
        <input id="edit-address" name="address" type="text" maxlength="200" .value=${place.address ?? ''}
          aria-invalid=${p.address ? 'true' : 'false'} />
        ${p.address ? html`<p class="field-error">${problemText(p.address)}</p>` : nothing}
      </div>
      <div class="actions">
        <button type="submit" ?disabled=${this._form.busy}>${this._form.busy ? t('settingsCampaign.saving') : t('places.save')}</button>
        <button type="button" class="secondary" @click=${this._cancel}>${t('plan.writingCancel')}</button>
        ${formAttention(this._form)}
      </div>
    </form>`;
  }

  private _cancel(): void {
    this.dispatchEvent(new CustomEvent('gr-place-edit-cancel', { bubbles: true, composed: true }));
  }

  private _save(event: SubmitEvent): void {
    event.preventDefault();
    const place = this.place;
    if (!place) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const name = String(data.get('name') ?? '').trim();
    const category = String(data.get('category') ?? '').trim();
    const address = String(data.get('address') ?? '').trim();
    void this._form.submit({
      validate: () => (name === '' ? { name: { key: 'places.nameRequired' } } : {}),
      send: async () => {
        const answer = await api.patch<{ place: PlaceView }>(`/api/places/${place.id}`, {
          name,
          kind: String(data.get('kind') ?? place.kind),
          unitId: Number(data.get('unitId') ?? place.unitId),
          category: category || null,
          address: address || null,
        });
        this.dispatchEvent(new CustomEvent<PlaceView>('gr-place-saved', { detail: answer.place, bubbles: true, composed: true }));
      },
    });
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'gr-place-editor': GrPlaceEditor;
  }
  interface HTMLElementEventMap {
    'gr-place-saved': CustomEvent<PlaceView>;
    'gr-place-edit-cancel': CustomEvent<void>;
  }
}
