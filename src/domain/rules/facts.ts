// The facts a rule reads, as plain requests with a stable key. A request names no org: the scoring
// job collects the requests of a whole scheme (deduplicated by key), answers each for every org
// at once in SQL, and hands `evaluateRule` one org's answers as a map from key to answer.

import { ledgerKinds, type LedgerKind } from '../ledger.js';
import type { LedgerSource, Rule, RuleGroup } from '../rule-format.js';
import type { RuleMeasure } from '../rule-measures.js';
import { subPeriods, type Period } from './periods.js';

/** Ledger records of these kinds (topic containing the word, if any) dated within start..end. */
export interface LedgerCountRequest {
  type: 'ledgerCount';
  ledgerKinds: LedgerKind[];
  topicIncludes: string | null;
  start: string;
  end: string;
}

/** The same count for each person of the group (a record counts for each person it names). */
export interface PersonCountsRequest {
  type: 'personCounts';
  people: RuleGroup;
  ledgerKinds: LedgerKind[];
  topicIncludes: string | null;
  start: string;
  end: string;
}

/** A measure over the period; shares in percent (0–100), null when there is nothing to measure. */
export interface MeasureRequest {
  type: 'measure';
  measure: RuleMeasure;
  start: string;
  end: string;
}

/** The org's target letter for the cycle being scored: each item, reached or not. */
export interface TargetLetterRequest {
  type: 'targetLetter';
}

/** The discretionary deductions (酌情扣分) entered on this indicator for the org. */
export interface ManualDeductionsRequest {
  type: 'manualDeductions';
  indicatorKey: string;
}

export type FactRequest =
  LedgerCountRequest | PersonCountsRequest | MeasureRequest | TargetLetterRequest | ManualDeductionsRequest;

export interface PersonCount {
  name: string;
  count: number;
}
export interface TargetItem {
  label: string;
  reached: boolean;
  /** Target and progress as the letter states them ("目标4次，完成3次"). */
  detail?: string;
}
export interface ManualDeduction {
  points: number;
  reason: string;
}

/** What each kind of request is answered with. */
export interface FactAnswers {
  ledgerCount: number;
  personCounts: PersonCount[];
  measure: number | null;
  targetLetter: TargetItem[];
  manualDeductions: ManualDeduction[];
}
export type FactAnswer = FactAnswers[FactRequest['type']];

/** One org's answers, by `factKey`. */
export type Facts = ReadonlyMap<string, FactAnswer>;

/** What a rule's facts depend on besides the rule: the cycle's period and the indicator. */
export interface FactContext {
  period: Period;
  indicatorKey: string;
}

/** Same kinds in any order and a topic with or without spaces around it ask the same question. */
function ledgerPart(source: LedgerSource) {
  const topic = source.topicIncludes?.trim();
  return {
    ledgerKinds: ledgerKinds.filter((k) => source.ledgerKinds.includes(k)),
    topicIncludes: topic ? topic : null,
  };
}

/**
 * A key equal for equal requests and different otherwise: fields in a fixed order joined by "|".
 * Kinds, measures, groups, days and indicator keys hold no "|", and the topic word, which may, comes
 * last (an absent word is empty: a present one is never blank). Built by concatenation because it
 * is computed for every lookup (5,000 orgs × 30 rules).
 */
export function factKey(request: FactRequest): string {
  switch (request.type) {
    case 'ledgerCount':
      return `ledgerCount|${request.ledgerKinds.join(',')}|${request.start}|${request.end}|${request.topicIncludes ?? ''}`;
    case 'personCounts':
      return `personCounts|${request.people}|${request.ledgerKinds.join(',')}|${request.start}|${request.end}|${request.topicIncludes ?? ''}`;
    case 'measure':
      return `measure|${request.measure}|${request.start}|${request.end}`;
    case 'targetLetter':
      return 'targetLetter';
    case 'manualDeductions':
      return `manualDeductions|${request.indicatorKey}`;
  }
}

export const ledgerCountRequest = (source: LedgerSource, period: Period): LedgerCountRequest => ({
  type: 'ledgerCount',
  ...ledgerPart(source),
  start: period.start,
  end: period.end,
});

/** Every request a rule's evaluation reads, in the order it reads them. */
function requestsOf(rule: Rule, { period, indicatorKey }: FactContext): FactRequest[] {
  switch (rule.kind) {
    case 'count':
      return [ledgerCountRequest(rule.source, period)];
    case 'perPeriod':
      return subPeriods(period, rule.every).map((p) => ledgerCountRequest(rule.source, p));
    case 'required':
      return 'source' in rule.of
        ? [ledgerCountRequest(rule.of.source, period)]
        : [{ type: 'measure', measure: rule.of.measure, start: period.start, end: period.end }];
    case 'checklist':
      return rule.items.map((item) => ledgerCountRequest(item.source, period));
    case 'threshold':
      return [{ type: 'measure', measure: rule.measure, start: period.start, end: period.end }];
    case 'perPerson':
      return [
        {
          type: 'personCounts',
          people: rule.people,
          ...ledgerPart(rule.source),
          start: period.start,
          end: period.end,
        },
      ];
    case 'targets':
      return [{ type: 'targetLetter' }];
    case 'manual':
      return [{ type: 'manualDeductions', indicatorKey }];
  }
}

/** The facts a rule needs, each once. */
export function ruleFacts(rule: Rule, context: FactContext): FactRequest[] {
  const byKey = new Map(requestsOf(rule, context).map((r) => [factKey(r), r]));
  return [...byKey.values()];
}

/** The answer to a request; a missing one is the caller's bug (it did not answer `ruleFacts`). */
export function answerOf<R extends FactRequest>(facts: Facts, request: R): FactAnswers[R['type']] {
  const key = factKey(request);
  // One lookup, not has() then get(): answers are never undefined (a missing measure is null).
  const answer = facts.get(key);
  if (answer === undefined) throw new Error(`No answer for the fact ${key}`);
  return answer as FactAnswers[R['type']];
}
