import { problemCategoryLabels, problemSourceLabels } from '../../../domain/rectification/sources.js';
import type { ProblemStats } from '../../../contract/rectification.js';
import type { ChartOption } from '../../shared/charts/chart-types.js';
import { bars, base, pie } from '../../shared/charts/chart-builders.js';

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** Filed and closed per month as bars, the cumulative completion rate (%) as a line on its own axis. */
export function completionOption(stats: ProblemStats): ChartOption {
  return {
    ...base,
    tooltip: { trigger: 'axis', confine: true },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, top: 24, bottom: 32, containLabel: true },
    xAxis: { type: 'category', data: stats.months.map((m) => m.month) },
    yAxis: [
      { type: 'value', minInterval: 1, name: '问题数' },
      { type: 'value', min: 0, max: 100, name: '销号率 %' },
    ],
    series: [
      { type: 'bar', name: '新建', data: stats.months.map((m) => m.filed), barMaxWidth: 20 },
      { type: 'bar', name: '销号', data: stats.months.map((m) => m.closed), barMaxWidth: 20 },
      {
        type: 'line',
        name: '累计销号率',
        yAxisIndex: 1,
        data: stats.months.map((m) => percent(m.cumulativeRate)),
        tooltip: { valueFormatter: (v) => `${String(v)}%` },
      },
    ],
  };
}

export const categoryOption = (stats: ProblemStats): ChartOption =>
  pie(
    stats.byCategory.map((c) => ({ name: problemCategoryLabels[c.category], value: c.total })),
    '问题类别',
  );

export const sourceOption = (stats: ProblemStats): ChartOption =>
  bars(
    stats.bySource.map((s) => problemSourceLabels[s.source]),
    stats.bySource.map((s) => s.total),
    '问题数',
    true,
  );

/** Completion rate (%) per org one level below, best first; a click drills down. */
export const childrenOption = (stats: ProblemStats): ChartOption =>
  bars(
    stats.children.map((c) => c.orgName),
    stats.children.map((c) => percent(c.rate) ?? 0),
    '销号率 %',
    true,
  );
