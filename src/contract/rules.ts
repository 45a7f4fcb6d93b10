import { Type, type Static } from 'typebox';
import { ledgerKinds } from '../domain/ledger.js';
import { ruleMeasures } from '../domain/rule-measures.js';
import { Text } from './common.js';

/*
 * 评分规则: an automatic indicator's rule, stored as data with the scheme (the indicator's max points
 * are the indicator's, not the rule's). Every shape a real scoring sheet states has one kind here;
 * the evaluator is `src/domain/rules`, and a rule it cannot evaluate is refused when the scheme is
 * saved. Numbers are checked further by the domain (`ruleProblems`), with messages in Chinese.
 */

export const LedgerKind = Type.Enum([...ledgerKinds], { description: '台账记录类型' });
export const RuleMeasure = Type.Enum([...ruleMeasures], { description: '计算指标' });

/** Points a rule deducts or keeps: non-negative, at most a whole sheet's worth. */
const Points = Type.Number({ minimum: 0, maximum: 100, description: '分值' });
const PositivePoints = Type.Number({ exclusiveMinimum: 0, maximum: 100, description: '分值' });
const Times = Type.Integer({ minimum: 1, maximum: 1000, description: '次数' });

/** Which ledger records count: of these kinds, in the cycle's period, optionally by a word in the topic. */
export const LedgerSource = Type.Object(
  {
    ledgerKinds: Type.Array(LedgerKind, { minItems: 1, uniqueItems: true }),
    topicIncludes: Type.Optional(Text(30)),
  },
  { additionalProperties: false },
);
export type LedgerSource = Static<typeof LedgerSource>;

/** 每年专题研究基层党建工作不少于4次，每少开1次扣0.5分（floor: 最多扣到该分）. */
const CountRule = Type.Object(
  {
    kind: Type.Literal('count'),
    source: LedgerSource,
    atLeast: Times,
    deductEach: PositivePoints,
    floor: Type.Optional(Points),
  },
  { additionalProperties: false },
);

/** 每季度至少召开1次支部党员大会，缺1个季度扣1分. */
const PerPeriodRule = Type.Object(
  {
    kind: Type.Literal('perPeriod'),
    source: LedgerSource,
    every: Type.Union([Type.Literal('month'), Type.Literal('quarter'), Type.Literal('halfYear')]),
    atLeast: Times,
    deductEach: PositivePoints,
  },
  { additionalProperties: false },
);

/** 未制定党建工作年度计划扣0.5分; deduct 'all': 未开展不得分. */
const RequiredRule = Type.Object(
  {
    kind: Type.Literal('required'),
    of: Type.Union([
      Type.Object({ source: LedgerSource }, { additionalProperties: false }),
      Type.Object({ measure: RuleMeasure }, { additionalProperties: false }),
    ]),
    deduct: Type.Union([PositivePoints, Type.Literal('all')]),
  },
  { additionalProperties: false },
);

/** 缺一项扣1分，扣完为止. */
const ChecklistRule = Type.Object(
  {
    kind: Type.Literal('checklist'),
    items: Type.Array(
      Type.Object({ label: Text(50), source: LedgerSource }, { additionalProperties: false }),
      {
        minItems: 1,
        maxItems: 50,
      },
    ),
    deductEach: PositivePoints,
  },
  { additionalProperties: false },
);

/** 低于55%，每降低一个百分点扣1分 (atLeast); 平均年龄超过45岁每超1岁扣0.5分 (atMost). */
const ThresholdRule = Type.Object(
  {
    kind: Type.Literal('threshold'),
    measure: RuleMeasure,
    atLeast: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
    atMost: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
    /** The measure's units per deduction (1 percentage point, 1 year, 2 hours …). */
    step: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    deductEach: PositivePoints,
    /** No value (no 两委, no mobile members): keep the points, or lose them all. */
    whenMissing: Type.Optional(Type.Union([Type.Literal('keep'), Type.Literal('zero')])),
  },
  { additionalProperties: false },
);

/** 每名班子成员每季度到联系点走访不少于1次，每少1人次扣0.2分. */
const PerPersonRule = Type.Object(
  {
    kind: Type.Literal('perPerson'),
    people: Type.Union([Type.Literal('committeeMembers'), Type.Literal('twoCommittees')]),
    source: LedgerSource,
    atLeast: Times,
    deductEach: PositivePoints,
  },
  { additionalProperties: false },
);

/** 目标责任书 items: per target not reached. */
const TargetsRule = Type.Object(
  { kind: Type.Literal('targets'), deductEach: PositivePoints },
  { additionalProperties: false },
);

/** 酌情扣分: a checker's deduction with a reason, at most `cap`. */
const ManualRule = Type.Object(
  { kind: Type.Literal('manual'), cap: PositivePoints },
  { additionalProperties: false },
);

export const Rule = Type.Union(
  [
    CountRule,
    PerPeriodRule,
    RequiredRule,
    ChecklistRule,
    ThresholdRule,
    PerPersonRule,
    TargetsRule,
    ManualRule,
  ],
  { description: '自动评分规则' },
);
export type Rule = Static<typeof Rule>;
export type RuleKind = Rule['kind'];
