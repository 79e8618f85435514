import { LitElement, css, html, type PropertyValues, type TemplateResult } from 'lit';
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
export class GrChart extends LitElement {
  static override properties = {
    option: { attribute: false },
    label: { type: String },
    tall: { type: Boolean, reflect: true },
  };

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
    `,
  ];

  /** The ECharts option to draw. */
  declare option: ChartOption | null;
  /** What the chart shows, in one or two sentences, for screen readers. */
  declare label: string;
  /** A taller chart (many bars). */
  declare tall: boolean;

  private _chart: Chart | null = null;
  private _resize: ResizeObserver | null = null;

  constructor() {
    super();
    this.option = null;
    this.label = '';
    this.tall = false;
  }

  override render(): TemplateResult {
    return html`<div class="chart" role="img" aria-label=${this.label}></div>`;
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
    if (changed.has('option') || changed.has('tall')) void this._draw();
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

customElements.define('gr-chart', GrChart);

declare global {
  interface HTMLElementTagNameMap {
    'gr-chart': GrChart;
  }
}
