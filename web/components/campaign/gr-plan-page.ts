import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api } from '../../api/client';
import { todayIso } from '../../api/calendar-dates';
import type { ActionPlanView, QuotaProgressView, WritingGoalView } from '../../../server/presenters/campaign.presenter';
import type { VisitPlanView } from '../../../server/presenters/visit.presenter';
import { ApiTask } from '../../controllers/api-task';
import { FormController, problemText } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatNumber, t } from '../../i18n';
import { formatDay, placeKindName } from '../../i18n/campaign-labels';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import '../shell/gr-error-message';
import './gr-visit-list';
import { formAttention } from '../shell/form-field';

/**
 * /plan: the signed-in member's personal action plan (GET /api/plan): progress against the
 * per-person quota of villages and enterprises, their planned visits (overdue ones marked),
 * their visits, the writing goal (PUT /api/plan/writing) and what is overdue.
 */
@customElement('gr-plan-page')
export class GrPlanPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    campaignStyles,
    css`
      .quota {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
        gap: var(--gr-space-4);
      }

      .quota-item {
        display: grid;
        gap: var(--gr-space-2);
      }

      .figure {
        font-size: var(--gr-font-size-xl);
        font-weight: 700;
        line-height: 1.2;
      }

      .writing form {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: var(--gr-space-3);
      }
    `,
  ];

  @state() private _editingWriting = false;
  @state() private _writingSaved = false;
  /** The writing goal's one-field form: every failure shows beside the field. */
  private readonly _writing = new FormController<'planned'>(this);

  private readonly _plan = new ApiTask(this, {
    task: (_args, signal) => api.get<ActionPlanView>('/api/plan', { signal }),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    return html`<div class="page">
      <header class="page-head">
        <div>
          <h1 tabindex="-1">${t('page.plan')}</h1>
          <p class="lead muted">${t('plan.intro')}</p>
        </div>
        <a class="button" href="/visits/new">${t('visits.logVisit')}</a>
      </header>
      ${this._plan.value
        ? this._renderPlan(this._plan.value)
        : this._plan.render({
            pending: () => html`<p class="muted" role="status">${t('app.loading')}</p>`,
            error: (err) => html`<gr-error-message retryable .error=${err} @gr-retry=${() => this._plan.run()}></gr-error-message>`,
          })}
    </div>`;
  }

  private _renderPlan(plan: ActionPlanView): TemplateResult {
    const overdueCount = plan.overdue.plans.length + plan.overdue.followUps.length;
    return html`<div class="grid">
      <section class="card" aria-labelledby="quota-heading">
        <h2 id="quota-heading">${t('plan.quota')}</h2>
        <div class="quota">
          ${this._renderQuota('quota-village', t('plan.villages'), plan.quota.village)}
          ${this._renderQuota('quota-enterprise', t('plan.enterprises'), plan.quota.enterprise)}
        </div>
      </section>

      <section class="card" aria-labelledby="overdue-heading">
        <h2 id="overdue-heading">${t('plan.overdueHeading')}
          ${overdueCount > 0 ? html`<span class="tag danger">${overdueCount}</span>` : nothing}</h2>
        ${overdueCount === 0
          ? html`<p class="muted">${t('plan.nothingOverdue')}</p>`
          : html`<ul class="rows">
              ${plan.overdue.plans.map((p) => html`<li class="overdue">
                <span class="tag danger">${t('plan.overduePlan')}</span>
                <a class="row-title" href=${`/places/${p.placeId}`}>${p.place.name}</a>
                <p class="meta"><span>${t('plan.plannedFor', { date: formatDay(p.plannedFor) })}</span>
                  <a href=${`/visits/new?placeId=${p.placeId}`}>${t('plan.logThis')}</a></p>
              </li>`)}
              ${plan.overdue.followUps.map((f) => html`<li class="overdue">
                <span class="tag danger">${t('plan.overdueFollowUp')}</span>
                <span class="row-title">${f.text}</span>
                <p class="meta">
                  ${f.dueOn ? html`<span>${t('visit.due', { date: formatDay(f.dueOn) })}</span>` : nothing}
                  <a href=${`/visits/${f.visitId}`}>${f.place.name}</a>
                </p>
              </li>`)}
            </ul>`}
      </section>

      <section class="card" aria-labelledby="plans-heading">
        <h2 id="plans-heading">${t('plan.myPlans')}</h2>
        ${this._renderPlans(plan.plans)}
        <p class="small"><a href="/visits?view=calendar">${t('plan.toCalendar')}</a></p>
      </section>

      <section class="card writing" aria-labelledby="writing-heading">
        <h2 id="writing-heading">${t('plan.writing')}</h2>
        <p class="hint">${t('plan.writingHint')}</p>
        ${this._renderWriting(plan.writing)}
      </section>

      <section aria-labelledby="visits-heading">
        <h2 id="visits-heading">${t('plan.myVisits')}</h2>
        <gr-visit-list .visits=${plan.visits} .emptyText=${t('plan.noVisits')}></gr-visit-list>
      </section>
    </div>`;
  }

  private _renderQuota(id: string, label: string, quota: QuotaProgressView): TemplateResult {
    const met = quota.done >= quota.min;
    return html`<div class="quota-item">
      <span id=${id}><strong>${label}</strong></span>
      <span><span class="figure">${formatNumber(quota.done)}</span> <span class="muted">${t('plan.quotaRange', { min: quota.min, max: quota.max })}</span></span>
      <progress aria-labelledby=${id} max=${Math.max(quota.max, 1)} value=${Math.min(quota.done, Math.max(quota.max, 1))}></progress>
      <span class="small ${met ? '' : 'muted'}">${met
        ? html`<span class="tag success">${t('plan.quotaMet')}</span>`
        : t('plan.quotaToGo', { count: quota.min - quota.done })}</span>
    </div>`;
  }

  private _renderPlans(plans: VisitPlanView[]): TemplateResult {
    if (plans.length === 0) return html`<p class="muted">${t('plan.noPlans')}</p>`;
    const today = todayIso();
    const sorted = [...plans].sort((a, b) => a.plannedFor.localeCompare(b.plannedFor));
    return html`<ul class="rows">${sorted.map((p) => {
      const overdue = !p.done && p.plannedFor < today;
      return html`<li class=${overdue ? 'overdue' : ''}>
        <a class="row-title" href=${`/places/${p.placeId}`}>${p.place.name}</a>
        <span class="tag">${placeKindName(p.place.kind)}</span>
        ${p.done ? html`<span class="tag success">${t('calendar.done')}</span>` : nothing}
        ${overdue ? html`<span class="tag danger">${t('plan.overdue')}</span>` : nothing}
        <p class="meta"><span>${t('plan.plannedFor', { date: formatDay(p.plannedFor, { weekday: true }) })}</span>
          ${p.done ? nothing : html`<a href=${`/visits/new?placeId=${p.placeId}`}>${t('plan.logThis')}</a>`}</p>
        ${p.note ? html`<p class="small">${p.note}</p>` : nothing}
      </li>`;
    })}</ul>`;
  }

  private _renderWriting(writing: ActionPlanView['writing']): TemplateResult {
    return html`
      <p><strong>${t('plan.writingFigure', { done: writing.done, planned: writing.planned })}</strong></p>
      ${writing.planned > 0
        ? html`<progress aria-label=${t('plan.writing')} max=${writing.planned} value=${Math.min(writing.done, writing.planned)}></progress>`
        : nothing}
      <div class="live" role="status">${this._writingSaved ? html`<p class="notice">${t('plan.writingSaved')}</p>` : nothing}</div>
      ${this._editingWriting
        ? html`<form novalidate @submit=${this._saveWriting}>
            <div class="field">
              <label for="writing-planned">${t('plan.writingPlanned')}</label>
              <input id="writing-planned" name="planned" type="number" min="0" max="1000" inputmode="numeric"
                .value=${String(writing.planned)}
                aria-invalid=${this._writing.problem('planned') ? 'true' : 'false'}
                aria-describedby=${this._writing.problem('planned') ? 'writing-error' : nothing} />
            </div>
            <button type="submit" ?disabled=${this._writing.busy}>${t('plan.writingSave')}</button>
            ${formAttention(this._writing)}
            <button type="button" class="secondary" @click=${() => (this._editingWriting = false)}>${t('plan.writingCancel')}</button>
            ${this._writingError()}
          </form>`
        : html`<button type="button" class="secondary" @click=${this._startEditing}>${t('plan.writingEdit')}</button>`}
    `;
  }

  private async _startEditing(): Promise<void> {
    this._editingWriting = true;
    this._writingSaved = false;
    this._writing.reset();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#writing-planned')?.focus();
  }

  private _writingError(): TemplateResult | typeof nothing {
    const problem = this._writing.problem('planned');
    return problem ? html`<p class="field-error" id="writing-error">${problemText(problem)}</p>` : nothing;
  }

  private _saveWriting(event: SubmitEvent): void {
    event.preventDefault();
    const planned = Number(new FormData(event.currentTarget as HTMLFormElement).get('planned') ?? '');
    void this._writing.submit({
      validate: () => (!Number.isInteger(planned) || planned < 0 || planned > 1000 ? { planned: { key: 'plan.writingInvalid' } } : {}),
      send: async () => {
        const answer = await api.put<{ writing: WritingGoalView }>('/api/plan/writing', { planned });
        if (this._plan.value) this._plan.value = { ...this._plan.value, writing: answer.writing };
        this._editingWriting = false;
        this._writingSaved = true;
      },
      failed: (err) => ({ problems: { planned: { error: err } } }),
    });
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'gr-plan-page': GrPlanPage;
  }
}
