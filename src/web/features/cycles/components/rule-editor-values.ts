// The rule editor's pure parts: a fresh rule of a kind (keeping what the old one had), a measure
// change that moves the bound to the side that counts, and problems looked up by field.

import type { Rule } from '../../../../contract/rules.js';
import type { LedgerSource } from '../../../../domain/rule-format.js';
import { ledgerKindLabel } from '../../../../domain/ledger.js';
import type { RuleMeasure } from '../../../../domain/rule-measures.js';
import { measureDirection, type RuleProblem } from '../../../../domain/rules/index.js';

const defaultSource: LedgerSource = { ledgerKinds: ['partyBuildingMeeting'] };

/** The ledger records the rule counts, wherever its kind keeps them. */
function sourceOf(rule: Rule | undefined): LedgerSource | undefined {
  if (!rule) return undefined;
  if ('source' in rule) return rule.source;
  if (rule.kind === 'required' && 'source' in rule.of) return rule.of.source;
  if (rule.kind === 'checklist') return rule.items[0]?.source;
  return undefined;
}

/**
 * A rule of `kind` with sensible numbers (a deduction never above the indicator's points), keeping
 * the old rule's records and per-item deduction so that trying another kind loses little.
 */
export function ruleOfKind(kind: Rule['kind'], previous: Rule | undefined, maxPoints: number): Rule {
  const source = sourceOf(previous) ?? defaultSource;
  const fit = (points: number) => (maxPoints > 0 ? Math.min(points, maxPoints) : points);
  const deductEach = previous && 'deductEach' in previous ? fit(previous.deductEach) : undefined;
  switch (kind) {
    case 'count':
      return { kind, source, atLeast: 4, deductEach: deductEach ?? fit(0.5) };
    case 'perPeriod':
      return { kind, source, every: 'quarter', atLeast: 1, deductEach: deductEach ?? fit(1) };
    case 'required':
      return { kind, of: { source }, deduct: deductEach ?? fit(0.5) };
    case 'checklist':
      return {
        kind,
        items: [{ label: source.ledgerKinds.map(ledgerKindLabel).join('或').slice(0, 50), source }],
        deductEach: deductEach ?? fit(1),
      };
    case 'threshold':
      return withMeasure(
        { kind, measure: 'attendanceRate', atLeast: 55, step: 1, deductEach: deductEach ?? fit(1) },
        'attendanceRate',
      );
    case 'perPerson':
      return { kind, people: 'committeeMembers', source, atLeast: 2, deductEach: deductEach ?? fit(0.2) };
    case 'targets':
      return { kind, deductEach: deductEach ?? fit(1) };
    case 'manual':
      return { kind, cap: maxPoints > 0 ? maxPoints : 1 };
  }
}

/** The threshold on another measure, its one bound moved to the side where that measure is worse. */
export function withMeasure(rule: Extract<Rule, { kind: 'threshold' }>, measure: RuleMeasure): Rule {
  const { atLeast, atMost, ...rest } = rule;
  const bound = atLeast ?? atMost ?? 0;
  return measureDirection[measure] === 'higher'
    ? { ...rest, measure, atLeast: bound }
    : { ...rest, measure, atMost: bound };
}

/** The messages for fields ("deductEach", "items.0.label"); '' holds those about the whole rule. */
export const problemsAt = (problems: readonly RuleProblem[], ...paths: string[]) =>
  problems.filter((p) => paths.includes(p.path)).map((p) => p.message);
