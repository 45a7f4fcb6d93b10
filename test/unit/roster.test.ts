import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import { latestBirthDateForAge, rosterListStages, rosterLists } from '../../src/domain/roster.js';
import { ageOn, stages } from '../../src/domain/member-base.js';

const isoDay = fc
  .date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('roster lists', () => {
  it('put every stage in exactly one list, party members alone in the 花名册', () => {
    const listed = rosterLists.flatMap((l) => rosterListStages[l]);
    expect([...listed].sort()).toEqual([...stages].sort());
    expect(rosterListStages.members).toEqual(['probationary', 'full']);
  });
});

describe('latestBirthDateForAge', () => {
  it('is the 60th birthday boundary', () => {
    expect(latestBirthDateForAge('2026-12-01', 60)).toBe('1966-12-01');
    expect(latestBirthDateForAge('2025-02-28', 1)).toBe('2024-02-28');
  });

  // Counted as the statistics count age (`ageOn`): born on 29 February, a year older on 1 March.
  it('separates those at least k years old from the younger ones', () => {
    fc.assert(
      fc.property(isoDay, fc.integer({ min: 0, max: 100 }), (day, k) => {
        const cutoff = latestBirthDateForAge(day, k);
        expect(ageOn(cutoff, day)).toBeGreaterThanOrEqual(k);
        expect(ageOn(addDays(cutoff, 1), day)).toBeLessThan(k);
      }),
    );
  });
});
