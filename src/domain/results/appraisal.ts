// 民主测评 scored: the grades a reporter received, per panelist category, turned into one number
// by the rule a place uses — average grade points, the share of 好, or points by bands of that share.

import { grades, gradeLabelSets, type Grade } from './grades.js';
import { roundPoints } from '../rules/points.js';

/** The overall grades one reporter received from one panelist category, and the items left blank. */
export interface CategoryTally {
  category: string;
  counts: Record<Grade, number>;
  /** 弃权: ballots that left the item blank where the meeting allows it; they carry no grade. */
  abstentions: number;
}

export type AppraisalMethod =
  /** The mean of grade points (好 100, 较好 85, 一般 70, 差 50; or 100/80/60/40, or 1 … 0.4). */
  | { kind: 'points'; points: Record<Grade, number> }
  /** The share of 好, as a percentage. */
  | { kind: 'excellentShare' }
  /**
   * Points by bands of the share of 好 (≥ 90 % → 200, ≥ 80 % → 190 …), one band lower when 一般 and
   * 差 together reach `lowerWhenFairPoorShare` (one third in the rules seen).
   */
  | {
      kind: 'bands';
      bands: { minShare: number; points: number }[];
      lowerWhenFairPoorShare: number | null;
    };

export interface AppraisalConfig {
  method: AppraisalMethod;
  /**
   * Weights of panelist categories (上级班子成员 20, 下级书记 40 …); null pools every ballot alike.
   * A category with no graded ballot for a reporter drops out and the others' weights are rescaled.
   */
  categoryWeights: Record<string, number> | null;
  /** Fewer graded ballots than this and the appraisal is withheld (no value). */
  minBallots: number;
}

export const defaultGradePoints: Record<Grade, number> = { excellent: 100, good: 85, fair: 70, poor: 50 };

export interface Appraisal {
  /** The appraisal's number in the method's scale; null when withheld. */
  value: number | null;
  /** The highest value the method gives, for putting it on a 100-point scale. */
  max: number;
  /** Each grade's share of the graded ballots, categories weighted (fractions summing to 1). */
  shares: Record<Grade, number>;
  ballots: number;
  abstentions: number;
  /** How the value came about, in Chinese. */
  explanation: string;
}

/** The highest value `method` can give. */
export function appraisalMax(method: AppraisalMethod): number {
  if (method.kind === 'points') return Math.max(...grades.map((g) => method.points[g]));
  if (method.kind === 'excellentShare') return 100;
  return Math.max(...method.bands.map((b) => b.points));
}

const graded = (t: CategoryTally) => grades.reduce((sum, g) => sum + t.counts[g], 0);
const percent = (share: number) => `${roundPoints(share * 100)}%`;
const noShares = (): Record<Grade, number> => ({ excellent: 0, good: 0, fair: 0, poor: 0 });

/**
 * Each grade's share of the graded ballots: per category, then the categories weighted. Categories
 * without a weight count nothing when weights are set (their ballots were cast in a category the
 * scheme does not weigh).
 */
function weightedShares(tallies: readonly CategoryTally[], weights: AppraisalConfig['categoryWeights']) {
  const shares = noShares();
  if (weights === null) {
    const total = tallies.reduce((sum, t) => sum + graded(t), 0);
    for (const g of grades) shares[g] = tallies.reduce((sum, t) => sum + t.counts[g], 0) / total;
    return shares;
  }
  const weighed = tallies.filter((t) => graded(t) > 0 && (weights[t.category] ?? 0) > 0);
  const totalWeight = weighed.reduce((sum, t) => sum + weights[t.category]!, 0);
  for (const t of weighed)
    for (const g of grades) shares[g] += (weights[t.category]! / totalWeight) * (t.counts[g] / graded(t));
  return shares;
}

/** A reporter's appraisal from the tallies of their 总体评价 item, one per panelist category. */
export function scoreAppraisal(tallies: readonly CategoryTally[], config: AppraisalConfig): Appraisal {
  const { method } = config;
  const max = appraisalMax(method);
  const ballots = tallies.reduce((sum, t) => sum + graded(t), 0);
  const abstentions = tallies.reduce((sum, t) => sum + t.abstentions, 0);
  const counted =
    config.categoryWeights === null
      ? ballots
      : tallies
          .filter((t) => (config.categoryWeights![t.category] ?? 0) > 0)
          .reduce((sum, t) => sum + graded(t), 0);
  if (counted === 0 || counted < config.minBallots) {
    return {
      value: null,
      max,
      shares: noShares(),
      ballots,
      abstentions,
      explanation: `有效票${counted}张，少于${Math.max(config.minBallots, 1)}张，不计测评结果`,
    };
  }
  const shares = weightedShares(tallies, config.categoryWeights);
  const labels = gradeLabelSets.appraisal;
  const spread = grades.map((g) => `${labels[g]}${percent(shares[g])}`).join('、');
  const weighed = config.categoryWeights === null ? '' : '（按评议人类别加权）';
  if (method.kind === 'points') {
    const value = roundPoints(grades.reduce((sum, g) => sum + shares[g] * method.points[g], 0));
    const scale = grades.map((g) => `${labels[g]}${method.points[g]}`).join('、');
    return {
      value,
      max,
      shares,
      ballots,
      abstentions,
      explanation: `有效票${counted}张${weighed}：${spread}；按${scale}分计，平均${value}分`,
    };
  }
  if (method.kind === 'excellentShare') {
    const value = roundPoints(shares.excellent * 100);
    return {
      value,
      max,
      shares,
      ballots,
      abstentions,
      explanation: `有效票${counted}张${weighed}：${spread}；以“好”票比例计${value}分`,
    };
  }
  const bands = [...method.bands].sort((a, b) => b.minShare - a.minShare);
  // A tiny tolerance: 9 of 10 is 0.9 exactly in intent, whatever the weighting's rounding.
  let band = bands.findIndex((b) => shares.excellent + 1e-9 >= b.minShare);
  if (band === -1) band = bands.length - 1;
  const lowered =
    method.lowerWhenFairPoorShare !== null &&
    shares.fair + shares.poor + 1e-9 >= method.lowerWhenFairPoorShare &&
    band < bands.length - 1;
  const value = bands[lowered ? band + 1 : band]!.points;
  const lowerNote = lowered
    ? `；“一般”“差”合计${percent(shares.fair + shares.poor)}，达到${percent(method.lowerWhenFairPoorShare!)}，降一档`
    : '';
  return {
    value,
    max,
    shares,
    ballots,
    abstentions,
    explanation: `有效票${counted}张${weighed}：${spread}；“好”票${percent(shares.excellent)}，对应${bands[band]!.points}分${lowerNote}，计${value}分`,
  };
}
