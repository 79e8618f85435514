import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, api, isAbortError } from '../../api/client';
import { loadCampaign } from '../../api/campaign';
import { isIsoDate, todayIso } from '../../api/calendar-dates';
import {
  FINDING_KEYS,
  type Campaign,
  type FindingKey,
  type Overlap,
  type PlaceRef,
  type UserRef,
  type Visit,
} from '../../api/campaign-types';
import {
  clearVisitDraft,
  draftHasContent,
  readVisitDraft,
  writeVisitDraft,
  type DraftFollowUp,
  type DraftIntegrity,
  type VisitDraft,
} from '../../api/visit-draft';
import { ApiTask } from '../../controllers/api-task';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { formatDate, t, type MessageKey } from '../../i18n';
import { navigate } from '../../router';
import { baseStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import { problemText, type FieldProblem } from '../shell/form-field';
import '../shell/gr-error-message';
import './gr-overlap-warning';
import './gr-participant-picker';
import './gr-place-picker';

const SAVE_DELAY_MS = 400;
const OVERLAP_DELAY_MS = 300;

const FINDING_LABELS: Readonly<Record<FindingKey, MessageKey>> = {
  problems: 'visitForm.findings.problems',
  help: 'visitForm.findings.help',
  exemplars: 'visitForm.findings.exemplars',
  opinions: 'visitForm.findings.opinions',
};

const FINDING_HINTS: Readonly<Record<FindingKey, MessageKey>> = {
  problems: 'visitForm.findings.problemsHint',
  help: 'visitForm.findings.helpHint',
  exemplars: 'visitForm.findings.exemplarsHint',
  opinions: 'visitForm.findings.opinionsHint',
};

function emptyFindings(): Record<FindingKey, string> {
  return { problems: '', help: '', exemplars: '', opinions: '' };
}

/**
 * The visit log form (POST /api/visits), made for a cadre on a phone in a village: place,
 * date, participants, activity, purpose, the four findings, follow-ups and the five
 * prohibitions, each confirmed or explained. As soon as place and date are chosen it asks
 * GET /api/overlaps and shows who else was or will be there. Everything typed is saved as a
 * draft in localStorage (restorable after a dropped connection or a closed tab) and
 * cleared once the visit is saved; the server's field errors appear next to their field.
 */
@customElement('gr-visit-form')
export class GrVisitForm extends LitElement {
  static override styles = [
    baseStyles,
    campaignStyles,
    css`
      :host {
        display: block;
      }

      form {
        display: grid;
        gap: var(--gr-space-5);
      }

      fieldset {
        display: grid;
        gap: var(--gr-space-4);
        background: var(--gr-color-surface);
      }

      legend {
        padding: 0 var(--gr-space-2);
        font-size: var(--gr-font-size-md);
      }

      .integrity-item {
        display: grid;
        gap: var(--gr-space-2);
        padding: var(--gr-space-3) 0;
        border-top: 1px solid var(--gr-color-border);
      }

      .integrity-item:first-of-type {
        border-top: 0;
        padding-top: 0;
      }

      .check {
        display: flex;
        align-items: flex-start;
        gap: var(--gr-space-3);
        font-weight: 400;
        cursor: pointer;
      }

      .check input {
        flex: none;
        width: 1.5rem;
        height: 1.5rem;
        margin-top: 0.1rem;
      }

      .follow-up {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(9rem, 12rem) auto;
        gap: var(--gr-space-2) var(--gr-space-3);
        align-items: end;
      }

      @media (max-width: 36rem) {
        .follow-up {
          grid-template-columns: minmax(0, 1fr) auto;
        }

        .follow-up .text {
          grid-column: 1 / -1;
        }
      }

      .draft-bar,
      .unit-warning {
        margin-bottom: var(--gr-space-4);
      }

      .draft-bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--gr-space-2) var(--gr-space-4);
      }

      .draft-bar p {
        margin: 0;
        flex: 1 1 14rem;
      }

      .submit-bar {
        position: sticky;
        bottom: 0;
        padding: var(--gr-space-3) 0;
        background: var(--gr-color-bg);
        border-top: 1px solid var(--gr-color-border);
      }
    `,
  ];

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
  @state() private _overlaps: Overlap[] = [];
  /** Field problems by the server's field path (`visitedOn`, `integrity.2.explanation`...). */
  @state() private _problems: Record<string, FieldProblem> = {};
  @state() private _formError: unknown = null;
  @state() private _busy = false;
  /** A saved draft from an earlier visit to this page, offered for restoring. */
  @state() private _offer: VisitDraft | null = null;
  @state() private _savedAt: string | null = null;
  @state() private _offline = false;
  @state() private _backOnline = false;

  private readonly _session = new SessionController(this);
  private readonly _campaign = new ApiTask(this, { task: () => loadCampaign() });
  private _saveTimer: ReturnType<typeof setTimeout> | undefined;
  private _overlapTimer: ReturnType<typeof setTimeout> | undefined;
  private _overlapAbort: AbortController | null = null;
  private _overlapKey = '';
  private _touched = false;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  private readonly _onPageHide = (): void => {
    if (this._touched) this._saveNow();
  };

  private readonly _onOnline = (): void => {
    if (this._offline) this._backOnline = true;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pagehide', this._onPageHide);
    window.addEventListener('online', this._onOnline);
    const user = this._session.user;
    const draft = user ? readVisitDraft(user.id) : null;
    if (draft && draftHasContent(draft)) this._offer = draft;
    if (this.placeId) void this._loadPlace(this.placeId);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this._onPageHide);
    window.removeEventListener('online', this._onOnline);
    if (this._touched) this._saveNow();
    clearTimeout(this._saveTimer);
    clearTimeout(this._overlapTimer);
    this._overlapAbort?.abort();
  }

  override render(): TemplateResult {
    return html`${this._campaign.render({
      pending: () => html`<p class="muted" role="status">${t('app.loading')}</p>`,
      error: (err) => html`<gr-error-message retryable .error=${err} @gr-retry=${() => this._campaign.run()}></gr-error-message>`,
      complete: (campaign) => this._renderForm(campaign),
    })}`;
  }

  private _renderForm(campaign: Campaign): TemplateResult {
    const today = todayIso();
    const activity = this._activity || campaign.activities[0]?.id || '';
    return html`
      ${this._session.user && this._session.user.unitId === null ? html`<p class="warning unit-warning">${t('visits.noUnit')}</p>` : nothing}
      ${this._renderDraftBar()}
      <form novalidate @submit=${(e: SubmitEvent) => this._submit(e, campaign)}>
        <fieldset>
          <legend>${t('visitForm.where')}</legend>
          <gr-place-picker data-field="placeId" .label=${t('visitForm.place')} .value=${this._place}
            .problem=${this._text('placeId')}
            @gr-place-change=${(e: CustomEvent<PlaceRef | null>) => this._setPlace(e.detail)}></gr-place-picker>
          <div class="field">
            <label for="visit-date">${t('visitForm.date')}</label>
            <p class="hint" id="visit-date-hint">${t('visitForm.dateHint')}</p>
            <input id="visit-date" type="date" max=${today} required .value=${this._visitedOn}
              aria-invalid=${this._problems['visitedOn'] ? 'true' : 'false'}
              aria-describedby=${this._describedBy('visit-date-hint', 'visitedOn', 'visit-date-error')}
              @change=${this._onDate} @input=${this._onDate} />
            ${this._error('visitedOn', 'visit-date-error')}
          </div>
          <gr-overlap-warning .overlaps=${this._overlaps} .windowDays=${campaign.overlapWindowDays}></gr-overlap-warning>
        </fieldset>

        <fieldset>
          <legend>${t('visitForm.who')}</legend>
          <gr-participant-picker data-field="participantIds" .participants=${this._participants}
            .problem=${this._text('participantIds')}
            @gr-participants-change=${(e: CustomEvent<UserRef[]>) => this._change(() => (this._participants = e.detail), 'participantIds')}></gr-participant-picker>
          <div class="field">
            <label for="visit-activity">${t('visitForm.activity')}</label>
            <select id="visit-activity" .value=${activity}
              aria-invalid=${this._problems['activity'] ? 'true' : 'false'}
              aria-describedby=${this._describedBy('', 'activity', 'visit-activity-error')}
              @change=${(e: Event) => this._change(() => (this._activity = (e.target as HTMLSelectElement).value), 'activity')}>
              ${campaign.activities.map((a) => html`<option value=${a.id} ?selected=${a.id === activity}>${a.name}</option>`)}
            </select>
            ${this._error('activity', 'visit-activity-error')}
          </div>
          <div class="field">
            <label for="visit-purpose">${t('visitForm.purpose')}<span class="optional">${t('form.optional')}</span></label>
            <textarea id="visit-purpose" rows="2" maxlength="2000" .value=${this._purpose}
              aria-invalid=${this._problems['purpose'] ? 'true' : 'false'}
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

        <gr-error-message .error=${this._formError}></gr-error-message>
        ${this._offline
          ? html`<p class="warning" role="alert">${this._backOnline ? t('visitForm.backOnline') : t('visitForm.offlineKept')}</p>`
          : nothing}
        <div class="submit-bar actions">
          <button type="submit" ?disabled=${this._busy}>${this._busy ? t('visitForm.saving') : t('visitForm.submit')}</button>
          <!-- Not a live region: it changes as the user types and would interrupt them. -->
          <span class="small muted">${this._savedAt
            ? t('visitForm.draftSaved', { time: formatDate(this._savedAt, 'datetime') })
            : ''}</span>
        </div>
      </form>
    `;
  }

  private _renderDraftBar(): TemplateResult | typeof nothing {
    if (!this._offer) return nothing;
    return html`
      <div class="warning draft-bar" role="region" aria-label=${t('visitForm.draftRegion')}>
        <p>${t('visitForm.draftOffer', {
          time: formatDate(this._offer.savedAt, 'datetime'),
          place: this._offer.place?.name ?? t('visitForm.draftNoPlace'),
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
        <label for=${id}>${t(FINDING_LABELS[key])}<span class="optional">${t('form.optional')}</span></label>
        <p class="hint" id=${`${id}-hint`}>${t(FINDING_HINTS[key])}</p>
        <textarea id=${id} rows="3" maxlength="5000" .value=${this._findings[key]}
          aria-invalid=${this._problems[field] ? 'true' : 'false'}
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
            aria-invalid=${this._problems[textField] ? 'true' : 'false'}
            aria-describedby=${this._describedBy('', textField, `followup-${index}-text-error`)}
            @input=${(e: Event) => this._setFollowUp(index, { text: (e.target as HTMLInputElement).value }, textField)} />
          ${this._error(textField, `followup-${index}-text-error`)}
        </div>
        <div class="field">
          <label for=${`followup-${index}-due`}>${t('visitForm.followUpDue')}<span class="optional">${t('form.optional')}</span></label>
          <input id=${`followup-${index}-due`} type="date" .value=${followUp.dueOn}
            aria-invalid=${this._problems[dueField] ? 'true' : 'false'}
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
    const problem = this._problems[field] ?? this._problems[`integrity.${index}.item`];
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
    const problem = this._problems[field];
    return problem ? problemText(problem) : '';
  }

  private _error(field: string, id: string): TemplateResult | typeof nothing {
    const problem = this._problems[field];
    return problem ? html`<p class="field-error" id=${id}>${problemText(problem)}</p>` : nothing;
  }

  private _describedBy(hintId: string, field: string, errorId: string): string | typeof nothing {
    const ids = [hintId, this._problems[field] ? errorId : ''].filter(Boolean).join(' ');
    return ids || nothing;
  }

  /** Applies a change the user made, clears that field's problem and schedules a draft save. */
  private _change(apply: () => void, field?: string): void {
    apply();
    if (field && this._problems[field]) {
      const { [field]: _gone, ...rest } = this._problems;
      this._problems = rest;
    }
    this._touched = true;
    clearTimeout(this._saveTimer);
    this._saveTimer = setTimeout(() => this._saveNow(), SAVE_DELAY_MS);
  }

  private _setPlace(place: PlaceRef | null): void {
    this._change(() => (this._place = place), 'placeId');
    this._checkOverlaps();
  }

  private _onDate(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    if (value === this._visitedOn) return;
    this._change(() => (this._visitedOn = value), 'visitedOn');
    this._checkOverlaps();
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
    const problems = Object.fromEntries(Object.entries(this._problems).filter(([key]) => !key.startsWith('followUps.')));
    this._problems = problems;
    this._change(() => (this._followUps = this._followUps.filter((_f, i) => i !== index)));
  }

  private _setIntegrity(id: string, change: Partial<DraftIntegrity>, field: string): void {
    this._change(() => {
      const current = this._integrity[id] ?? { confirmed: false, explanation: '' };
      this._integrity = { ...this._integrity, [id]: { ...current, ...change } };
    }, field);
    if (this._problems['integrity']) {
      const { integrity: _gone, ...rest } = this._problems;
      this._problems = rest;
    }
  }

  /** Asks the server who else visited or plans to visit the place near the chosen date. */
  private _checkOverlaps(): void {
    clearTimeout(this._overlapTimer);
    const place = this._place;
    const date = this._visitedOn;
    if (!place || !isIsoDate(date)) {
      this._overlapAbort?.abort();
      this._overlapKey = '';
      this._overlaps = [];
      return;
    }
    const key = `${place.id}|${date}`;
    if (key === this._overlapKey) return;
    this._overlapTimer = setTimeout(async () => {
      this._overlapAbort?.abort();
      const abort = new AbortController();
      this._overlapAbort = abort;
      try {
        const answer = await api.get<{ overlaps: Overlap[] }>('/api/overlaps', {
          query: { placeId: place.id, date },
          signal: abort.signal,
        });
        if (abort.signal.aborted) return;
        this._overlapKey = key;
        this._overlaps = answer.overlaps;
      } catch (err) {
        // The warning is advice: a failed look-up (offline in a village) must not block the form.
        if (!isAbortError(err)) this._overlaps = [];
      }
    }, OVERLAP_DELAY_MS);
  }

  private _snapshot(): VisitDraft {
    return {
      savedAt: new Date().toISOString(),
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

  private _saveNow(): void {
    clearTimeout(this._saveTimer);
    const user = this._session.user;
    if (!user) return;
    const draft = this._snapshot();
    if (!draftHasContent(draft)) return;
    if (writeVisitDraft(user.id, draft)) this._savedAt = draft.savedAt;
  }

  private async _loadPlace(id: number): Promise<void> {
    try {
      const { place } = await api.get<{ place: PlaceRef }>(`/api/places/${id}`);
      if (this._place === null) {
        this._place = { id: place.id, name: place.name, kind: place.kind };
        this._checkOverlaps();
      }
    } catch {
      // The picker still lets the user search for the place.
    }
  }

  private _restore(): void {
    const draft = this._offer;
    if (!draft) return;
    this._place = draft.place;
    this._visitedOn = draft.visitedOn;
    this._participants = draft.participants;
    this._activity = draft.activity;
    this._purpose = draft.purpose;
    this._findings = { ...emptyFindings(), ...draft.findings };
    this._followUps = draft.followUps;
    this._integrity = draft.integrity;
    this._offer = null;
    this._problems = {};
    this._savedAt = draft.savedAt;
    this._touched = true;
    this._overlapKey = '';
    this._checkOverlaps();
  }

  private _discard(): void {
    const user = this._session.user;
    if (user && !this._touched) clearVisitDraft(user.id);
    this._offer = null;
  }

  /** The form's own checks, by the server's field paths, before anything is sent. */
  private _validate(campaign: Campaign): Record<string, FieldProblem> {
    const problems: Record<string, FieldProblem> = {};
    if (!this._place) problems['placeId'] = { key: 'visitForm.placeRequired' };
    if (!isIsoDate(this._visitedOn)) problems['visitedOn'] = { key: 'visitForm.dateRequired' };
    else if (this._visitedOn > todayIso()) problems['visitedOn'] = { key: 'visitForm.dateFuture' };
    this._followUps.forEach((f, index) => {
      if (f.text.trim() === '' && f.dueOn !== '') problems[`followUps.${index}.text`] = { key: 'visitForm.followUpTextRequired' };
    });
    campaign.integrity.forEach((item, index) => {
      const entry = this._integrity[item.id];
      if (!entry?.confirmed && (entry?.explanation ?? '').trim() === '') {
        problems[`integrity.${index}.explanation`] = { key: 'visitForm.integrityExplainRequired' };
      }
    });
    return problems;
  }

  private async _submit(event: SubmitEvent, campaign: Campaign): Promise<void> {
    event.preventDefault();
    if (this._busy) return;
    this._formError = null;
    const problems = this._validate(campaign);
    this._problems = problems;
    if (Object.keys(problems).length > 0) {
      await this._focusFirstProblem();
      return;
    }
    // Blank follow-ups are left out; remember where each sent one sits in the form.
    const sentFollowUps = this._followUps
      .map((f, index) => ({ ...f, index }))
      .filter((f) => f.text.trim() !== '');
    const body = {
      placeId: this._place?.id,
      visitedOn: this._visitedOn,
      participantIds: this._participants.map((p) => p.id),
      activity: this._activity || campaign.activities[0]?.id || '',
      purpose: this._purpose.trim(),
      findings: {
        problems: this._findings.problems.trim(),
        help: this._findings.help.trim(),
        exemplars: this._findings.exemplars.trim(),
        opinions: this._findings.opinions.trim(),
      },
      followUps: sentFollowUps.map((f) => ({ text: f.text.trim(), dueOn: f.dueOn || null })),
      integrity: campaign.integrity.map((item) => {
        const entry = this._integrity[item.id];
        const confirmed = entry?.confirmed ?? false;
        return confirmed
          ? { item: item.id, confirmed: true }
          : { item: item.id, confirmed: false, explanation: (entry?.explanation ?? '').trim() };
      }),
    };
    this._saveNow(); // whatever happens to the request, the draft is on the device
    this._busy = true;
    this._offline = false;
    this._backOnline = false;
    try {
      const answer = await api.post<{ visit: Visit; overlaps: Overlap[] }>('/api/visits', body);
      const user = this._session.user;
      if (user) clearVisitDraft(user.id);
      this._touched = false;
      this.dispatchEvent(new CustomEvent('gr-visit-logged', { detail: answer, bubbles: true, composed: true }));
      navigate(`/visits/${answer.visit.id}?logged=1`);
    } catch (err) {
      this._busy = false;
      if (err instanceof ApiError && err.isNetworkError) {
        this._offline = true;
        this._saveNow();
        return;
      }
      const field = err instanceof ApiError && err.code === 'VALIDATION' && err.field ? this._formField(err.field, sentFollowUps) : null;
      if (field) {
        this._problems = { [field]: { error: err } };
        await this._focusFirstProblem();
      } else {
        this._formError = err;
      }
    } finally {
      this._busy = false;
    }
  }

  /** The form's field path for a server field path (follow-ups are renumbered: blanks were left out). */
  private _formField(field: string, sent: ReadonlyArray<{ index: number }>): string {
    const followUp = /^followUps\.(\d+)\.(text|dueOn)$/.exec(field);
    if (followUp) {
      const formIndex = sent[Number(followUp[1])]?.index;
      return formIndex === undefined ? 'followUps' : `followUps.${formIndex}.${followUp[2]}`;
    }
    if (field.startsWith('integrity.') && field.endsWith('.item')) return field.replace(/\.item$/, '.explanation');
    if (field.startsWith('participantIds')) return 'participantIds';
    return field;
  }

  /** Moves focus to the first field with a problem, in the order of the form. */
  private async _focusFirstProblem(): Promise<void> {
    await this.updateComplete;
    const root = this.renderRoot;
    const invalid = root.querySelector<HTMLElement>('[aria-invalid="true"]');
    const keys = Object.keys(this._problems);
    const picker = keys.includes('placeId') ? root.querySelector<HTMLElement>('gr-place-picker') : null;
    const people = keys.includes('participantIds') ? root.querySelector<HTMLElement>('gr-participant-picker') : null;
    const target = picker ?? invalid ?? people ?? root.querySelector<HTMLElement>('[data-field="integrity"] input');
    target?.focus();
    if (!target) root.querySelector('gr-error-message')?.scrollIntoView({ block: 'center' });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-visit-form': GrVisitForm;
  }
  interface HTMLElementEventMap {
    'gr-visit-logged': CustomEvent<{ visit: Visit; overlaps: Overlap[] }>;
  }
}
