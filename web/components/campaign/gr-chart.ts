import { LitElement, css, html, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Chart, ChartOption } from '../../charts/echarts';
import { getLocale } from '../../i18n';
import { baseStyles } from '../../styles/shared.styles';

/** The dashboard's colours: the brand red, the link blue, a green and a warm grey. */
export const CHART_COLORS = ['#a8201a', '#0b4f9c', '#1d6b3a', '#b7791f', '#5b3a8c', '#555d66'];

/**
 * One Apache ECharts chart, loaded on first use and drawn on a canvas. The canvas is a
 * picture to assistive technology: `label` is its spoken summary (role="img"), and the
 * page puts the same numbers in a table beside it.
 */
@customElement('gr-chart')
export class GrChart extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }

      .chart {
        width: 100%;
        height: 16rem;
      }

      :host([tall]) .chart {
        height: 24rem;
      }

      /* A bar chart of many rows grows with them (rows sets --gr-chart-rows on the host). */
      .chart.by-rows {
        height: calc(4rem + var(--gr-chart-rows) * 2.25rem);
        min-height: 12rem;
      }
    `,
  ];

  /** The ECharts option to draw. */
  @property({ attribute: false }) option: ChartOption | null = null;
  /** What the chart shows, in one or two sentences, for screen readers. */
  @property({ type: String }) label = '';
  /** A taller chart (many bars). */
  @property({ type: Boolean, reflect: true }) tall = false;
  /** The rows of a horizontal bar chart: the chart is as tall as they need (0: the usual height). */
  @property({ type: Number }) rows = 0;

  private _chart: Chart | null = null;
  private _resize: ResizeObserver | null = null;


  override render(): TemplateResult {
    return html`<div class=${this.rows > 0 ? 'chart by-rows' : 'chart'} role="img" aria-label=${this.label}></div>`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) void this._draw();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._resize?.disconnect();
    this._resize = null;
    this._chart?.dispose();
    this._chart = null;
  }

  override updated(changed: PropertyValues<this>): void {
    // Through the CSSOM: the page's CSP allows no style attributes.
    if (changed.has('rows')) this.style.setProperty('--gr-chart-rows', String(this.rows));
    if (changed.has('option') || changed.has('tall') || changed.has('rows')) void this._draw();
  }

  private async _draw(): Promise<void> {
    const element = this.renderRoot.querySelector<HTMLElement>('.chart');
    if (!element || !this.option) return;
    const { createChart } = await import('../../charts/echarts');
    if (!this.isConnected) return;
    if (!this._chart) {
      this._chart = createChart(element, getLocale());
      this._resize = new ResizeObserver(() => this._chart?.resize());
      this._resize.observe(element);
    }
    this._chart.setOption({ color: CHART_COLORS, textStyle: { fontFamily: 'system-ui, "Noto Sans CJK SC", sans-serif' }, ...this.option }, true);
    this._chart.resize();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gr-chart': GrChart;
  }
}
