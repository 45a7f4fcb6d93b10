// scoreSheet: the routine score (日常考核) of one org as the sheet a checker signs. Each line is the
// indicator's rule result, or the score people entered (an override of a rule result keeps both),
// less the spot-check deductions on it, within [0, its points]. Categories add their regular lines
// and are capped at their points; bonus lines add up to their own caps and then to the bonus cap;
// a veto line that applies is flagged with its reason (it forces the lowest grade, which the
// grading decides). Every line's lost points add up to its points minus its score; a category's
// lines therefore explain everything it lost against its items' points, and when the items are
// worth more than the category's cap, what the cap cuts off is said as one more sentence
// ("本类各项合计11分，超过本类满分10分，按10分计") and kept apart in `overCap`.

import type { IndicatorShape, SchemeShape } from '../rule-format.js';
import { scorerLabels, type scorers } from '../schemes.js';
import type { ManualDeduction } from './facts.js';
import type { RuleResult } from './evaluate.js';
import { formatPoints, fromCents, takeShortfalls, toCents, type LostPoints } from './points.js';
import { byChinese } from './words.js';

/** What was found for one indicator of one org; all optional, an empty object is "not scored yet". */
export interface IndicatorScoring {
  /** The indicator rule's result (evaluateRule). */
  ruled?: RuleResult;
  /** Points the last scorer entered: the score of an indicator without a rule, an override of one with a rule, a bonus awarded. */
  scored?: { points: number; by: (typeof scorers)[number]; reason?: string };
  /** Findings that deduct from this indicator (spot checks). */
  deductions?: ManualDeduction[];
  /** A veto item found to apply. */
  vetoed?: { reason: string };
}

export type LineBasis = 'rule' | 'scored' | 'override' | 'pending';

export interface SheetLine {
  key: string;
  name: string;
  kind: IndicatorShape['kind'];
  maxPoints: number;
  /** Regular: in [0, maxPoints]; bonus: the points awarded, in [0, maxPoints]; veto: 0. */
  score: number;
  /** Regular lines: adds up to maxPoints − score. */
  lost: LostPoints[];
  basis: LineBasis;
  explanation: string;
  /** A veto line that applies: why. */
  vetoed?: string;
}

export interface SheetCategory {
  key: string;
  name: string;
  maxPoints: number;
  /** Its regular lines added up, before the cap. */
  linesScore: number;
  /** What the cap cut off linesScore (0 when under it). */
  overCap: number;
  score: number;
  lines: SheetLine[];
  explanation: string;
}

export interface ScoreSheet {
  categories: SheetCategory[];
  /** Bonus points awarded before the scheme's bonus cap, and after it. */
  bonus: { awarded: number; cap: number | null; score: number; explanation: string };
  vetoes: { key: string; name: string; reason: string }[];
  /** The categories' points added up (what a sheet without bonus can reach). */
  maxPoints: number;
  total: number;
  /** Lines nobody has scored yet (counted as 0 and said so). */
  pending: number;
  explanation: string;
}

const pts = (cents: number) => `${formatPoints(fromCents(cents))}分`;
const clampCents = (points: number, maxCents: number) => Math.min(Math.max(toCents(points), 0), maxCents);

/** The base of a regular line before deductions: from the rule, the scorer, both, or nobody yet. */
function baseOf(
  maxCents: number,
  s: IndicatorScoring,
): { cents: number; lost: LostPoints[]; basis: LineBasis; said: string } {
  const { ruled, scored } = s;
  const why = scored?.reason ? `：${scored.reason}` : '';
  if (scored) {
    const cents = clampCents(scored.points, maxCents);
    const said = ruled
      ? `自动评分${formatPoints(ruled.score)}分（${ruled.explanation}），${scorerLabels[scored.by]}核定为${pts(cents)}${why}`
      : `${scorerLabels[scored.by]}评定${pts(cents)}${why}`;
    const lost = cents < maxCents ? [{ points: fromCents(maxCents - cents), reason: said }] : [];
    return { cents, lost, basis: ruled ? 'override' : 'scored', said };
  }
  if (ruled) return { cents: toCents(ruled.score), lost: ruled.lost, basis: 'rule', said: ruled.explanation };
  return {
    cents: 0,
    lost: maxCents > 0 ? [{ points: fromCents(maxCents), reason: '未评分' }] : [],
    basis: 'pending',
    said: '未评分',
  };
}

function regularLine(indicator: IndicatorShape, s: IndicatorScoring): SheetLine {
  const maxCents = toCents(indicator.maxPoints);
  const base = baseOf(maxCents, s);
  const deductions = [...(s.deductions ?? [])]
    .sort((a, b) => b.points - a.points || byChinese(a.reason, b.reason))
    .map((d) => ({ cents: toCents(d.points), what: d.reason }));
  const taken = takeShortfalls(deductions, base.cents);
  return {
    key: indicator.key,
    name: indicator.name,
    kind: 'regular',
    maxPoints: fromCents(maxCents),
    score: fromCents(base.cents - taken.takenCents),
    lost: [...base.lost, ...taken.lost],
    basis: base.basis,
    explanation: [base.said, ...taken.lines].join('；'),
  };
}

function bonusLine(indicator: IndicatorShape, s: IndicatorScoring): SheetLine {
  const maxCents = toCents(indicator.maxPoints);
  const cents = s.scored ? clampCents(s.scored.points, maxCents) : 0;
  const why = s.scored?.reason ? `：${s.scored.reason}` : '';
  return {
    key: indicator.key,
    name: indicator.name,
    kind: 'bonus',
    maxPoints: fromCents(maxCents),
    score: fromCents(cents),
    lost: [],
    basis: s.scored ? 'scored' : 'pending',
    explanation: cents > 0 ? `加${pts(cents)}${why}` : s.scored ? `不加分${why}` : '未评定',
  };
}

function vetoLine(indicator: IndicatorShape, s: IndicatorScoring): SheetLine {
  return {
    key: indicator.key,
    name: indicator.name,
    kind: 'veto',
    maxPoints: 0,
    score: 0,
    lost: [],
    basis: s.vetoed ? 'scored' : 'pending',
    explanation: s.vetoed ? `一票否决：${s.vetoed.reason}` : '未发现否决情形',
    ...(s.vetoed ? { vetoed: s.vetoed.reason } : {}),
  };
}

const lineOf = (indicator: IndicatorShape, s: IndicatorScoring) =>
  indicator.kind === 'regular'
    ? regularLine(indicator, s)
    : indicator.kind === 'bonus'
      ? bonusLine(indicator, s)
      : vetoLine(indicator, s);

/** A category's points as the sheet counts them: a negative cap (refused on save) counts as 0. */
const capCentsOf = (category: SchemeShape['categories'][number]) => Math.max(0, toCents(category.maxPoints));

/** A scheme's full score (满分, 100 on a real sheet): its categories' points, bonus items apart. */
export const schemeTotal = (scheme: SchemeShape) =>
  fromCents(scheme.categories.reduce((sum, category) => sum + capCentsOf(category), 0));

/** The sheet of one org, from what was found per indicator key (missing keys are not scored yet). */
export function scoreSheet(
  scheme: SchemeShape,
  results: Readonly<Record<string, IndicatorScoring>>,
): ScoreSheet {
  let totalCents = 0;
  let maxCents = 0;
  let awardedCents = 0;
  let pending = 0;
  const vetoes: ScoreSheet['vetoes'] = [];
  const categories = scheme.categories.map((category): SheetCategory => {
    const lines = category.indicators.map((i) => lineOf(i, results[i.key] ?? {}));
    let linesCents = 0;
    for (const line of lines) {
      if (line.basis === 'pending' && line.kind === 'regular') pending += 1;
      if (line.kind === 'regular') linesCents += toCents(line.score);
      if (line.kind === 'bonus') awardedCents += toCents(line.score);
      if (line.vetoed !== undefined) vetoes.push({ key: line.key, name: line.name, reason: line.vetoed });
    }
    const capCents = capCentsOf(category);
    const cents = Math.min(linesCents, capCents);
    totalCents += cents;
    maxCents += capCents;
    return {
      key: category.key,
      name: category.name,
      maxPoints: fromCents(capCents),
      linesScore: fromCents(linesCents),
      overCap: fromCents(linesCents - cents),
      score: fromCents(cents),
      lines,
      explanation:
        linesCents > capCents
          ? `本类各项合计${pts(linesCents)}，超过本类满分${pts(capCents)}，按${pts(capCents)}计`
          : `本类得${pts(cents)}（满分${pts(capCents)}）`,
    };
  });
  const capCents = scheme.bonusCap === undefined ? null : toCents(scheme.bonusCap);
  const bonusCents = capCents === null ? awardedCents : Math.min(awardedCents, capCents);
  const bonus = {
    awarded: fromCents(awardedCents),
    cap: capCents === null ? null : fromCents(capCents),
    score: fromCents(bonusCents),
    explanation:
      capCents !== null && awardedCents > capCents
        ? `加分合计${pts(awardedCents)}，超过加分上限${pts(capCents)}，按${pts(capCents)}计`
        : `加分${pts(bonusCents)}`,
  };
  const total = totalCents + bonusCents;
  const parts = [`各类得分${pts(totalCents)}`, `加分${pts(bonusCents)}`];
  const veto = vetoes.length ? `；一票否决：${vetoes.map((v) => `${v.name}（${v.reason}）`).join('、')}` : '';
  const open = pending ? `；${pending}项未评分，按0分计` : '';
  return {
    categories,
    bonus,
    vetoes,
    maxPoints: fromCents(maxCents),
    total: fromCents(total),
    pending,
    explanation: `${parts.join(' + ')} = ${pts(total)}${veto}${open}`,
  };
}
