import { describe, expect, it } from 'vitest';
import { defaultGradePoints } from '../../src/domain/results/appraisal.js';
import {
  categoryWeightsOf,
  prepareReporter,
  type GatheredReporter,
} from '../../src/domain/results/cycle-inputs.js';
import { defaultResultsConfig } from '../../src/domain/results/evaluate.js';
import { leaderReviewProblems, leaderScore } from '../../src/domain/results/leader.js';

const items = [
  { key: 'overall', label: '总体评价' },
  { key: 'duty', label: '履行第一责任人职责' },
];

describe('leader reviews', () => {
  it('requires every item scored 0–100 with one decimal at most, and no unknown item', () => {
    expect(leaderReviewProblems(items, { scores: { overall: 90, duty: 85.5 }, critique: '' })).toEqual([]);
    expect(leaderReviewProblems(items, { scores: { overall: 90 }, critique: '' })).toEqual([
      { field: 'scores.duty', message: '请为“履行第一责任人职责”打分' },
    ]);
    expect(
      leaderReviewProblems(items, { scores: { overall: 100.5, duty: 85.25, extra: 1 }, critique: '' }),
    ).toEqual([
      { field: 'scores.overall', message: '“总体评价”的分数应在0到100之间' },
      { field: 'scores.duty', message: '“履行第一责任人职责”的分数最多保留一位小数' },
      { field: 'scores.extra', message: '测评项目“extra”不在本次评议会中' },
    ]);
  });

  it('averages each leader over the items, then the leaders alike', () => {
    // One leader scored two items (mean 80), another one item (90): 85, not (70+90+90)/3.
    expect(leaderScore([{ scores: { overall: 70, duty: 90 } }, { scores: { overall: 90 } }])).toMatchObject({
      value: 85,
      reviewers: 2,
    });
    expect(leaderScore([])).toEqual({ value: null, reviewers: 0, explanation: '无领导评分' });
  });
});

describe('a cycle’s records as the engine’s input', () => {
  const settings = {
    config: defaultResultsConfig,
    appraisalMethod: { kind: 'points' as const, points: defaultGradePoints },
  };
  const reporter = (over: Partial<GatheredReporter> = {}): GatheredReporter => ({
    id: 1,
    name: '东村党支部',
    group: null,
    routine: { total: 45, maxPoints: 50 },
    veto: null,
    leaderReviews: [{ scores: { overall: 88 } }],
    appraisal: {
      tallies: [
        { category: 'a', counts: { excellent: 3, good: 1, fair: 0, poor: 0 }, abstentions: 1 },
        { category: 'b', counts: { excellent: 0, good: 0, fair: 1, poor: 1 }, abstentions: 0 },
      ],
      rules: { categoryWeights: null, minBallots: 1 },
    },
    satisfaction: null,
    ...over,
  });

  it('puts the routine sheet on its own full marks and the appraisal on the method’s highest value', () => {
    const { input, appraisal } = prepareReporter(settings, reporter());
    // 45 of 50 → 90; ballots 3×100 + 85 + 70 + 50 over 6 → 84.17.
    expect(input.components).toEqual({ routine: 90, leader: 88, appraisal: 84.17, satisfaction: null });
    expect(appraisal).toMatchObject({ ballots: 6, abstentions: 1 });
    expect(input.appraisalShares).toMatchObject({ excellent: 0.5, poor: 1 / 6 });
  });

  it('leaves out what was not recorded, and withholds an appraisal below the meeting’s minimum', () => {
    const { input } = prepareReporter(
      settings,
      reporter({
        routine: null,
        leaderReviews: [],
        appraisal: { ...reporter().appraisal!, rules: { categoryWeights: null, minBallots: 7 } },
      }),
    );
    expect(input.components).toEqual({ routine: null, leader: null, appraisal: null, satisfaction: null });
    expect(input.appraisalShares).toBeNull();
  });

  it('puts the 满意率 on the 满意度 component’s full marks, and counts it only when configured', () => {
    const withSatisfaction = {
      ...settings,
      config: {
        ...defaultResultsConfig,
        components: [
          ...defaultResultsConfig.components.map((c) => ({ ...c, weight: c.weight - 5 })),
          { key: 'satisfaction', label: '满意度', weight: 15, max: 20 },
        ],
      },
    };
    expect(
      prepareReporter(withSatisfaction, reporter({ satisfaction: 92.5 })).input.components,
    ).toMatchObject({
      satisfaction: 18.5,
    });
    expect(
      prepareReporter(withSatisfaction, reporter({ satisfaction: null })).input.components.satisfaction,
    ).toBeNull();
    expect(
      prepareReporter(settings, reporter({ satisfaction: 92.5 })).input.components.satisfaction,
    ).toBeNull();
  });

  it('weighs panelist categories only when the meeting gave any a weight', () => {
    expect(
      categoryWeightsOf([
        { key: 'a', weight: null },
        { key: 'b', weight: null },
      ]),
    ).toBeNull();
    expect(
      categoryWeightsOf([
        { key: 'a', weight: 40 },
        { key: 'b', weight: null },
      ]),
    ).toEqual({ a: 40, b: 0 });
    const weighted = prepareReporter(
      settings,
      reporter({
        appraisal: { ...reporter().appraisal!, rules: { categoryWeights: { a: 50, b: 50 }, minBallots: 1 } },
      }),
    );
    // a: (3×100 + 85)/4 = 96.25; b: (70 + 50)/2 = 60; half each → 78.13.
    expect(weighted.input.components.appraisal).toBe(78.13);
  });
});
