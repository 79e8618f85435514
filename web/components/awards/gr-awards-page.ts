import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, apiPath } from '../../api/client';
import { ROUND_TITLE_MAX_LENGTH } from '../../../server/domain/columns';
import type { NominationRoundView } from '../../../server/presenters/award.presenter';
import { ApiTask } from '../../controllers/api-task';
import { FormController, problemText, type FieldProblems } from '../../controllers/form-controller';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { formatDay } from '../../i18n/campaign-labels';
import { t } from '../../i18n';
import { moderationStyles } from '../../styles/moderation.styles';
import { baseStyles, pageStyles, rowListStyles } from '../../styles/shared.styles';
import { formAttention, textField } from '../shell/form-field';
import '../shell/gr-error-message';

type Field = 'title' | 'periodStart' | 'periodEnd';

/**
 * The award nominations' rounds (/editor/awards, editors and admins): each round with its
 * period, state and nomination count, linking to its candidates. Admins also open a round
 * (name, first and last day) and close an open one.
 */
@customElement('gr-awards-page')
export class GrAwardsPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    rowListStyles,
    moderationStyles,
    css`
      .lead {
        color: var(--gr-color-text-muted);
        max-width: 48rem;
      }

      .state {
        display: inline-block;
        margin-inline-start: var(--gr-space-2);
        padding: 0 var(--gr-space-2);
        border-radius: var(--gr-radius-sm);
        font-size: var(--gr-font-size-sm);
        border: 1px solid var(--gr-color-border-strong);
      }

      .state.open {
        border-color: var(--gr-color-success);
        background: var(--gr-color-success-soft);
      }

      .list .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: var(--gr-space-2);
      }

      form.new {
        display: grid;
        gap: var(--gr-space-3);
        max-width: 36rem;
      }

      .dates {
        display: flex;
        flex-wrap: wrap;
        gap: var(--gr-space-3);
      }

      .dates .field {
        flex: 1 1 12rem;
      }
    `,
  ];

  @state() private _said = '';

  private readonly _session = new SessionController(this);
  private readonly _form = new FormController<Field>(this, { fields: ['title', 'periodStart', 'periodEnd'] });
  private readonly _rounds = new ApiTask(this, {
    task: (_args, signal) => api.get<{ items: NominationRoundView[] }>('/api/nomination-rounds', { signal }),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    const isAdmin = this._session.user?.roles.includes('admin') ?? false;
    return html`<div class="page">
      <header>
        <p><a href="/editor">${t('awards.back')}</a></p>
        <h1 tabindex="-1">${t('awards.title')}</h1>
        <p class="lead">${t('awards.lead')}</p>
      </header>
      <p class=${this._said ? 'banner' : 'visually-hidden'} role="status">${this._said}</p>
      ${isAdmin ? this._renderNew() : nothing}
      <section aria-labelledby="rounds-h">
        <h2 id="rounds-h">${t('awards.rounds')}</h2>
        ${this._rounds.render({
          pending: () => (this._rounds.value ? this._renderList(this._rounds.value.items, isAdmin) : html`<p class="muted" role="status">${t('awards.loading')}</p>`),
          error: (err) => html`<gr-error-message retryable .error=${err} @gr-retry=${() => void this._rounds.run()}></gr-error-message>`,
          complete: (data) => this._renderList(data.items, isAdmin),
        }) ?? nothing}
      </section>
    </div>`;
  }

  private _renderList(items: NominationRoundView[], isAdmin: boolean): TemplateResult {
    if (items.length === 0) return html`<p class="muted">${t('awards.none')}</p>`;
    return html`<ul class="list">${items.map((r) => html`<li>
      <div>
        <div class="name"><a href="/editor/awards/${r.id}">${r.title}</a><span class="state ${r.state}">${t(`awards.state.${r.state}`)}</span></div>
        <div class="meta">
          ${t('awards.period', { start: formatDay(r.periodStart, { withYear: true }), end: formatDay(r.periodEnd, { withYear: true }) })}
          · ${t('awards.nominationCount', { count: r.nominationCount })}
          ${r.openedBy ? html` · ${t('awards.openedBy', { name: r.openedBy.displayName })}` : nothing}
        </div>
      </div>
      <div class="buttons">
        ${isAdmin && r.state === 'open'
          ? html`<button type="button" class="secondary" ?disabled=${this._form.busy} @click=${() => this._close(r)}>${t('awards.close')}</button>`
          : nothing}
      </div>
    </li>`)}</ul>`;
  }

  private _renderNew(): TemplateResult {
    const startProblem = this._form.problem('periodStart');
    const endProblem = this._form.problem('periodEnd');
    return html`<section aria-labelledby="new-h">
      <h2 id="new-h">${t('awards.new.heading')}</h2>
      <form class="new" novalidate @submit=${this._open} @input=${this._form.clearOnInput}>
        <gr-error-message .error=${this._form.formError}></gr-error-message>
        ${textField({ id: 'round-title', name: 'title', label: t('awards.new.title'), hint: t('awards.new.titleHint'), maxlength: ROUND_TITLE_MAX_LENGTH, problem: this._form.problem('title') })}
        <div class="dates">
          <div class="field">
            <label for="round-start">${t('awards.new.start')}</label>
            <input id="round-start" name="periodStart" type="date" required min="2000-01-01" max="2200-12-31"
              aria-invalid=${startProblem ? 'true' : 'false'} aria-describedby=${startProblem ? 'round-start-error' : nothing} />
            ${startProblem ? html`<p class="field-error" id="round-start-error">${problemText(startProblem)}</p>` : nothing}
          </div>
          <div class="field">
            <label for="round-end">${t('awards.new.end')}</label>
            <input id="round-end" name="periodEnd" type="date" required min="2000-01-01" max="2200-12-31"
              aria-invalid=${endProblem ? 'true' : 'false'} aria-describedby=${endProblem ? 'round-end-error' : nothing} />
            ${endProblem ? html`<p class="field-error" id="round-end-error">${problemText(endProblem)}</p>` : nothing}
          </div>
        </div>
        <div class="actions">
          <button type="submit" ?disabled=${this._form.busy}>${t('awards.new.submit')}</button>
          ${formAttention(this._form)}
        </div>
      </form>
    </section>`;
  }

  private _open(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const periodStart = String(data.get('periodStart') ?? '');
    const periodEnd = String(data.get('periodEnd') ?? '');
    void this._form.submit({
      validate: () => {
        const problems: FieldProblems<Field> = {};
        if (title === '') problems.title = { key: 'awards.new.titleRequired' };
        if (periodStart === '') problems.periodStart = { key: 'awards.new.dateRequired' };
        if (periodEnd === '') problems.periodEnd = { key: 'awards.new.dateRequired' };
        else if (periodStart !== '' && periodEnd < periodStart) problems.periodEnd = { key: 'awards.new.reversed' };
        return problems;
      },
      send: async () => {
        const { round } = await api.post<{ round: NominationRoundView }>('/api/nomination-rounds', { title, periodStart, periodEnd });
        form.reset();
        this._said = t('awards.new.done', { title: round.title });
        await this._rounds.run();
      },
    });
  }

  private _close(round: NominationRoundView): void {
    if (!window.confirm(t('awards.closeConfirm', { title: round.title }))) return;
    void this._form.submit({
      send: async () => {
        await api.post(apiPath`/api/nomination-rounds/${round.id}/close`, {});
        this._said = t('awards.closed', { title: round.title });
        await this._rounds.run();
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-awards-page': GrAwardsPage;
  }
}
