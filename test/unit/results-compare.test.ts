import { describe, expect, it } from 'vitest';
import { compareWithPrevious, rankChangeLabel } from '../../src/domain/results/compare.js';

const r = (orgId: number, rank: number, gradeLabel: string | null = '好') => ({ orgId, rank, gradeLabel });

describe('comparison with the previous cycle', () => {
  it('gives each reporter their previous grade and rank and the places gained or lost', () => {
    const result = compareWithPrevious(
      [r(1, 1, '好'), r(2, 2, '较好'), r(3, 3, '一般')],
      [r(2, 1, '好'), r(3, 2, '较好'), r(1, 3, '一般')],
    )!;
    expect(result.get(1)).toEqual({
      previousRank: 3,
      previousGradeLabel: '一般',
      rankChange: 2,
      label: '↑2',
    });
    expect(result.get(2)).toEqual({ previousRank: 1, previousGradeLabel: '好', rankChange: -1, label: '↓1' });
    expect(result.get(3)?.label).toBe('↓1');
  });

  it('compares shared ranks as the ranks published, so tied reporters move alike', () => {
    const result = compareWithPrevious([r(1, 1), r(2, 1), r(3, 3)], [r(1, 2), r(2, 2), r(3, 1)])!;
    expect([1, 2, 3].map((id) => result.get(id)!.label)).toEqual(['↑1', '↑1', '↓2']);
    expect(compareWithPrevious([r(1, 2)], [r(1, 2)])!.get(1)).toMatchObject({ rankChange: 0, label: '持平' });
  });

  it('marks a reporter the previous cycle did not have as 新增, and keeps an ungraded previous result', () => {
    const result = compareWithPrevious([r(1, 1), r(4, 2)], [r(1, 1, null), r(9, 2)])!;
    expect(result.get(4)).toEqual({
      previousRank: null,
      previousGradeLabel: null,
      rankChange: null,
      label: '新增',
    });
    expect(result.get(1)).toEqual({
      previousRank: 1,
      previousGradeLabel: null,
      rankChange: 0,
      label: '持平',
    });
    expect([...result.keys()]).toEqual([1, 4]);
  });

  it('compares nothing without a previous cycle', () => {
    expect(compareWithPrevious([r(1, 1)], null)).toBeNull();
    expect(compareWithPrevious([r(1, 1)], [])!.get(1)!.label).toBe('新增');
  });

  it('labels the change with arrows', () => {
    expect([3, -2, 0, null].map(rankChangeLabel)).toEqual(['↑3', '↓2', '持平', '新增']);
  });
});
