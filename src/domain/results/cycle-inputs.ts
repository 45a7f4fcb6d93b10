// What a cycle recorded, turned into the results engine's input: each component put on its
// configured full marks (日常考核 by the sheet's own full marks, 民主测评 by the method's highest
// value, 满意度 from its 100-point 满意率), the appraisal's grade shares for the floors, and the 一票否决 of the routine sheet.

import { scoreAppraisal, type Appraisal, type AppraisalMethod, type CategoryTally } from './appraisal.js';
import type { ResultsConfig, ReporterInput } from './evaluate.js';
import { leaderScore, type LeaderScore } from './leader.js';

/** The components a cycle's records can give; a configuration weighs some or all of them. */
export const recordedComponents = {
  routine: '日常考核',
  leader: '述职评议',
  appraisal: '民主测评',
  satisfaction: '满意度',
} as const;
export type RecordedComponent = keyof typeof recordedComponents;

export interface CycleResultsSettings {
  config: ResultsConfig;
  appraisalMethod: AppraisalMethod;
}

/** The appraisal as the meeting ran it: its categories' weights (null = pooled) and minimum ballots. */
export interface MeetingAppraisalRules {
  categoryWeights: Record<string, number> | null;
  minBallots: number;
}

/** Weighted when any category of the meeting has a weight; a category without one then counts nothing. */
export function categoryWeightsOf(
  categories: readonly { key: string; weight: number | null }[],
): Record<string, number> | null {
  if (categories.every((c) => c.weight === null)) return null;
  return Object.fromEntries(categories.map((c) => [c.key, c.weight ?? 0]));
}

export interface GatheredReporter {
  id: number;
  name: string;
  group: string | null;
  /** The routine sheet's total and full marks; null when not computed. */
  routine: { total: number | null; maxPoints: number | null } | null;
  veto: { reason: string } | null;
  leaderReviews: readonly { scores: Record<string, number> }[];
  /** The 总体评价 tallies per category from the closed meeting; null when no meeting closed its vote. */
  appraisal: { tallies: readonly CategoryTally[]; rules: MeetingAppraisalRules } | null;
  /** 满意率 (0–100) of the cycle's closed 满意度测评 rating the org (domain/satisfaction.ts); null when none. */
  satisfaction: number | null;
}

export interface PreparedReporter {
  input: ReporterInput;
  leader: LeaderScore;
  appraisal: Appraisal | null;
}

/** A value on a 100-point scale, put on the component's configured full marks. */
const onMarks = (percent: number | null, config: ResultsConfig, key: RecordedComponent) => {
  const component = config.components.find((c) => c.key === key);
  if (percent === null || !component) return null;
  return (percent * component.max) / 100;
};

export function prepareReporter(
  settings: CycleResultsSettings,
  reporter: GatheredReporter,
): PreparedReporter {
  const { config, appraisalMethod } = settings;
  const routine =
    reporter.routine?.total != null && reporter.routine.maxPoints
      ? (reporter.routine.total / reporter.routine.maxPoints) * 100
      : null;
  const leader = leaderScore(reporter.leaderReviews);
  const appraisal = reporter.appraisal
    ? scoreAppraisal(reporter.appraisal.tallies, { method: appraisalMethod, ...reporter.appraisal.rules })
    : null;
  const appraisalPercent = appraisal?.value != null ? (appraisal.value / appraisal.max) * 100 : null;
  return {
    input: {
      id: reporter.id,
      name: reporter.name,
      group: reporter.group,
      components: {
        routine: onMarks(routine, config, 'routine'),
        leader: onMarks(leader.value, config, 'leader'),
        appraisal: onMarks(appraisalPercent, config, 'appraisal'),
        satisfaction: onMarks(reporter.satisfaction, config, 'satisfaction'),
      },
      appraisalShares: appraisal?.value != null ? appraisal.shares : null,
      veto: reporter.veto,
    },
    leader,
    appraisal,
  };
}
