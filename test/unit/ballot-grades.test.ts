import { describe, expect, it } from 'vitest';
import {
  abstainCode,
  ballotGrades,
  cellOfSlot,
  choicesOfGrades,
  smallestPerCategory,
} from '../../src/domain/ballot-grades.js';

const layout = {
  reporters: [
    { orgId: 11, position: 1 },
    { orgId: 12, position: 2 },
    { orgId: 13, position: 4 },
  ],
  items: [{ key: 'overall' }, { key: 'style' }],
};

describe('ballot grades', () => {
  it('lays out every reporter × item cell by position, 弃权 and absent reporters apart', () => {
    const choices = {
      '11': { overall: 'excellent', style: null },
      '13': { overall: 'poor', style: 'fair' },
    } as const;
    const cells = ballotGrades(layout, choices);
    expect(cells).toEqual({ from: 0, grades: [1, abstainCode, 0, 0, 0, 0, 4, 3] });
    expect(choicesOfGrades(layout, cells.from, cells.grades)).toEqual(choices);
  });

  it('stores a one-reporter ballot as its own run of slots', () => {
    const cells = ballotGrades(layout, { '12': { overall: 'good', style: 'good' } });
    expect(cells).toEqual({ from: 2, grades: [2, 2] });
    expect(cellOfSlot(layout, 3)).toEqual({ orgId: 12, item: 'style' });
    expect(cellOfSlot(layout, 4)).toBeNull();
  });

  it('finds the fewest ballots per category among the reporters graded', () => {
    const count = (category: string, orgId: number, item: string, n: number) => ({
      category,
      orgId,
      item,
      grade: 'good' as const,
      n,
    });
    expect(
      smallestPerCategory(
        [
          count('a', 11, 'overall', 3),
          count('a', 11, 'overall', 2),
          count('a', 12, 'overall', 4),
          count('a', 12, 'style', 1),
        ],
        'overall',
      ),
    ).toEqual({ a: 4 });
  });
});
