import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultResultsConfig,
  evaluateResults,
  grades,
  resultsConfigProblems,
  scoreAppraisal,
  type CategoryTally,
  type Grade,
  type ReporterInput,
  type ResultsConfig,
} from '../../src/domain/results/index.js';

const tally = (
  category: string,
  [excellent, good, fair, poor]: number[],
  abstentions = 0,
): CategoryTally => ({
  category,
  counts: { excellent: excellent!, good: good!, fair: fair!, poor: poor! },
  abstentions,
});

const reporter = (
  id: number,
  components: ReporterInput['components'],
  extra: Partial<ReporterInput> = {},
) => ({
  id,
  name: `第${id}支部`,
  group: null,
  components,
  appraisalShares: null,
  veto: null,
  ...extra,
});

describe('民主测评 scoring', () => {
  it('averages grade points over the graded ballots, abstentions aside', () => {
    const a = scoreAppraisal([tally('下级书记', [6, 3, 1, 0], 2)], {
      method: { kind: 'points', points: { excellent: 100, good: 80, fair: 60, poor: 40 } },
      categoryWeights: null,
      minBallots: 1,
    });
    expect(a.value).toBe(90);
    expect(a.ballots).toBe(10);
    expect(a.abstentions).toBe(2);
    expect(a.explanation).toContain('有效票10张');
  });

  it('weights panelist categories and rescales over those that voted', () => {
    const method = { kind: 'points' as const, points: { excellent: 100, good: 85, fair: 70, poor: 50 } };
    const weights = { 上级班子成员: 20, 下级书记: 40, 党员群众代表: 40 };
    // 100 from the leaders, 85 from the secretaries, 70 from the representatives.
    const all = scoreAppraisal(
      [
        tally('上级班子成员', [4, 0, 0, 0]),
        tally('下级书记', [0, 10, 0, 0]),
        tally('党员群众代表', [0, 0, 20, 0]),
      ],
      { method, categoryWeights: weights, minBallots: 1 },
    );
    expect(all.value).toBe(82);
    const noLeaders = scoreAppraisal(
      [tally('下级书记', [0, 10, 0, 0]), tally('党员群众代表', [0, 0, 20, 0])],
      {
        method,
        categoryWeights: weights,
        minBallots: 1,
      },
    );
    expect(noLeaders.value).toBe(77.5);
  });

  it('gives band points by the share of 好, one band lower when 一般 and 差 reach a third', () => {
    const method = {
      kind: 'bands' as const,
      bands: [
        { minShare: 0.9, points: 200 },
        { minShare: 0.8, points: 190 },
        { minShare: 0.6, points: 180 },
        { minShare: 0, points: 160 },
      ],
      lowerWhenFairPoorShare: 1 / 3,
    };
    const config = { method, categoryWeights: null, minBallots: 1 };
    expect(scoreAppraisal([tally('全体', [9, 1, 0, 0])], config).value).toBe(200);
    expect(scoreAppraisal([tally('全体', [85, 15, 0, 0])], config).value).toBe(190);
    const lowered = scoreAppraisal([tally('全体', [6, 0, 2, 1])], config);
    expect(lowered.value).toBe(160);
    expect(lowered.explanation).toContain('降一档');
    expect(lowered.max).toBe(200);
  });

  it('withholds the appraisal below the minimum number of ballots', () => {
    const a = scoreAppraisal([tally('全体', [1, 1, 0, 0])], {
      method: { kind: 'excellentShare' },
      categoryWeights: null,
      minBallots: 3,
    });
    expect(a.value).toBeNull();
    expect(a.explanation).toContain('少于3张');
  });
});

describe('综合评价', () => {
  it('weights the components on a 100-point scale and explains every step', () => {
    const noQuota = { ...defaultResultsConfig, quotas: [] };
    const [r] = evaluateResults(noQuota, [reporter(1, { routine: 95, leader: 90, appraisal: 85 })]);
    expect(r!.score).toBe(90.5);
    expect(r!.grade).toBe('excellent');
    expect(r!.gradeLabel).toBe('好');
    expect(r!.steps[0]).toBe(
      '综合得分90.5分：日常考核95/100分×40% + 述职评议90/100分×30% + 民主测评85/100分×30%',
    );
  });

  it('rescales the weights over the recorded components and says so', () => {
    const [r] = evaluateResults(defaultResultsConfig, [
      reporter(1, { routine: 80, leader: null, appraisal: 90 }),
    ]);
    expect(r!.score).toBe(roundTwo(80 * (40 / 70) + 90 * (30 / 70)));
    expect(r!.steps).toContain('缺少述职评议，其权重按比例计入其他各项');
  });

  it('caps a grade by a floor and sets a veto grade', () => {
    const shares = { excellent: 0.5, good: 0.1, fair: 0, poor: 0.4 };
    const results = evaluateResults(defaultResultsConfig, [
      reporter(1, { routine: 95, leader: 95, appraisal: 95 }, { appraisalShares: shares }),
      reporter(2, { routine: 99, leader: 99, appraisal: 99 }, { veto: { reason: '发生严重违纪问题' } }),
      reporter(3, { routine: 70, leader: 70, appraisal: 70 }),
    ]);
    const byId = new Map(results.map((r) => [r.id, r]));
    expect(byId.get(1)!.grade).toBe('fair');
    expect(byId.get(1)!.steps.join()).toContain('超过33.33%，等次最高为“一般”');
    expect(byId.get(2)!.grade).toBe('poor');
    expect(byId.get(2)!.rank).toBe(3);
    expect(results.map((r) => r.id)).toEqual([1, 3, 2]);
  });

  it('demotes beyond a quota by rank, and a tie across the last place together', () => {
    const config: ResultsConfig = {
      ...defaultResultsConfig,
      quotas: [{ grade: 'excellent', maxShare: 0.3, per: 'all' }],
    };
    const scores = [99, 97, 95, 95, 91, 70, 70, 70, 70, 70];
    const results = evaluateResults(
      config,
      scores.map((s, i) => reporter(i + 1, { routine: s, leader: s, appraisal: s })),
    );
    expect(results.filter((r) => r.grade === 'excellent').map((r) => r.id)).toEqual([1, 2]);
    const tied = results.filter((r) => r.id === 3 || r.id === 4);
    expect(tied.map((r) => r.grade)).toEqual(['good', 'good']);
    expect(tied.map((r) => r.rank)).toEqual([3, 3]);
    expect(tied[0]!.steps.at(-1)).toContain('同分并列超出名额');
  });

  it('ranks within each group as well as overall', () => {
    const results = evaluateResults(defaultResultsConfig, [
      reporter(1, { routine: 80, leader: 80, appraisal: 80 }, { group: '甲镇' }),
      reporter(2, { routine: 90, leader: 90, appraisal: 90 }, { group: '乙镇' }),
      reporter(3, { routine: 85, leader: 85, appraisal: 85 }, { group: '甲镇' }),
    ]);
    expect(results.map((r) => [r.id, r.rank, r.groupRank])).toEqual([
      [2, 1, 1],
      [3, 2, 1],
      [1, 3, 2],
    ]);
  });

  it('breaks an equal composite by the components in the configured order', () => {
    const results = evaluateResults(defaultResultsConfig, [
      reporter(1, { routine: 84, leader: 84, appraisal: 84 }),
      reporter(2, { routine: 90, leader: 80, appraisal: 80 }),
    ]);
    // 84 either way (90×.4 + 80×.3 + 80×.3 = 84): the routine score decides.
    expect(results[0]!.score).toBe(results[1]!.score);
    expect(results.map((r) => [r.id, r.rank])).toEqual([
      [2, 1],
      [1, 2],
    ]);
  });

  it('refuses a configuration that does not add up, in Chinese', () => {
    const problems = resultsConfigProblems({
      ...defaultResultsConfig,
      components: [{ key: 'routine', label: '日常考核', weight: 60, max: 100 }],
      thresholds: [
        { grade: 'excellent', minScore: 80 },
        { grade: 'good', minScore: 85 },
      ],
      quotas: [{ grade: 'poor', maxShare: 0.2, per: 'all' }],
    });
    expect(problems.map((p) => p.message)).toEqual([
      '各项权重合计应为100%，现为60%',
      '“好”的分数线应高于“较好”的',
      '“差”等次不设名额限制',
    ]);
    expect(resultsConfigProblems(defaultResultsConfig)).toEqual([]);
  });
});

const roundTwo = (n: number) => Math.round(n * 100) / 100;

const score = fc.option(fc.integer({ min: 0, max: 100 }), { nil: null, freq: 8 });
const shares = fc
  .tuple(...grades.map(() => fc.integer({ min: 0, max: 20 })))
  .filter((counts) => counts.some((c) => c > 0))
  .map((counts) => {
    const total = counts.reduce((s, c) => s + c, 0);
    return Object.fromEntries(grades.map((g, i) => [g, counts[i]! / total])) as Record<Grade, number>;
  });
const reporters = fc
  .array(
    fc.record({
      routine: score,
      leader: score,
      appraisal: score,
      group: fc.constantFrom('甲镇', '乙镇', '丙镇'),
      shares: fc.option(shares, { nil: null }),
      vetoed: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((rows) =>
    rows.map((r, i): ReporterInput => ({
      id: i + 1,
      name: `支部${i + 1}`,
      group: r.group,
      components: { routine: r.routine, leader: r.leader, appraisal: r.appraisal },
      appraisalShares: r.shares,
      veto: r.vetoed ? { reason: '否决' } : null,
    })),
  );
const quotaConfig = fc
  .record({
    excellent: fc.double({ min: 0.05, max: 1, noNaN: true }),
    good: fc.double({ min: 0.05, max: 1, noNaN: true }),
    per: fc.constantFrom('all' as const, 'group' as const),
  })
  .map((q): ResultsConfig => ({
    ...defaultResultsConfig,
    quotas: [
      { grade: 'excellent', maxShare: q.excellent, per: q.per },
      { grade: 'good', maxShare: q.good, per: q.per },
    ],
  }));

const rankOf = (results: ReturnType<typeof evaluateResults>, id: number) => results.find((r) => r.id === id)!;
const gradeIndex = (g: Grade | null) => (g === null ? grades.length : grades.indexOf(g));

describe('the results engine, for any input', () => {
  it('never exceeds a quota', () => {
    fc.assert(
      fc.property(quotaConfig, reporters, (config, input) => {
        const results = evaluateResults(config, input);
        for (const quota of config.quotas) {
          const pools =
            quota.per === 'all'
              ? [results]
              : [...new Set(results.map((r) => r.group))].map((g) => results.filter((r) => r.group === g));
          for (const pool of pools)
            expect(pool.filter((r) => r.grade === quota.grade).length).toBeLessThanOrEqual(
              Math.floor(quota.maxShare * pool.length + 1e-9),
            );
        }
      }),
    );
  });

  it('never lowers a reporter’s rank or grade when one of their components rises', () => {
    fc.assert(
      fc.property(
        quotaConfig,
        reporters,
        fc.nat(),
        fc.constantFrom('routine', 'leader', 'appraisal'),
        fc.integer({ min: 1, max: 100 }),
        (config, input, pick, key, raise) => {
          const target = input[pick % input.length]!;
          // Raising, not recording: a component first recorded changes how the weights are rescaled.
          fc.pre(typeof target.components[key] === 'number');
          const before = rankOf(evaluateResults(config, input), target.id);
          const raised = input.map((r) =>
            r.id === target.id
              ? {
                  ...r,
                  components: { ...r.components, [key]: Math.min(100, r.components[key]! + raise) },
                }
              : r,
          );
          const after = rankOf(evaluateResults(config, raised), target.id);
          expect(after.rank).toBeLessThanOrEqual(before.rank);
          expect(after.groupRank).toBeLessThanOrEqual(before.groupRank);
          expect(gradeIndex(after.grade)).toBeLessThanOrEqual(gradeIndex(before.grade));
        },
      ),
    );
  });

  it('gives the same results whatever the order of the input', () => {
    fc.assert(
      fc.property(
        quotaConfig,
        reporters.chain((rs) => fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length }))),
        (config, [input, shuffled]) => {
          expect(evaluateResults(config, shuffled)).toEqual(evaluateResults(config, input));
        },
      ),
    );
  });

  it('lists in rank order, and gives equal ranks only to reporters equal on every ranking key', () => {
    fc.assert(
      fc.property(quotaConfig, reporters, (config, input) => {
        const results = evaluateResults(config, input);
        results.forEach((r, i) => {
          if (i === 0) return expect(r.rank).toBe(1);
          const previous = results[i - 1]!;
          expect(r.rank).toBeGreaterThanOrEqual(previous.rank);
          if (r.rank === previous.rank) {
            expect(r.score).toBe(previous.score);
            expect(r.components.map((c) => c.value)).toEqual(previous.components.map((c) => c.value));
          } else expect(r.rank).toBe(i + 1);
        });
      }),
    );
  });
});
