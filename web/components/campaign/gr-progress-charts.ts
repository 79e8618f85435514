import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ProgressView, UnitProgressView } from '../../../server/presenters/campaign.presenter';
import { flattenUnitTree } from '../../api/unit-tree';
import type { ChartOption } from '../../charts/echarts';
import { updateWhenLocaleChanges } from '../../controllers/locale-controller';
import { formatNumber, t } from '../../i18n';
import { formatDay, formatMonth } from '../../i18n/campaign-labels';
import { baseStyles, pageStyles } from '../../styles/shared.styles';
import { campaignStyles } from '../../styles/campaign.styles';
import { percent } from '../../text/percent';
import { CHART_COLORS } from './gr-chart';
import './gr-chart';

/**
 * The breakdowns of the campaign dashboard: visits by unit (the tree rolled up), by phase,
 * by month and by activity, each a chart with a spoken summary beside a table of its
 * numbers. Part of /progress (gr-progress-page), which loads the figures.
 */
@customElement('gr-progress-charts')
export class GrProgressCharts extends LitElement {
  static override styles = [
    baseStyles,
    pageStyles,
    campaignStyles,
    css`
      :host {
        display: grid;
        gap: var(--gr-space-5);
      }

      /* Spaced by the grid's gap, as on the page (pageStyles would add a margin). */
      section + section {
        margin-top: 0;
      }

      .pair {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
        gap: var(--gr-space-4);
        align-items: start;
      }

      .pair.stacked {
        grid-template-columns: minmax(0, 1fr);
      }

      @media (max-width: 48rem) {
        .pair {
          grid-template-columns: minmax(0, 1fr);
        }
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

  /** The figures to chart (GET /api/campaign/progress); nothing is shown without them. */
  @property({ attribute: false }) progress: ProgressView | null = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render(): TemplateResult | typeof nothing {
    const p = this.progress;
    if (!p) return nothing;
    return html`${this._renderByUnit(p)} ${this._renderByPhase(p)} ${this._renderByMonth(p)} ${this._renderActivities(p)}`;
  }

  /**
   * The rows of the by-unit breakdown, for the chart and the table alike: every unit of the
   * scope the server rolled up (the chosen unit, or the reader's, and all below it) in the
   * tree's reading order, each with its own figures. One list, so the two never disagree.
   */
  private _unitRows(p: ProgressView): Array<{ unit: UnitProgressView; depth: number }> {
    const byId = new Map(p.byUnit.map((u) => [u.unitId, u]));
    return flattenUnitTree(p.byUnit.map((u) => ({ id: u.unitId, name: u.name, level: u.level, parentId: u.parentId })))
      .map(({ unit, depth }) => ({ unit: byId.get(unit.id) as UnitProgressView, depth }));
  }

  private _renderByUnit(p: ProgressView): TemplateResult {
    const rows = this._unitRows(p);
    const charted = rows.map((row) => row.unit);
    // Indented like the table (an ideographic space a level), so the tree reads in the chart too.
    const names = rows.map(({ unit, depth }) => `${'\u3000'.repeat(Math.min(depth, 3))}${unit.name}`);
    const option: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 140, overflow: 'truncate' } },
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
    return html`<section class="card" aria-labelledby="unit-heading">
      <h2 id="unit-heading">${t('progress.byUnit')}</h2>
      <p class="hint">${t('progress.byUnitHint')}</p>
      <div class="pair">
        <gr-chart .rows=${charted.length} .option=${option} .label=${summary}></gr-chart>
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="unit-caption">
          <table>
            <caption class="visually-hidden" id="unit-caption">${t('progress.byUnit')}</caption>
            <thead><tr><th scope="col">${t('visit.unit')}</th><th scope="col" class="num">${t('progress.villages')}</th>
              <th scope="col" class="num">${t('progress.enterprises')}</th><th scope="col" class="num">${t('progress.visits')}</th></tr></thead>
            <tbody>${rows.map(({ unit, depth }) => html`<tr>
                <th scope="row" class=${`depth-${Math.min(depth, 3)}`}>${unit.name}</th>
                <td class="num">${formatNumber(unit.villages)}</td>
                <td class="num">${formatNumber(unit.enterprises)}</td>
                <td class="num">${formatNumber(unit.visits)}</td>
              </tr>`)}</tbody>
          </table>
        </div>
      </div>
    </section>`;
  }

  private _renderByPhase(p: ProgressView): TemplateResult {
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
    // Five columns of dates and figures: the table takes the full width, under its chart.
    return html`<section class="card" aria-labelledby="phase-heading">
      <h2 id="phase-heading">${t('progress.byPhase')}</h2>
      <div class="pair stacked">
        <gr-chart .option=${option} .label=${summary}></gr-chart>
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="phase-caption">
          <table>
            <caption class="visually-hidden" id="phase-caption">${t('progress.byPhase')}</caption>
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

  private _renderByMonth(p: ProgressView): TemplateResult {
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
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="month-caption">
          <table>
            <caption class="visually-hidden" id="month-caption">${t('progress.byMonth')}</caption>
            <thead><tr><th scope="col">${t('progress.month')}</th><th scope="col" class="num">${t('progress.visits')}</th></tr></thead>
            <tbody>${p.byMonth.map((m) => html`<tr><th scope="row">${formatMonth(m.month)}</th><td class="num">${formatNumber(m.visits)}</td></tr>`)}</tbody>
          </table>
        </div>
      </div>
    </section>`;
  }

  private _renderActivities(p: ProgressView): TemplateResult {
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
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="activity-caption">
          <table>
            <caption class="visually-hidden" id="activity-caption">${t('progress.activities')}</caption>
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
    'gr-progress-charts': GrProgressCharts;
  }
}
