// A duty report written elsewhere (a Word or text file) brought into the structured editor: its parts
// placed by kind into the template, its problems with their causes and its plans with the problems
// they answer, as the analyzer finds them. Nothing is dropped: what has no place is returned as such.
import { findItems } from './analyzer/items.js';
import { findSections, findTitle, type Section, type SectionKind } from './analyzer/sections.js';
import type { TextSpan } from './analyzer/span.js';
import {
  emptyReport,
  reportTemplateLabels,
  type ReportBody,
  type ReportSectionKind,
  type ReportTemplate,
} from './reports.js';

export interface UnplacedText {
  /** The text as written, heading included. */
  text: string;
  /** Why it was not placed, in Chinese. */
  reason: string;
}

export interface ReportImport {
  body: ReportBody;
  unplaced: UnplacedText[];
}

const kindLabels: Record<ReportSectionKind, string> = {
  basics: '基本情况',
  highlights: '履职亮点',
  lastYearRectification: '上年度整改情况',
  problems: '存在问题',
  plans: '下一步举措',
};

/** A section's title as the contract takes it (one line, 1–60 characters). */
const fitsTitle = (title: string) => title.length > 0 && title.length <= 60 && !title.includes('\n');

/** The markers an item starts with: （一） (一) 一、 1. 1、 （1） 一是 一要. */
const itemMarker =
  /^(?:[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[）)]|[一二三四五六七八九十]{1,3}\s*[、.．]|\d{1,2}\s*[、.．](?!\d)|[一二三四五六七八九十][是要])\s*/u;

/** One paragraph per line, each trimmed, blank lines left out. */
const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
const paragraphs = (text: string) => lines(text).join('\n');

/** An item's text without its number. */
const itemText = (text: string) => paragraphs(text.trim().replace(itemMarker, ''));

/**
 * Where a problem's own text turns to its cause: the label 原因： that the official layout writes
 * (dropped, as the layout adds it back), or a sentence that starts 原因是 / 主要原因在于 (kept whole).
 */
const causeLabel = /原因[：:]/u;
const causeSentence = /(?<=[。；！？\n])\s*(?:主要|根本|究其|其)?原因(?:是|在于|主要是)/u;

function splitCause(text: string): { text: string; cause: string } {
  const label = causeLabel.exec(text);
  if (label && label.index > 0)
    return {
      text: paragraphs(text.slice(0, label.index)),
      cause: paragraphs(text.slice(label.index + label[0].length)),
    };
  const sentence = causeSentence.exec(text);
  if (sentence && sentence.index > 0)
    return { text: paragraphs(text.slice(0, sentence.index)), cause: paragraphs(text.slice(sentence.index)) };
  return { text, cause: '' };
}

/** What of `span` no item covers, as paragraphs. */
function leftover(text: string, span: TextSpan, items: readonly TextSpan[]): string {
  const inside = items
    .filter((item) => item.start < span.end && item.end > span.start)
    .sort((a, b) => a.start - b.start);
  let at = span.start;
  const pieces: string[] = [];
  for (const item of inside) {
    if (item.start > at) pieces.push(text.slice(at, item.start));
    at = Math.max(at, item.end);
  }
  if (at < span.end) pieces.push(text.slice(at, span.end));
  // What separates inline items (their commas) says nothing on its own.
  return paragraphs(pieces.filter((piece) => /[\p{L}\p{N}]/u.test(piece)).join('\n'));
}

const joinParagraphs = (...texts: string[]) => texts.filter(Boolean).join('\n');

/**
 * The body the editor starts from when a report written elsewhere is imported: the template's parts
 * filled with the prose of the source's parts of the same kind (several appended, each but a lone one
 * under its own title), the problems and plans as items. A problem's cause is its own 原因：… or, in
 * order, the items of a separate 原因 block; a plan answers the problems the analyzer links it to.
 * Text before the first part (other than the title), parts the analyzer cannot name and parts the
 * template lacks are returned in `unplaced` with the reason, never dropped.
 */
export function importReportText(text: string, template: ReportTemplate): ReportImport {
  const source = text.replace(/\r\n?/g, '\n');
  const sections = findSections(source);
  const firstStart = sections[0]?.span.start ?? source.length;
  const found = findTitle(source);
  const title = found && found.span.end <= firstStart ? found : null;
  const body = emptyReport(template, title?.title ?? '');
  const unplaced: UnplacedText[] = [];

  const preamble = paragraphs(source.slice(title?.span.end ?? 0, firstStart));
  if (preamble)
    unplaced.push({
      text: preamble,
      reason: sections.length
        ? '未识别的部分：标题与第一部分之间的文字'
        : '未识别的部分：未找到“一、”“二、”等部分标题',
    });

  const items = findItems(source, sections);
  const itemSpans = [...items.problems, ...items.causes, ...items.plans].map((item) => item.span);

  const byKind = new Map<SectionKind, Section[]>();
  for (const section of sections) byKind.set(section.kind, [...(byKind.get(section.kind) ?? []), section]);
  const templateSection = (kind: SectionKind) => body.sections.find((s) => s.kind === kind);

  for (const section of sections) {
    const whole = source.slice(section.span.start, section.span.end).trim();
    if (section.kind === 'other') {
      unplaced.push({ text: whole, reason: `未识别的部分：“${section.title}”` });
      continue;
    }
    // A separate 原因 part: its items are the problems' causes, the rest goes with the problems.
    const target = templateSection(section.kind === 'causes' ? 'problems' : section.kind);
    if (!target) {
      const kind = section.kind as ReportSectionKind;
      unplaced.push({
        text: whole,
        reason: `${reportTemplateLabels[template]}没有“${kindLabels[kind]}”部分：“${section.title}”`,
      });
      continue;
    }
    const prose = leftover(source, { start: section.bodyStart, end: section.span.end }, itemSpans);
    const lone =
      section.kind !== 'causes' && byKind.get(section.kind)!.length === 1 && fitsTitle(section.title);
    if (lone) target.title = section.title;
    target.text = joinParagraphs(target.text, lone ? '' : section.title, prose);
  }

  const slice = (span: TextSpan) => itemText(source.slice(span.start, span.end));
  body.problems = items.problems.map((problem) => splitCause(slice(problem.span)));
  const causes = items.causes.map((cause) => slice(cause.span));
  // The block's causes go, in order, to the problems that give none of their own; any left over
  // stay with the last of them.
  const withoutCause = body.problems.filter((problem) => !problem.cause);
  causes.forEach((cause, i) => {
    const problem = withoutCause[Math.min(i, withoutCause.length - 1)];
    if (problem) problem.cause = joinParagraphs(problem.cause, cause);
    else templateSection('problems')!.text = joinParagraphs(templateSection('problems')!.text, cause);
  });
  body.plans = items.plans.map((plan) => ({ text: slice(plan.span), answers: [...plan.answers] }));
  return { body, unplaced };
}
