// 评分规则 and 考核方案 as the rules domain reads them. The contract's TypeBox schemas
// (`contract/rules.ts`, `contract/schemes.ts`) are the validated, stored form; the domain may not
// import the contract, so the static shapes are stated here once more and
// `test/unit/rule-format.test.ts` fails the type check when the two drift apart.

import type { LedgerKind } from './ledger.js';
import type { RuleMeasure } from './rule-measures.js';
import type { checkMethods, indicatorKinds } from './schemes.js';

/** Which ledger records count: of these kinds, in the cycle's period, optionally by a word in the topic. */
export interface LedgerSource {
  ledgerKinds: LedgerKind[];
  topicIncludes?: string;
}

export const subPeriodUnits = ['month', 'quarter', 'halfYear'] as const;
export type SubPeriodUnit = (typeof subPeriodUnits)[number];

/** Whose per-person counts a `perPerson` rule reads: the branch committee, or the 两委. */
export const ruleGroups = ['committeeMembers', 'twoCommittees'] as const;
export type RuleGroup = (typeof ruleGroups)[number];

export interface CountRule {
  kind: 'count';
  source: LedgerSource;
  atLeast: number;
  deductEach: number;
  floor?: number;
}

export interface PerPeriodRule {
  kind: 'perPeriod';
  source: LedgerSource;
  every: SubPeriodUnit;
  atLeast: number;
  deductEach: number;
}

export interface RequiredRule {
  kind: 'required';
  of: { source: LedgerSource } | { measure: RuleMeasure };
  deduct: number | 'all';
}

export interface ChecklistItem {
  label: string;
  source: LedgerSource;
}

export interface ChecklistRule {
  kind: 'checklist';
  items: ChecklistItem[];
  deductEach: number;
}

export interface ThresholdRule {
  kind: 'threshold';
  measure: RuleMeasure;
  atLeast?: number;
  atMost?: number;
  step: number;
  deductEach: number;
  whenMissing?: 'keep' | 'zero';
}

export interface PerPersonRule {
  kind: 'perPerson';
  people: RuleGroup;
  source: LedgerSource;
  atLeast: number;
  deductEach: number;
}

export interface TargetsRule {
  kind: 'targets';
  deductEach: number;
}

export interface ManualRule {
  kind: 'manual';
  cap: number;
}

export type Rule =
  | CountRule
  | PerPeriodRule
  | RequiredRule
  | ChecklistRule
  | ThresholdRule
  | PerPersonRule
  | TargetsRule
  | ManualRule;
export type RuleKind = Rule['kind'];
/** Every kind, in the order the editor offers them. */
export const ruleKinds = [
  'count',
  'perPeriod',
  'required',
  'checklist',
  'threshold',
  'perPerson',
  'targets',
  'manual',
] as const satisfies readonly RuleKind[];

export type IndicatorKind = (typeof indicatorKinds)[number];
export type CheckMethod = (typeof checkMethods)[number];

/** What of an indicator the rules domain reads (the contract's `Indicator` has more). */
export interface IndicatorShape {
  key: string;
  name: string;
  kind: IndicatorKind;
  maxPoints: number;
  checkMethod: CheckMethod;
  rule?: Rule;
}

export interface CategoryShape {
  key: string;
  name: string;
  maxPoints: number;
  indicators: IndicatorShape[];
}

/** What of a scheme the rules domain reads; the contract's `SchemeBody` is one. */
export interface SchemeShape {
  categories: CategoryShape[];
  bonusCap?: number;
}
