import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IndicatorShape } from '../../src/domain/rule-format.js';
import {
  deductionsProblem,
  entryProblem,
  rankingOrder,
  routineSheetRows,
  schemeIndicators,
  schemeRequests,
  schemeScorer,
  scorerOf,
  vetoProblem,
  type ScoreEntry,
} from '../../src/domain/routine-scores.js';
import { factKey, scoreSheet, type FactAnswer } from '../../src/domain/rules/index.js';
import { schemeTemplates } from '../../src/domain/scheme-templates.js';
import { scorers } from '../../src/domain/schemes.js';
import type { ScoreSheet as ContractSheet } from '../../src/contract/routine-scores.js';
import type { ScoreSheet as DomainSheet } from '../../src/domain/rules/index.js';

// The contract states the stored sheet again (the domain may not import it): the two must agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sheetsAgree: Same<ContractSheet, DomainSheet> = true;

const branch = schemeTemplates.branch;
const period = { start: '2026-01-01', end: '2026-12-31' };
const indicators = schemeIndicators(branch);
const counted = indicators.find((i) => i.key === 'b-trainings')!;
const byHand = indicators.find((i) => i.key === 'b-vanguard')!;
const veto = indicators.find((i) => i.kind === 'veto')!;

/** Every request of the branch template answered as "nothing recorded". */
function emptyFacts() {
  const facts = new Map<string, FactAnswer>();
  for (const r of schemeRequests(branch, period))
    facts.set(factKey(r), r.type === 'ledgerCount' ? 0 : r.type === 'measure' ? null : []);
  return facts;
}

const cents = (max: number) => fc.integer({ min: 0, max: Math.round(max * 100) }).map((n) => n / 100);

describe('routine scores: entered scores', () => {
  it('states the sheet in the contract as the domain computes it', () => expect(sheetsAgree).toBe(true));

  it('accepts points in [0, max] in hundredths; refuses outside, naming points', () => {
    fc.assert(
      fc.property(cents(counted.maxPoints), (points) => {
        expect(entryProblem(counted, points, '现场核实')).toBeNull();
        expect(entryProblem(byHand, Math.min(points, byHand.maxPoints), null)).toBeNull();
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1000, noNaN: true }), (over) => {
        expect(entryProblem(counted, counted.maxPoints + over, '理由')?.field).toBe('points');
        expect(entryProblem(counted, -over, '理由')?.field).toBe('points');
      }),
    );
    expect(entryProblem(counted, 1.005, '理由')?.message).toContain('两位小数');
  });

  it('asks a reason for overriding an automatic rule, not for a checked indicator; veto items take no points', () => {
    expect(entryProblem(counted, 1, null)).toEqual({
      field: 'reason',
      message: '“党员培训场次”已按规则自动评分，改分须说明理由',
    });
    expect(entryProblem(counted, 1, '  ')?.field).toBe('reason');
    expect(entryProblem(byHand, 1, null)).toBeNull();
    expect(entryProblem(veto, 0, '理由')?.field).toBe('indicatorKey');
  });

  it('takes 酌情扣分 only on a manual rule, each with a reason and points in (0, max]', () => {
    expect(deductionsProblem(byHand, [{ points: 1, reason: '未挂牌' }])).toBeNull();
    expect(deductionsProblem(counted, [{ points: 1, reason: '未挂牌' }])?.field).toBe('indicatorKey');
    expect(deductionsProblem(byHand, [{ points: 0, reason: '未挂牌' }])?.field).toBe('deductions');
    expect(deductionsProblem(byHand, [{ points: 1, reason: ' ' }])?.message).toContain('第1条');
    expect(deductionsProblem(byHand, [{ points: 0.25, reason: '未挂牌' }])).toBeNull();
    expect(deductionsProblem(byHand, [{ points: 1.234, reason: '未挂牌' }])?.message).toContain('两位小数');
  });

  it('scores as the role says', () => {
    expect([
      scorerOf('secretary'),
      scorerOf('checker'),
      scorerOf('organizer'),
      scorerOf('admin'),
      scorerOf('viewer'),
    ]).toEqual(['self', 'checker', 'organizer', 'organizer', null]);
  });
});

describe('routine scores: one org’s sheet', () => {
  const entryArb = (indicator: IndicatorShape): fc.Arbitrary<ScoreEntry> =>
    fc.record({
      indicatorKey: fc.constant(indicator.key),
      by: fc.constantFrom(...scorers),
      points: cents(indicator.maxPoints),
      reason: fc.constant('核定'),
    });

  it('uses the last score entered per indicator, whatever was entered on others in between', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(entryArb(counted), entryArb(byHand)), { minLength: 1, maxLength: 12 }),
        (entries) => {
          const scorings = schemeScorer(branch, period)(emptyFacts(), entries);
          for (const key of [counted.key, byHand.key]) {
            const last = entries.filter((e) => e.indicatorKey === key).at(-1);
            expect(scorings[key]!.scored?.points).toBe(last?.points);
            expect(scorings[key]!.scored?.by).toBe(last?.by);
          }
          // Every rule was evaluated, entered or not.
          for (const i of indicators) expect(scorings[i.key]!.ruled !== undefined).toBe(i.rule !== undefined);
        },
      ),
    );
  });

  it('applies a veto by its last decision only, with its reason', () => {
    const decide = (applies: boolean, reason: string) => ({ indicatorKey: veto.key, applies, reason });
    const sheetWith = (decisions: ReturnType<typeof decide>[]) =>
      scoreSheet(branch, schemeScorer(branch, period)(emptyFacts(), [], new Map(), decisions));
    expect(sheetWith([decide(true, '受党纪处分')]).vetoes).toEqual([
      { key: veto.key, name: veto.name, reason: '受党纪处分' },
    ]);
    expect(sheetWith([decide(true, '受党纪处分'), decide(false, '处分已撤销')]).vetoes).toEqual([]);
    expect(sheetWith([decide(false, '复核'), decide(true, '再次认定')]).vetoes).toHaveLength(1);
    // A decision named on a regular indicator does nothing.
    const regular = scoreSheet(
      branch,
      schemeScorer(branch, period)(emptyFacts(), [], new Map(), [
        { indicatorKey: byHand.key, applies: true, reason: 'x' },
      ]),
    );
    expect(regular.vetoes).toEqual([]);
  });

  it('takes a veto decision on a veto item, with a reason, from a checker or organizer only', () => {
    expect(vetoProblem(veto, '受党纪处分', 'checker')).toBeNull();
    expect(vetoProblem(veto, '受党纪处分', 'organizer')).toBeNull();
    expect(vetoProblem(byHand, '受党纪处分', 'checker')?.field).toBe('indicatorKey');
    expect(vetoProblem(veto, ' ', 'checker')).toMatchObject({ status: 400, field: 'reason' });
    expect(vetoProblem(veto, '受党纪处分', 'self')?.status).toBe(403);
  });

  it('evaluates a rule once per distinct answers, the same as for each org alone', () => {
    const answerArb = fc.record(
      Object.fromEntries(
        schemeRequests(branch, period).map((r) => [
          factKey(r),
          r.type === 'ledgerCount'
            ? fc.nat(3).map((n): FactAnswer => n)
            : r.type === 'measure'
              ? fc.option(fc.integer({ min: 0, max: 100 }), { nil: null })
              : fc.constant<FactAnswer>([]),
        ]),
      ),
    );
    fc.assert(
      fc.property(fc.array(answerArb, { minLength: 2, maxLength: 8 }), (orgs) => {
        const shared = schemeScorer(branch, period);
        for (const answers of orgs) {
          const facts = new Map<string, FactAnswer>(Object.entries(answers));
          expect(shared(facts, [])).toEqual(schemeScorer(branch, period)(facts, []));
        }
      }),
    );
  });

  it('lays the sheet out as one row per indicator and a 合计 row equal to the total', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(entryArb(counted), entryArb(byHand)), { maxLength: 6 }), (entries) => {
        const sheet = scoreSheet(branch, schemeScorer(branch, period)(emptyFacts(), entries));
        const rows = routineSheetRows(sheet);
        expect(rows).toHaveLength(indicators.length + 1);
        expect(rows.at(-1)).toMatchObject({
          category: '合计',
          score: sheet.total,
          maxPoints: sheet.maxPoints,
        });
        expect(rows.slice(0, -1).map((r) => r.number)).toEqual(indicators.map((_, i) => i + 1));
        const regular = rows.filter((_, i) => indicators[i]?.kind === 'regular');
        for (const row of regular) expect(Number(row.score)).toBeLessThanOrEqual(Number(row.maxPoints));
      }),
    );
  });

  it('ranks higher totals first, vetoed orgs last, unscored after scored ones', () => {
    const itemArb = fc.record({
      total: fc.option(cents(100), { nil: null }),
      vetoed: fc.option(fc.boolean(), { nil: null }),
      name: fc.constantFrom('东村', '西村', '南村', '北村'),
    });
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 10 }), (items) => {
        const sorted = [...items].sort(rankingOrder);
        for (let i = 1; i < sorted.length; i++) {
          const [a, b] = [sorted[i - 1]!, sorted[i]!];
          if (a.vetoed === true) expect(b.vetoed).toBe(true);
          else if (b.vetoed !== true) expect(a.total ?? -1).toBeGreaterThanOrEqual(b.total ?? -1);
        }
      }),
    );
  });
});
