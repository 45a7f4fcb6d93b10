import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChartOption } from './chart-types.js';

// Only what the app's charts draw (bars, pies and lines), so the bundle carries a fraction of ECharts.
echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export interface EChartProps {
  option: ChartOption;
  height: number;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string;
  /** A click on a bar or slice, with its index in the series' data (a drill-down). */
  onItemClick?: (dataIndex: number) => void;
  'data-testid'?: string;
}

/** One ECharts instance bound to a div: created on mount, resized with its box, disposed on unmount. */
export function EChart({ option, height, label, onItemClick, ...rest }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = box.current!;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    // The box changes with the window, the side menu and the grid's breakpoints alike. The observer
    // also reports the size the chart was just drawn at; redrawing all six charts for that cost the
    // dashboard tens of milliseconds on every load.
    const observer = new ResizeObserver(() => {
      if (element.clientWidth !== instance.getWidth() || element.clientHeight !== instance.getHeight())
        instance.resize();
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onItemClick) return;
    const handler = (params: { dataIndex: number }) => onItemClick(params.dataIndex);
    instance.on('click', handler);
    return () => void instance.off('click', handler);
  }, [onItemClick]);

  return <div ref={box} role="img" aria-label={label} style={{ width: '100%', height }} {...rest} />;
}
