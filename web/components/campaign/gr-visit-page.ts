import { canChangeFollowUps } from '../../../server/domain/roles';
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { api } from '../../api/client';
import { loadCampaign, loadUnits } from '../../api/campaign';
import { todayIso } from '../../api/calendar-dates';
import { FINDING_KEYS } from '../../../server/domain/campaign';
import type { FollowUpView, VisitDetailView, VisitView } from '../../../server/presenters/visit.presenter';
import type { UnitView } from '../../../server/presenters/unit.presenter';
import { ApiTask } from '../../controllers/api-task';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { formatDate, t } from '../../i18n';
import { activityName, findingTitle, formatDay, integrityText, placeKindName } from '../../i18n/campaign-labels';
import { setPageTitle } from '../../router';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import '../shell/gr-error-message';

/**
 * /visits/:id: one visit (place, date, unit, people, activity, purpose, findings,
 * follow-ups with done toggles, the integrity attestation) and the notes linked to it.
 */
@customElement('gr-visit-page')
export class GrVisitPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    campaignStyles,
    css`
      ul.checks {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--gr-space-3);
      }

      .follow-up {
        display: flex;
        align-items: flex-start;
        gap: var(--gr-space-3);
        font-weight: 400;
      }

      .follow-up input {
        flex: none;
        width: 1.5rem;
        height: 1.5rem;
      }

      .follow-up.done span.text {
        text-decoration: line-through;
        color: var(--gr-color-text-muted);
      }

      .integrity li {
        display: grid;
        gap: var(--gr-space-1);
      }

      .mark {
        font-weight: 700;
      }

      .mark.ok {
        color: var(--gr-color-success);
      }

      .mark.no {
        color: var(--gr-color-danger);
      }

      blockquote {
        margin: 0;
        padding: var(--gr-space-2) var(--gr-space-3);
        border-left: 3px solid var(--gr-color-danger);
        background: var(--gr-color-danger-soft);
        white-space: pre-line;
      }
    `,
  ];

  /** The visit's id, from the path. */
  @property({ type: String, attribute: 'visit-id' }) visitId = '';
  /** Just logged: say so. */
  @property({ type: Boolean }) logged = false;

  /** The follow-up being changed and the state asked for (shown at once, kept on failure only as it was). */
  @state() private _toggling: { id: number; done: boolean } | null = null;
  @state() private _toggleError: unknown = null;

  private readonly _session = new SessionController(this);
  private readonly _context = new ApiTask(this, { task: () => Promise.all([loadCampaign(), loadUnits()]) });
  private readonly _visit = new ApiTask(this, {
    args: () => [this.visitId] as const,
    task: ([id], signal) => api.get<VisitDetailView>(`/api/visits/${encodeURIComponent(id)}`, { signal }),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override updated(): void {
    const visit = this._visit.value?.visit;
    if (visit && this._visit.status === 'complete') setPageTitle(`${visit.place.name} · ${formatDay(visit.visitedOn)}`);
  }

  override render(): TemplateResult {
    return html`<div class="page">
      <p class="small"><a href="/visits">‹ ${t('page.visits')}</a></p>
      ${this._visit.render({
        pending: () => html`<h1 tabindex="-1">${t('page.visit')}</h1><p class="muted" role="status">${t('app.loading')}</p>`,
        error: (err) => html`<h1 tabindex="-1">${t('page.visit')}</h1>
          <gr-error-message retryable .error=${err} @gr-retry=${() => this._visit.run()}></gr-error-message>`,
        complete: (answer) => this._renderVisit(answer),
      })}
    </div>`;
  }

  private _renderVisit({ visit, posts }: VisitDetailView): TemplateResult {
    const [campaign, units] = this._context.value ?? [undefined, [] as UnitView[]];
    const unit = units.find((u) => u.id === visit.unitId);
    const user = this._session.user;
    const mayToggle = user !== null && canChangeFollowUps(user, { createdBy: visit.createdBy.id, participantIds: visit.participantIds });
    const visitFindings = visit.findings;
    const findings = visitFindings ? FINDING_KEYS.filter((key) => visitFindings[key].trim() !== '') : [];
    return html`
      <header>
        <h1 tabindex="-1">${visit.place.name} · ${formatDay(visit.visitedOn, { withYear: true })}</h1>
        ${this.logged ? html`<p class="notice" role="status">${t('visit.logged')}</p>` : nothing}
      </header>
      <div class="grid">
        <section class="card" aria-labelledby="facts-heading">
          <h2 id="facts-heading">${t('visit.facts')}</h2>
          <dl class="facts">
            <dt>${t('visitForm.place')}</dt>
            <dd><a href=${`/places/${visit.placeId}`}>${visit.place.name}</a> <span class="tag">${placeKindName(visit.place.kind)}</span></dd>
            <dt>${t('visitForm.date')}</dt>
            <dd>${formatDay(visit.visitedOn, { withYear: true, weekday: true })}</dd>
            <dt>${t('visit.unit')}</dt>
            <dd>${unit?.name ?? ''}</dd>
            <dt>${t('visit.loggedByLabel')}</dt>
            <dd><a href=${`/u/${encodeURIComponent(visit.createdBy.username)}`}>${visit.createdBy.displayName}</a>
              <span class="small muted">${formatDate(visit.createdAt, 'datetime')}</span></dd>
            <dt>${t('visitForm.participants')}</dt>
            <dd>${visit.participants.length === 0
              ? html`<span class="muted">${t('visit.noParticipants')}</span>`
              : visit.participants.map((p, i) => html`${i > 0 ? t('common.listSeparator') : ''}<a href=${`/u/${encodeURIComponent(p.username)}`}>${p.displayName}</a>`)}</dd>
            <dt>${t('visitForm.activity')}</dt>
            <dd>${activityName(campaign, visit.activity)}</dd>
            <dt>${t('visitForm.purpose')}</dt>
            <dd>${visit.purpose || html`<span class="muted">${t('visit.none')}</span>`}</dd>
          </dl>
        </section>

        <section class="card" aria-labelledby="findings-heading">
          <h2 id="findings-heading">${t('visitForm.findings')}</h2>
          ${!visitFindings
            ? html`<p class="muted">${t('visit.detailsRestricted')}</p>`
            : findings.length === 0
              ? html`<p class="muted">${t('visit.noFindings')}</p>`
              : html`<dl class="facts">${findings.map((key) => html`<dt>${findingTitle(key)}</dt><dd>${visitFindings[key]}</dd>`)}</dl>`}
        </section>

        <section class="card" aria-labelledby="followups-heading">
          <h2 id="followups-heading">${t('visitForm.followUps')}</h2>
          <gr-error-message .error=${this._toggleError}></gr-error-message>
          ${!visit.followUps
            ? html`<p class="muted">${t('visit.detailsRestricted')}</p>`
            : visit.followUps.length === 0
              ? html`<p class="muted">${t('visit.noFollowUps')}</p>`
              : html`<ul class="checks">${visit.followUps.map((f) => this._renderFollowUp(visit, f, mayToggle))}</ul>`}
        </section>

        <section class="card integrity" aria-labelledby="integrity-heading">
          <h2 id="integrity-heading">${t('visitForm.integrity')}</h2>
          <ul class="checks">
            ${visit.integrity.map((entry) => html`<li>
              <span>${entry.confirmed
                ? html`<span class="mark ok" aria-hidden="true">✓</span> <span class="visually-hidden">${t('visit.confirmed')}</span>`
                : html`<span class="mark no" aria-hidden="true">!</span> <span class="visually-hidden">${t('visit.notConfirmed')}</span>`}
                ${integrityText(campaign, entry.item)}
                ${entry.confirmed ? nothing : html`<span class="tag danger">${t('visit.explained')}</span>`}</span>
              ${!entry.confirmed && entry.explanation ? html`<blockquote>${entry.explanation}</blockquote>` : nothing}
            </li>`)}
          </ul>
        </section>

        <section class="card" aria-labelledby="notes-heading">
          <h2 id="notes-heading">${t('visit.notes')}</h2>
          ${posts.length === 0
            ? html`<p class="muted">${t('visit.noNotes')}</p>`
            : html`<ul class="rows">${posts.map((post) => html`<li>
                <a class="row-title" href=${`/t/${post.id}`}>${post.title}</a>
                <p class="meta"><span>${formatDate(post.createdAt)}</span></p>
              </li>`)}</ul>`}
        </section>
      </div>
    `;
  }

  private _renderFollowUp(visit: VisitView, followUp: FollowUpView, mayToggle: boolean): TemplateResult {
    const overdue = !followUp.done && followUp.dueOn !== null && followUp.dueOn < todayIso();
    const due = followUp.dueOn
      ? html`<span class="small ${overdue ? '' : 'muted'}">${t('visit.due', { date: formatDay(followUp.dueOn) })}</span>
          ${overdue ? html`<span class="tag danger">${t('plan.overdue')}</span>` : nothing}`
      : nothing;
    if (!mayToggle) {
      return html`<li class="follow-up ${followUp.done ? 'done' : ''}">
        <span>${followUp.done ? '✓' : '○'}</span>
        <span><span class="text">${followUp.text}</span> ${due}
          <span class="visually-hidden">${followUp.done ? t('visit.followUpDone') : t('visit.followUpOpen')}</span></span>
      </li>`;
    }
    return html`<li>
      <label class="follow-up ${followUp.done ? 'done' : ''}">
        <input type="checkbox" .checked=${live(this._toggling?.id === followUp.id ? this._toggling.done : followUp.done)}
          aria-busy=${this._toggling?.id === followUp.id ? 'true' : 'false'}
          @change=${(e: Event) => this._toggle(visit, followUp, (e.target as HTMLInputElement).checked)} />
        <span><span class="text">${followUp.text}</span> ${due}</span>
      </label>
    </li>`;
  }

  private async _toggle(visit: VisitView, followUp: FollowUpView, done: boolean): Promise<void> {
    // One change at a time; not `disabled`, which would throw a keyboard user's focus away.
    if (this._toggling) {
      this.requestUpdate();
      return;
    }
    this._toggling = { id: followUp.id, done };
    this._toggleError = null;
    try {
      const answer = await api.patch<{ visit: VisitView }>(`/api/visits/${visit.id}/follow-ups/${followUp.id}`, { done });
      if (this._visit.value) this._visit.value = { ...this._visit.value, visit: answer.visit };
    } catch (err) {
      this._toggleError = err;
    } finally {
      this._toggling = null;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-visit-page': GrVisitPage;
  }
}
