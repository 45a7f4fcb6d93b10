// 日常考核: what of a routine score is decided without the database — which facts a scheme reads,
// how one org's rule results, entered scores and deductions become the per-indicator input of
// `scoreSheet`, which entered scores are refused, and who scores as what.

import type { Role } from './access.js';
import type { IndicatorShape, SchemeShape } from './rule-format.js';
import {
  evaluateRule,
  factKey,
  ruleFacts,
  type FactRequest,
  type Facts,
  type IndicatorScoring,
  type ManualDeduction,
  type Period,
  type RuleResult,
  type ScoreSheet,
} from './rules/index.js';
import { categoryCell } from './scheme-sheet.js';
import { formatPoints, toCents } from './rules/points.js';
import { byChinese } from './rules/words.js';
import type { scorers } from './schemes.js';

export type Scorer = (typeof scorers)[number];

/** One score someone entered for an indicator, in the order entered. */
export interface ScoreEntry {
  indicatorKey: string;
  by: Scorer;
  points: number;
  reason: string | null;
}

/** A checker's or organizer's finding on a veto item, oldest first; the last one stands. */
export interface VetoDecision {
  indicatorKey: string;
  applies: boolean;
  reason: string;
}

/** Every indicator of a scheme, categories in order. */
export const schemeIndicators = (scheme: SchemeShape): IndicatorShape[] =>
  scheme.categories.flatMap((c) => c.indicators);

/** The facts every rule of the scheme reads in the period, each once. */
export function schemeRequests(scheme: SchemeShape, period: Period): FactRequest[] {
  const byKey = new Map<string, FactRequest>();
  for (const indicator of schemeIndicators(scheme))
    if (indicator.rule)
      for (const request of ruleFacts(indicator.rule, { period, indicatorKey: indicator.key }))
        byKey.set(factKey(request), request);
  return [...byKey.values()];
}

/**
 * The input of `scoreSheet` for one org: each rule evaluated on the org's facts, the last score
 * entered per indicator (whoever entered it: a confirmation after a checker's score replaces it, a
 * later self-score replaces both, as on paper the last hand wins), and the spot-check deductions.
 */
export type OrgScorer = (
  facts: Facts,
  entries: readonly ScoreEntry[],
  spotChecks?: ReadonlyMap<string, ManualDeduction[]>,
  vetoes?: readonly VetoDecision[],
) => Record<string, IndicatorScoring>;

/**
 * The `OrgScorer` of the orgs of one scheme and period, as a cycle computes them: each rule is
 * evaluated once per distinct set of the answers it reads and the result shared (nothing mutates
 * it), since most orgs give a rule the same answers (four 党课 a year, no month missed) and
 * evaluating 30 rules for each of 5,000 orgs, explanations and all, took longer than counting.
 * `evaluateRule` is pure and reads nothing but those answers, so a shared result is the same result.
 */
export function schemeScorer(scheme: SchemeShape, period: Period): OrgScorer {
  const indicators = schemeIndicators(scheme).map((indicator) => ({
    indicator,
    keys: indicator.rule
      ? ruleFacts(indicator.rule, { period, indicatorKey: indicator.key }).map(factKey)
      : [],
    results: new Map<string, RuleResult>(),
  }));
  return (facts, entries, spotChecks = new Map(), vetoes = []) => {
    const decided = new Map<string, VetoDecision>();
    for (const decision of vetoes) decided.set(decision.indicatorKey, decision);
    const last = new Map<string, ScoreEntry>();
    for (const entry of entries) last.set(entry.indicatorKey, entry);
    const scorings: Record<string, IndicatorScoring> = {};
    for (const { indicator, keys, results } of indicators) {
      const scoring: IndicatorScoring = {};
      if (indicator.rule) {
        // A line break separates answers: JSON writes one inside an answer as an escape.
        const answers = keys.map((key) => JSON.stringify(facts.get(key))).join('\n');
        let ruled = results.get(answers);
        if (!ruled) {
          ruled = evaluateRule(indicator.rule, indicator.maxPoints, facts, {
            period,
            indicatorKey: indicator.key,
          });
          results.set(answers, ruled);
        }
        scoring.ruled = ruled;
      }
      const entry = last.get(indicator.key);
      if (entry)
        scoring.scored = {
          points: entry.points,
          by: entry.by,
          ...(entry.reason ? { reason: entry.reason } : {}),
        };
      const found = spotChecks.get(indicator.key);
      if (found?.length) scoring.deductions = found;
      const decision = decided.get(indicator.key);
      if (indicator.kind === 'veto' && decision?.applies) scoring.vetoed = { reason: decision.reason };
      scorings[indicator.key] = scoring;
    }
    return scorings;
  };
}

/** Who a role scores as: secretaries score their own org, checkers check, organizers confirm. */
export function scorerOf(role: Role): Scorer | null {
  switch (role) {
    case 'secretary':
      return 'self';
    case 'checker':
      return 'checker';
    case 'organizer':
    case 'admin':
      return 'organizer';
    case 'viewer':
      return null;
  }
}

export interface EntryProblem {
  field: 'points' | 'reason' | 'indicatorKey' | 'deductions';
  message: string;
}

/** Points are kept to the cent, as a scoring sheet writes them. */
const inCents = (points: number) => Math.abs(points * 100 - toCents(points)) <= 1e-6;

/**
 * Why an entered score is refused, or null: points within [0, the indicator's points] in hundredths,
 * a reason for any score of an indicator with an automatic rule (it overrides the rule's result),
 * and no points for a veto item (it applies or not; that is recorded elsewhere).
 */
export function entryProblem(
  indicator: IndicatorShape,
  points: number,
  reason: string | null,
): EntryProblem | null {
  const name = `“${indicator.name}”`;
  if (indicator.kind === 'veto') return { field: 'indicatorKey', message: `${name}是否决项，不按分值评分` };
  if (!Number.isFinite(points) || points < 0) return { field: 'points', message: `得分不能小于0（${name}）` };
  if (points > indicator.maxPoints)
    return {
      field: 'points',
      message: `得分不能超过该项分值${formatPoints(indicator.maxPoints)}分（${name}）`,
    };
  if (!inCents(points)) return { field: 'points', message: `得分最多保留两位小数（${name}）` };
  const automatic = indicator.rule !== undefined && indicator.rule.kind !== 'manual';
  if (automatic && !reason?.trim())
    return { field: 'reason', message: `${name}已按规则自动评分，改分须说明理由` };
  return null;
}

/** Why a list of 酌情扣分 is refused, or null: an indicator with a `manual` rule, each a reason and points in (0, max] in hundredths. */
export function deductionsProblem(
  indicator: IndicatorShape,
  deductions: readonly ManualDeduction[],
): EntryProblem | null {
  const name = `“${indicator.name}”`;
  if (indicator.rule?.kind !== 'manual')
    return { field: 'indicatorKey', message: `${name}没有酌情扣分规则，不能录入酌情扣分` };
  for (const [i, d] of deductions.entries()) {
    if (!d.reason.trim())
      return { field: 'deductions', message: `第${i + 1}条酌情扣分须说明理由（${name}）` };
    if (!(d.points > 0) || d.points > indicator.maxPoints)
      return {
        field: 'deductions',
        message: `第${i + 1}条酌情扣分应大于0且不超过该项分值${formatPoints(indicator.maxPoints)}分（${name}）`,
      };
    if (!inCents(d.points))
      return { field: 'deductions', message: `第${i + 1}条酌情扣分最多保留两位小数（${name}）` };
  }
  return null;
}

/**
 * Why a veto decision is refused, or null: only a veto item, always with a reason (why it applies, or
 * why it was lifted), and never by the org's own secretary.
 */
export function vetoProblem(
  indicator: IndicatorShape,
  reason: string,
  by: Scorer,
): (EntryProblem & { status: 400 | 403 }) | null {
  const name = `“${indicator.name}”`;
  if (indicator.kind !== 'veto')
    return { status: 400, field: 'indicatorKey', message: `${name}不是否决项，不能认定一票否决` };
  if (by === 'self')
    return { status: 403, field: 'indicatorKey', message: '一票否决由考核人员或组织部门认定' };
  if (!reason.trim())
    return { status: 400, field: 'reason', message: `认定或撤销一票否决须说明理由（${name}）` };
  return null;
}

/** A ranking's order: the higher total first, a veto after every org without one, then by name. */
export function rankingOrder(
  a: { total: number | null; vetoed: boolean | null; name: string },
  b: { total: number | null; vetoed: boolean | null; name: string },
): number {
  const veto = Number(a.vetoed === true) - Number(b.vetoed === true);
  if (veto !== 0) return veto;
  const total = (b.total ?? -1) - (a.total ?? -1);
  return total !== 0 ? total : byChinese(a.name, b.name);
}

export const routineSheetColumns = [
  { key: 'category', header: '类别', width: 16 },
  { key: 'number', header: '序号', width: 6 },
  { key: 'name', header: '指标', width: 30 },
  { key: 'maxPoints', header: '分值', width: 8 },
  { key: 'score', header: '得分', width: 8 },
  { key: 'explanation', header: '扣分说明', width: 60 },
] as const;
export type RoutineSheetColumn = (typeof routineSheetColumns)[number]['key'];
export type RoutineSheetRow = Record<RoutineSheetColumn, string | number>;

/**
 * The scoring sheet as a checker signs it, one row per indicator and a 合计 row: what the .xlsx, the
 * printed page and the screen all show, so an export matches the screen cell by cell. 类别 is
 * written on each row (the workbook merges it); a category the cap cut says so after its last line.
 */
export function routineSheetRows(sheet: ScoreSheet): RoutineSheetRow[] {
  const rows: RoutineSheetRow[] = [];
  let number = 0;
  for (const category of sheet.categories)
    category.lines.forEach((line, i) => {
      const capNote =
        i === category.lines.length - 1 && category.overCap > 0 ? `；${category.explanation}` : '';
      rows.push({
        category: categoryCell(category.name, category.maxPoints),
        number: ++number,
        name: line.name,
        maxPoints: line.kind === 'veto' ? '否决项' : line.maxPoints,
        score: line.kind === 'veto' ? (line.vetoed ? '否决' : '—') : line.score,
        explanation: line.explanation + capNote,
      });
    });
  rows.push({
    category: '合计',
    number: '',
    name: '',
    maxPoints: sheet.maxPoints,
    score: sheet.total,
    explanation: sheet.explanation,
  });
  return rows;
}
