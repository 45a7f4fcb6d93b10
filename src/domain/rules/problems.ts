// ruleProblems: what TypeBox cannot say about a rule (its numbers against the indicator's points,
// bounds on the wrong side, repeated items), in Chinese naming the field. The editor shows each
// message on its field; schemeProblems places them in the scheme.

import type { IndicatorKind, LedgerSource, Rule } from '../rule-format.js';
import { ruleMeasureDefinitions } from '../rule-measures.js';
import { measureDirection } from './measure-direction.js';
import { formatPoints } from './points.js';
import { measureLabel } from './words.js';

/** A problem at a dot-joined path ("deductEach", "items.2.label"), as the 400's `details` name fields. */
export interface RuleProblem {
  path: string;
  message: string;
}

export interface RuleSetting {
  maxPoints: number;
  indicatorKind: IndicatorKind;
}

const points = (n: number) => `${formatPoints(n)}分`;

/**
 * Points a rule takes at once are more than 0 and at most the indicator's: a 0.5-point item losing
 * 0.6 is a slip. (The schema says the first too, but the editor shows this check as one types.)
 */
function notAboveMax(path: string, field: string, value: number, maxPoints: number): RuleProblem[] {
  if (!(value > 0)) return [{ path, message: `${field}应大于0` }];
  return value > maxPoints
    ? [{ path, message: `${field}（${points(value)}）不能超过本指标分值（${points(maxPoints)}）` }]
    : [];
}

/** How many records a counting rule asks for: a whole number from 1. */
const timesProblems = (atLeast: number): RuleProblem[] =>
  Number.isInteger(atLeast) && atLeast >= 1 ? [] : [{ path: 'atLeast', message: '次数应为不小于1的整数' }];

function sourceProblems(source: LedgerSource, path: string): RuleProblem[] {
  return source.ledgerKinds.length === 0
    ? [{ path: `${path}.ledgerKinds`, message: '请至少选择一种台账记录' }]
    : [];
}

function thresholdProblems(rule: Extract<Rule, { kind: 'threshold' }>): RuleProblem[] {
  const label = measureLabel(rule.measure);
  const higher = measureDirection[rule.measure] === 'higher';
  const out: RuleProblem[] = [];
  if (rule.atLeast === undefined && rule.atMost === undefined)
    out.push({
      path: higher ? 'atLeast' : 'atMost',
      message: `请设置${higher ? '下限（低于多少扣分）' : '上限（高于多少扣分）'}`,
    });
  if (higher && rule.atMost !== undefined)
    out.push({ path: 'atMost', message: `${label}越高越好，只能设置下限（低于多少扣分），不能设置上限` });
  if (!higher && rule.atLeast !== undefined)
    out.push({ path: 'atLeast', message: `${label}越低越好，只能设置上限（高于多少扣分），不能设置下限` });
  const percent = ruleMeasureDefinitions[rule.measure].unit === '%';
  for (const path of ['atLeast', 'atMost'] as const) {
    const bound = rule[path];
    const name = path === 'atLeast' ? '下限' : '上限';
    if (bound !== undefined && bound < 0) out.push({ path, message: `${name}不能为负数` });
    if (bound !== undefined && percent && bound > 100)
      out.push({ path, message: `${name}是百分比，不能超过100%` });
  }
  if (!(rule.step > 0)) out.push({ path: 'step', message: '每档差距应大于0' });
  return out;
}

function kindProblems(rule: Rule, maxPoints: number): RuleProblem[] {
  switch (rule.kind) {
    case 'count':
      return [
        ...sourceProblems(rule.source, 'source'),
        ...timesProblems(rule.atLeast),
        ...notAboveMax('deductEach', '每少1次扣分', rule.deductEach, maxPoints),
        ...(rule.floor !== undefined && rule.floor < 0
          ? [{ path: 'floor', message: '最低得分不能为负数' }]
          : []),
        ...(rule.floor !== undefined && rule.floor >= maxPoints
          ? [
              {
                path: 'floor',
                message: `最低得分（${points(rule.floor)}）应低于本指标分值（${points(maxPoints)}）`,
              },
            ]
          : []),
      ];
    case 'perPeriod':
      return [
        ...sourceProblems(rule.source, 'source'),
        ...timesProblems(rule.atLeast),
        ...notAboveMax('deductEach', '每缺1期扣分', rule.deductEach, maxPoints),
      ];
    case 'required':
      return [
        ...('source' in rule.of ? sourceProblems(rule.of.source, 'of.source') : []),
        ...(rule.deduct === 'all' ? [] : notAboveMax('deduct', '扣分', rule.deduct, maxPoints)),
      ];
    case 'checklist': {
      const seen = new Set<string>();
      const repeated = rule.items.flatMap((item, i) => {
        const label = item.label.trim();
        if (!seen.has(label)) {
          seen.add(label);
          return [];
        }
        return [{ path: `items.${i}.label`, message: `检查项“${label}”重复` }];
      });
      return [
        ...rule.items.flatMap((item, i) => sourceProblems(item.source, `items.${i}.source`)),
        ...repeated,
        ...notAboveMax('deductEach', '每缺1项扣分', rule.deductEach, maxPoints),
      ];
    }
    case 'threshold':
      return [
        ...thresholdProblems(rule),
        ...notAboveMax('deductEach', '每档扣分', rule.deductEach, maxPoints),
      ];
    case 'perPerson':
      return [
        ...sourceProblems(rule.source, 'source'),
        ...timesProblems(rule.atLeast),
        ...notAboveMax('deductEach', '每少1人次扣分', rule.deductEach, maxPoints),
      ];
    case 'targets':
      return notAboveMax('deductEach', '每项未完成扣分', rule.deductEach, maxPoints);
    case 'manual':
      return notAboveMax('cap', '酌情扣分上限', rule.cap, maxPoints);
  }
}

/**
 * Problems of a rule on an indicator of `maxPoints` and `indicatorKind`. Bonus and veto items
 * take no rule: a rule deducts from points, while a bonus is awarded for a stated fact and a veto
 * is a finding with its reason, both entered by the people who score.
 */
export function ruleProblems(rule: Rule, { maxPoints, indicatorKind }: RuleSetting): RuleProblem[] {
  if (indicatorKind === 'bonus')
    return [{ path: '', message: '加分项不设评分规则：由评分人员据实加分并写明理由' }];
  if (indicatorKind === 'veto')
    return [{ path: '', message: '一票否决项不设评分规则：由评分人员认定并写明理由' }];
  return kindProblems(rule, maxPoints);
}
