// What the big screen (大屏) and presenter mode (主持人模式) of a review meeting show, from the
// meeting, its counts and its tally: pure, so the pages only lay it out.
import { grades, type Grade } from './results/grades.js';

export interface TurnoutCount {
  category: string;
  issued: number;
  used: number;
}

export interface LiveTurnoutRow extends TurnoutCount {
  label: string;
  /** 已投/应发 as a fraction, 0 when none were issued. */
  share: number;
}

/** The formal turnout rows in the meeting's category order, labelled; categories without codes are left out. */
export function liveTurnoutRows(
  categories: readonly { key: string; label: string }[],
  counts: readonly TurnoutCount[],
): LiveTurnoutRow[] {
  return categories.flatMap((c) => {
    const row = counts.find((r) => r.category === c.key);
    return row ? [{ ...row, label: c.label, share: row.issued === 0 ? 0 : row.used / row.issued }] : [];
  });
}

/** The item whose grades the big screen charts: 总体评价 (by key or label), else the first. */
export function overallItem<T extends { key: string; label: string }>(items: readonly T[]): T | undefined {
  return items.find((i) => i.key === 'overall') ?? items.find((i) => i.label === '总体评价') ?? items[0];
}

export type GradeCounts = Record<Grade | 'abstain', number>;

interface TallyLike {
  reporters: {
    orgId: number;
    orgName: string;
    items: { key: string; byGroup: Record<string, GradeCounts> }[];
  }[];
}

/** Each reporter's grades on item `itemKey`, summed over the panelist groups, in meeting order. */
export function gradeDistribution(
  tally: TallyLike,
  itemKey: string,
): { orgId: number; orgName: string; counts: GradeCounts }[] {
  return tally.reporters.map((r) => {
    const counts: GradeCounts = { excellent: 0, good: 0, fair: 0, poor: 0, abstain: 0 };
    for (const group of Object.values(r.items.find((i) => i.key === itemKey)?.byGroup ?? {}))
      for (const grade of [...grades, 'abstain'] as const) counts[grade] += group[grade];
    return { orgId: r.orgId, orgName: r.orgName, counts };
  });
}

/** The presenter's position from `?at=`: 1-based, within 1…total; the first when missing or wrong. */
export function presenterPosition(at: string | null, total: number): number {
  const n = Number(at);
  if (!Number.isInteger(n) || total === 0) return 1;
  return Math.min(Math.max(n, 1), total);
}

/**
 * The key figures presenter mode shows for a reporter, picked from its 基本情况 rows: organizations,
 * members and their development, at most six, in this order.
 */
export function presenterFigures<T extends { label: string }>(rows: readonly T[]): T[] {
  const wanted: ((label: string) => boolean)[] = [
    (l) => l === '党支部（含党总支）',
    (l) => l === '党员',
    (l) => l === '党员平均年龄',
    (l) => l === '35岁以下',
    (l) => l === '入党积极分子',
    (l) => l === '流动党员（流出）',
  ];
  const developed = rows.filter((r) => /^\d{4}年发展党员$/.test(r.label)).at(-1);
  const picked = wanted.flatMap((match) => rows.filter((r) => match(r.label)).slice(0, 1));
  if (developed) picked.splice(Math.min(picked.length, 2), 0, developed);
  return picked.slice(0, 6);
}
