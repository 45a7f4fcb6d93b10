// describeRule: a rule as the 评分标准 text of a scoring sheet, for the sheet and the rule editor.

import type { Rule, SubPeriodUnit } from '../rule-format.js';
import { formatPoints } from './points.js';
import {
  differenceUnit,
  formatNumber,
  measureLabel,
  ruleGroupLabels,
  sourceLabel,
  sourceVerb,
  withUnit,
} from './words.js';

/** "每季度": also the editor's labels for the choice of sub-period. */
export const everyLabels: Record<SubPeriodUnit, string> = {
  month: '每月',
  quarter: '每季度',
  halfYear: '每半年',
};
const missedUnit: Record<SubPeriodUnit, string> = { month: '个月', quarter: '个季度', halfYear: '个半年' };

const deduct = (points: number) => `扣${formatPoints(points)}分`;

export function describeRule(rule: Rule): string {
  switch (rule.kind) {
    case 'count': {
      const floor = rule.floor === undefined ? '' : `，最低得${formatPoints(rule.floor)}分`;
      return `考核期内${sourceLabel(rule.source)}不少于${rule.atLeast}次，每少1次${deduct(rule.deductEach)}${floor}`;
    }
    case 'perPeriod':
      return `${everyLabels[rule.every]}${sourceLabel(rule.source)}不少于${rule.atLeast}次，每缺1${missedUnit[rule.every]}${deduct(rule.deductEach)}`;
    case 'required': {
      const lose = rule.deduct === 'all' ? '不得分' : deduct(rule.deduct);
      if ('source' in rule.of)
        return `未${sourceVerb(rule.of.source, 'full')}${sourceLabel(rule.of.source)}的，${lose}`;
      return `${measureLabel(rule.of.measure)}为0的，${lose}`;
    }
    case 'checklist':
      return `应具备：${rule.items.map((i) => i.label).join('、')}；缺一项${deduct(rule.deductEach)}，扣完为止`;
    case 'threshold': {
      const label = measureLabel(rule.measure);
      const per = `每${rule.atLeast !== undefined ? '低' : '高'}${formatNumber(rule.step)}${differenceUnit(rule.measure)}${deduct(rule.deductEach)}`;
      const bounds = [
        rule.atLeast === undefined ? null : `不低于${withUnit(rule.measure, rule.atLeast)}`,
        rule.atMost === undefined ? null : `不高于${withUnit(rule.measure, rule.atMost)}`,
      ].filter((b) => b !== null);
      const missing = rule.whenMissing === 'zero' ? '；无数据的不得分' : '';
      return `${label}应${bounds.join('且')}，${per}${missing}`;
    }
    case 'perPerson':
      return `每名${ruleGroupLabels[rule.people]}考核期内${sourceLabel(rule.source)}不少于${rule.atLeast}次，每少1人次${deduct(rule.deductEach)}`;
    case 'targets':
      return `目标责任书每有1项目标未完成${deduct(rule.deductEach)}，扣完为止`;
    case 'manual':
      return `酌情扣分，最多${deduct(rule.cap)}，须写明理由`;
  }
}
