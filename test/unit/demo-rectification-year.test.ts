import { describe, expect, it } from 'vitest';
import { demoProblemYears } from '../../src/db/demo/rectification-year.js';

const steps = (y: ReturnType<typeof demoProblemYears>[number]) =>
  [y.startOn, y.submitOn, y.rejectOn, y.restartOn, y.closeOn].filter((d): d is string => d !== null);

describe('the demo county’s year of rectification', () => {
  const filedOn = '2026-01-25';
  const yearEnd = '2026-12-31';

  it('is the same for the same seed, and takes every step in order, none after today', () => {
    for (const today of ['2026-01-20', '2026-02-10', '2026-07-01', '2026-12-31']) {
      const years = demoProblemYears(2026, 40, {
        filedOn: today < filedOn ? today : filedOn,
        today,
        yearEnd,
      });
      expect(
        demoProblemYears(2026, 40, { filedOn: today < filedOn ? today : filedOn, today, yearEnd }),
      ).toEqual(years);
      for (const y of years) {
        const days = steps(y);
        expect([...days].sort()).toEqual(days);
        for (const d of days) expect(d <= today).toBe(true);
      }
    }
  });

  it('late in the year: about half closed, some overdue, one or two sent back and reopened', () => {
    const today = '2026-12-04';
    const years = demoProblemYears(2026, 40, { filedOn, today, yearEnd });
    const closed = years.filter((y) => y.closeOn !== null);
    expect(closed.length / years.length).toBeGreaterThan(0.3);
    expect(closed.length / years.length).toBeLessThan(0.7);
    expect(years.filter((y) => y.closeOn === null && y.deadline < today).length).toBeGreaterThan(5);
    expect(years.filter((y) => y.rejectOn !== null)).toHaveLength(2);
    for (const y of years.filter((x) => x.fate !== 'closed' && x.fate !== 'overdue'))
      expect(y.deadline > today).toBe(true);
  });
});
