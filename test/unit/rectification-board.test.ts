import { describe, expect, it } from 'vitest';
import {
  boardPeriod,
  completionOverTime,
  completionRate,
  daysOverdueAsOf,
  nextMonth,
  rankBoard,
} from '../../src/domain/rectification/board.js';

describe('boardPeriod', () => {
  it('reads a past month as of its last day', () => {
    expect(boardPeriod('2026-02', '2026-06-10')).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
      asOf: '2026-02-28',
    });
    expect(boardPeriod('2024-02', '2026-06-10').to).toBe('2024-02-29');
    expect(boardPeriod('2025-12', '2026-06-10').to).toBe('2025-12-31');
  });

  it('reads the running month as of today', () => {
    expect(boardPeriod('2026-06', '2026-06-10').asOf).toBe('2026-06-10');
  });
});

describe('completionRate', () => {
  it('is closed over all, to 0.1 %, and null without items', () => {
    expect(completionRate(1, 3)).toBe(0.333);
    expect(completionRate(2, 2)).toBe(1);
    expect(completionRate(0, 0)).toBeNull();
  });
});

describe('rankBoard', () => {
  it('derives the items in progress and orders by rate, then fewer overdue, then name', () => {
    const rows = rankBoard([
      { orgId: 1, orgName: '乙村', total: 4, closed: 1, overdue: 2 },
      { orgId: 2, orgName: '甲村', total: 2, closed: 2, overdue: 0 },
      { orgId: 3, orgName: '丙村', total: 4, closed: 1, overdue: 1 },
    ]);
    expect(rows.map((r) => r.orgId)).toEqual([2, 3, 1]);
    expect(rows[2]).toMatchObject({ inProgress: 1, rate: 0.25 });
  });
});

describe('daysOverdueAsOf', () => {
  it('counts days past the deadline, never below 0', () => {
    expect(daysOverdueAsOf('2026-05-20', '2026-05-31')).toBe(11);
    expect(daysOverdueAsOf('2026-06-20', '2026-05-31')).toBe(0);
  });
});

describe('completionOverTime', () => {
  it('fills the months between and accumulates the rate', () => {
    expect(
      completionOverTime([
        { month: '2026-03', filed: 0, closed: 2 },
        { month: '2025-12', filed: 4, closed: 0 },
      ]),
    ).toEqual([
      { month: '2025-12', filed: 4, closed: 0, cumulativeRate: 0 },
      { month: '2026-01', filed: 0, closed: 0, cumulativeRate: 0 },
      { month: '2026-02', filed: 0, closed: 0, cumulativeRate: 0 },
      { month: '2026-03', filed: 0, closed: 2, cumulativeRate: 0.5 },
    ]);
    expect(completionOverTime([])).toEqual([]);
    expect(nextMonth('2026-12')).toBe('2027-01');
  });
});
