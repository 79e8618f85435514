/*
 * The parts of Apache ECharts the dashboard uses, registered once: bar and pie charts,
 * their grid, tooltip and legend, drawn on a canvas (which the strict CSP allows, unlike
 * inline styles). Loaded on demand by <gr-chart>, so pages without charts do not carry it.
 */
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { BarChart, PieChart, type BarSeriesOption, type PieSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** The options the dashboard's charts may set. */
export type ChartOption = ComposeOption<
  BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** A chart instance. */
export type Chart = ECharts;

/** Draws a chart into `element` (canvas renderer). */
export function createChart(element: HTMLElement, locale: string): Chart {
  return init(element, undefined, { renderer: 'canvas', locale: locale.startsWith('zh') ? 'ZH' : 'EN' });
}
