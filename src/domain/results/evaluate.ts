// 综合评价: each reporter's components (日常考核, 述职评议, 民主测评, 满意度 …) weighted into one score,
// graded by thresholds, floors, vetoes and quotas, and ranked county-wide and within each town —
// every result carrying the steps that made it, so a grade can be explained and audited afterwards.

import { byChinese } from '../rules/words.js';
import { roundPoints } from '../rules/points.js';
import {
  gradeLabelSets,
  gradeOrder,
  nextGradeDown,
  worseGrade,
  type Grade,
  type GradeLabelSet,
} from './grades.js';

export interface ComponentConfig {
  key: string;
  label: string;
  /** Percent of the composite; the weights of a configuration add up to 100. */
  weight: number;
  /** The component's full marks: its value is put on a 100-point scale by it. */
  max: number;
}

/** A grade's share of the panel (一般 and 差 together over one third …) above which the result is capped. */
export interface FloorRule {
  grades: Grade[];
  moreThan: number;
  capAt: Grade;
}

/** At most `maxShare` of the reporters (of all, or of each group — a town) may get `grade`, by rank. */
export interface QuotaRule {
  grade: Grade;
  maxShare: number;
  per: 'all' | 'group';
}

export interface ResultsConfig {
  components: ComponentConfig[];
  /** The lowest composite score for each grade above the worst, e.g. 好 ≥ 90, 较好 ≥ 80, 一般 ≥ 60. */
  thresholds: { grade: Exclude<Grade, 'poor'>; minScore: number }[];
  floors: FloorRule[];
  quotas: QuotaRule[];
  /** The grade a veto (一票否决) sets, whatever the score. */
  vetoGrade: Grade;
  labels: GradeLabelSet;
}

export interface ReporterInput {
  id: number;
  name: string;
  /** The town (or unit category) the reporter is ranked and given quotas within; null for none. */
  group: string | null;
  /** Raw component values by key; null or absent where the component was not recorded. */
  components: Record<string, number | null | undefined>;
  /** The appraisal's grade shares (fractions), which floors read; null without an appraisal. */
  appraisalShares: Record<Grade, number> | null;
  veto: { reason: string } | null;
}

export interface ComponentResult {
  key: string;
  label: string;
  value: number | null;
  max: number;
  weight: number;
  /** The weight used: the configured ones rescaled over the components the reporter has. */
  effectiveWeight: number;
  /** Its part of the composite (value on a 100-point scale × effective weight). */
  points: number | null;
}

export interface ReporterResult {
  id: number;
  name: string;
  group: string | null;
  components: ComponentResult[];
  /** The composite on a 100-point scale; null when no component was recorded. */
  score: number | null;
  grade: Grade | null;
  gradeLabel: string | null;
  /** 1 + how many are strictly ahead; reporters equal on every ranking key share a rank. */
  rank: number;
  groupRank: number;
  /** How the grade came about, in order, in Chinese. */
  steps: string[];
}

/**
 * The rules most places start from: 日常考核 40 %, 述职评议 30 %, 民主测评 30 %; 好 from 90, 较好 from
 * 80, 一般 from 60; more than a third of 差 votes caps the grade at 一般; at most 30 % 好; a veto makes 差.
 */
export const defaultResultsConfig: ResultsConfig = {
  components: [
    { key: 'routine', label: '日常考核', weight: 40, max: 100 },
    { key: 'leader', label: '述职评议', weight: 30, max: 100 },
    { key: 'appraisal', label: '民主测评', weight: 30, max: 100 },
  ],
  thresholds: [
    { grade: 'excellent', minScore: 90 },
    { grade: 'good', minScore: 80 },
    { grade: 'fair', minScore: 60 },
  ],
  floors: [{ grades: ['poor'], moreThan: 1 / 3, capAt: 'fair' }],
  quotas: [{ grade: 'excellent', maxShare: 0.3, per: 'all' }],
  vetoGrade: 'poor',
  labels: 'appraisal',
};

/** What is wrong with a configuration, in Chinese, each with the setting it concerns. */
export function resultsConfigProblems(config: ResultsConfig): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const total = config.components.reduce((sum, c) => sum + c.weight, 0);
  if (!config.components.length) problems.push({ field: 'components', message: '至少设置一项评价组成' });
  else if (Math.abs(total - 100) > 1e-9)
    problems.push({ field: 'components', message: `各项权重合计应为100%，现为${roundPoints(total)}%` });
  const keys = new Set<string>();
  config.components.forEach((c, i) => {
    if (keys.has(c.key)) problems.push({ field: `components.${i}.key`, message: `评价组成“${c.label}”重复` });
    keys.add(c.key);
    if (!(c.weight >= 0))
      problems.push({ field: `components.${i}.weight`, message: `“${c.label}”的权重不能为负` });
    if (!(c.max > 0)) problems.push({ field: `components.${i}.max`, message: `“${c.label}”的满分应大于0` });
  });
  const labels = gradeLabelSets[config.labels];
  const ordered = [...config.thresholds].sort((a, b) => gradeOrder(a.grade) - gradeOrder(b.grade));
  ordered.forEach((t, i) => {
    const next = ordered[i + 1];
    if (next && next.minScore >= t.minScore)
      problems.push({
        field: 'thresholds',
        message: `“${labels[t.grade]}”的分数线应高于“${labels[next.grade]}”的`,
      });
  });
  if (new Set(config.thresholds.map((t) => t.grade)).size !== config.thresholds.length)
    problems.push({ field: 'thresholds', message: '同一等次只能设一条分数线' });
  config.quotas.forEach((q, i) => {
    if (q.grade === 'poor')
      problems.push({ field: `quotas.${i}.grade`, message: `“${labels.poor}”等次不设名额限制` });
    if (!(q.maxShare > 0 && q.maxShare <= 1))
      problems.push({ field: `quotas.${i}.maxShare`, message: '名额比例应大于0且不超过100%' });
  });
  config.floors.forEach((f, i) => {
    if (!f.grades.length) problems.push({ field: `floors.${i}.grades`, message: '请选择计入比例的等次' });
    if (!(f.moreThan >= 0 && f.moreThan < 1))
      problems.push({ field: `floors.${i}.moreThan`, message: '比例应不小于0且小于100%' });
  });
  return problems;
}

const percent = (share: number) => `${roundPoints(share * 100)}%`;

/** The composite: each recorded component on a 100-point scale, weighted, weights rescaled over what was recorded. */
function composite(config: ResultsConfig, reporter: ReporterInput) {
  const recorded = config.components.filter((c) => typeof reporter.components[c.key] === 'number');
  const recordedWeight = recorded.reduce((sum, c) => sum + c.weight, 0);
  const components: ComponentResult[] = config.components.map((c) => {
    const value = reporter.components[c.key];
    if (typeof value !== 'number' || recordedWeight === 0)
      return { ...c, value: value ?? null, effectiveWeight: 0, points: null };
    const effectiveWeight = (c.weight / recordedWeight) * 100;
    return { ...c, value, effectiveWeight, points: ((value / c.max) * 100 * effectiveWeight) / 100 };
  });
  const score =
    recorded.length && recordedWeight > 0
      ? roundPoints(components.reduce((sum, c) => sum + (c.points ?? 0), 0))
      : null;
  const steps: string[] = [];
  if (score === null) steps.push('无任何评价数据，不评定等次');
  else {
    const parts = components
      .filter((c) => c.points !== null)
      .map((c) => `${c.label}${roundPoints(c.value!)}/${c.max}分×${roundPoints(c.effectiveWeight)}%`);
    steps.push(`综合得分${score}分：${parts.join(' + ')}`);
    const missing = components.filter((c) => c.points === null && c.weight > 0);
    if (missing.length) steps.push(`缺少${missing.map((c) => c.label).join('、')}，其权重按比例计入其他各项`);
  }
  return { components, score, steps };
}

interface Working extends ReporterResult {
  vetoed: boolean;
  /** Component values on a 100-point scale in configuration order: the documented tie-breaks. */
  tieBreaks: number[];
}

/**
 * The ranking order: reporters with a score before those without, a veto after every reporter without
 * one, then the higher composite; on an equal composite the components compared one by one in the
 * configuration's order (each on its 100-point scale, a missing one lowest). Reporters equal on all of
 * that are equal (same rank) and listed by name.
 */
function compareRank(a: Working, b: Working): number {
  const scored = Number(a.score === null) - Number(b.score === null);
  if (scored !== 0) return scored;
  const veto = Number(a.vetoed) - Number(b.vetoed);
  if (veto !== 0) return veto;
  const score = (b.score ?? 0) - (a.score ?? 0);
  if (score !== 0) return score;
  for (let i = 0; i < a.tieBreaks.length; i++) {
    const [x, y] = [a.tieBreaks[i]!, b.tieBreaks[i]!];
    if (x !== y) return x > y ? -1 : 1;
  }
  return 0;
}

const listOrder = (a: Working, b: Working) => compareRank(a, b) || byChinese(a.name, b.name) || a.id - b.id;

/** Each reporter's rank among `sorted` (already in list order): 1 + how many are strictly ahead. */
function ranks(sorted: readonly Working[]): number[] {
  const result: number[] = [];
  sorted.forEach((w, i) => {
    const tied = i > 0 && compareRank(sorted[i - 1]!, w) === 0;
    result.push(tied ? result[i - 1]! : i + 1);
  });
  return result;
}

function groupsOf(sorted: Working[]) {
  const groups = new Map<string | null, Working[]>();
  for (const w of sorted) groups.set(w.group, [...(groups.get(w.group) ?? []), w]);
  return groups;
}

/**
 * Demotes, within each quota group, the reporters of `rule.grade` beyond the rule's places, worst
 * ranked first. Places are floor(share × the group's reporters); reporters tied on every ranking key
 * keep or lose the grade together, so a tie across the last place is demoted whole and the quota is
 * never exceeded.
 */
function applyQuota(rule: QuotaRule, sorted: Working[], labels: Record<Grade, string>) {
  const pools = rule.per === 'all' ? new Map([[null, sorted]]) : groupsOf(sorted);
  for (const pool of pools.values()) {
    const places = Math.floor(rule.maxShare * pool.length + 1e-9);
    const holders = pool.filter((w) => w.grade === rule.grade);
    if (holders.length <= places) continue;
    holders.forEach((w, i) => {
      let blockEnd = i;
      while (blockEnd + 1 < holders.length && compareRank(holders[blockEnd + 1]!, w) === 0) blockEnd++;
      let blockStart = i;
      while (blockStart > 0 && compareRank(holders[blockStart - 1]!, w) === 0) blockStart--;
      if (blockEnd + 1 <= places) return;
      const to = nextGradeDown(rule.grade);
      const scope = rule.per === 'all' ? '全部述职对象' : `${w.group ?? '本组'}`;
      w.grade = to;
      w.steps.push(
        `名额限制：“${labels[rule.grade]}”不超过${scope}的${percent(rule.maxShare)}（${places}名），` +
          `按排名${blockStart + 1 <= places ? '同分并列超出名额，' : ''}调整为“${labels[to]}”`,
      );
    });
  }
}

/** The results of a cycle's reporters, best ranked first. Pure: the same input in any order gives the same output. */
export function evaluateResults(
  config: ResultsConfig,
  reporters: readonly ReporterInput[],
): ReporterResult[] {
  const labels = gradeLabelSets[config.labels];
  const thresholds = [...config.thresholds].sort((a, b) => gradeOrder(a.grade) - gradeOrder(b.grade));
  const working: Working[] = reporters.map((reporter) => {
    const { components, score, steps } = composite(config, reporter);
    let grade: Grade | null = null;
    if (score !== null) {
      const met = thresholds.find((t) => score >= t.minScore);
      grade = met?.grade ?? 'poor';
      steps.push(
        met
          ? `分数线：${score}分不低于“${labels[met.grade]}”的${met.minScore}分，评为“${labels[grade]}”`
          : `分数线：${score}分低于各等次分数线，评为“${labels.poor}”`,
      );
      for (const floor of config.floors) {
        if (!reporter.appraisalShares) continue;
        const share = floor.grades.reduce((sum, g) => sum + reporter.appraisalShares![g], 0);
        if (share > floor.moreThan + 1e-9 && gradeOrder(grade) < gradeOrder(floor.capAt)) {
          grade = worseGrade(grade, floor.capAt);
          steps.push(
            `测评中“${floor.grades.map((g) => gradeLabelSets.appraisal[g]).join('”“')}”占${percent(share)}，` +
              `超过${percent(floor.moreThan)}，等次最高为“${labels[floor.capAt]}”`,
          );
        }
      }
    }
    if (reporter.veto) {
      grade = config.vetoGrade;
      steps.push(`一票否决（${reporter.veto.reason}），评为“${labels[config.vetoGrade]}”`);
    }
    return {
      id: reporter.id,
      name: reporter.name,
      group: reporter.group,
      components,
      score,
      grade,
      gradeLabel: null,
      rank: 0,
      groupRank: 0,
      steps,
      vetoed: reporter.veto !== null,
      tieBreaks: components.map((c) => (c.value === null ? -Infinity : (c.value / c.max) * 100)),
    };
  });
  const sorted = working.sort(listOrder);
  // Best grade first, so a reporter demoted by one quota meets the quota of the grade below.
  const quotas = [...config.quotas].sort((a, b) => gradeOrder(a.grade) - gradeOrder(b.grade));
  for (const rule of quotas) applyQuota(rule, sorted, labels);
  ranks(sorted).forEach((rank, i) => (sorted[i]!.rank = rank));
  for (const group of groupsOf(sorted).values())
    ranks(group).forEach((rank, i) => (group[i]!.groupRank = rank));
  return sorted.map((w) => ({
    id: w.id,
    name: w.name,
    group: w.group,
    components: w.components,
    score: w.score,
    grade: w.grade,
    gradeLabel: w.grade === null ? null : labels[w.grade],
    rank: w.rank,
    groupRank: w.groupRank,
    steps: w.steps,
  }));
}
