// Text a report was submitted with where a name, a number or a date should have been filled in.
import { spanOf, type TextSpan } from './span.js';

export interface Placeholder {
  /** As written, with the unit or 年 it stands before: ***, 000人, 000%, 20XX年, 占比；. */
  text: string;
  kind: 'mask' | 'zeros' | 'year' | 'blank' | 'emptyShare';
  span: TextSpan;
}

const patterns: readonly { kind: Placeholder['kind']; pattern: RegExp }[] = [
  // 20XX年, 20**年, 20××年, XX年: a year never filled in.
  { kind: 'year', pattern: /(?<![0-9A-Za-z])(?:(?:19|20)(?:[xX×*＊]{2})|[xX×]{2})年/gu },
  // ***镇, **村, ****: a name masked and never filled in (and ＊, the full-width star).
  { kind: 'mask', pattern: /[*＊]{2,}/gu },
  // XX村, ××同志: letters standing for a name.
  { kind: 'mask', pattern: /(?<![A-Za-z])(?:[xX]{2,}|×{2,})(?![A-Za-z年])/gu },
  // 000人, 000%, 00电源: zeros where a number (or a name) should be; the unit is kept with the number.
  {
    kind: 'zeros',
    pattern: /(?<![0-9.０-９．])[0０]{2,}(?![0-9.０-９．])(?:[%％]|万?[人名个次户件元岁家所])?/gu,
  },
  // [ ], 【 】, （ ）, ＿＿, ___: a form's blank.
  { kind: 'blank', pattern: /\[\s*\]|【\s*】|（\s+）|\(\s+\)|[＿_]{2,}/gu },
  // 占比；: a share with no number after it.
  { kind: 'emptyShare', pattern: /(?:占比|比例|比重)为?[；;，,。]/gu },
];

/** Every placeholder in `text`, in order; a stretch matched by two patterns is reported once. */
export function findPlaceholders(text: string): Placeholder[] {
  const found: Placeholder[] = [];
  for (const { kind, pattern } of patterns)
    for (const match of text.matchAll(pattern)) {
      const span = spanOf(match.index, match.index + match[0].length);
      if (found.some((p) => p.span.start < span.end && span.start < p.span.end)) continue;
      found.push({ text: match[0], kind, span });
    }
  return found.sort((a, b) => a.span.start - b.span.start);
}
