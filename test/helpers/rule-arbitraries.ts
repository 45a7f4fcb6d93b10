// fast-check generators of rules, one org's world and cycle periods, for the rule engine's properties.

import fc from 'fast-check';
import { ledgerKinds } from '../../src/domain/ledger.js';
import type { LedgerSource, Rule } from '../../src/domain/rule-format.js';
import { ruleMeasures } from '../../src/domain/rule-measures.js';
import type { FactContext } from '../../src/domain/rules/index.js';
import type { LedgerRecordFact } from '../../src/domain/rules/ledger-answers.js';
import type { RuleWorld } from './rule-world.js';

const people = [
  { id: 'p1', name: '张三' },
  { id: 'p2', name: '李四' },
  { id: 'p3', name: '王五' },
];

/** Points in cents, as sheets state them (0.01 … max). */
export const points = (max = 10) => fc.integer({ min: 1, max: max * 100 }).map((c) => c / 100);
const times = fc.integer({ min: 1, max: 6 });

const source: fc.Arbitrary<LedgerSource> = fc.record(
  {
    ledgerKinds: fc.subarray([...ledgerKinds], { minLength: 1, maxLength: 3 }),
    topicIncludes: fc.constantFrom('党建', '乡村振兴'),
  },
  { requiredKeys: ['ledgerKinds'] },
);

export const rule: fc.Arbitrary<Rule> = fc.oneof(
  fc.record(
    { kind: fc.constant('count' as const), source, atLeast: times, deductEach: points(3), floor: points(5) },
    { requiredKeys: ['kind', 'source', 'atLeast', 'deductEach'] },
  ),
  fc.record({
    kind: fc.constant('perPeriod' as const),
    source,
    every: fc.constantFrom('month' as const, 'quarter' as const, 'halfYear' as const),
    atLeast: fc.integer({ min: 1, max: 3 }),
    deductEach: points(2),
  }),
  fc.record({
    kind: fc.constant('required' as const),
    of: fc.oneof(fc.record({ source }), fc.record({ measure: fc.constantFrom(...ruleMeasures) })),
    deduct: fc.oneof(points(5), fc.constant('all' as const)),
  }),
  fc.record({
    kind: fc.constant('checklist' as const),
    items: fc.array(fc.record({ label: fc.constantFrom('甲', '乙', '丙', '丁'), source }), {
      minLength: 1,
      maxLength: 4,
    }),
    deductEach: points(3),
  }),
  fc.record(
    {
      kind: fc.constant('threshold' as const),
      measure: fc.constantFrom(...ruleMeasures),
      atLeast: fc.integer({ min: 0, max: 100 }),
      atMost: fc.integer({ min: 0, max: 100 }),
      step: fc.constantFrom(0.5, 1, 2, 5),
      deductEach: points(3),
      whenMissing: fc.constantFrom('keep' as const, 'zero' as const),
    },
    { requiredKeys: ['kind', 'measure', 'step', 'deductEach'] },
  ),
  fc.record({
    kind: fc.constant('perPerson' as const),
    people: fc.constantFrom('committeeMembers' as const, 'twoCommittees' as const),
    source,
    atLeast: times,
    deductEach: points(2),
  }),
  fc.record({ kind: fc.constant('targets' as const), deductEach: points(3) }),
  fc.record({ kind: fc.constant('manual' as const), cap: points(10) }),
);

const day = fc
  .date({ min: new Date('2024-11-01T00:00:00Z'), max: new Date('2026-02-28T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

export const ledgerRecord: fc.Arbitrary<LedgerRecordFact> = fc.record({
  kind: fc.constantFrom(...ledgerKinds),
  on: day,
  topic: fc.constantFrom('', '党建学习', '乡村振兴与党建', '乡村振兴'),
  people: fc.subarray(people.map((p) => p.id)),
});

const measureValue = fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null });

export const world: fc.Arbitrary<RuleWorld> = fc.record({
  records: fc.array(ledgerRecord, { maxLength: 40 }),
  groups: fc.record({ committeeMembers: fc.subarray(people), twoCommittees: fc.constant(people) }),
  measures: fc.record(Object.fromEntries(ruleMeasures.map((m) => [m, measureValue]))),
  targets: fc.array(fc.record({ label: fc.constantFrom('甲', '乙', '丙'), reached: fc.boolean() }), {
    maxLength: 4,
  }),
  manual: fc.array(fc.record({ points: points(3), reason: fc.constantFrom('记录不全', '签到缺失') }), {
    maxLength: 3,
  }),
});

export const context: fc.Arbitrary<FactContext> = fc.constantFrom(
  { period: { start: '2025-01-01', end: '2025-12-31' }, indicatorKey: 'A1' },
  { period: { start: '2025-03-15', end: '2025-12-31' }, indicatorKey: 'A1' },
  { period: { start: '2025-04-01', end: '2025-06-30' }, indicatorKey: 'A1' },
  { period: { start: '2025-07-01', end: '2026-01-31' }, indicatorKey: 'A1' },
);
