// Figures of a report's 基本情况 checked against the registry: the member base's own count of the
// same thing for the org on the cycle's last day.
import type { Finding } from './analyze.js';
import type { Figure } from './figures.js';
import type { Section } from './sections.js';
import type { TextSpan } from './span.js';

/** One registry figure as the printable 基本情况 table names it: 党员 45 名, 其中：预备党员 3 名. */
export interface RegistryFigure {
  label: string;
  amount: number;
  unit: string;
}

/** 名 and 人 count people alike; 其中： and a bracketed gloss are not part of what is counted. */
const unitFamily = (unit: string) => (unit === '人' ? '名' : unit);
const subjectOf = (label: string) => label.replace(/^其中：/u, '').replace(/（[^）]*）$/u, '');

const people = (f: Figure) => unitFamily(f.unit) === '名';
const isMembers = (f: Figure | undefined) => f !== undefined && f.subject === '党员';

/**
 * Whether a count of people speaks of the party members as a whole, which the registry's people
 * figures break down: its sentence opens with the members' count (全镇共有党员1287名（其中女党员160名）),
 * and a figure in brackets glosses the figure just before them. 流动党员共1名（其中女党员1名） and
 * 乡镇党政班子成员12名，…大专及以上文化程度的8人 count other groups with the same words.
 */
function aboutMembers(text: string, figures: readonly Figure[], at: number): boolean {
  const figure = figures[at]!;
  const stops = /[。！？\n]/u;
  let start = figure.span.start;
  while (start > 0 && !stops.test(text[start - 1]!)) start--;
  const opener = figures.find((f) => f.span.start >= start && people(f));
  if (opener !== figure && !isMembers(opener)) return false;
  const open = text.lastIndexOf('（', figure.span.start);
  if (open < start || text.lastIndexOf('）', figure.span.start) > open) return true;
  const glossed = figures
    .slice(0, at)
    .filter((f) => f.span.end <= open)
    .at(-1);
  return isMembers(glossed);
}

const within = (inner: TextSpan, outer: TextSpan) => inner.start >= outer.start && inner.end <= outer.end;

const dayOf = (asOf: string) => {
  const [year, month, day] = asOf.split('-').map(Number);
  return `${year}年${month}月${day}日`;
};

/**
 * A finding for every figure of the report's 基本情况 part that names a registry figure (same subject,
 * same kind of unit) and states another number, showing both. Approximations (近50名) and ranges are
 * left alone: they do not claim an exact number; counts of people other than the members as a whole
 * are too (see `aboutMembers`). Figures on the lines of the 基本情况 table (`tableLines`) are
 * `basicsTableFindings`' to check, so one edited figure is one finding.
 */
export function registryFindings(
  sections: readonly Section[],
  figures: readonly Figure[],
  registry: readonly RegistryFigure[],
  asOf: string,
  text: string,
  tableLines: readonly TextSpan[] = [],
): Finding[] {
  const basics = sections.find((s) => s.kind === 'basics');
  if (!basics) return [];
  const bySubject = new Map<string, RegistryFigure>();
  for (const figure of registry) {
    const key = `${subjectOf(figure.label)}|${unitFamily(figure.unit)}`;
    if (!bySubject.has(key)) bySubject.set(key, figure);
  }
  return figures.flatMap((figure, at) => {
    if (!within(figure.span, basics.span) || tableLines.some((line) => within(figure.span, line))) return [];
    if (figure.approximate || figure.upTo !== undefined || !figure.subject) return [];
    if (people(figure) && !aboutMembers(text, figures, at)) return [];
    const known = bySubject.get(`${figure.subject}|${unitFamily(figure.unit)}`);
    if (!known || known.amount === figure.value) return [];
    return [
      {
        kind: 'registryMismatch' as const,
        message: `所写“${figure.subject}${figure.text}”与党员信息库不符：截至${dayOf(asOf)}为${known.amount}${known.unit}`,
        span: figure.span,
        related: [],
      },
    ];
  });
}

/** A row of the report's 基本情况 table and the span of its line in the report's text. */
export interface TableRowAt {
  label: string;
  value: string;
  span: TextSpan;
}

const plain = (value: string) => value.normalize('NFKC').replace(/\s+/gu, '');

/**
 * Whether a table value says what the registry's printed value says, whatever the input method made
 * of it: full-width digits, brackets and percent signs (１６３名（占１８．８％）) and stray spaces count
 * as their plain forms. The editor's warning and the submission's finding both ask this.
 */
export const sameTableValue = (written: string, printed: string) => plain(written) === plain(printed);

/**
 * A finding for every row of the 基本情况 table whose value is not the registry's printed value for
 * the same label (the table was filled with exactly those), showing both. A row the registry no
 * longer has is left alone: there is nothing to compare it with.
 */
export function basicsTableFindings(
  rows: readonly TableRowAt[],
  registry: readonly { label: string; value: string }[],
  asOf: string,
): Finding[] {
  const byLabel = new Map<string, string>();
  for (const row of registry) if (!byLabel.has(row.label)) byLabel.set(row.label, row.value);
  return rows.flatMap((row) => {
    const known = byLabel.get(row.label.trim());
    if (known === undefined || sameTableValue(row.value, known)) return [];
    const value = row.value.trim();
    return [
      {
        kind: 'registryMismatch' as const,
        message: value
          ? `所写“${row.label}：${value}”与党员信息库不符：截至${dayOf(asOf)}为${known}`
          : `“${row.label}”未填写数据：党员信息库截至${dayOf(asOf)}为${known}`,
        span: row.span,
        related: [],
      },
    ];
  });
}
