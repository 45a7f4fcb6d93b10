import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { factKey, ruleFacts } from '../../src/domain/rules/index.js';
import { toCents } from '../../src/domain/rules/points.js';
import { context, ledgerRecord, points, rule, world } from '../helpers/rule-arbitraries.js';
import { evaluateIn } from '../helpers/rule-world.js';

const maxPoints = points(10);
const sumCents = (lost: { points: number }[]) => lost.reduce((s, l) => s + toCents(l.points), 0);

describe('the rule engine', () => {
  it('never leaves [0, max], and scores in whole cents', () => {
    fc.assert(
      fc.property(rule, maxPoints, world, context, (r, max, w, ctx) => {
        const { score } = evaluateIn(r, max, w, ctx);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(max);
        expect(toCents(score) / 100).toBe(score);
      }),
    );
  });

  it('explains every lost point: the deductions add up to max − score, each positive', () => {
    fc.assert(
      fc.property(rule, maxPoints, world, context, (r, max, w, ctx) => {
        const { score, lost, explanation } = evaluateIn(r, max, w, ctx);
        expect(sumCents(lost)).toBe(toCents(max) - toCents(score));
        for (const l of lost) {
          expect(l.points).toBeGreaterThan(0);
          expect(explanation).toContain(l.reason);
        }
        expect(explanation.length).toBeGreaterThan(0);
      }),
    );
  });

  it('never lowers a score for more recorded work', () => {
    fc.assert(
      fc.property(
        rule,
        maxPoints,
        world,
        fc.array(ledgerRecord, { minLength: 1, maxLength: 5 }),
        context,
        (r, max, w, more, ctx) => {
          const before = evaluateIn(r, max, w, ctx).score;
          const after = evaluateIn(r, max, { ...w, records: [...w.records, ...more] }, ctx).score;
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });

  it('does not depend on the order of records, people, targets or deductions', () => {
    const shuffled = <T>(items: T[]) =>
      fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length });
    fc.assert(
      fc.property(
        rule,
        maxPoints,
        world.chain((w) =>
          fc.record({
            w: fc.constant(w),
            reordered: fc.record({
              records: shuffled(w.records),
              groups: fc.record({
                committeeMembers: shuffled(w.groups?.committeeMembers ?? []),
                twoCommittees: shuffled(w.groups?.twoCommittees ?? []),
              }),
              measures: fc.constant(w.measures),
              targets: shuffled(w.targets ?? []),
              manual: shuffled(w.manual ?? []),
            }),
          }),
        ),
        context,
        (r, max, { w, reordered }, ctx) => {
          expect(evaluateIn(r, max, reordered, ctx)).toEqual(evaluateIn(r, max, w, ctx));
        },
      ),
    );
  });

  it('asks each fact once, under keys that tell different requests apart', () => {
    fc.assert(
      fc.property(rule, context, (r, ctx) => {
        const requests = ruleFacts(r, ctx);
        const keys = requests.map(factKey);
        expect(new Set(keys).size).toBe(keys.length);
        const distinct = new Set(requests.map((q) => JSON.stringify(q)));
        expect(distinct.size).toBe(requests.length);
      }),
    );
  });
});
