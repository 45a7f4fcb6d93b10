// The parts of a report, found by the headings real reports use: 一、 （一） 1. and labels such as
// 存在的问题和不足：, named by what they hold.
import { spanOf, type TextSpan } from './span.js';

/** Glossary names: 基本情况, 履职亮点, 存在问题, 原因, 下一步举措, 上年度整改情况. */
export type SectionKind =
  'basics' | 'highlights' | 'problems' | 'causes' | 'plans' | 'lastYearRectification' | 'other';

export interface Section {
  /** 1 for 一、 and labelled parts, 2 for （一）, 3 for 1. */
  level: 1 | 2 | 3;
  /** The heading as written, marker included: 二、存在的主要问题及原因. */
  heading: string;
  /** Without the marker: 存在的主要问题及原因. */
  title: string;
  kind: SectionKind;
  /** From the heading to the next heading of the same or a higher level. */
  span: TextSpan;
  /** Where the body starts: after the heading's title (the rest of a heading's line is body). */
  bodyStart: number;
  parts: Section[];
}

const chineseOrdinal = '[一二三四五六七八九十]{1,3}';
const markers: readonly { level: 1 | 2 | 3; pattern: RegExp }[] = [
  { level: 1, pattern: new RegExp(`^${chineseOrdinal}\\s*[、.．]`, 'u') },
  { level: 2, pattern: new RegExp(`^[（(]\\s*${chineseOrdinal}\\s*[）)]`, 'u') },
  { level: 3, pattern: /^\d{1,2}\s*[、.．](?!\d)/u },
];
/** 存在的问题和不足：… — a part introduced by a label on its own, no number before it. */
const labelled = /^([^，。；：:\n]{2,16})[：:]/u;

const kindRules: readonly { kind: SectionKind; pattern: RegExp }[] = [
  { kind: 'lastYearRectification', pattern: /上一?年度?.{0,8}整改|去年.{0,8}整改|整改(?:落实)?情况/u },
  { kind: 'basics', pattern: /基本情况|基本概况|^(?:全[镇乡县村])?概况$/u },
  { kind: 'problems', pattern: /存在|不足|差距|短板|薄弱/u },
  { kind: 'causes', pattern: /原因/u },
  { kind: 'plans', pattern: /下一步|下步|下半年|明年|今后|思路|举措|打算|措施|计划|努力方向/u },
  { kind: 'highlights', pattern: /亮点|特色|成效|成绩|主要工作|开展情况|履职情况|实效|做法|经验/u },
];

/** What a heading's title names, or null when it names none of the standard parts. */
export function kindOfTitle(title: string): SectionKind | null {
  return kindRules.find((rule) => rule.pattern.test(title))?.kind ?? null;
}

interface Heading {
  level: 1 | 2 | 3;
  heading: string;
  title: string;
  start: number;
  bodyStart: number;
  labelled: boolean;
}

/** A heading's title ends at the first full stop or colon of its line (or the line, if shorter). */
function titleEnd(line: string, from: number): number {
  const stop = line.slice(from).search(/[。：:！？]/u);
  return stop < 0 ? line.length : from + stop + 1;
}

function headingsOf(text: string): Heading[] {
  const headings: Heading[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const indent = line.length - line.replace(/^[\s\u3000]+/u, '').length;
    const trimmed = line.slice(indent);
    const start = lineStart + indent;
    lineStart += line.length + 1;
    const marker = markers.find((m) => m.pattern.test(trimmed));
    if (marker) {
      const markerLength = trimmed.match(marker.pattern)![0].length;
      const end = titleEnd(trimmed, markerLength);
      headings.push({
        level: marker.level,
        heading: trimmed.slice(0, end).replace(/[。：:！？]$/u, ''),
        title: trimmed
          .slice(markerLength, end)
          .replace(/[。：:！？]$/u, '')
          .trim(),
        start,
        bodyStart: start + end,
        labelled: false,
      });
      continue;
    }
    const label = trimmed.match(labelled);
    if (label && kindOfTitle(label[1]!)) {
      headings.push({
        level: 1,
        heading: label[1]!,
        title: label[1]!,
        start,
        bodyStart: start + label[0].length,
        labelled: true,
      });
    }
  }
  return headings;
}

const trimEnd = (text: string, end: number) => {
  while (end > 0 && /\s/u.test(text[end - 1]!)) end--;
  return end;
};

/**
 * The report's parts as a tree of up to three levels. A top-level part that names none of the standard
 * parts is counted with the work done (履职亮点) while no problem or plan has come yet, as reports list
 * their work first; parts below a top-level part take its kind.
 */
export function findSections(text: string): Section[] {
  const headings = headingsOf(text);
  // Numbered sub-levels only count inside a top-level part: a report without 一、 has no sections.
  const firstTop = headings.findIndex((h) => h.level === 1);
  if (firstTop < 0) return [];
  const build = (from: number, to: number, level: 1 | 2 | 3, inherited: SectionKind | null): Section[] => {
    const sections: Section[] = [];
    // Below a part, the next level is whichever deeper level its first heading uses.
    let want: number = level;
    if (level > 1) {
      const first = headings.slice(from, to).find((h) => h.level >= level);
      if (!first) return [];
      want = first.level;
    }
    const indices: number[] = [];
    for (let i = from; i < to; i++) if (headings[i]!.level === want) indices.push(i);
    let seenProblemsOrPlans = false;
    indices.forEach((index, n) => {
      const h = headings[index]!;
      const nextIndex = indices[n + 1] ?? to;
      const end = nextIndex < headings.length ? headings[nextIndex]!.start : text.length;
      const named = want === 1 ? kindOfTitle(h.title) : null;
      if (named === 'problems' || named === 'plans' || named === 'causes') seenProblemsOrPlans = true;
      const kind: SectionKind = named ?? inherited ?? (seenProblemsOrPlans ? 'other' : 'highlights');
      const deeper = want < 3 ? build(index + 1, nextIndex, (want + 1) as 2 | 3, kind) : [];
      sections.push({
        level: want as 1 | 2 | 3,
        heading: h.heading,
        title: h.title,
        kind,
        span: spanOf(h.start, trimEnd(text, end)),
        bodyStart: h.bodyStart,
        parts: deeper,
      });
    });
    return sections;
  };
  return build(firstTop, headings.length, 1, null);
}

/** The document's own title: a short first line without sentence punctuation. */
export function findTitle(text: string): { title: string; span: TextSpan } | null {
  const match = text.match(/^[\s\u3000]*([^\n。，；！？]{2,40})\s*(?:\n|$)/u);
  if (!match || markers.some((m) => m.pattern.test(match[1]!))) return null;
  const start = text.indexOf(match[1]!);
  return { title: match[1]!.trim(), span: spanOf(start, start + match[1]!.trim().length) };
}
