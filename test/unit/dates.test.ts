import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addYears, dayNumber, fromDayNumber } from '../../src/domain/dates.js';

const isoDay = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

// The plain Date arithmetic the cached helpers replace, as the oracle.
function referenceAddDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
function referenceAddYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

describe('date helpers', () => {
  it('add days and years like plain Date arithmetic, through their caches', () => {
    fc.assert(
      fc.property(
        isoDay,
        fc.integer({ min: -40_000, max: 40_000 }),
        fc.integer({ min: -120, max: 120 }),
        (d, n, y) => {
          expect(addDays(d, n)).toBe(referenceAddDays(d, n));
          expect(addYears(d, y)).toBe(referenceAddYears(d, y));
          expect(fromDayNumber(dayNumber(d))).toBe(d);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('takes 29 February to 28 February a year on', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });
});
