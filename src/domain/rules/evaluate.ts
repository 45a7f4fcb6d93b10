// evaluateRule: an automatic indicator's score from one org's facts, with every lost point said in
// the words a checker writes. Pure and synchronous: the scoring job evaluates 5,000 orgs × 30 rules
// from answers it fetched in bulk, and the browser may run the same function for a preview.

import type {
  ChecklistRule,
  CountRule,
  ManualRule,
  PerPeriodRule,
  PerPersonRule,
  RequiredRule,
  Rule,
  TargetsRule,
  ThresholdRule,
} from '../rule-format.js';
import { answerOf, ledgerCountRequest, type FactContext, type Facts } from './facts.js';
import { subPeriods } from './periods.js';
import {
  formatPoints,
  fromCents,
  takeShortfalls,
  toCents,
  type LostPoints,
  type Shortfall,
} from './points.js';
import {
  differenceUnit,
  formatNumber,
  measureLabel,
  measuredValue,
  byChinese,
  ruleGroupLabels,
  sourceLabel,
  sourceVerb,
  withUnit,
} from './words.js';

export interface RuleResult {
  /** In [0, maxPoints], 2 decimals. */
  score: number;
  /** What was deducted and why; the points add up to maxPoints − score. */
  lost: LostPoints[];
  /** The whole finding in one text: the deductions, or why nothing was deducted. */
  explanation: string;
}

/** What a rule found: shortfalls to take from the points, and what to say when there are none. */
interface Finding {
  shortfalls: Shortfall[];
  /** Cents the shortfalls may take at most (default: all the points). */
  availableCents?: number;
  /** Said when the available cents run out ("扣完为止", "最低得1分"). */
  limitNote?: string;
  /** Said when nothing is short. */
  fine: string;
}

const times = (n: number) => `${n}次`;
const eachLabels = { month: '各月', quarter: '各季度', halfYear: '上、下半年' } as const;

function count(rule: CountRule, maxCents: number, facts: Facts, { period }: FactContext): Finding {
  const done = answerOf(facts, ledgerCountRequest(rule.source, period));
  const verb = sourceVerb(rule.source, 'short');
  const what = `${sourceLabel(rule.source)}应${verb}${times(rule.atLeast)}，实${verb}${times(done)}`;
  const missing = Math.max(0, rule.atLeast - done);
  const floorCents = rule.floor === undefined ? 0 : Math.min(toCents(rule.floor), maxCents);
  return {
    shortfalls: missing > 0 ? [{ cents: toCents(missing * rule.deductEach), what }] : [],
    availableCents: maxCents - floorCents,
    limitNote: floorCents > 0 ? `最低得${formatPoints(fromCents(floorCents))}分` : undefined,
    fine: `${what}，不扣分`,
  };
}

function perPeriod(rule: PerPeriodRule, facts: Facts, { period }: FactContext): Finding {
  const label = sourceLabel(rule.source);
  const verb = sourceVerb(rule.source, 'short');
  const shortfalls = subPeriods(period, rule.every).flatMap((p): Shortfall[] => {
    const done = answerOf(facts, ledgerCountRequest(rule.source, p));
    if (done >= rule.atLeast) return [];
    const what =
      done === 0
        ? `${p.label}未${sourceVerb(rule.source, 'full')}${label}`
        : `${p.label}${label}应${verb}${times(rule.atLeast)}，实${verb}${times(done)}`;
    return [{ cents: toCents(rule.deductEach), what }];
  });
  const each = eachLabels[rule.every];
  const fine =
    rule.atLeast === 1
      ? `${each}均已${sourceVerb(rule.source, 'full')}${label}，不扣分`
      : `${each}${label}均不少于${times(rule.atLeast)}，不扣分`;
  return { shortfalls, fine };
}

/** A shortfall that takes every point ("未开展……，不得分"), needing no "扣完为止" after it. */
const allPoints = (maxCents: number, what: string): Finding => ({
  shortfalls: [{ cents: maxCents, what, say: () => `${what}，不得分` }],
  limitNote: '',
  fine: '',
});

function required(rule: RequiredRule, maxCents: number, facts: Facts, { period }: FactContext): Finding {
  let what: string;
  if ('source' in rule.of) {
    const done = answerOf(facts, ledgerCountRequest(rule.of.source, period));
    const act = `${sourceVerb(rule.of.source, 'full')}${sourceLabel(rule.of.source)}`;
    if (done > 0) return { shortfalls: [], fine: `已${act}，不扣分` };
    what = `未${act}`;
  } else {
    const { measure } = rule.of;
    const value = answerOf(facts, { type: 'measure', measure, start: period.start, end: period.end }) ?? 0;
    if (value > 0)
      return { shortfalls: [], fine: `${measureLabel(measure)}${measuredValue(measure, value)}，不扣分` };
    what = `${measureLabel(measure)}为0`;
  }
  if (rule.deduct === 'all') return allPoints(maxCents, what);
  return { shortfalls: [{ cents: toCents(rule.deduct), what }], fine: '' };
}

function checklist(rule: ChecklistRule, facts: Facts, { period }: FactContext): Finding {
  const missing = rule.items
    .filter((item) => answerOf(facts, ledgerCountRequest(item.source, period)) === 0)
    .map((item) => item.label);
  const what = `缺${missing.length}项（${missing.join('、')}）`;
  return {
    shortfalls: missing.length ? [{ cents: toCents(missing.length * rule.deductEach), what }] : [],
    fine: `${rule.items.length}项均已具备，不扣分`,
  };
}

/** Whole steps beyond the bound, a started step counting as one ("差2.6个百分点" at step 1: 3). */
const stepsBeyond = (gap: number, step: number) => Math.ceil(Math.round((gap / step) * 1e6) / 1e6);

function threshold(rule: ThresholdRule, maxCents: number, facts: Facts, { period }: FactContext): Finding {
  const { measure } = rule;
  const label = measureLabel(measure);
  const value = answerOf(facts, { type: 'measure', measure, start: period.start, end: period.end });
  if (value === null) {
    const what = `${label}无数据`;
    return rule.whenMissing === 'zero'
      ? allPoints(maxCents, what)
      : { shortfalls: [], fine: `${what}，不扣分` };
  }
  const read = `${label}${measuredValue(measure, value)}`;
  const below = rule.atLeast === undefined ? 0 : rule.atLeast - value;
  const above = rule.atMost === undefined ? 0 : value - rule.atMost;
  if (below <= 0 && above <= 0) return { shortfalls: [], fine: `${read}，不扣分` };
  const [gap, side, short, bound] =
    below > 0 ? [below, '低于', '差', rule.atLeast ?? 0] : [above, '高于', '超', rule.atMost ?? 0];
  const what = `${read}，${side}${withUnit(measure, bound)}，${short}${formatNumber(gap)}${differenceUnit(measure)}`;
  return { shortfalls: [{ cents: toCents(stepsBeyond(gap, rule.step) * rule.deductEach), what }], fine: '' };
}

function perPerson(rule: PerPersonRule, facts: Facts, { period }: FactContext): Finding {
  const { people, source } = rule;
  const verb = sourceVerb(source, 'short');
  const counts = answerOf(facts, {
    ...ledgerCountRequest(source, period),
    type: 'personCounts',
    people,
  });
  // By name, so the explanation does not depend on the order the database returned the people.
  const short = [...counts]
    .filter((p) => p.count < rule.atLeast)
    .sort((a, b) => byChinese(a.name, b.name) || a.count - b.count);
  const shortfalls = short.map((p) => {
    const missing = rule.atLeast - p.count;
    return {
      cents: toCents(missing * rule.deductEach),
      what: `${p.name}${sourceLabel(source)}应${verb}${times(rule.atLeast)}，实${verb}${times(p.count)}，少${missing}人次`,
    };
  });
  const fine = counts.length
    ? `${counts.length}人${sourceLabel(source)}均不少于${times(rule.atLeast)}，不扣分`
    : `无${ruleGroupLabels[people]}，不扣分`;
  return { shortfalls, fine };
}

function targets(rule: TargetsRule, facts: Facts): Finding {
  const items = answerOf(facts, { type: 'targetLetter' });
  const missed = items
    .filter((t) => !t.reached)
    .sort((a, b) => byChinese(a.label, b.label) || byChinese(a.detail ?? '', b.detail ?? ''));
  const shortfalls = missed.map((t) => ({
    cents: toCents(rule.deductEach),
    what: `目标责任书“${t.label}”未完成${t.detail ? `（${t.detail}）` : ''}`,
  }));
  const fine = items.length ? `目标责任书${items.length}项均已完成，不扣分` : '目标责任书无考核事项，不扣分';
  return { shortfalls, fine };
}

function manual(rule: ManualRule, maxCents: number, facts: Facts, { indicatorKey }: FactContext): Finding {
  const entered = answerOf(facts, { type: 'manualDeductions', indicatorKey });
  // Largest first (then by reason), so the cap cuts the same deduction whatever the entry order.
  const sorted = [...entered].sort((a, b) => b.points - a.points || byChinese(a.reason, b.reason));
  const shortfalls = sorted.map((d): Shortfall => ({
    cents: toCents(d.points),
    what: `酌情扣分：${d.reason}`,
    say: (points) => `酌情扣${formatPoints(points)}分：${d.reason}`,
  }));
  return {
    shortfalls,
    availableCents: Math.min(toCents(rule.cap), maxCents),
    limitNote: `酌情扣分最多${formatPoints(Math.min(rule.cap, fromCents(maxCents)))}分`,
    fine: '无酌情扣分',
  };
}

function findingOf(rule: Rule, maxCents: number, facts: Facts, context: FactContext): Finding {
  switch (rule.kind) {
    case 'count':
      return count(rule, maxCents, facts, context);
    case 'perPeriod':
      return perPeriod(rule, facts, context);
    case 'required':
      return required(rule, maxCents, facts, context);
    case 'checklist':
      return checklist(rule, facts, context);
    case 'threshold':
      return threshold(rule, maxCents, facts, context);
    case 'perPerson':
      return perPerson(rule, facts, context);
    case 'targets':
      return targets(rule, facts);
    case 'manual':
      return manual(rule, maxCents, facts, context);
  }
}

/** The rule's score out of `maxPoints` for one org, from that org's answers to `ruleFacts`. */
export function evaluateRule(rule: Rule, maxPoints: number, facts: Facts, context: FactContext): RuleResult {
  const maxCents = Math.max(0, toCents(maxPoints));
  const finding = findingOf(rule, maxCents, facts, context);
  const available = Math.max(0, Math.min(finding.availableCents ?? maxCents, maxCents));
  const { lost, lines, takenCents } = takeShortfalls(finding.shortfalls, available, finding.limitNote);
  return {
    score: fromCents(maxCents - takenCents),
    lost,
    explanation: lines.length ? lines.join('；') : finding.fine,
  };
}
