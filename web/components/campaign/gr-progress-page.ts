import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api } from '../../api/client';
import { loadUnits, subtreeIds } from '../../api/campaign';
import { isIsoDate } from '../../api/calendar-dates';
import type { CampaignProgress, IntegrityException, TargetProgress, UnitProgress } from '../../api/campaign-types';
import type { Unit } from '../../api/types';
import { flattenUnitTree } from '../../api/unit-tree';
import type { ChartOption } from '../../charts/echarts';
import { ApiTask } from '../../controllers/api-task';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { SessionController } from '../../controllers/session-controller';
import { formatNumber, t } from '../../i18n';
import { formatDay, formatMonth } from '../../i18n/campaign-labels';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import { CHART_COLORS } from './gr-chart';
import '../shell/gr-error-message';

/** The percentage of `done` in `target`, whole, capped at 100 for bars. */
function percent(done: number, target: number): number {
  return target > 0 ? Math.round((done / target) * 100) : 0;
}

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
      .grid {
        display: grid;
        gap: var(--gr-space-5);
      }

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

      .pair {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
        gap: var(--gr-space-4);
        align-items: start;
      }

      @media (max-width: 48rem) {
        .pair {
          grid-template-columns: minmax(0, 1fr);
        }
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

      .nowrap {
        white-space: nowrap;
      }

      .depth-1 {
        padding-left: 1.25rem;
      }
      .depth-2 {
        padding-left: 2.5rem;
      }
      .depth-3 {
        padding-left: 3.75rem;
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
      api.get<CampaignProgress>('/api/campaign/progress', { query: { unitId: unitId || undefined }, signal }),
  });
  private readonly _exceptions = new ApiTask(this, {
    args: () => [this._scopeUnit(), this._session.hasRole('supervisor')] as const,
    task: async ([unitId, allowed], signal) =>
      allowed
        ? api.get<{ items: IntegrityException[] }>('/api/campaign/integrity-exceptions', { query: { unitId: unitId || undefined }, signal })
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
  private _choosableUnits(): Unit[] {
    const all = this._units.value ?? [];
    const user = this._session.user;
    if (!user) return [];
    if (user.roles.includes('admin')) return all;
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
            ${this._session.user?.roles.includes('admin') || units.length === 0
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
    return isIsoDate(value) ? value : '';
  }

  private _onUnit(event: Event): void {
    this.unitId = (event.target as HTMLSelectElement).value;
    const url = new URL(window.location.href);
    if (this.unitId) url.searchParams.set('unitId', this.unitId);
    else url.searchParams.delete('unitId');
    window.history.replaceState(null, '', url.pathname + url.search);
  }

  private _renderProgress(p: CampaignProgress): TemplateResult {
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
      ${this._renderByUnit(p)}
      ${this._renderByPhase(p)}
      ${this._renderByMonth(p)}
      ${this._renderActivities(p)}
    `;
  }

  private _renderTarget(id: string, label: string, target: TargetProgress): TemplateResult {
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

  /** The units charted: the chosen unit's children, or the top of the tree. */
  private _chartedUnits(p: CampaignProgress): UnitProgress[] {
    const ids = new Set(p.byUnit.map((u) => u.unitId));
    const chosen = p.unitId;
    const children = chosen !== null ? p.byUnit.filter((u) => u.parentId === chosen) : [];
    if (children.length > 0) return children;
    let level = p.byUnit.filter((u) => u.parentId === null || !ids.has(u.parentId));
    // One unit at the top (the city department): its counties and agencies say more.
    while (level.length === 1) {
      const only = level[0] as UnitProgress;
      const below = p.byUnit.filter((u) => u.parentId === only.unitId);
      if (below.length === 0) break;
      level = below;
    }
    return level;
  }

  private _renderByUnit(p: CampaignProgress): TemplateResult {
    const charted = this._chartedUnits(p);
    const names = charted.map((u) => u.name);
    const option: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 110, overflow: 'truncate' } },
      series: [
        { name: t('progress.villages'), type: 'bar', data: charted.map((u) => u.villages) },
        { name: t('progress.enterprises'), type: 'bar', data: charted.map((u) => u.enterprises) },
        { name: t('progress.visits'), type: 'bar', data: charted.map((u) => u.visits) },
      ],
    };
    const top = [...charted].sort((a, b) => b.visits - a.visits)[0];
    const summary = t('progress.byUnitSummary', {
      count: charted.length,
      top: top && top.visits > 0 ? t('progress.mostVisits', { name: top.name, visits: top.visits }) : t('progress.noVisitsYet'),
    });
    const rows = flattenUnitTree(p.byUnit.map((u) => ({ id: u.unitId, name: u.name, level: u.level, parentId: u.parentId })));
    const byId = new Map(p.byUnit.map((u) => [u.unitId, u]));
    return html`<section class="card" aria-labelledby="unit-heading">
      <h2 id="unit-heading">${t('progress.byUnit')}</h2>
      <p class="hint">${t('progress.byUnitHint')}</p>
      <div class="pair">
        <gr-chart ?tall=${charted.length > 8} .option=${option} .label=${summary}></gr-chart>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">${t('progress.byUnit')}</caption>
            <thead><tr><th scope="col">${t('visit.unit')}</th><th scope="col" class="num">${t('progress.villages')}</th>
              <th scope="col" class="num">${t('progress.enterprises')}</th><th scope="col" class="num">${t('progress.visits')}</th></tr></thead>
            <tbody>${rows.map(({ unit, depth }) => {
              const u = byId.get(unit.id);
              return html`<tr>
                <th scope="row" class=${`depth-${Math.min(depth, 3)}`}>${unit.name}</th>
                <td class="num">${formatNumber(u?.villages ?? 0)}</td>
                <td class="num">${formatNumber(u?.enterprises ?? 0)}</td>
                <td class="num">${formatNumber(u?.visits ?? 0)}</td>
              </tr>`;
            })}</tbody>
          </table>
        </div>
      </div>
    </section>`;
  }

  private _renderByPhase(p: CampaignProgress): TemplateResult {
    const option: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: p.byPhase.map((ph) => ph.name) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('progress.villages'), type: 'bar', data: p.byPhase.map((ph) => ph.villages) },
        { name: t('progress.enterprises'), type: 'bar', data: p.byPhase.map((ph) => ph.enterprises) },
        { name: t('progress.visits'), type: 'bar', data: p.byPhase.map((ph) => ph.visits) },
      ],
    };
    const summary = t('progress.byPhaseSummary', {
      list: p.byPhase.map((ph) => t('progress.phaseVisits', { name: ph.name, visits: ph.visits })).join(t('common.listSeparator')),
    });
    return html`<section class="card" aria-labelledby="phase-heading">
      <h2 id="phase-heading">${t('progress.byPhase')}</h2>
      <div class="pair">
        <gr-chart .option=${option} .label=${summary}></gr-chart>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">${t('progress.byPhase')}</caption>
            <thead><tr><th scope="col">${t('progress.phase')}</th><th scope="col">${t('progress.dates')}</th>
              <th scope="col" class="num">${t('progress.visits')}</th><th scope="col" class="num">${t('progress.villages')}</th>
              <th scope="col" class="num">${t('progress.enterprises')}</th></tr></thead>
            <tbody>${p.byPhase.map((ph) => html`<tr>
              <th scope="row">${ph.name}</th>
              <td><span class="nowrap">${formatDay(ph.from)}</span>–<wbr /><span class="nowrap">${formatDay(ph.to)}</span></td>
              <td class="num">${formatNumber(ph.visits)}</td>
              <td class="num">${formatNumber(ph.villages)}</td>
              <td class="num">${formatNumber(ph.enterprises)}</td>
            </tr>`)}</tbody>
          </table>
        </div>
      </div>
    </section>`;
  }

  private _renderByMonth(p: CampaignProgress): TemplateResult {
    const option: ChartOption = {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: p.byMonth.map((m) => formatMonth(m.month)) },
      yAxis: { type: 'value', minInterval: 1 },
      // Visits are green in every chart (villages red, enterprises blue).
      series: [{ name: t('progress.visits'), type: 'bar', data: p.byMonth.map((m) => m.visits), itemStyle: { color: CHART_COLORS[2] } }],
    };
    const total = p.byMonth.reduce((sum, m) => sum + m.visits, 0);
    const busiest = [...p.byMonth].sort((a, b) => b.visits - a.visits)[0];
    const summary = t('progress.byMonthSummary', {
      total,
      busiest: busiest && busiest.visits > 0 ? t('progress.busiestMonth', { month: formatMonth(busiest.month), visits: busiest.visits }) : '',
    });
    return html`<section class="card" aria-labelledby="month-heading">
      <h2 id="month-heading">${t('progress.byMonth')}</h2>
      <div class="pair">
        <gr-chart .option=${option} .label=${summary}></gr-chart>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">${t('progress.byMonth')}</caption>
            <thead><tr><th scope="col">${t('progress.month')}</th><th scope="col" class="num">${t('progress.visits')}</th></tr></thead>
            <tbody>${p.byMonth.map((m) => html`<tr><th scope="row">${formatMonth(m.month)}</th><td class="num">${formatNumber(m.visits)}</td></tr>`)}</tbody>
          </table>
        </div>
      </div>
    </section>`;
  }

  private _renderActivities(p: CampaignProgress): TemplateResult {
    const total = p.activities.reduce((sum, a) => sum + a.visits, 0);
    const option: ChartOption = {
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      series: [{
        name: t('progress.activities'),
        type: 'pie',
        radius: ['35%', '70%'],
        label: { formatter: '{b}\n{c}', fontSize: 11 },
        data: p.activities.filter((a) => a.visits > 0).map((a) => ({ name: a.name, value: a.visits })),
      }],
    };
    const summary = t('progress.activitiesSummary', {
      list: p.activities.map((a) => t('progress.phaseVisits', { name: a.name, visits: a.visits })).join(t('common.listSeparator')),
    });
    return html`<section class="card" aria-labelledby="activity-heading">
      <h2 id="activity-heading">${t('progress.activities')}</h2>
      <div class="pair">
        ${total > 0 ? html`<gr-chart .option=${option} .label=${summary}></gr-chart>` : html`<p class="muted">${t('progress.noVisitsYet')}</p>`}
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">${t('progress.activities')}</caption>
            <thead><tr><th scope="col">${t('visitForm.activity')}</th><th scope="col" class="num">${t('progress.visits')}</th>
              <th scope="col" class="num">${t('progress.share')}</th></tr></thead>
            <tbody>${p.activities.map((a) => html`<tr>
              <th scope="row">${a.name}</th><td class="num">${formatNumber(a.visits)}</td>
              <td class="num">${t('progress.percent', { percent: percent(a.visits, total) })}</td>
            </tr>`)}</tbody>
          </table>
        </div>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-progress-page': GrProgressPage;
  }
}
