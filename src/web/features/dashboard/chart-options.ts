import { educationLabels, educationLevels } from '../../../domain/member-base.js';
import { orgDomainLabels, orgDomains } from '../../../domain/org-tree.js';
import { ageBandLabels, ageBands } from '../../../domain/statistics.js';
import type { Statistics } from '../../../contract/statistics.js';
import { bars, pie } from '../../shared/charts/chart-builders.js';
import type { ChartOption } from '../../shared/charts/chart-types.js';

const maleColor = '#3d6fb6';
const femaleColor = '#b5222a';

/** Branches (党支部 and 党总支) by domain; orgs without a domain show as 未标明. */
export function structureOption(stats: Statistics): ChartOption {
  const byDomain = stats.orgs.branchesByDomain;
  const keys = [...orgDomains, 'unspecified' as const].filter((k) => byDomain[k] > 0);
  return bars(
    keys.map((k) => (k === 'unspecified' ? '未标明' : orgDomainLabels[k])),
    keys.map((k) => byDomain[k]),
    '基层党组织',
    true,
  );
}

/** The two halves of an age pyramid: men to the left (as negative values), women to the right. */
export function pyramidData(stats: Statistics) {
  const { male, female } = stats.members.age.bandsByGender;
  return {
    categories: ageBands.map((b) => ageBandLabels[b]),
    male: ageBands.map((b) => -male[b]),
    female: ageBands.map((b) => female[b]),
  };
}

const absolute = (value: unknown) => String(Math.abs(Number(value)));

/** Members by age band and gender, youngest at the base. */
export function ageOption(stats: Statistics): ChartOption {
  const data = pyramidData(stats);
  // Symmetric, with room past the longest bar for its label, so both halves read at the same scale.
  const reach = Math.ceil(Math.max(1, ...data.female, ...data.male.map((v) => -v)) * 1.3);
  const half = (name: string, values: number[], color: string, position: 'left' | 'right') => ({
    type: 'bar' as const,
    name,
    stack: 'age',
    data: values,
    color,
    barMaxWidth: 28,
    label: { show: true, position, formatter: (p: { value: unknown }) => absolute(p.value) },
  });
  return {
    tooltip: { trigger: 'axis', confine: true, valueFormatter: absolute },
    legend: { bottom: 0 },
    grid: { left: 8, right: 24, top: 8, bottom: 32, containLabel: true },
    xAxis: { type: 'value', min: -reach, max: reach, minInterval: 1, axisLabel: { formatter: absolute } },
    yAxis: { type: 'category', data: data.categories, axisTick: { show: false } },
    series: [half('男', data.male, maleColor, 'left'), half('女', data.female, femaleColor, 'right')],
  };
}

/** Education as ordered bars: the levels are a scale, which a pie would hide. */
export function educationOption(stats: Statistics): ChartOption {
  const byLevel = stats.members.education.byLevel;
  const items = [
    ...educationLevels.map((e) => ({ name: educationLabels[e], value: byLevel[e] })),
    { name: '未登记', value: byLevel.unknown },
  ];
  return bars(
    items.map((i) => i.name),
    items.map((i) => i.value),
    '党员',
    true,
  );
}

export function genderOption(stats: Statistics): ChartOption {
  return pie(
    [
      { name: '男', value: stats.members.male.count, itemStyle: { color: maleColor } },
      { name: '女', value: stats.members.female.count, itemStyle: { color: femaleColor } },
    ],
    '性别',
  );
}

export function developmentOption(stats: Statistics): ChartOption {
  const years = stats.members.newByYear;
  return bars(
    years.map((y) => `${y.year}年`),
    years.map((y) => y.count),
    '发展党员',
  );
}

export function mobileOption(stats: Statistics): ChartOption {
  const mobile = stats.members.mobile;
  return bars(
    ['流出党员', '其中女党员', '流入党员'],
    [mobile.outflow.count, mobile.outflowFemale, mobile.inflow],
    '流动党员',
  );
}
