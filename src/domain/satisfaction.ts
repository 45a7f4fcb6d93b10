// 满意度测评: what a survey's ballots say about a rated org, and which villages went without a
// survey in a half-year. Pure: the tally, the results engine's 满意度 component and the coverage
// list share these.
import { satisfactionLevels, type SatisfactionLevel } from './results/grades.js';

export type SatisfactionCounts = Record<SatisfactionLevel, number>;

export const noSatisfactionCounts = (): SatisfactionCounts => ({
  satisfied: 0,
  basicallySatisfied: 0,
  dissatisfied: 0,
});

export interface SatisfactionResult {
  /** Valid ballots: every ballot of a survey answers every question, so those that answered it. */
  ballots: number;
  /** Each level's share of the valid ballots, 0–1; all 0 without ballots. */
  shares: SatisfactionCounts;
  /** 满意率 on a 100-point scale, two decimals; null without enough ballots. */
  value: number | null;
}

/**
 * The rule: a rated org's satisfaction value is its 满意率 on the survey's first question (by
 * default 对村党组织书记的满意度, the question about the person assessed), that is
 * (满意 + 基本满意) ÷ valid ballots × 100, as places publish it. The other questions are shown, not
 * scored. Fewer valid ballots than `minBallots` (at least one) give no value: too few to judge.
 */
export function satisfactionResult(counts: SatisfactionCounts, minBallots = 1): SatisfactionResult {
  const ballots = satisfactionLevels.reduce((sum, level) => sum + counts[level], 0);
  const shares = noSatisfactionCounts();
  if (ballots > 0) for (const level of satisfactionLevels) shares[level] = counts[level] / ballots;
  const value =
    ballots === 0 || ballots < minBallots
      ? null
      : Math.round(((counts.satisfied + counts.basicallySatisfied) / ballots) * 10000) / 100;
  return { ballots, shares, value };
}

/** Several surveys' counts as one: each ballot weighs the same, whichever survey it came from. */
export function pooledCounts(list: readonly SatisfactionCounts[]): SatisfactionCounts {
  const sum = noSatisfactionCounts();
  for (const counts of list) for (const level of satisfactionLevels) sum[level] += counts[level];
  return sum;
}

// ---- 半年度覆盖 ----------------------------------------------------------------------------------

export const halfYears = [1, 2] as const;
export type HalfYear = (typeof halfYears)[number];
export const halfYearLabels: Record<HalfYear, string> = { 1: '上半年', 2: '下半年' };

/** The half-year of an ISO date: January–June the first, July–December the second. */
export const halfYearOf = (isoDate: string): HalfYear => (Number(isoDate.slice(5, 7)) <= 6 ? 1 : 2);

export interface CoverageSurvey {
  id: number;
  name: string;
  heldOn: string;
  /** The orgs the survey rated. */
  orgIds: readonly number[];
}

export interface VillageCoverage {
  orgId: number;
  orgName: string;
  /** Per half-year, the surveys that rated the village then; empty: 未测评. */
  halves: { half: HalfYear; surveys: { id: number; name: string; heldOn: string }[] }[];
}

/**
 * Every village with, per half-year of `year`, the closed surveys rating it held in that half
 * (surveys of other years are ignored); and how many villages lack a survey in each half and in
 * either half — a village must be surveyed at least every half-year.
 */
export function satisfactionCoverage(
  year: number,
  villages: readonly { orgId: number; orgName: string }[],
  surveys: readonly CoverageSurvey[],
) {
  const ofYear = surveys.filter((s) => Number(s.heldOn.slice(0, 4)) === year);
  const rows: VillageCoverage[] = villages.map((v) => ({
    ...v,
    halves: halfYears.map((half) => ({
      half,
      surveys: ofYear
        .filter((s) => halfYearOf(s.heldOn) === half && s.orgIds.includes(v.orgId))
        .map(({ id, name, heldOn }) => ({ id, name, heldOn })),
    })),
  }));
  const without = (half: HalfYear) =>
    rows.filter((r) => r.halves.find((h) => h.half === half)!.surveys.length === 0).length;
  return {
    villages: rows,
    without: {
      first: without(1),
      second: without(2),
      any: rows.filter((r) => r.halves.some((h) => h.surveys.length === 0)).length,
    },
  };
}
