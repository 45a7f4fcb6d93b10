// Reports compared with each other: how much of their text they share, and which passages.
import type { Finding, ReportAnalysis } from './analyze.js';
import {
  exactJaccard,
  LshIndex,
  minhashSignature,
  repeatedPassages,
  sharedPassages,
  shingleSet,
} from './similarity.js';
import { findSections, findTitle } from './sections.js';
import { excerpt, surroundings, type TextSpan } from './span.js';

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

/** What a submitted version is indexed by: the MinHash of what its writer wrote (see `comparableText`). */
export const reportSignature = (text: string) => minhashSignature(shingleSet(comparableText(text, 'q')));

/** Whole reports at least this similar (Jaccard of their 5-gram sets) are one report handed in twice. */
export const similarReportThreshold = 0.5;

/** A report already submitted, which a new one is compared with. */
export interface OtherReport {
  /** How the finding names it: 东坪村党支部（2025年度）. */
  name: string;
  text: string;
  /** Its MinHash signature if stored, else computed here. */
  signature?: Int32Array;
}

const contextLength = 30;

/**
 * The text as it is compared with other reports: what every report has or Shuping wrote — the title,
 * the parts' headings (二、履职工作特色和亮点), the 基本情况 filled from the data, the 上年度问题整改情况
 * written from the problem list — is covered with
 * `mask`, so only what the secretary wrote can be found copied. The length stays, so spans still point
 * into the text; two texts masked with different letters share nothing where they are masked.
 */
export function comparableText(text: string, mask: string): string {
  // UTF-16 units, as spans count.
  const chars = text.split('');
  const cover = (start: number, end: number) => {
    for (let i = start; i < end; i++) if (chars[i] !== '\n') chars[i] = mask;
  };
  const title = findTitle(text);
  if (title) cover(title.span.start, title.span.end);
  for (const section of findSections(text)) {
    // 上年度问题整改情况 starts as the problem list's own lines (`carryOverText`): alike in every
    // report with the same status words, and the critiques it quotes are often alike too.
    if (section.kind === 'basics' || section.kind === 'lastYearRectification')
      cover(section.span.start, section.span.end);
    else cover(section.span.start, section.bodyStart);
  }
  return chars.join('');
}

/**
 * A new report against reports already submitted (the cycle's others, the org's earlier ones): every
 * passage it shares with one of them, with that passage as it stands there; and, through a MinHash
 * LSH index over their signatures, the reports it nearly repeats as a whole.
 */
export function findingsAgainst(text: string, others: readonly OtherReport[]): Finding[] {
  const findings: Finding[] = [];
  const index = new LshIndex<number>();
  const mine = comparableText(text, 'q');
  const own = shingleSet(mine);
  others.forEach((other, i) => {
    index.add(i, other.signature ?? reportSignature(other.text));
    for (const p of sharedPassages(mine, comparableText(other.text, 'z'), copiedMinLength)) {
      if (!wordy(p.text, copiedMinLength)) continue;
      findings.push({
        kind: 'copiedPassage',
        message: `“${excerpt(text.slice(p.a.start, p.a.end))}”与${other.name}的报告相同`,
        span: p.a,
        related: [],
        source: { name: other.name, ...surroundings(other.text, p.b, contextLength) },
      });
    }
  });
  // Only the index's borderline candidates are measured exactly.
  const exact = (i: number) => exactJaccard(own, shingleSet(comparableText(others[i]!.text, 'q')));
  const title = text.indexOf('\n');
  for (const match of index.similar(minhashSignature(own), similarReportThreshold, exact))
    findings.push({
      kind: 'similarReport',
      message: `全文与${others[match.key]!.name}的报告高度相似（相似度约 ${Math.round(match.similarity * 100)}%）`,
      span: { start: 0, end: title < 0 ? text.length : title },
      related: [],
    });
  return findings;
}
