import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruleKinds, type Rule } from '../../src/domain/rule-format.js';
import { ruleMeasures } from '../../src/domain/rule-measures.js';
import { describeRule, ruleProblems } from '../../src/domain/rules/index.js';
import {
  problemsAt,
  ruleOfKind,
  withMeasure,
} from '../../src/web/features/cycles/components/rule-editor-values.js';
import { points, rule } from '../helpers/rule-arbitraries.js';

describe('the rule editor', () => {
  it('starts every kind as a rule the scheme check accepts, within the indicator’s points', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ruleKinds),
        fc.option(rule, { nil: undefined }),
        points(10),
        (kind, previous, max) => {
          const fresh = ruleOfKind(kind, previous, max);
          expect(fresh.kind).toBe(kind);
          expect(ruleProblems(fresh, { maxPoints: max, indicatorKind: 'regular' })).toEqual([]);
          expect(describeRule(fresh).length).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('keeps the records and the deduction when the kind changes', () => {
    const count: Rule = {
      kind: 'count',
      source: { ledgerKinds: ['lesson'], topicIncludes: '党史' },
      atLeast: 4,
      deductEach: 0.25,
    };
    expect(ruleOfKind('perPeriod', count, 2)).toEqual({
      kind: 'perPeriod',
      source: { ledgerKinds: ['lesson'], topicIncludes: '党史' },
      every: 'quarter',
      atLeast: 1,
      deductEach: 0.25,
    });
    expect(ruleOfKind('checklist', count, 2)).toMatchObject({
      items: [{ label: '党课', source: count.source }],
    });
    expect(ruleOfKind('manual', count, 3)).toEqual({ kind: 'manual', cap: 3 });
  });

  it('moves a threshold’s bound to the side where the new measure is worse', () => {
    const attendance: Extract<Rule, { kind: 'threshold' }> = {
      kind: 'threshold',
      measure: 'attendanceRate',
      atLeast: 55,
      step: 1,
      deductEach: 1,
    };
    expect(withMeasure(attendance, 'twoCommitteesAverageAge')).toEqual({
      kind: 'threshold',
      measure: 'twoCommitteesAverageAge',
      atMost: 55,
      step: 1,
      deductEach: 1,
    });
    for (const measure of ruleMeasures)
      expect(
        ruleProblems(withMeasure(attendance, measure), { maxPoints: 2, indicatorKind: 'regular' }).filter(
          (p) => ['atLeast', 'atMost'].includes(p.path),
        ),
      ).toEqual([]);
  });

  it('finds a field’s messages by path', () => {
    const problems = [
      { path: 'deductEach', message: '甲' },
      { path: 'atMost', message: '乙' },
      { path: '', message: '丙' },
    ];
    expect(problemsAt(problems, 'atLeast', 'atMost')).toEqual(['乙']);
    expect(problemsAt(problems, '')).toEqual(['丙']);
  });
});
