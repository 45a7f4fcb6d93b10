// Comparison with the previous cycle (与上期对比): per reporter of this cycle, their grade and rank in
// the previous cycle's published results and how their rank moved. Ranks are compared as numbers, so
// reporters sharing a rank (1, 2, 2, 4) move by the shared rank, and a smaller field changes the
// meaning of a rank no more than the published rank itself says.

export interface RankedReporter {
  orgId: number;
  rank: number;
  gradeLabel: string | null;
}

export interface Comparison {
  previousRank: number | null;
  previousGradeLabel: string | null;
  /** Places gained (positive) or lost (negative); null for a reporter the previous cycle did not rank. */
  rankChange: number | null;
  /** ↑2, ↓1, 持平 or 新增. */
  label: string;
}

export const rankChangeLabel = (change: number | null): string => {
  if (change === null) return '新增';
  if (change === 0) return '持平';
  return change > 0 ? `↑${change}` : `↓${-change}`;
};

/**
 * Each current reporter's comparison, by org id; none at all when there is no previous cycle with
 * published results (null), so "新增" only ever means the reporter was missing from one that exists.
 */
export function compareWithPrevious(
  current: readonly RankedReporter[],
  previous: readonly RankedReporter[] | null,
): Map<number, Comparison> | null {
  if (previous === null) return null;
  const before = new Map(previous.map((r) => [r.orgId, r]));
  return new Map(
    current.map((r) => {
      const was = before.get(r.orgId);
      const rankChange = was ? was.rank - r.rank : null;
      return [
        r.orgId,
        {
          previousRank: was?.rank ?? null,
          previousGradeLabel: was?.gradeLabel ?? null,
          rankChange,
          label: rankChangeLabel(rankChange),
        },
      ];
    }),
  );
}
