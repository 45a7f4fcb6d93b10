import { describe, expect, it } from 'vitest';
import {
  gradeDistribution,
  liveTurnoutRows,
  overallItem,
  presenterFigures,
  presenterPosition,
} from '../../src/domain/live-tally.js';

const counts = (excellent: number, good: number, fair: number, poor: number, abstain = 0) => ({
  excellent,
  good,
  fair,
  poor,
  abstain,
});

describe('live tally', () => {
  it('labels the turnout in the meeting’s category order and leaves out categories without codes', () => {
    const rows = liveTurnoutRows(
      [
        { key: 'superiors', label: '上级班子成员' },
        { key: 'secretaries', label: '下级书记' },
        { key: 'representatives', label: '党员群众代表' },
      ],
      [
        { category: 'representatives', issued: 40, used: 10 },
        { category: 'superiors', issued: 8, used: 8 },
      ],
    );
    expect(rows).toEqual([
      { category: 'superiors', label: '上级班子成员', issued: 8, used: 8, share: 1 },
      { category: 'representatives', label: '党员群众代表', issued: 40, used: 10, share: 0.25 },
    ]);
  });

  it('charts 总体评价 by key, then by label, else the first item', () => {
    expect(
      overallItem([
        { key: 'duty', label: '职责' },
        { key: 'overall', label: '总体' },
      ])?.key,
    ).toBe('overall');
    expect(
      overallItem([
        { key: 'a', label: '职责' },
        { key: 'b', label: '总体评价' },
      ])?.key,
    ).toBe('b');
    expect(overallItem([{ key: 'a', label: '职责' }])?.key).toBe('a');
    expect(overallItem([])).toBeUndefined();
  });

  it('sums a reporter’s grades on one item over the groups', () => {
    const tally: Parameters<typeof gradeDistribution>[0] = {
      reporters: [
        {
          orgId: 7,
          orgName: '东岭村党支部',
          items: [
            { key: 'overall', byGroup: { superiors: counts(3, 1, 0, 0), other: counts(1, 1, 1, 0, 1) } },
            { key: 'duty', byGroup: { superiors: counts(0, 0, 0, 4) } },
          ],
        },
      ],
    };
    expect(gradeDistribution(tally, 'overall')).toEqual([
      { orgId: 7, orgName: '东岭村党支部', counts: counts(4, 2, 1, 0, 1) },
    ]);
  });

  it('reads the presenter’s position from the URL within 1…N', () => {
    expect(presenterPosition(null, 5)).toBe(1);
    expect(presenterPosition('3', 5)).toBe(3);
    expect(presenterPosition('9', 5)).toBe(5);
    expect(presenterPosition('0', 5)).toBe(1);
    expect(presenterPosition('2.5', 5)).toBe(1);
    expect(presenterPosition('x', 5)).toBe(1);
    expect(presenterPosition('2', 0)).toBe(1);
  });

  it('picks at most six key figures: organizations, members, the latest year’s development first', () => {
    const rows = [
      '党支部（含党总支）',
      '其中：农村党支部',
      '党员',
      '其中：正式党员',
      '入党积极分子',
      '流动党员（流出）',
      '党员平均年龄',
      '35岁以下',
      '2025年发展党员',
      '2026年发展党员',
    ].map((label) => ({ label }));
    expect(presenterFigures(rows).map((r) => r.label)).toEqual([
      '党支部（含党总支）',
      '党员',
      '2026年发展党员',
      '党员平均年龄',
      '35岁以下',
      '入党积极分子',
    ]);
    expect(presenterFigures([{ label: '党员' }]).map((r) => r.label)).toEqual(['党员']);
  });
});
