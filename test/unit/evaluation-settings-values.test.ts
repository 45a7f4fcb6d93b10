import { describe, expect, it } from 'vitest';
import { defaultGradePoints } from '../../src/domain/results/appraisal.js';
import { defaultResultsConfig } from '../../src/domain/results/evaluate.js';
import {
  fromFormValues,
  toFormValues,
  weightTotal,
} from '../../src/web/features/evaluations/components/settings-values.js';
import type { EvaluationSettings } from '../../src/contract/evaluations.js';

const defaults: EvaluationSettings = {
  config: defaultResultsConfig as EvaluationSettings['config'],
  appraisalMethod: { kind: 'points', points: defaultGradePoints },
};

describe('the 综合评价 settings form', () => {
  it('shows shares as percentages and every grade line, and gives back what it was given', () => {
    const form = toFormValues(defaults);
    expect(form.config.quotas).toEqual([{ grade: 'excellent', maxShare: 30, per: 'all' }]);
    expect(form.config.floors[0]!.moreThan).toBe(33.33);
    expect(form.config.thresholds).toEqual([{ minScore: 90 }, { minScore: 80 }, { minScore: 60 }]);
    const back = fromFormValues(form);
    expect(back.config.components).toEqual(defaults.config.components);
    expect(back.config.quotas).toEqual(defaults.config.quotas);
    expect(back.config.thresholds).toEqual(defaults.config.thresholds);
    expect(back.appraisalMethod).toEqual(defaults.appraisalMethod);
  });

  it('leaves out an empty grade line and names components by their key', () => {
    const form = toFormValues(defaults);
    form.config.thresholds[1] = { minScore: null };
    form.config.components = [{ key: 'leader', weight: 100, max: 100 }];
    const back = fromFormValues(form);
    expect(back.config.thresholds.map((t) => t.grade)).toEqual(['excellent', 'fair']);
    expect(back.config.components).toEqual([{ key: 'leader', label: '述职评议', weight: 100, max: 100 }]);
  });

  it('keeps the inputs of each appraisal method and sends only the chosen one', () => {
    const form = toFormValues(defaults);
    expect(form.appraisalMethod.bands[0]).toEqual({ minShare: 90, points: 200 });
    form.appraisalMethod.kind = 'bands';
    expect(fromFormValues(form).appraisalMethod).toEqual({
      kind: 'bands',
      bands: [
        { minShare: 0.9, points: 200 },
        { minShare: 0.8, points: 190 },
        { minShare: 0.7, points: 180 },
        { minShare: 0, points: 170 },
      ],
      lowerWhenFairPoorShare: 0.3333,
    });
    form.appraisalMethod.kind = 'excellentShare';
    expect(fromFormValues(form).appraisalMethod).toEqual({ kind: 'excellentShare' });
  });

  it('adds the weights as typed, an emptied one as 0', () => {
    expect(weightTotal([{ weight: 40 }, { weight: 30.5 }, { weight: null }])).toBe(70.5);
    expect(weightTotal(undefined)).toBe(0);
  });
});
