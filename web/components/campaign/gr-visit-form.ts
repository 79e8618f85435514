import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, api } from '../../api/client';
import { loadCampaign } from '../../api/campaign';
import { todayIso } from '../../api/calendar-dates';
import { FINDING_KEYS, type FindingKey } from '../../../server/domain/campaign';
import type { CampaignView } from '../../../server/presenters/campaign.presenter';
import type { NewVisitView, OverlapView, VisitView } from '../../../server/presenters/visit.presenter';
import type { PlaceRef } from '../../../server/presenters/place.presenter';
import type { UserRef } from '../../../server/presenters/user.presenter';
import { buildVisit, checkVisit, visitFormField, type VisitFormValues } from '../../api/visit-body';
import { visitDraftStore, type DraftFollowUp, type DraftIntegrity, type VisitDraft } from '../../api/visit-draft';
import { ApiTask } from '../../controllers/api-task';
import { AutosaveController } from '../../controllers/autosave-controller';
import { FormController, problemText, type FieldProblems } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { OverlapController } from '../../controllers/overlap-controller';
import { SessionController } from '../../controllers/session-controller';
import { formatDate, t } from '../../i18n';
import { findingHint, findingTitle } from '../../i18n/campaign-labels';
import { navigate } from '../../router';
import { baseStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import { visitFormStyles } from '../../styles/visit-form.styles';
import '../shell/gr-error-message';
import './gr-overlap-warning';
import './gr-participant-picker';
import './gr-place-picker';
import { formAttention } from '../shell/form-field';

const OVERLAP_DELAY_MS = 300;

function emptyFindings(): Record<FindingKey, string> {
  return { problems: '', help: '', exemplars: '', opinions: '' };
}

/**
 * The visit log form (POST /api/visits), made for a cadre on a phone in a village: place,
 * date, participants, activity, purpose, the four findings, follow-ups and the five
 * prohibitions, each confirmed or explained. As soon as place and date are chosen it shows
 * who else was or will be there (OverlapController). Everything typed is kept as a draft on
 * the device (AutosaveController) and cleared once the visit is saved; the body is built by
 * api/visit-body, and sending goes through FormController, which puts the server's field
 * errors next to their field. Offline, the visit waits on the device.
 */
@customElement('gr-visit-form')
export class GrVisitForm extends LitElement {
  static override styles = [baseStyles, campaignStyles, visitFormStyles];

  /** A place id to start with (from a place's page: "log a visit here"). */
  @property({ type: Number, attribute: 'place-id' }) placeId: number | null = null;

  @state() private _place: PlaceRef | null = null;
  @state() private _visitedOn: string = todayIso();
  @state() private _participants: UserRef[] = [];
  @state() private _activity = '';
  @state() private _purpose = '';
  @state() private _findings: Record<FindingKey, string> = emptyFindings();
  @state() private _followUps: DraftFollowUp[] = [];
  @state() private _integrity: Record<string, DraftIntegrity> = {};
  @state() private _offline = false;
  @state() private _backOnline = false;

  private readonly _session = new SessionController(this);
  private readonly _campaign = new ApiTask(this, { task: () => loadCampaign() });
  /** Problems by the server's field path (`visitedOn`, `integrity.2.explanation`...). */
  private readonly _form = new FormController(this, {
    firstInvalid: (root, problems) => this._firstInvalid(root, problems),
  });
  private readonly _overlaps = new OverlapController(this, { delay: OVERLAP_DELAY_MS });
  private readonly _draft = new AutosaveController<VisitDraft>(this, {
    store: visitDraftStore,
    userId: () => this._session.user?.id ?? null,
    snapshot: (savedAt) => ({ savedAt, ...this._values() }),
  });

  private readonly _onOnline = (): void => {
    if (this._offline) this._backOnline = true;
  };

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this._onOnline);
    if (this.placeId) void this._loadPlace(this.placeId);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this._onOnline);
  }

  override render(): TemplateResult {
    return html`${this._campaign.render({
      pending: () => html`<p class="muted" role="status">${t('app.loading')}</p>`,
      error: (err) => html`<gr-error-message retryable .error=${err} @gr-retry=${() => this._campaign.run()}></gr-error-message>`,
      complete: (campaign) => this._renderForm(campaign),
    })}`;
  }

  private _renderForm(campaign: CampaignView): TemplateResult {
    const today = todayIso();
    const activity = this._activity || campaign.activities[0]?.id || '';
    return html`
      ${this._session.user && this._session.user.unitId === null ? html`<p class="warning unit-warning">${t('visits.noUnit')}</p>` : nothing}
      ${this._renderDraftBar()}
      <form class="sections" novalidate @submit=${(e: SubmitEvent) => this._submit(e, campaign)}>
        <fieldset>
          <legend>${t('visitForm.where')}</legend>
          <gr-place-picker data-field="placeId" .label=${t('visitForm.place')} .value=${this._place}
            .problem=${this._text('placeId')}
            @gr-place-change=${(e: CustomEvent<PlaceRef | null>) => this._setPlace(e.detail)}></gr-place-picker>
          <div class="field">
            <label for="visit-date">${t('visitForm.date')}</label>
            <p class="hint" id="visit-date-hint">${t('visitForm.dateHint')}</p>
            <input id="visit-date" type="date" max=${today} required .value=${this._visitedOn}
              aria-invalid=${this._form.problems['visitedOn'] ? 'true' : 'false'}
              aria-describedby=${this._describedBy('visit-date-hint', 'visitedOn', 'visit-date-error')}
              @change=${this._onDate} @input=${this._onDate} />
            ${this._error('visitedOn', 'visit-date-error')}
          </div>
          <gr-overlap-warning .overlaps=${this._overlaps.overlaps} .windowDays=${campaign.overlapWindowDays}></gr-overlap-warning>
        </fieldset>

        <fieldset>
          <legend>${t('visitForm.who')}</legend>
          <gr-participant-picker data-field="participantIds" .participants=${this._participants}
            .problem=${this._text('participantIds')}
            @gr-participants-change=${(e: CustomEvent<UserRef[]>) => this._change(() => (this._participants = e.detail), 'participantIds')}></gr-participant-picker>
          <div class="field">
            <label for="visit-activity">${t('visitForm.activity')}</label>
            <select id="visit-activity" .value=${activity}
              aria-invalid=${this._form.problems['activity'] ? 'true' : 'false'}
              aria-describedby=${this._describedBy('', 'activity', 'visit-activity-error')}
              @change=${(e: Event) => this._change(() => (this._activity = (e.target as HTMLSelectElement).value), 'activity')}>
              ${campaign.activities.map((a) => html`<option value=${a.id} ?selected=${a.id === activity}>${a.name}</option>`)}
            </select>
            ${this._error('activity', 'visit-activity-error')}
          </div>
          <div class="field">
            <label for="visit-purpose">${t('visitForm.purpose')}<span class="optional">${t('form.optional')}</span></label>
            <textarea id="visit-purpose" rows="2" maxlength="2000" .value=${this._purpose}
              aria-invalid=${this._form.problems['purpose'] ? 'true' : 'false'}
              aria-describedby=${this._describedBy('', 'purpose', 'visit-purpose-error')}
              @input=${(e: Event) => this._change(() => (this._purpose = (e.target as HTMLTextAreaElement).value), 'purpose')}></textarea>
            ${this._error('purpose', 'visit-purpose-error')}
          </div>
        </fieldset>

        <fieldset>
          <legend>${t('visitForm.findings')}</legend>
          ${FINDING_KEYS.map((key) => this._renderFinding(key))}
        </fieldset>

        <fieldset>
          <legend>${t('visitForm.followUps')}</legend>
          <p class="hint">${t('visitForm.followUpsHint')}</p>
          ${this._followUps.map((followUp, index) => this._renderFollowUp(followUp, index))}
          <div><button type="button" class="secondary" @click=${this._addFollowUp}>${t('visitForm.followUpAdd')}</button></div>
        </fieldset>

        <fieldset data-field="integrity">
          <legend>${t('visitForm.integrity')}</legend>
          <p class="hint">${t('visitForm.integrityHint')}</p>
          ${this._error('integrity', 'integrity-error')}
          ${campaign.integrity.map((item, index) => this._renderIntegrity(item.id, item.text, index))}
        </fieldset>

        <gr-error-message .error=${this._form.formError}></gr-error-message>
        ${this._offline
          ? html`<p class="warning" role="alert">${this._backOnline ? t('visitForm.backOnline') : t('visitForm.offlineKept')}</p>`
          : nothing}
        <div class="submit-bar actions">
          <button type="submit" ?disabled=${this._form.busy}>${this._form.busy ? t('visitForm.saving') : t('visitForm.submit')}</button>
          ${formAttention(this._form)}
          <!-- Not a live region: it changes as the user types and would interrupt them. -->
          <span class="small muted">${this._draft.savedAt
            ? t('visitForm.draftSaved', { time: formatDate(this._draft.savedAt, 'datetime') })
            : ''}</span>
        </div>
      </form>
    `;
  }

  private _renderDraftBar(): TemplateResult | typeof nothing {
    const offer = this._draft.offer;
    if (!offer) return nothing;
    return html`
      <div class="warning draft-bar" role="region" aria-label=${t('visitForm.draftRegion')}>
        <p>${t('visitForm.draftOffer', {
          time: formatDate(offer.savedAt, 'datetime'),
          place: offer.place?.name ?? t('visitForm.draftNoPlace'),
        })}</p>
        <button type="button" @click=${this._restore}>${t('visitForm.draftRestore')}</button>
        <button type="button" class="secondary" @click=${this._discard}>${t('visitForm.draftDiscard')}</button>
      </div>
    `;
  }

  private _renderFinding(key: FindingKey): TemplateResult {
    const field = `findings.${key}`;
    const id = `finding-${key}`;
    return html`
      <div class="field">
        <label for=${id}>${findingTitle(key)}<span class="optional">${t('form.optional')}</span></label>
        <p class="hint" id=${`${id}-hint`}>${findingHint(key)}</p>
        <textarea id=${id} rows="3" maxlength="5000" .value=${this._findings[key]}
          aria-invalid=${this._form.problems[field] ? 'true' : 'false'}
          aria-describedby=${this._describedBy(`${id}-hint`, field, `${id}-error`)}
          @input=${(e: Event) => this._change(() => (this._findings = { ...this._findings, [key]: (e.target as HTMLTextAreaElement).value }), field)}></textarea>
        ${this._error(field, `${id}-error`)}
      </div>
    `;
  }

  private _renderFollowUp(followUp: DraftFollowUp, index: number): TemplateResult {
    const textField = `followUps.${index}.text`;
    const dueField = `followUps.${index}.dueOn`;
    const number = index + 1;
    return html`
      <div class="follow-up" role="group" aria-label=${t('visitForm.followUpNumber', { number })}>
        <div class="field text">
          <label for=${`followup-${index}-text`}>${t('visitForm.followUpText', { number })}</label>
          <input id=${`followup-${index}-text`} type="text" maxlength="1000" .value=${followUp.text}
            aria-invalid=${this._form.problems[textField] ? 'true' : 'false'}
            aria-describedby=${this._describedBy('', textField, `followup-${index}-text-error`)}
            @input=${(e: Event) => this._setFollowUp(index, { text: (e.target as HTMLInputElement).value }, textField)} />
          ${this._error(textField, `followup-${index}-text-error`)}
        </div>
        <div class="field">
          <label for=${`followup-${index}-due`}>${t('visitForm.followUpDue')}<span class="optional">${t('form.optional')}</span></label>
          <input id=${`followup-${index}-due`} type="date" .value=${followUp.dueOn}
            aria-invalid=${this._form.problems[dueField] ? 'true' : 'false'}
            aria-describedby=${this._describedBy('', dueField, `followup-${index}-due-error`)}
            @change=${(e: Event) => this._setFollowUp(index, { dueOn: (e.target as HTMLInputElement).value }, dueField)} />
          ${this._error(dueField, `followup-${index}-due-error`)}
        </div>
        <button type="button" class="secondary" @click=${() => this._removeFollowUp(index)}
          aria-label=${t('visitForm.followUpRemove', { number })}>${t('visitForm.remove')}</button>
      </div>
    `;
  }

  private _renderIntegrity(id: string, text: string, index: number): TemplateResult {
    const entry = this._integrity[id] ?? { confirmed: false, explanation: '' };
    const field = `integrity.${index}.explanation`;
    const problem = this._form.problems[field] ?? this._form.problems[`integrity.${index}.item`];
    const boxId = `integrity-${index}`;
    const explanationId = `integrity-${index}-explanation`;
    return html`
      <div class="integrity-item">
        <label class="check" for=${boxId}>
          <input id=${boxId} type="checkbox" .checked=${entry.confirmed}
            @change=${(e: Event) => this._setIntegrity(id, { confirmed: (e.target as HTMLInputElement).checked }, field)} />
          <span><span class="visually-hidden">${t('visitForm.integrityConfirm')}</span>${text}</span>
        </label>
        ${entry.confirmed
          ? nothing
          : html`<div class="field">
              <label for=${explanationId}>${t('visitForm.integrityExplain')}</label>
              <textarea id=${explanationId} rows="2" maxlength="2000" .value=${entry.explanation}
                aria-invalid=${problem ? 'true' : 'false'}
                aria-describedby=${problem ? `${explanationId}-error` : nothing}
                @input=${(e: Event) => this._setIntegrity(id, { explanation: (e.target as HTMLTextAreaElement).value }, field)}></textarea>
              ${problem ? html`<p class="field-error" id=${`${explanationId}-error`}>${problemText(problem)}</p>` : nothing}
            </div>`}
      </div>
    `;
  }

  private _text(field: string): string {
    const problem = this._form.problems[field];
    return problem ? problemText(problem) : '';
  }

  private _error(field: string, id: string): TemplateResult | typeof nothing {
    const problem = this._form.problems[field];
    return problem ? html`<p class="field-error" id=${id}>${problemText(problem)}</p>` : nothing;
  }

  private _describedBy(hintId: string, field: string, errorId: string): string | typeof nothing {
    const ids = [hintId, this._form.problems[field] ? errorId : ''].filter(Boolean).join(' ');
    return ids || nothing;
  }

  /** Applies a change the user made, clears that field's problem and schedules a draft save. */
  private _change(apply: () => void, field?: string): void {
    apply();
    if (field) this._form.clear(field);
    this._draft.changed();
  }

  private _setPlace(place: PlaceRef | null): void {
    this._change(() => (this._place = place), 'placeId');
    this._overlaps.lookUp(place?.id ?? null, this._visitedOn);
  }

  private _onDate(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    if (value === this._visitedOn) return;
    this._change(() => (this._visitedOn = value), 'visitedOn');
    this._overlaps.lookUp(this._place?.id ?? null, value);
  }

  private _setFollowUp(index: number, change: Partial<DraftFollowUp>, field: string): void {
    this._change(() => {
      this._followUps = this._followUps.map((f, i) => (i === index ? { ...f, ...change } : f));
    }, field);
  }

  private async _addFollowUp(): Promise<void> {
    this._change(() => (this._followUps = [...this._followUps, { text: '', dueOn: '' }]));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(`#followup-${this._followUps.length - 1}-text`)?.focus();
  }

  private _removeFollowUp(index: number): void {
    // Problems of follow-ups are indexed: after a removal they would point at the wrong row.
    this._form.clearUnder('followUps.');
    this._change(() => (this._followUps = this._followUps.filter((_f, i) => i !== index)));
  }

  private _setIntegrity(id: string, change: Partial<DraftIntegrity>, field: string): void {
    this._change(() => {
      const current = this._integrity[id] ?? { confirmed: false, explanation: '' };
      this._integrity = { ...this._integrity, [id]: { ...current, ...change } };
    }, field);
    this._form.clear('integrity');
  }

  /** What the form holds. */
  private _values(): VisitFormValues {
    return {
      place: this._place,
      visitedOn: this._visitedOn,
      participants: this._participants,
      activity: this._activity,
      purpose: this._purpose,
      findings: this._findings,
      followUps: this._followUps,
      integrity: this._integrity,
    };
  }

  private async _loadPlace(id: number): Promise<void> {
    try {
      const { place } = await api.get<{ place: PlaceRef }>(`/api/places/${id}`);
      if (this._place === null) {
        this._place = { id: place.id, name: place.name, kind: place.kind };
        this._overlaps.lookUp(place.id, this._visitedOn);
      }
    } catch {
      // The picker still lets the user search for the place.
    }
  }

  private _restore(): void {
    const draft = this._draft.restore();
    if (!draft) return;
    this._place = draft.place;
    this._visitedOn = draft.visitedOn;
    this._participants = draft.participants;
    this._activity = draft.activity;
    this._purpose = draft.purpose;
    this._findings = { ...emptyFindings(), ...draft.findings };
    this._followUps = draft.followUps;
    this._integrity = draft.integrity;
    this._form.reset();
    this._overlaps.lookUp(draft.place?.id ?? null, draft.visitedOn, { again: true });
  }

  private _discard(): void {
    this._draft.discard();
  }

  private _submit(event: SubmitEvent, campaign: CampaignView): void {
    event.preventDefault();
    const values = this._values();
    const { body, followUpRows } = buildVisit(values, campaign);
    void this._form.submit({
      validate: () => {
        const problems: FieldProblems<string> = {};
        for (const [field, key] of Object.entries(checkVisit(values, campaign.integrity, todayIso()))) problems[field] = { key };
        return problems;
      },
      send: async () => {
        this._draft.saveNow(); // whatever happens to the request, the draft is on the device
        this._offline = false;
        this._backOnline = false;
        const answer = await api.post<NewVisitView>('/api/visits', body);
        this._draft.done();
        this.dispatchEvent(new CustomEvent('gr-visit-logged', { detail: answer, bubbles: true, composed: true }));
        navigate(`/visits/${answer.visit.id}?logged=1`);
      },
      fieldOf: (err) => (err instanceof ApiError && err.code === 'VALIDATION' && err.field ? visitFormField(err.field, followUpRows) : null),
      failed: (err) => {
        if (!(err instanceof ApiError && err.isNetworkError)) return undefined;
        // Offline in a village: the visit waits on the device until the network is back.
        this._offline = true;
        this._draft.saveNow();
        return 'handled';
      },
    });
  }

  /** The first field with a problem, in the order of the form (the pickers hold their own inputs). */
  private _firstInvalid(root: ParentNode, problems: FieldProblems<string>): HTMLElement | null {
    if (problems['placeId']) return root.querySelector<HTMLElement>('gr-place-picker');
    const invalid = root.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) return invalid;
    if (problems['participantIds']) return root.querySelector<HTMLElement>('gr-participant-picker');
    if (problems['integrity']) return root.querySelector<HTMLElement>('[data-field="integrity"] input');
    return null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-visit-form': GrVisitForm;
  }
  interface HTMLElementEventMap {
    'gr-visit-logged': CustomEvent<{ visit: VisitView; overlaps: OverlapView[] }>;
  }
}
