import { Alert, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Meeting } from '../../../../contract/meetings.js';
import { gradeDistribution, overallItem, type GradeCounts } from '../../../../domain/live-tally.js';
import { gradeLabelSets, grades } from '../../../../domain/results/grades.js';
import { errorText } from '../../../shared/api-client.js';
import type { ChartOption } from '../../../shared/charts/chart-types.js';
import { LazyEChart } from '../../../shared/charts/lazy-echart.js';
import { getTally, liveKeys } from './api.js';
import { vh } from './screen.js';

const series: { key: keyof GradeCounts; label: string; color: string }[] = [
  ...grades.map((g, i) => ({
    key: g,
    label: gradeLabelSets.appraisal[g],
    color: ['#389e0d', '#1677ff', '#fa8c16', '#cf1322'][i]!,
  })),
  { key: 'abstain', label: '弃权', color: '#bfbfbf' },
];

/** Each reporter's grades on 总体评价 as stacked bars, from the tally (readable once voting closed). */
export function GradeChart({ meeting }: { meeting: Meeting }) {
  const tally = useQuery({
    queryKey: liveKeys.tally(meeting.id),
    queryFn: ({ signal }) => getTally(meeting.id, signal),
  });
  const item = overallItem(meeting.items);
  const rows = useMemo(
    () => (tally.data && item ? gradeDistribution(tally.data, item.key) : []),
    [tally.data, item],
  );
  const height = Math.max(240, Math.round(window.innerHeight * 0.52));
  const font = Math.max(14, Math.round(window.innerHeight * 0.02));
  const option = useMemo<ChartOption>(
    () => ({
      legend: { top: 0, textStyle: { fontSize: font } },
      grid: { left: 8, right: 24, top: font * 2.4, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: font * 0.8 } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => r.orgName),
        axisLabel: { fontSize: rows.length > 16 ? font * 0.7 : font },
      },
      series: series.map((s) => ({
        type: 'bar',
        name: s.label,
        stack: 'grades',
        color: s.color,
        data: rows.map((r) => r.counts[s.key]),
        label: {
          show: rows.length <= 16,
          fontSize: font * 0.8,
          formatter: ({ value }) => (value ? String(value) : ''),
        },
      })),
    }),
    [rows, font],
  );
  if (tally.error) return <Alert type="error" showIcon title={errorText(tally.error)} />;
  if (!tally.data) return <Spin />;
  return (
    <section style={{ flex: 1, minHeight: 0 }} data-testid="live-grades">
      <div style={{ fontSize: vh(2.8, 16), fontWeight: 600 }}>{item?.label ?? '测评'}结果</div>
      <LazyEChart option={option} height={height} label={`各述职组织${item?.label ?? ''}的等次分布`} />
    </section>
  );
}
