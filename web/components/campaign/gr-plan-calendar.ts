import { isCalendarDate } from '../../../server/domain/text';
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api } from '../../api/client';
import { loadCampaign, loadUnits } from '../../api/campaign';
import { addMonths, monthOf, monthRange, todayIso } from '../../api/calendar-dates';
import type { NewPlanView, VisitPlanView } from '../../../server/presenters/visit.presenter';
import type { PlaceRef } from '../../../server/presenters/place.presenter';
import type { ItemList } from '../../../server/presenters/page.presenter';
import { ApiTask } from '../../controllers/api-task';
import { FormController, problemText, type FieldProblems } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { OverlapController } from '../../controllers/overlap-controller';
import { SessionController } from '../../controllers/session-controller';
import { t } from '../../i18n';
import { formatDay, formatMonth, placeKindName } from '../../i18n/campaign-labels';
import { baseStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import '../shell/gr-error-message';
import './gr-overlap-warning';
import './gr-place-picker';
import { formAttention } from '../shell/form-field';

type PlanField = 'placeId' | 'plannedFor' | 'note';
const PLAN_FIELDS: readonly PlanField[] = ['placeId', 'plannedFor', 'note'];

/**
 * The shared calendar of planned visits (GET /api/visit-plans for one month, every unit's
 * plans), as an agenda grouped by day that reads well on a phone and to a screen reader,
 * and the form to plan a visit (POST /api/visit-plans) with its overlap warning.
 */
@customElement('gr-plan-calendar')
export class GrPlanCalendar extends LitElement {
  static override styles = [
    baseStyles,
    campaignStyles,
    css`
      :host {
        display: grid;
        gap: var(--gr-space-5);
      }

      .month-nav {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr) auto;
        align-items: center;
        gap: var(--gr-space-2);
        margin-bottom: var(--gr-space-3);
      }

      .month-nav h3 {
        margin: 0;
        text-align: center;
        white-space: nowrap;
      }

      .month-nav button {
        padding: var(--gr-space-2) var(--gr-space-3);
        white-space: nowrap;
      }

      .day + .day {
        margin-top: var(--gr-space-4);
      }

      .day h4 {
        margin: 0 0 var(--gr-space-2);
        font-size: var(--gr-font-size-md);
      }

      .day.today h4 {
        color: var(--gr-color-accent);
      }

      .plan-row {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-start;
        justify-content: space-between;
        gap: var(--gr-space-2);
      }

      form {
        display: grid;
        gap: var(--gr-space-4);
      }
    `,
  ];

  @state() private _month: string = monthOf(todayIso());
  @state() private _place: PlaceRef | null = null;
  @state() private _date = '';
  @state() private _note = '';
  private readonly _form = new FormController<PlanField>(this, {
    fields: PLAN_FIELDS,
    firstInvalid: (root, problems) => (problems.placeId ? root.querySelector<HTMLElement>('gr-place-picker') : null),
  });
  @state() private _created: VisitPlanView | null = null;
  /** The member's own plan for the chosen place and day, when there already is one. */
  @state() private _duplicate: VisitPlanView | null = null;
  private _duplicateLookup = 0;
  @state() private _deleteError: unknown = null;

  private readonly _session = new SessionController(this);
  private readonly _context = new ApiTask(this, { task: () => Promise.all([loadCampaign(), loadUnits()]) });
  private readonly _plans = new ApiTask(this, {
    args: () => [this._month] as const,
    task: ([month], signal) => {
      const { from, to } = monthRange(month);
      return api.get<ItemList<VisitPlanView>>('/api/visit-plans', { query: { from, to }, signal });
    },
  });
  private readonly _overlaps = new OverlapController(this);

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`
      <section class="card" aria-labelledby="calendar-heading">
        <h2 id="calendar-heading">${t('calendar.heading')}</h2>
        <p class="hint">${t('calendar.intro')}</p>
        <div class="month-nav">
          <button type="button" class="secondary" @click=${() => (this._month = addMonths(this._month, -1))}
            aria-label=${t('calendar.previousNamed', { month: formatMonth(addMonths(this._month, -1)) })}>‹ ${t('calendar.previous')}</button>
          <h3 aria-live="polite">${formatMonth(this._month)}</h3>
          <button type="button" class="secondary" @click=${() => (this._month = addMonths(this._month, 1))}
            aria-label=${t('calendar.nextNamed', { month: formatMonth(addMonths(this._month, 1)) })}>${t('calendar.next')} ›</button>
        </div>
        <gr-error-message .error=${this._deleteError}></gr-error-message>
        ${this._plans.render({
          pending: () => html`<p class="muted" role="status">${t('app.loading')}</p>`,
          error: (err) => html`<gr-error-message polite retryable .error=${err} @gr-retry=${() => this._plans.run()}></gr-error-message>`,
          complete: (answer) => this._renderAgenda(answer.items),
        })}
      </section>
      <section class="card" aria-labelledby="plan-form-heading">${this._renderForm()}</section>
    `;
  }

  private _renderAgenda(plans: VisitPlanView[]): TemplateResult {
    if (plans.length === 0) return html`<p class="muted">${t('calendar.empty')}</p>`;
    const units = new Map((this._context.value?.[1] ?? []).map((u) => [u.id, u.name]));
    const byDay = new Map<string, VisitPlanView[]>();
    for (const plan of [...plans].sort((a, b) => a.plannedFor.localeCompare(b.plannedFor))) {
      byDay.set(plan.plannedFor, [...(byDay.get(plan.plannedFor) ?? []), plan]);
    }
    const today = todayIso();
    const user = this._session.user;
    return html`${[...byDay.entries()].map(
      ([day, dayPlans]) => html`<div class="day ${day === today ? 'today' : ''}">
        <h4>${formatDay(day, { weekday: true })}${day === today ? html` <span class="tag">${t('calendar.today')}</span>` : nothing}</h4>
        <ul class="rows">
          ${dayPlans.map((plan) => {
            const mine = user?.id === plan.userId;
            const overdue = !plan.done && plan.plannedFor < today;
            return html`<li class=${overdue && mine ? 'overdue' : ''}>
              <div class="plan-row">
                <div>
                  <a class="row-title" href=${`/places/${plan.placeId}`}>${plan.place.name}</a>
                  <span class="tag">${placeKindName(plan.place.kind)}</span>
                  ${mine ? html`<span class="tag success">${t('calendar.mine')}</span>` : nothing}
                  ${plan.done ? html`<span class="tag success">${t('calendar.done')}</span>` : nothing}
                  <p class="meta">
                    <span>${units.get(plan.unitId) ?? ''}</span>
                    <span><a href=${`/u/${encodeURIComponent(plan.user.username)}`}>${plan.user.displayName}</a></span>
                  </p>
                  ${plan.note ? html`<p class="small">${plan.note}</p>` : nothing}
                </div>
                ${mine || this._session.hasRole('admin')
                  ? html`<button type="button" class="danger" @click=${() => this._delete(plan)}
                      aria-label=${t('calendar.deleteNamed', { place: plan.place.name, date: formatDay(plan.plannedFor) })}>${t('calendar.delete')}</button>`
                  : nothing}
              </div>
            </li>`;
          })}
        </ul>
      </div>`,
    )}`;
  }

  private _renderForm(): TemplateResult {
    const campaign = this._context.value?.[0];
    const p = this._form.problems;
    return html`
      <h2 id="plan-form-heading">${t('calendar.planHeading')}</h2>
      <form novalidate @submit=${this._submit}>
        <gr-place-picker .label=${t('visitForm.place')} .value=${this._place}
          .problem=${p.placeId ? problemText(p.placeId) : ''}
          @gr-place-change=${(e: CustomEvent<PlaceRef | null>) => this._setPlace(e.detail)}></gr-place-picker>
        <div class="field">
          <label for="plan-date">${t('calendar.date')}</label>
          <input id="plan-date" type="date" min=${todayIso()} .value=${this._date}
            aria-invalid=${p.plannedFor ? 'true' : 'false'} aria-describedby=${p.plannedFor ? 'plan-date-error' : nothing}
            @change=${this._onDate} />
          ${p.plannedFor ? html`<p class="field-error" id="plan-date-error">${problemText(p.plannedFor)}</p>` : nothing}
        </div>
        <div role="status">${this._duplicate
          ? html`<p class="warning">${t('calendar.duplicate')}</p>`
          : nothing}</div>
        <gr-overlap-warning .overlaps=${this._overlaps.overlaps} .windowDays=${campaign?.overlapWindowDays ?? 30}></gr-overlap-warning>
        <div class="field">
          <label for="plan-note">${t('calendar.note')}<span class="optional">${t('form.optional')}</span></label>
          <textarea id="plan-note" rows="2" maxlength="1000" .value=${this._note}
            aria-invalid=${p.note ? 'true' : 'false'}
            @input=${(e: Event) => (this._note = (e.target as HTMLTextAreaElement).value)}></textarea>
          ${p.note ? html`<p class="field-error">${problemText(p.note)}</p>` : nothing}
        </div>
        <gr-error-message .error=${this._form.formError}></gr-error-message>
        <div class="live" role="status">${this._created
          ? html`<p class="notice">${t('calendar.created', { place: this._created.place.name, date: formatDay(this._created.plannedFor) })}</p>`
          : nothing}</div>
        <div class="actions"><button type="submit" ?disabled=${this._form.busy}>${this._form.busy ? t('calendar.saving') : t('calendar.submit')}</button>
          ${formAttention(this._form)}</div>
      </form>
    `;
  }

  private _setPlace(place: PlaceRef | null): void {
    this._place = place;
    this._form.clear('placeId');
    this._created = null;
    this._checkOverlaps();
  }

  private _onDate(event: Event): void {
    this._date = (event.target as HTMLInputElement).value;
    this._form.clear('plannedFor');
    this._created = null;
    this._checkOverlaps();
  }

  private _checkOverlaps(): void {
    this._overlaps.lookUp(this._place?.id ?? null, this._date);
    void this._checkDuplicate();
  }

  /** Looks for the member's own plan at the chosen place on the chosen day (a second click, another tab). */
  private async _checkDuplicate(): Promise<void> {
    const lookup = (this._duplicateLookup += 1);
    this._duplicate = null;
    const place = this._place;
    const date = this._date;
    if (!place || !isCalendarDate(date)) return;
    try {
      const answer = await api.get<ItemList<VisitPlanView>>('/api/visit-plans', {
        query: { placeId: place.id, from: date, to: date, mine: true },
      });
      if (lookup === this._duplicateLookup) this._duplicate = answer.items[0] ?? null;
    } catch {
      // Without the check the server still takes the plan; the calendar shows both.
    }
  }


  private _submit(event: SubmitEvent): void {
    event.preventDefault();
    const place = this._place;
    const date = this._date;
    const note = this._note.trim();
    this._created = null;
    void this._form.submit({
      validate: () => {
        const problems: FieldProblems<PlanField> = {};
        if (!place) problems.placeId = { key: 'visitForm.placeRequired' };
        if (!isCalendarDate(date)) problems.plannedFor = { key: 'calendar.dateRequired' };
        else if (date < todayIso()) problems.plannedFor = { key: 'calendar.datePast' };
        else if (this._duplicate) problems.plannedFor = { key: 'calendar.duplicate' };
        return problems;
      },
      send: async () => {
        const answer = await api.post<NewPlanView>('/api/visit-plans', {
          placeId: place?.id,
          plannedFor: date,
          ...(note ? { note } : {}),
        });
        this._created = answer.plan;
        // The form is empty again, so a second click cannot make the same plan twice;
        // the overlaps of the plan just made stay in view beside the notice.
        this._place = null;
        this._date = '';
        this._note = '';
        this._duplicate = null;
        this._duplicateLookup += 1;
        this._overlaps.set(answer.overlaps);
        const month = monthOf(answer.plan.plannedFor);
        if (month !== this._month) this._month = month;
        else void this._plans.run();
      },
    });
  }


  private async _delete(plan: VisitPlanView): Promise<void> {
    if (!window.confirm(t('calendar.confirmDelete', { place: plan.place.name, date: formatDay(plan.plannedFor) }))) return;
    this._deleteError = null;
    try {
      await api.del(`/api/visit-plans/${plan.id}`);
      await this._plans.run();
    } catch (err) {
      this._deleteError = err;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-plan-calendar': GrPlanCalendar;
  }
}
