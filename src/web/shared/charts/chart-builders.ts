// The charts' shared looks: the palette and the plain bar and pie options the dashboard and
// 整改统计 build theirs from.
import type { ChartOption } from './chart-types.js';

// Party red first; then colours that stay apart when printed in grey.
const palette = ['#b5222a', '#d4862b', '#3d6fb6', '#4a9d6f', '#8a5cb8', '#6b7785', '#c9a227', '#2f9fb0'];
const tooltip = { trigger: 'item' as const, confine: true };
// Drawn once, finished: the growing-in animation repainted all six canvases for a second after the
// figures arrived, while the rest of the page was still being laid out.
export const base = { color: palette, animation: false };

export function bars(categories: string[], values: number[], name: string, horizontal = false): ChartOption {
  const category = {
    type: 'category' as const,
    data: categories,
    axisLabel: { interval: 0, hideOverlap: true },
  };
  const value = { type: 'value' as const, minInterval: 1 };
  return {
    ...base,
    tooltip: { ...tooltip, trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: [
      {
        type: 'bar',
        name,
        data: values,
        barMaxWidth: 32,
        label: { show: true, position: horizontal ? 'right' : 'top' },
      },
    ],
  };
}

export function pie(
  items: { name: string; value: number; itemStyle?: { color: string } }[],
  name: string,
): ChartOption {
  return {
    ...base,
    tooltip: { ...tooltip, formatter: '{b}：{c}（{d}%）' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        name,
        radius: ['35%', '65%'],
        center: ['50%', '45%'],
        data: items.filter((i) => i.value > 0),
        label: { formatter: '{b}\n{c}' },
      },
    ],
  };
}
