// Reports compared with each other: how much of their text they share, and which passages.
import type { Finding, ReportAnalysis } from './analyze.js';
import { exactJaccard, repeatedPassages, sharedPassages, shingleSet } from './similarity.js';
import { excerpt, type TextSpan } from './span.js';

/** Shared runs shorter than this are set phrases (加强基层党组织建设), not copying. */
export const copiedMinLength = 15;
/** A passage repeated inside one report: a sentence or more. */
export const repeatedMinLength = 20;

export interface SimilarityPair {
  /** Indices of the two reports in the list compared. */
  a: number;
  b: number;
  /** Exact Jaccard similarity of their character 5-gram sets. */
  jaccard: number;
  passages: { a: TextSpan; b: TextSpan; text: string }[];
}

/**
 * Whether a shared or repeated run is prose rather than a formula with figures in it: its words alone
 * (the figures left out) must reach `minLength`. 平均年龄40岁，高中及以上文化程度的1人，占100% said of two
 * groups is a coincidence of the data, not a copied sentence.
 */
const wordy = (text: string, minLength: number) => (text.match(/\p{L}/gu)?.length ?? 0) >= minLength;

/** The report's own repeated passages, as findings pointing at the repeat and the original. */
export function repeatFindings(text: string): Finding[] {
  return repeatedPassages(text, repeatedMinLength)
    .filter((r) => wordy(r.text, repeatedMinLength))
    .map((r) => ({
      kind: 'repeatedPassage' as const,
      message: `“${excerpt(r.text)}”与本报告前文重复`,
      span: r.repeat,
      related: [r.first],
    }));
}

/** Every pair of `texts` that shares at least one copied passage, with those passages. */
export function comparePairs(texts: readonly string[]): SimilarityPair[] {
  const sets = texts.map((text) => shingleSet(text));
  const pairs: SimilarityPair[] = [];
  for (let a = 0; a < texts.length; a++)
    for (let b = a + 1; b < texts.length; b++)
      pairs.push({
        a,
        b,
        jaccard: Number(exactJaccard(sets[a]!, sets[b]!).toFixed(4)),
        passages: sharedPassages(texts[a]!, texts[b]!, copiedMinLength).filter((p) =>
          wordy(p.text, copiedMinLength),
        ),
      });
  return pairs;
}

/** Adds to each analysis the passages it shares with the others, naming the other report. */
export function addCopyFindings(
  analyses: ReportAnalysis[],
  pairs: readonly SimilarityPair[],
  names: readonly string[],
): void {
  for (const pair of pairs)
    for (const passage of pair.passages)
      for (const [own, other, span, related] of [
        [pair.a, pair.b, passage.a, passage.b],
        [pair.b, pair.a, passage.b, passage.a],
      ] as const)
        analyses[own]!.findings.push({
          kind: 'copiedPassage',
          message: `“${excerpt(passage.text)}”与《${names[other]}》相同`,
          span,
          related: [related],
          otherReport: other,
        });
  for (const analysis of analyses) analysis.findings.sort((x, y) => x.span.start - y.span.start);
}
