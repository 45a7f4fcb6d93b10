// Figures of a report's 基本情况 checked against the registry: the member base's own count of the
// same thing for the org on the cycle's last day.
import type { Finding } from './analyze.js';
import type { Figure } from './figures.js';
import type { Section } from './sections.js';

/** One registry figure as the printable 基本情况 table names it: 党员 45 名, 其中：预备党员 3 名. */
export interface RegistryFigure {
  label: string;
  amount: number;
  unit: string;
}

/** 名 and 人 count people alike; 其中： and a bracketed gloss are not part of what is counted. */
const unitFamily = (unit: string) => (unit === '人' ? '名' : unit);
const subjectOf = (label: string) => label.replace(/^其中：/u, '').replace(/（[^）]*）$/u, '');

/**
 * A finding for every figure of the report's 基本情况 part that names a registry figure (same subject,
 * same kind of unit) and states another number, showing both. Approximations (近50名) and ranges are
 * left alone: they do not claim an exact number.
 */
export function registryFindings(
  sections: readonly Section[],
  figures: readonly Figure[],
  registry: readonly RegistryFigure[],
  asOf: string,
): Finding[] {
  const basics = sections.find((s) => s.kind === 'basics');
  if (!basics) return [];
  const bySubject = new Map<string, RegistryFigure>();
  for (const figure of registry) {
    const key = `${subjectOf(figure.label)}|${unitFamily(figure.unit)}`;
    if (!bySubject.has(key)) bySubject.set(key, figure);
  }
  const [year, month, day] = asOf.split('-').map(Number);
  return figures.flatMap((figure) => {
    if (figure.span.start < basics.span.start || figure.span.end > basics.span.end) return [];
    if (figure.approximate || figure.upTo !== undefined || !figure.subject) return [];
    const known = bySubject.get(`${figure.subject}|${unitFamily(figure.unit)}`);
    if (!known || known.amount === figure.value) return [];
    return [
      {
        kind: 'registryMismatch' as const,
        message: `所写“${figure.subject}${figure.text}”与党员信息库不符：截至${year}年${month}月${day}日为${known.amount}${known.unit}`,
        span: figure.span,
        related: [],
      },
    ];
  });
}
