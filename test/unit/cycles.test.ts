import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import {
  assessmentOf,
  audienceOfLevel,
  defaultCycleName,
  cycleKinds,
  cyclePartProblem,
  cyclePeriod,
  cyclePeriodName,
  cycleStages,
  defaultReportingRule,
  nextCycleStatus,
  selectReporters,
  stageDatesProblems,
  partsPerYear,
  type ReportingCandidate,
  type ReportingRule,
} from '../../src/domain/cycles.js';
import { orgDomains, orgLevels } from '../../src/domain/org-tree.js';

describe('cyclePeriod', () => {
  it('derives the days from the kind, the year and the part', () => {
    expect(cyclePeriod('annual', 2026, null)).toEqual({ startsOn: '2026-01-01', endsOn: '2026-12-31' });
    expect(cyclePeriod('halfYear', 2026, 2)).toEqual({ startsOn: '2026-07-01', endsOn: '2026-12-31' });
    expect(cyclePeriod('quarterly', 2024, 1)).toEqual({ startsOn: '2024-01-01', endsOn: '2024-03-31' });
    expect(cyclePeriod('quarterly', 2026, 3)).toEqual({ startsOn: '2026-07-01', endsOn: '2026-09-30' });
    expect(cyclePeriodName('quarterly', 2026, 3)).toBe('2026年第三季度');
    expect(cyclePeriodName('halfYear', 2026, 1)).toBe('2026年上半年');
    expect(cyclePeriodName('annual', 2026, null)).toBe('2026年度');
  });

  it('tiles the year with the parts of every kind, without gap or overlap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2097 }), fc.constantFrom(...cycleKinds), (year, kind) => {
        const parts = Array.from({ length: partsPerYear[kind] }, (_, i) =>
          cyclePeriod(kind, year, kind === 'annual' ? null : i + 1),
        );
        expect(parts[0]!.startsOn).toBe(`${year}-01-01`);
        expect(parts.at(-1)!.endsOn).toBe(`${year}-12-31`);
        for (let i = 1; i < parts.length; i++)
          expect(parts[i]!.startsOn).toBe(addDays(parts[i - 1]!.endsOn, 1));
      }),
    );
  });

  it('wants a part for half years and quarters only, in range', () => {
    expect(cyclePartProblem('annual', null)).toBeNull();
    expect(cyclePartProblem('annual', 1)).toBe('年度考核周期不分季度或半年');
    expect(cyclePartProblem('halfYear', 3)).toBe('半年考核周期须指明上半年或下半年');
    expect(cyclePartProblem('quarterly', null)).toBe('季度考核周期须指明第几季度（1–4）');
    expect(cyclePartProblem('quarterly', 4)).toBeNull();
  });
});

describe('stageDatesProblems', () => {
  const period = cyclePeriod('annual', 2026, null);

  it('accepts stages in order within their bounds, and any left empty', () => {
    expect(
      stageDatesProblems(period, {
        schemeIssuedOn: '2026-02-15',
        reportsDueOn: '2026-12-20',
        reviewMeetingOn: '2027-01-10',
        resultsPublishedOn: '2027-01-20',
        rectificationDueOn: '2027-06-30',
      }),
    ).toEqual([]);
    expect(stageDatesProblems(period, {})).toEqual([]);
  });

  it('names the stage out of order, and the one it must follow', () => {
    expect(
      stageDatesProblems(period, { schemeIssuedOn: '2026-03-01', reviewMeetingOn: '2026-02-01' }),
    ).toEqual([{ field: 'reviewMeetingOn', message: '评议会日期不能早于方案下发日期（2026-03-01）' }]);
  });

  it('names a stage outside its bounds', () => {
    expect(stageDatesProblems(period, { schemeIssuedOn: '2024-12-31' })).toEqual([
      { field: 'schemeIssuedOn', message: '方案下发日期须在 2025-01-01 至 2026-12-31 之间' },
    ]);
    expect(stageDatesProblems(period, { rectificationDueOn: '2029-01-01' })[0]!.field).toBe(
      'rectificationDueOn',
    );
  });

  it('finds no problem exactly when the given days are sorted and in bounds (property)', () => {
    const day = fc.integer({ min: -400, max: 800 }).map((n) => addDays(period.startsOn, n));
    fc.assert(
      fc.property(fc.array(fc.option(day, { nil: undefined }), { minLength: 5, maxLength: 5 }), (days) => {
        const stages = Object.fromEntries(cycleStages.map((s, i) => [s, days[i]]));
        const given = days.filter((d): d is string => d !== undefined);
        const sorted = given.every((d, i) => i === 0 || given[i - 1]! <= d);
        const problems = stageDatesProblems(period, stages);
        if (!sorted) expect(problems.length).toBeGreaterThan(0);
        for (const p of problems) expect(p.message).toMatch(/日期/);
      }),
    );
  });
});

describe('the status steps', () => {
  it('go draft → open → reviewing → closed and no further', () => {
    expect(nextCycleStatus).toEqual({ draft: 'open', open: 'reviewing', reviewing: 'closed', closed: null });
  });
});

describe('selectReporters', () => {
  const candidate = fc.record({
    id: fc.integer({ min: 1, max: 60 }),
    depth: fc.integer({ min: 1, max: 3 }),
    level: fc.constantFrom(...orgLevels),
    domain: fc.option(fc.constantFrom(...orgDomains), { nil: null }),
  });
  const candidates = fc.uniqueArray(candidate, { selector: (c) => c.id, maxLength: 30 });
  const rule: fc.Arbitrary<ReportingRule> = fc.record({
    depth: fc.constantFrom('children' as const, 'subtree' as const),
    levels: fc.uniqueArray(fc.constantFrom(...orgLevels)),
    domains: fc.uniqueArray(fc.constantFrom(...orgDomains)),
    include: fc.uniqueArray(fc.integer({ min: 1, max: 60 })),
    exclude: fc.uniqueArray(fc.integer({ min: 1, max: 60 })),
  });

  it('picks candidates only; removed orgs never, added ones always (property)', () => {
    fc.assert(
      fc.property(candidates, rule, (cs, r) => {
        const picked = selectReporters(cs, r);
        const ids = new Set(cs.map((c) => c.id));
        for (const id of picked) {
          expect(ids.has(id)).toBe(true);
          expect(r.exclude).not.toContain(id);
        }
        for (const id of r.include) if (ids.has(id) && !r.exclude.includes(id)) expect(picked).toContain(id);
      }),
    );
  });

  it('matches by level, domain and depth', () => {
    const cs: ReportingCandidate[] = [
      { id: 1, depth: 1, level: 'committee', domain: null },
      { id: 2, depth: 2, level: 'branch', domain: 'village' },
      { id: 3, depth: 2, level: 'branch', domain: 'community' },
      { id: 4, depth: 2, level: 'branch', domain: 'government' },
      { id: 5, depth: 1, level: 'branch', domain: 'institution' },
    ];
    expect(selectReporters(cs, defaultReportingRule('county'))).toEqual([1, 5]);
    expect(selectReporters(cs, defaultReportingRule('committee'))).toEqual([2, 3]);
    expect(selectReporters(cs, { ...defaultReportingRule('committee'), include: [4], exclude: [3] })).toEqual(
      [2, 4],
    );
    expect(audienceOfLevel('generalBranch')).toBe('branch');
    expect(audienceOfLevel('workCommittee')).toBe('committee');
  });
});

describe('assessmentOf', () => {
  it('names the assessment once, whether or not the cycle name already says it', () => {
    const name = defaultCycleName('annual', 2025, null);
    expect(assessmentOf(name)).toBe('2025年度党组织书记抓基层党建工作述职评议考核');
    expect(assessmentOf('2026年鹤田镇村书记考核')).toBe(
      '2026年鹤田镇村书记考核党组织书记抓基层党建工作述职评议考核',
    );
  });
});
