import { isCalendarDate } from '../../../server/domain/text';
import { isAdmin } from '../../../server/domain/roles';
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api } from '../../api/client';
import { loadUnits, subtreeIds } from '../../api/campaign';
import type { IntegrityExceptionView, ProgressView, TargetProgressView } from '../../../server/presenters/campaign.presenter';
import type { UnitView } from '../../../server/presenters/unit.presenter';
import { flattenUnitTree } from '../../api/unit-tree';
import { ApiTask } from '../../controllers/api-task';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { formatNumber, t } from '../../i18n';
import { formatDay } from '../../i18n/campaign-labels';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import { percent } from '../../text/percent';
import '../shell/gr-error-message';
import './gr-progress-charts';

/**
 * /progress: the campaign dashboard (GET /api/campaign/progress): the 100-village and
 * 100-enterprise targets against places visited, by unit (the tree rolled up), by phase,
 * by month, the activity mix, overdue follow-ups and integrity exceptions. Each chart has
 * a spoken summary and a table with its numbers beside it. Supervisors and admins choose a
 * unit of their subtree, see the integrity exceptions and download the reports.
 */
@customElement('gr-progress-page')
export class GrProgressPage extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    campaignStyles,
    css`
      .targets {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr));
        gap: var(--gr-space-4);
      }

      .target {
        display: grid;
        gap: var(--gr-space-2);
      }

      .figure {
        font-size: var(--gr-font-size-xxl);
        font-weight: 700;
        line-height: 1.1;
        font-variant-numeric: tabular-nums;
      }

      .figure small {
        font-size: var(--gr-font-size-md);
        font-weight: 400;
        color: var(--gr-color-text-muted);
      }

      .stats {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
        gap: var(--gr-space-4);
      }

      .stat {
        display: grid;
        gap: var(--gr-space-1);
      }

      .scope {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
        gap: var(--gr-space-3);
        align-items: end;
      }

      .exceptions-heading {
        margin-top: var(--gr-space-5);
      }

      .explanation {
        margin: var(--gr-space-2) 0 0;
        white-space: pre-line;
      }
    `,
  ];

  /** The unit whose subtree is shown ('' for the whole campaign), from ?unitId=. */
  @property({ type: String, attribute: 'unit-id' }) unitId = '';

  @state() private _from = '';
  @state() private _to = '';

  private readonly _session = new SessionController(this);
  private readonly _units = new ApiTask(this, { task: () => loadUnits() });
  private readonly _progress = new ApiTask(this, {
    args: () => [this._scopeUnit()] as const,
    task: ([unitId], signal) =>
      api.get<ProgressView>('/api/campaign/progress', { query: { unitId: unitId || undefined }, signal }),
  });
  private readonly _exceptions = new ApiTask(this, {
    args: () => [this._scopeUnit(), this._session.hasRole('supervisor')] as const,
    task: async ([unitId, allowed], signal) =>
      allowed
        ? api.get<{ items: IntegrityExceptionView[] }>('/api/campaign/integrity-exceptions', { query: { unitId: unitId || undefined }, signal })
        : { items: [] },
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult {
    const progress = this._progress.value;
    return html`<div class="page">
      <header>
        <h1 tabindex="-1">${t('page.progress')}</h1>
        <p class="lead muted">${t('progress.intro')}</p>
      </header>
      <div class="grid">
        ${this._renderScope()}
        ${this._progress.status === 'error'
          ? html`<gr-error-message retryable .error=${this._progress.error} @gr-retry=${() => this._progress.run()}></gr-error-message>`
          : progress
            ? this._renderProgress(progress)
            : html`<p class="muted" role="status">${t('app.loading')}</p>`}
      </div>
    </div>`;
  }

  /**
   * The unit shown: the one chosen, or by default a supervisor's own unit (they see their
   * unit and those below it); '' for the whole campaign (admins, and members without a picker).
   */
  private _scopeUnit(): string {
    if (this.unitId) return this.unitId;
    const user = this._session.user;
    if (user && !user.roles.includes('admin') && this._session.hasRole('supervisor') && user.unitId !== null) {
      return String(user.unitId);
    }
    return '';
  }

  /** The units a supervisor may choose: their subtree (admins: all). */
  private _choosableUnits(): UnitView[] {
    const all = this._units.value ?? [];
    const user = this._session.user;
    if (!user) return [];
    if (isAdmin(user)) return all;
    if (!this._session.hasRole('supervisor') || user.unitId === null) return [];
    const ids = subtreeIds(all, user.unitId);
    return all.filter((u) => ids.has(u.id));
  }

  private _renderScope(): TemplateResult | typeof nothing {
    if (!this._session.hasRole('supervisor')) return nothing;
    const units = this._choosableUnits();
    const query = new URLSearchParams();
    const scope = this._scopeUnit();
    if (scope) query.set('unitId', scope);
    if (this._from) query.set('from', this._from);
    if (this._to) query.set('to', this._to);
    const suffix = query.toString() ? `?${query.toString()}` : '';
    const badRange = this._from !== '' && this._to !== '' && this._from > this._to;
    return html`<section class="card" aria-labelledby="scope-heading">
      <h2 id="scope-heading">${t('progress.scope')}</h2>
      <div class="scope">
        <div class="field">
          <label for="scope-unit">${t('progress.unit')}</label>
          <select id="scope-unit" .value=${scope} @change=${this._onUnit}>
            ${(this._session.user !== null && isAdmin(this._session.user)) || units.length === 0
              ? html`<option value="">${t('progress.allUnits')}</option>`
              : nothing}
            ${flattenUnitTree(units).map(({ unit, depth }) => html`<option value=${String(unit.id)} ?selected=${String(unit.id) === scope}>${'\u3000'.repeat(depth)}${unit.name}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="report-from">${t('visits.filterFrom')}</label>
          <input id="report-from" type="date" .value=${this._from} @change=${(e: Event) => (this._from = this._date(e))} />
        </div>
        <div class="field">
          <label for="report-to">${t('visits.filterTo')}</label>
          <input id="report-to" type="date" .value=${this._to} aria-invalid=${badRange ? 'true' : 'false'}
            aria-describedby=${badRange ? 'report-range-error' : nothing}
            @change=${(e: Event) => (this._to = this._date(e))} />
        </div>
      </div>
      ${badRange ? html`<p class="field-error" id="report-range-error">${t('progress.badRange')}</p>` : nothing}
      <p class="hint">${t('progress.reportHint')}</p>
      <div class="actions">
        <a class="button secondary" href=${`/api/campaign/report.xlsx${suffix}`} download>${t('progress.downloadXlsx')}</a>
        <a class="button secondary" href=${`/api/campaign/report.csv${suffix}`} download>${t('progress.downloadCsv')}</a>
      </div>
    </section>`;
  }

  private _date(event: Event): string {
    const value = (event.target as HTMLInputElement).value;
    return isCalendarDate(value) ? value : '';
  }

  private _onUnit(event: Event): void {
    this.unitId = (event.target as HTMLSelectElement).value;
    const url = new URL(window.location.href);
    if (this.unitId) url.searchParams.set('unitId', this.unitId);
    else url.searchParams.delete('unitId');
    // The entry's state (its scroll key) stays; only the address changes.
    window.history.replaceState(window.history.state, '', url.pathname + url.search);
  }

  private _renderProgress(p: ProgressView): TemplateResult {
    return html`
      <section class="card" aria-labelledby="targets-heading">
        <h2 id="targets-heading">${t('progress.targets')}</h2>
        <p class="hint">${t('progress.targetsHint')}</p>
        <div class="targets">
          ${this._renderTarget('target-village', t('progress.villages'), p.targets.village)}
          ${this._renderTarget('target-enterprise', t('progress.enterprises'), p.targets.enterprise)}
        </div>
      </section>
      <section class="card" aria-labelledby="attention-heading">
        <h2 id="attention-heading">${t('progress.attention')}</h2>
        <div class="stats">
          <div class="stat">
            <span class="figure">${formatNumber(p.overdueFollowUps)}</span>
            <span>${t('progress.overdueFollowUps')}</span>
          </div>
          <div class="stat">
            <span class="figure">${formatNumber(p.integrityExceptions)}</span>
            <span>${t('progress.integrityExceptions')}</span>
          </div>
        </div>
        ${this._renderExceptions()}
      </section>
      <gr-progress-charts .progress=${p}></gr-progress-charts>
    `;
  }

  private _renderTarget(id: string, label: string, target: TargetProgressView): TemplateResult {
    const pct = percent(target.done, target.target);
    return html`<div class="target">
      <span id=${id}><strong>${label}</strong></span>
      <span class="figure" data-testid=${id}>${formatNumber(target.done)} <small>/ ${formatNumber(target.target)}</small></span>
      <progress aria-labelledby=${id} max=${Math.max(target.target, 1)} value=${Math.min(target.done, Math.max(target.target, 1))}></progress>
      <span class="small muted">${t('progress.percent', { percent: pct })}</span>
    </div>`;
  }

  private _renderExceptions(): TemplateResult | typeof nothing {
    if (!this._session.hasRole('supervisor')) return nothing;
    if (this._exceptions.status === 'error') return html`<gr-error-message polite .error=${this._exceptions.error}></gr-error-message>`;
    const items = this._exceptions.value?.items ?? [];
    if (items.length === 0) return nothing;
    return html`<h3 class="exceptions-heading">${t('progress.exceptionsTable')}</h3>
      <ul class="rows">${items.slice(0, 100).map((x) => html`<li>
        <a class="row-title" href=${`/visits/${x.visitId}`}>${x.place.name} · ${formatDay(x.visitedOn)}</a>
        <p class="meta"><span>${x.unit.name}</span><span class="tag danger">${x.item.text}</span></p>
        <p class="small explanation">${x.explanation}</p>
      </li>`)}</ul>`;
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'gr-progress-page': GrProgressPage;
  }
}
