// One org's world as plain data, and the answers to a rule's fact requests worked out from it by
// brute force: what the rule tests evaluate on (and what the SQL answers are compared with).

import type { IndicatorShape, Rule, RuleGroup } from '../../src/domain/rule-format.js';
import type { RuleMeasure } from '../../src/domain/rule-measures.js';
import {
  evaluateRule,
  factKey,
  ruleFacts,
  type FactAnswer,
  type FactContext,
  type ManualDeduction,
  type TargetItem,
} from '../../src/domain/rules/index.js';
import {
  countPerPerson,
  countRecords,
  type LedgerRecordFact,
  type Person,
} from '../../src/domain/rules/ledger-answers.js';

export interface RuleWorld {
  records: LedgerRecordFact[];
  groups?: Partial<Record<RuleGroup, Person[]>>;
  measures?: Partial<Record<RuleMeasure, number | null>>;
  targets?: TargetItem[];
  manual?: ManualDeduction[];
}

export const year2025: FactContext = {
  period: { start: '2025-01-01', end: '2025-12-31' },
  indicatorKey: 'A1',
};

export function answerFacts(rule: Rule, world: RuleWorld, context: FactContext = year2025) {
  const answers = new Map<string, FactAnswer>();
  for (const request of ruleFacts(rule, context)) {
    const answer = ((): FactAnswer => {
      switch (request.type) {
        case 'ledgerCount':
          return countRecords(request, world.records);
        case 'personCounts':
          return countPerPerson(request, world.records, world.groups?.[request.people] ?? []);
        case 'measure':
          return world.measures?.[request.measure] ?? null;
        case 'targetLetter':
          return world.targets ?? [];
        case 'manualDeductions':
          return world.manual ?? [];
      }
    })();
    answers.set(factKey(request), answer);
  }
  return answers;
}

export const evaluateIn = (
  rule: Rule,
  maxPoints: number,
  world: RuleWorld,
  context: FactContext = year2025,
) => evaluateRule(rule, maxPoints, answerFacts(rule, world, context), context);

/** A record of the kind on the day, for tests that only need kinds and dates. */
export const record = (
  kind: LedgerRecordFact['kind'],
  on: string,
  extra: Partial<LedgerRecordFact> = {},
) => ({
  kind,
  on,
  topic: '',
  people: [],
  ...extra,
});

/** One rule of every kind (two thresholds, two required), as real sheets state them, sound on a 2-point item. */
export const sampleRules: Rule[] = [
  {
    kind: 'count',
    source: { ledgerKinds: ['partyBuildingMeeting'] },
    atLeast: 4,
    deductEach: 0.5,
    floor: 0.5,
  },
  {
    kind: 'perPeriod',
    source: { ledgerKinds: ['congress'] },
    every: 'quarter',
    atLeast: 1,
    deductEach: 1,
  },
  { kind: 'required', of: { source: { ledgerKinds: ['annualPlan'] } }, deduct: 0.5 },
  { kind: 'required', of: { measure: 'membersDeveloped' }, deduct: 'all' },
  {
    kind: 'checklist',
    items: [
      { label: '党务公开', source: { ledgerKinds: ['affairsDisclosure'] } },
      { label: '民主评议', source: { ledgerKinds: ['memberAppraisal'] } },
    ],
    deductEach: 1,
  },
  {
    kind: 'threshold',
    measure: 'attendanceRate',
    atLeast: 55,
    step: 1,
    deductEach: 1,
    whenMissing: 'zero',
  },
  { kind: 'threshold', measure: 'twoCommitteesAverageAge', atMost: 45, step: 1, deductEach: 0.5 },
  {
    kind: 'perPerson',
    people: 'twoCommittees',
    source: { ledgerKinds: ['contactVisit'], topicIncludes: '联系点' },
    atLeast: 2,
    deductEach: 0.2,
  },
  { kind: 'targets', deductEach: 1 },
  { kind: 'manual', cap: 2 },
];

/** 每季度至少召开1次支部党员大会，缺1个季度扣1分: a 4-point automatic indicator. */
export const congressIndicator: IndicatorShape = {
  key: 'B1',
  name: '支部党员大会',
  kind: 'regular',
  maxPoints: 4,
  checkMethod: 'automatic',
  rule: {
    kind: 'perPeriod',
    source: { ledgerKinds: ['congress'] },
    every: 'quarter',
    atLeast: 1,
    deductEach: 1,
  },
};
