// 抽查: which orgs of a cycle's reporting set are checked on site, and what a finding may deduct.
// The draw is seeded and the pool it drew from is stored with it, so anyone can run
// `drawOrgs(pool, size, seed)` again and get the same orgs in the same order: a draw that cannot be
// shown to be random invites doubt.

import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Seeds are 1..2^31−1: an integer a person can read aloud and type back. */
export const spotCheckSeedRange = { min: 1, max: 2 ** 31 - 1 } as const;
/** A draw picks at least one org and at most this many. */
export const maxSpotCheckSize = 500;

/**
 * `size` distinct orgs of `pool`, in the order drawn. The pool is taken in ascending id order (and
 * without repeats) whatever order it is given in, so the draw depends on the set and the seed only.
 * A partial Fisher–Yates shuffle driven by xoroshiro128+: each org not yet drawn is equally likely
 * at each step.
 */
export function drawOrgs(pool: readonly number[], size: number, seed: number): number[] {
  const ids = [...new Set(pool)].sort((a, b) => a - b);
  const take = Math.max(0, Math.min(size, ids.length));
  const rng = xoroshiro128plus(seed);
  for (let i = 0; i < take; i++) {
    const j = uniformInt(rng, i, ids.length - 1);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids.slice(0, take);
}

/** Why a draw of `size` orgs from `available` cannot be made, or null. */
export function drawSizeProblem(size: number, available: number): string | null {
  if (available === 0) return '述职范围内没有可抽查的组织（已全部抽取或名单为空）';
  if (!Number.isInteger(size) || size < 1) return '抽查数量至少为1个组织';
  if (size > available) return `抽查数量不能超过可抽取的组织数（${available}个）`;
  return null;
}

/** What a finding may deduct from: a regular indicator of the org's scheme and its points. */
export interface FindingIndicator {
  name: string;
  maxPoints: number;
}

export interface FindingProblem {
  field: string;
  message: string;
}

/**
 * A finding names an indicator of the org's scheme and deducts from it at most its points and never
 * below zero; deductions of several findings on one indicator are capped by the score sheet, which
 * takes them until the indicator's points are gone.
 */
export function findingProblems(
  findings: readonly { indicatorKey: string; points: number }[],
  indicators: ReadonlyMap<string, FindingIndicator>,
): FindingProblem[] {
  return findings.flatMap((finding, i): FindingProblem[] => {
    const at = `findings.${i}`;
    const indicator = indicators.get(finding.indicatorKey);
    if (!indicator)
      return [
        {
          field: `${at}.indicatorKey`,
          message: `第${i + 1}条问题的考核指标（${finding.indicatorKey}）不在该组织适用的考核方案中`,
        },
      ];
    if (finding.points < 0) return [{ field: `${at}.points`, message: `第${i + 1}条问题的扣分不能为负数` }];
    if (finding.points > indicator.maxPoints)
      return [
        {
          field: `${at}.points`,
          message: `第${i + 1}条问题的扣分（${finding.points}分）超过指标“${indicator.name}”的分值（${indicator.maxPoints}分）`,
        },
      ];
    return [];
  });
}
