import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { EChartProps } from './echart.js';

// ECharts (half a megabyte) stays out of the main bundle, and only the charts wait for it: the rest
// of the dashboard renders and asks for its figures while the chunk loads.
const loadChart = () => import('./echart.js');
const Chart = lazy(() => loadChart().then((m) => ({ default: m.EChart })));

/** Starts fetching the chart code, for a page to call when it mounts rather than when data arrives. */
export function preloadCharts(): void {
  void loadChart();
}

export function LazyEChart(props: EChartProps) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height }} />}>
      <Chart {...props} />
    </Suspense>
  );
}
