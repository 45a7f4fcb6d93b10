// How rules name what they count and measure, in the words a checker writes on the sheet.

import { ledgerKindLabel, type LedgerKind } from '../ledger.js';
import type { LedgerSource, RuleGroup, RuleKind } from '../rule-format.js';
import { ruleMeasureDefinitions, type RuleMeasure } from '../rule-measures.js';

/**
 * The verb for doing a kind of work, short ("应开4次，实开3次") and full ("未召开支部党员大会").
 * Kept here rather than in `ledger.ts` because only explanations need it.
 */
const verbs: Record<LedgerKind, { short: string; full: string }> = {
  congress: { short: '开', full: '召开' },
  committee: { short: '开', full: '召开' },
  group: { short: '开', full: '召开' },
  orgLifeMeeting: { short: '开', full: '召开' },
  democraticLifeMeeting: { short: '开', full: '召开' },
  partyBuildingMeeting: { short: '开', full: '召开' },
  quarterlyReportMeeting: { short: '开', full: '召开' },
  lesson: { short: '上', full: '上' },
  themeDay: { short: '开展', full: '开展' },
  memberAppraisal: { short: '开展', full: '开展' },
  training: { short: '开展', full: '开展' },
  contactVisit: { short: '开展', full: '开展' },
  pairingActivity: { short: '开展', full: '开展' },
  affairsDisclosure: { short: '开展', full: '进行' },
  serviceCase: { short: '办理', full: '办理' },
  annualPlan: { short: '制定', full: '制定' },
};

/** The kinds' verb when they share one, else 开展 (which fits any work). */
export function sourceVerb(source: LedgerSource, form: 'short' | 'full'): string {
  const all = new Set(source.ledgerKinds.map((k) => verbs[k][form]));
  const [only] = all;
  return all.size === 1 && only !== undefined ? only : '开展';
}

/** "支部党员大会或党小组会（主题含“乡村振兴”）". */
export function sourceLabel(source: LedgerSource): string {
  const kinds = source.ledgerKinds.map(ledgerKindLabel).join('或');
  const topic = source.topicIncludes?.trim();
  return topic ? `${kinds}（主题含“${topic}”）` : kinds;
}

const collator = new Intl.Collator('zh-CN');
/**
 * Chinese order (by pinyin) for names and reasons, so explanations never follow the database's
 * order; strings the collator calls equal are then ordered by code point, so the order is total.
 */
export const byChinese = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/** A number as written on a sheet: at most 2 decimals, no trailing zeros. */
export const formatNumber = (n: number) => String(Math.round(n * 100) / 100);

export const measureLabel = (measure: RuleMeasure) => ruleMeasureDefinitions[measure].label;

/** A bound or a measured value with its unit: "55%", "45岁", "12小时", "2名". */
export const withUnit = (measure: RuleMeasure, n: number) =>
  `${formatNumber(n)}${ruleMeasureDefinitions[measure].unit}`;

/** A measured value as read off the registry: shares, ages and hours with one decimal ("52.0%"). */
export function measuredValue(measure: RuleMeasure, value: number): string {
  const unit = ruleMeasureDefinitions[measure].unit;
  const whole = unit === '名' || unit === '项';
  return `${whole ? String(Math.round(value)) : value.toFixed(1)}${unit}`;
}

/** The unit a difference is counted in: percentage points for shares, else the measure's unit. */
export function differenceUnit(measure: RuleMeasure): string {
  const unit = ruleMeasureDefinitions[measure].unit;
  return unit === '%' ? '个百分点' : unit;
}

/** The rule kinds as the editor offers them. */
export const ruleKindLabels: Record<RuleKind, string> = {
  count: '次数不少于（每少1次扣分）',
  perPeriod: '每月/季度/半年不少于（每缺1期扣分）',
  required: '必须具备（没有则扣分或不得分）',
  checklist: '清单（缺一项扣分，扣完为止）',
  threshold: '数值达标（按差距扣分）',
  perPerson: '每人次数（每少1人次扣分）',
  targets: '目标责任书完成情况',
  manual: '酌情扣分（须写明理由）',
};

export const ruleGroupLabels: Record<RuleGroup, string> = {
  committeeMembers: '班子成员',
  twoCommittees: '“两委”成员',
};
