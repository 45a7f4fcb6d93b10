import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCounty } from '../../src/db/demo/generate.js';
import { ageBands, computeStatistics } from '../../src/domain/statistics.js';
import { pyramidData, structureOption } from '../../src/web/features/dashboard/chart-options.js';
import { defaultAgingThreshold, parseThreshold } from '../../src/web/features/dashboard/aging-threshold.js';

const day = '2025-06-30';
const county = generateCounty({ seed: 11, towns: 2, today: day });
const root = county.orgs.find((o) => o.parentId === null)!;
const stats = computeStatistics(county, root.path, day);

describe('dashboard charts', () => {
  it('draws men left and women right of the pyramid, adding up to the age bands', () => {
    const data = pyramidData(stats);
    expect(data.categories).toHaveLength(ageBands.length);
    ageBands.forEach((band, i) => {
      expect(data.male[i]).toBeLessThanOrEqual(0);
      expect(data.female[i]).toBeGreaterThanOrEqual(0);
      expect(-data.male[i]! + data.female[i]!).toBe(stats.members.age.bands[band]);
    });
    expect(data.female.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('shows only the domains that have branches, with their counts', () => {
    const option = structureOption(stats);
    const series = option.series as { data: number[] }[];
    const values = series[0]!.data;
    expect(values.every((v) => v > 0)).toBe(true);
    expect(values.reduce((a, b) => a + b, 0)).toBe(stats.orgs.branchTotal);
  });
});

describe('aging threshold', () => {
  it('keeps whole percentages from 1 to 99 and falls back to the default otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer({ min: -1000, max: 1000 }).map(String)), (stored) => {
        const value = parseThreshold(stored);
        expect(Number.isInteger(value) && value >= 1 && value <= 99).toBe(true);
        const n = Number(stored);
        if (Number.isInteger(n) && n >= 1 && n <= 99) expect(value).toBe(n);
        else expect(value).toBe(defaultAgingThreshold);
      }),
    );
    expect(parseThreshold(null)).toBe(defaultAgingThreshold);
    expect(parseThreshold('12.5')).toBe(defaultAgingThreshold);
  });
});
