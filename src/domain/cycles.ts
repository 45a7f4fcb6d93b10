// 考核周期: one run of report–review–assessment, its period, stage dates and status, and the rule
// that picks who reports in it (述职范围). Pure: the server and the forms share these checks.
import { addDays, addYears } from './dates.js';
import type { OrgDomain, OrgLevel } from './org-tree.js';
import type { schemeAudiences } from './schemes.js';

type SchemeAudience = (typeof schemeAudiences)[number];

export const cycleKinds = ['annual', 'halfYear', 'quarterly'] as const;
export type CycleKind = (typeof cycleKinds)[number];
export const cycleKindLabels: Record<CycleKind, string> = {
  annual: '年度',
  halfYear: '半年',
  quarterly: '季度',
};

/** How many parts a year has for each kind: the `part` of a cycle is 1..this (annual: none). */
export const partsPerYear: Record<CycleKind, number> = { annual: 1, halfYear: 2, quarterly: 4 };

export const cycleStatuses = ['draft', 'open', 'reviewing', 'closed'] as const;
export type CycleStatus = (typeof cycleStatuses)[number];
export const cycleStatusLabels: Record<CycleStatus, string> = {
  draft: '草稿',
  open: '进行中',
  reviewing: '评议中',
  closed: '已结束',
};

/** The one step forward each status allows; going back is a reopen (closed → reviewing), admins only. */
export const nextCycleStatus: Record<CycleStatus, Exclude<CycleStatus, 'draft'> | null> = {
  draft: 'open',
  open: 'reviewing',
  reviewing: 'closed',
  closed: null,
};

/** Stage dates, in the order they must fall. */
export const cycleStages = [
  'schemeIssuedOn',
  'reportsDueOn',
  'reviewMeetingOn',
  'resultsPublishedOn',
  'rectificationDueOn',
] as const;
export type CycleStage = (typeof cycleStages)[number];
export const cycleStageLabels: Record<CycleStage, string> = {
  schemeIssuedOn: '方案下发',
  reportsDueOn: '报告截止',
  reviewMeetingOn: '评议会',
  resultsPublishedOn: '结果公布',
  rectificationDueOn: '整改期限',
};
export type CycleStageDates = Partial<Record<CycleStage, string | null>>;

/** Years a cycle may be run for: the range the app's dates allow, less the stages' reach. */
export const cycleYearRange = { from: 2000, to: 2097 } as const;

export interface CyclePeriod {
  startsOn: string;
  endsOn: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The days a cycle covers: the year, its half or its quarter. */
export function cyclePeriod(kind: CycleKind, year: number, part: number | null): CyclePeriod {
  const months = 12 / partsPerYear[kind];
  const index = kind === 'annual' ? 0 : (part ?? 1) - 1;
  const startsOn = `${year}-${pad(index * months + 1)}-01`;
  const next = index * months + months + 1;
  const endsOn = addDays(next > 12 ? `${year + 1}-01-01` : `${year}-${pad(next)}-01`, -1);
  return { startsOn, endsOn };
}

const quarterNames = ['第一季度', '第二季度', '第三季度', '第四季度'];
/** The period's name as a sheet's title says it: 2026年度, 2026年上半年, 2026年第三季度. */
export function cyclePeriodName(kind: CycleKind, year: number, part: number | null): string {
  if (kind === 'annual') return `${year}年度`;
  if (kind === 'halfYear') return `${year}年${part === 2 ? '下半年' : '上半年'}`;
  return `${year}年${quarterNames[(part ?? 1) - 1]}`;
}

const assessmentName = '党组织书记抓基层党建工作述职评议考核';

/** A new cycle's name when none is given: 2026年度党组织书记抓基层党建工作述职评议考核. */
export const defaultCycleName = (kind: CycleKind, year: number, part: number | null) =>
  `${cyclePeriodName(kind, year, part)}${assessmentName}`;

/**
 * What a cycle's documents call the assessment (关于…结果的通报, 根据…结果): the cycle's name when it
 * already says 述职评议考核, as the default name does, else the name followed by it.
 */
export const assessmentOf = (cycleName: string) =>
  cycleName.includes('述职评议考核') ? cycleName : `${cycleName}${assessmentName}`;

/** Whether `part` fits the kind: none for annual, 1–2 for half years, 1–4 for quarters. */
export function cyclePartProblem(kind: CycleKind, part: number | null | undefined): string | null {
  if (kind === 'annual') return part == null ? null : '年度考核周期不分季度或半年';
  if (part == null || !Number.isInteger(part) || part < 1 || part > partsPerYear[kind])
    return kind === 'halfYear' ? '半年考核周期须指明上半年或下半年' : '季度考核周期须指明第几季度（1–4）';
  return null;
}

export interface Problem {
  field: string;
  message: string;
}

/**
 * Stage dates checked against the period and each other: each falls on or after the one before it;
 * the scheme is issued at most a year before the period starts and before it ends; reports, the
 * meeting and the results come after the period has started and within a year of its end; the
 * rectification deadline within two years of it.
 */
export function stageDatesProblems(period: CyclePeriod, stages: CycleStageDates): Problem[] {
  const problems: Problem[] = [];
  const bounds: Record<CycleStage, [string, string]> = {
    schemeIssuedOn: [addYears(period.startsOn, -1), period.endsOn],
    reportsDueOn: [period.startsOn, addYears(period.endsOn, 1)],
    reviewMeetingOn: [period.startsOn, addYears(period.endsOn, 1)],
    resultsPublishedOn: [period.startsOn, addYears(period.endsOn, 1)],
    rectificationDueOn: [period.startsOn, addYears(period.endsOn, 2)],
  };
  let previous: CycleStage | null = null;
  for (const stage of cycleStages) {
    const day = stages[stage];
    if (!day) continue;
    const label = cycleStageLabels[stage];
    const [from, to] = bounds[stage];
    if (day < from || day > to)
      problems.push({ field: stage, message: `${label}日期须在 ${from} 至 ${to} 之间` });
    else if (previous && day < stages[previous]!)
      problems.push({
        field: stage,
        message: `${label}日期不能早于${cycleStageLabels[previous]}日期（${stages[previous]}）`,
      });
    previous = stage;
  }
  return problems;
}

/** Is the day inside the period? (Closed cycles make their period's records read-only.) */
export const periodCovers = (period: CyclePeriod, day: string) =>
  period.startsOn <= day && day <= period.endsOn;

// ---- 述职范围: who reports in a cycle ----------------------------------------------------------

/**
 * The rule that made a reporting set: orgs of these levels (and, when given, these domains) among
 * the running org's direct children or its whole subtree, plus single orgs added, minus single orgs
 * removed. The set is stored materialized beside its rule, so a later change of the tree does not
 * silently change who reported in a past cycle.
 */
export interface ReportingRule {
  depth: 'children' | 'subtree';
  levels: OrgLevel[];
  domains: OrgDomain[];
  include: number[];
  exclude: number[];
}

export interface ReportingCandidate {
  id: number;
  /** 1 for the running org's children, 2 for their children … */
  depth: number;
  level: OrgLevel;
  domain: OrgDomain | null;
}

/** The orgs a rule picks among candidates (already free of dissolved orgs), in candidate order. */
export function selectReporters(candidates: readonly ReportingCandidate[], rule: ReportingRule): number[] {
  const include = new Set(rule.include);
  const exclude = new Set(rule.exclude);
  const matches = (c: ReportingCandidate) =>
    (rule.depth === 'subtree' || c.depth === 1) &&
    rule.levels.includes(c.level) &&
    (rule.domains.length === 0 || (c.domain !== null && rule.domains.includes(c.domain)));
  return candidates.filter((c) => !exclude.has(c.id) && (include.has(c.id) || matches(c))).map((c) => c.id);
}

/**
 * The usual set for a running org: a county hears its towns and county-level units (every direct
 * child); a town (or any lower org) hears its village and community branches.
 */
export function defaultReportingRule(runningLevel: OrgLevel): ReportingRule {
  return runningLevel === 'county'
    ? {
        depth: 'children',
        levels: ['committee', 'workCommittee', 'generalBranch', 'branch'],
        domains: [],
        include: [],
        exclude: [],
      }
    : {
        depth: 'subtree',
        levels: ['branch', 'generalBranch'],
        domains: ['village', 'community'],
        include: [],
        exclude: [],
      };
}

/** Which scheme an org reporting is assessed by: committees by the committee scheme, branches by the branch one. */
export const audienceOfLevel = (level: OrgLevel): SchemeAudience =>
  level === 'branch' || level === 'generalBranch' ? 'branch' : 'committee';

/** The schemes a reporting set needs: one per audience its levels are assessed by, in a fixed order. */
export const audiencesOfRule = (rule: ReportingRule): SchemeAudience[] =>
  [...new Set(rule.levels.map(audienceOfLevel))].sort();
