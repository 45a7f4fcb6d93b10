// The analysis of one report as a reviewer reads it: its parts, figures, placeholders, items, and
// the findings a reviewer should look at, each pointing at the exact text.
import { repeatFindings } from './compare.js';
import { checkConsistency, type ConsistencyCheck } from './consistency.js';
import { findFigures, type Figure } from './figures.js';
import { findItems, type ReportItems } from './items.js';
import { findPlaceholders, type Placeholder } from './placeholders.js';
import { findSections, findTitle, type Section } from './sections.js';
import { excerpt, type TextSpan } from './span.js';

export type FindingKind =
  | 'placeholder'
  | 'inconsistentSum'
  | 'inconsistentShare'
  | 'problemWithoutCause'
  | 'problemWithoutPlan'
  | 'repeatedPassage'
  | 'copiedPassage'
  | 'similarReport'
  | 'registryMismatch';

/** Short Chinese names of the finding kinds, for lists and filters. */
export const findingKindLabels: Record<FindingKind, string> = {
  placeholder: '占位符',
  inconsistentSum: '分项不符',
  inconsistentShare: '占比不符',
  problemWithoutCause: '问题无原因',
  problemWithoutPlan: '问题无举措',
  repeatedPassage: '自我重复',
  copiedPassage: '雷同',
  similarReport: '整篇相似',
  registryMismatch: '与信息库不符',
};

export interface Finding {
  kind: FindingKind;
  /** In Chinese, for the reviewer and for the secretary the report is returned to. */
  message: string;
  span: TextSpan;
  /** The other end of what the finding compares: the parts of a sum, the earlier passage. */
  related: TextSpan[];
  /** When `related` is in another report: its index among the reports compared. */
  otherReport?: number;
  /**
   * A passage copied from a report stored elsewhere: its name and the passage there with the words
   * around it, so the two can be read side by side without opening (or having access to) the other.
   */
  source?: { name: string; before: string; passage: string; after: string };
}

export interface ReportAnalysis {
  title: string | null;
  sections: Section[];
  figures: Figure[];
  placeholders: Placeholder[];
  checks: ConsistencyCheck[];
  items: ReportItems;
  findings: Finding[];
}

const placeholderMessages: Record<Placeholder['kind'], (text: string) => string> = {
  mask: (text) => `“${text}”是未填写的占位符，应写明具体名称`,
  zeros: (text) => `“${text}”中的数字未填写`,
  year: (text) => `“${text}”中的年份未填写`,
  blank: (text) => `“${text}”是未填写的空白`,
  emptyShare: (text) => `“${text}”后缺少具体比例`,
};

const quote = (text: string, span: TextSpan) => excerpt(text.slice(span.start, span.end));

const touches = (span: TextSpan, lines: readonly TextSpan[]) =>
  lines.some((line) => span.start < line.end && span.end > line.start);

/**
 * One report on its own; comparisons with other reports (copies) are added by the caller.
 * `tableLines` are the lines of the 基本情况 table: one figure a line, as the data gives them, so
 * their figures are checked against the registry (`basicsTableFindings`) and no finding here touches
 * them — a share's base on the line above or a run of short rows repeated would be false alarms.
 */
export function analyzeReport(text: string, tableLines: readonly TextSpan[] = []): ReportAnalysis {
  const sections = findSections(text);
  const figures = findFigures(text);
  const placeholders = findPlaceholders(text);
  const checks = checkConsistency(text, figures);
  const items = findItems(text, sections);
  const sharedCauses = items.causes.length > 0;
  const findings: Finding[] = [
    ...placeholders.map((p) => ({
      kind: 'placeholder' as const,
      message: placeholderMessages[p.kind](p.text),
      span: p.span,
      related: [],
    })),
    ...checks
      .filter((c) => !c.consistent)
      .map((c) => ({
        kind: c.kind === 'sum' ? ('inconsistentSum' as const) : ('inconsistentShare' as const),
        message: c.message,
        span: c.span,
        related: c.related,
      })),
    ...repeatFindings(text),
  ];
  for (const problem of items.problems) {
    const named = `问题“${quote(text, problem.span)}”`;
    if (!problem.ownCause && !sharedCauses)
      findings.push({
        kind: 'problemWithoutCause',
        message: `${named}没有分析原因`,
        span: problem.span,
        related: [],
      });
    if (!problem.answeredBy.length && items.plans.length)
      findings.push({
        kind: 'problemWithoutPlan',
        message: `${named}没有对应的整改举措`,
        span: problem.span,
        related: items.plans.map((plan) => plan.span),
      });
  }
  // A report that lists problems but no plans at all misses the whole part, said once.
  if (items.problems.length && !items.plans.length)
    findings.push({
      kind: 'problemWithoutPlan',
      message: `列出了 ${items.problems.length} 个问题，但没有“下一步工作思路和举措”部分`,
      span: items.problems[0]!.span,
      related: items.problems.slice(1).map((p) => p.span),
    });
  return {
    title: findTitle(text)?.title ?? null,
    sections,
    figures,
    placeholders,
    checks,
    items,
    findings: findings
      .filter((f) => !touches(f.span, tableLines) && !f.related.some((r) => touches(r, tableLines)))
      .sort((a, b) => a.span.start - b.span.start),
  };
}
