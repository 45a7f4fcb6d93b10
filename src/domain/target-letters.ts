// 目标责任书: what an org undertakes for a cycle, broken down from its scheme. Indicators whose rule
// counts ledger records give their targets directly (4 meetings a year, one each quarter, each item
// of a checklist); the organizer adjusts them and adds items of their own. Progress is read from the
// same ledger counts the rules read, so the letter and the routine score never disagree.

import { subPeriods, type Period } from './rules/periods.js';
import { sourceLabel } from './rules/words.js';
import type { LedgerSource, SchemeShape, SubPeriodUnit } from './rule-format.js';

export const targetLetterStatuses = ['draft', 'issued', 'acknowledged'] as const;
export type TargetLetterStatus = (typeof targetLetterStatuses)[number];
export const targetLetterStatusLabels: Record<TargetLetterStatus, string> = {
  draft: '草稿',
  issued: '已下达',
  acknowledged: '已签收',
};

/**
 * Where an item's progress comes from: ledger records counted over the cycle, sub-periods that
 * reached a count (a target in quarters), or a figure entered by hand (an item no record shows).
 */
export type TargetSource =
  | { kind: 'records'; source: LedgerSource }
  | { kind: 'periods'; source: LedgerSource; every: SubPeriodUnit; atLeast: number }
  | { kind: 'entered'; value: number | null };

export interface TargetLetterItem {
  /** The indicator it was broken down from; null for an item the organizer added. */
  indicatorKey: string | null;
  label: string;
  target: number;
  unit: string;
  progress: TargetSource;
}

const periodUnits: Record<SubPeriodUnit, string> = { month: '个月', quarter: '个季度', halfYear: '个半年' };
const eachLabels: Record<SubPeriodUnit, string> = { month: '每月', quarter: '每季度', halfYear: '每半年' };

/**
 * The items a scheme's rules give for a cycle's period, in scheme order: a count gives its minimum,
 * a per-period minimum the number of sub-periods that must reach it, a checklist one item per entry,
 * a required record one. Rules that measure (thresholds), judge (酌情) or read the letter itself
 * give none: their targets are the organizer's to add.
 */
export function targetItemsOfScheme(scheme: SchemeShape, period: Period): TargetLetterItem[] {
  return scheme.categories.flatMap((category) =>
    category.indicators.flatMap((indicator): TargetLetterItem[] => {
      const rule = indicator.rule;
      const from = { indicatorKey: indicator.key };
      switch (rule?.kind) {
        case 'count':
          return [
            {
              ...from,
              label: sourceLabel(rule.source),
              target: rule.atLeast,
              unit: '次',
              progress: { kind: 'records', source: rule.source },
            },
          ];
        case 'perPeriod':
          return [
            {
              ...from,
              label: `${eachLabels[rule.every]}${sourceLabel(rule.source)}不少于${rule.atLeast}次`,
              target: subPeriods(period, rule.every).length,
              unit: periodUnits[rule.every],
              progress: { kind: 'periods', source: rule.source, every: rule.every, atLeast: rule.atLeast },
            },
          ];
        case 'checklist':
          return rule.items.map((item) => ({
            ...from,
            label: item.label,
            target: 1,
            unit: '次',
            progress: { kind: 'records', source: item.source },
          }));
        case 'required':
          return 'source' in rule.of
            ? [
                {
                  ...from,
                  label: sourceLabel(rule.of.source),
                  target: 1,
                  unit: '次',
                  progress: { kind: 'records', source: rule.of.source },
                },
              ]
            : [];
        default:
          return [];
      }
    }),
  );
}

/** An item with its progress: every target is a minimum, reached when the progress comes up to it. */
export interface ItemProgress {
  /** What has been done; null for an entered item nobody has entered a figure for. */
  done: number | null;
  reached: boolean;
  /** "目标4次，完成3次". */
  detail: string;
}

const figure = (n: number) => String(Math.round(n * 100) / 100);

export function itemProgress(
  item: Pick<TargetLetterItem, 'target' | 'unit'>,
  done: number | null,
): ItemProgress {
  const reached = done !== null && done >= item.target;
  const target = `目标${figure(item.target)}${item.unit}`;
  return {
    done,
    reached,
    detail: done === null ? `${target}，尚未填报完成情况` : `${target}，完成${figure(done)}${item.unit}`,
  };
}

export interface TargetItemProblem {
  path: string;
  message: string;
}

/**
 * What the contract cannot say about a letter's items. Labels may repeat: two indicators may count
 * the same meetings, and the letter lists what the scheme asks.
 */
export function targetItemProblems(items: readonly TargetLetterItem[]): TargetItemProblem[] {
  const problems: TargetItemProblem[] = [];
  items.forEach((item, i) => {
    const at = `items.${i}`;
    const name = `第${i + 1}项“${item.label}”`;
    if (!(item.target > 0)) problems.push({ path: `${at}.target`, message: `${name}的目标值须大于0` });
    const p = item.progress;
    if (p.kind !== 'entered' && p.source.ledgerKinds.length === 0)
      problems.push({ path: `${at}.progress.source.ledgerKinds`, message: `${name}须选择统计的台账类型` });
    if (p.kind === 'entered' && p.value !== null && p.value < 0)
      problems.push({ path: `${at}.progress.value`, message: `${name}的完成值不能为负数` });
  });
  return problems;
}
