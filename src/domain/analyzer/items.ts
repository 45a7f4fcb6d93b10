// The problems a report admits, their causes and the plans that answer them — found in the parts that
// hold them, and linked by the words a problem and a plan share.
import type { Section } from './sections.js';
import { spanOf, type TextSpan } from './span.js';

export interface ProblemItem {
  title: string;
  span: TextSpan;
  /** The problem's own text gives a cause (由于…, 受…影响, 原因是…). */
  ownCause: boolean;
  /** Indices of the plans that answer it. */
  answeredBy: number[];
}

export interface CauseItem {
  title: string;
  span: TextSpan;
}

export interface PlanItem {
  title: string;
  span: TextSpan;
  /** Indices of the problems it answers. */
  answers: number[];
}

export interface ReportItems {
  problems: ProblemItem[];
  causes: CauseItem[];
  plans: PlanItem[];
}

interface Piece {
  title: string;
  span: TextSpan;
}

const ordinals = '一二三四五六七八九十';
/** Inline enumerations, each tried in order: 一是…二是…, 1、…2、…, （1）…（2）…. */
const enumerations: readonly ((n: number) => string)[] = [
  (n) => `${ordinals[n - 1]}是`,
  (n) => `${ordinals[n - 1]}要`,
  (n) => `${n}、`,
  (n) => `（${n}）`,
  (n) => `(${n})`,
];

const titleOf = (text: string) =>
  text
    .replace(/^[\s\u3000]+/u, '')
    .split(/[。；！？\n]/u)[0]!
    .slice(0, 60);

/** The numbered run 一是 … 二是 … (two at least) inside `span`, or null. */
function enumerated(text: string, span: TextSpan): Piece[] | null {
  const body = text.slice(span.start, span.end);
  for (const marker of enumerations) {
    const starts: number[] = [];
    let from = 0;
    for (let n = 1; n <= ordinals.length; n++) {
      const at = body.indexOf(marker(n), from);
      if (at < 0) break;
      starts.push(at);
      from = at + marker(n).length;
    }
    if (starts.length < 2) continue;
    return starts.map((at, i) => {
      const end = i + 1 < starts.length ? starts[i + 1]! : body.length;
      const piece = body.slice(at, end).trimEnd();
      return {
        title: titleOf(piece.slice(marker(i + 1).length)),
        span: spanOf(span.start + at, span.start + at + piece.length),
      };
    });
  }
  return null;
}

/** The body's paragraphs, without an introduction that ends in a colon (主要表现在：). */
function paragraphs(text: string, span: TextSpan): Piece[] {
  const pieces: Piece[] = [];
  let at = span.start;
  for (const line of text.slice(span.start, span.end).split('\n')) {
    const trimmed = line.trim();
    if (trimmed && !/[：:]$/u.test(trimmed)) {
      const start = at + line.indexOf(trimmed);
      pieces.push({ title: titleOf(trimmed), span: spanOf(start, start + trimmed.length) });
    }
    at += line.length + 1;
  }
  return pieces;
}

/** A section's items: its sub-parts, else its inline enumeration, else its paragraphs. */
function piecesOf(text: string, section: Section, end = section.span.end): Piece[] {
  const parts = section.parts.filter((p) => p.span.start < end);
  if (parts.length)
    return parts.map((p) => ({ title: p.title, span: spanOf(p.span.start, Math.min(p.span.end, end)) }));
  const body = spanOf(section.bodyStart, end);
  return enumerated(text, body) ?? paragraphs(text, body);
}

/** 分析问题产生的原因，一是… / 究其原因：… — where a problems part turns to the causes of all of them. */
const causesIntro = /[^。；！？\n]{0,12}原因[^。；！？\n]{0,10}?[：:，,]\s*(?=[一1（(首])/u;
const ownCausePattern = /原因|由于|因为|导致|致使|造成|根源|归根|受到?[^。；]{0,12}(?:影响|束缚|制约)/u;

const trimPiece = (text: string, piece: Piece, end: number): Piece => {
  let stop = Math.min(piece.span.end, end);
  while (stop > piece.span.start && /[\s，,]/u.test(text[stop - 1]!)) stop--;
  return { ...piece, span: spanOf(piece.span.start, stop) };
};

/** Han characters only: punctuation, digits and spacing say nothing about what an item is about. */
const hanOnly = (text: string) => text.replace(/[^\p{Script=Han}]/gu, '');

function bigramCounts(text: string): Map<string, number> {
  const han = hanOnly(text);
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < han.length; i++) {
    const gram = han.slice(i, i + 2);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/**
 * How much a plan and a problem are about the same thing: the cosine of their character bigrams,
 * weighted by how rare each bigram is among the report's sentences (工作, 我镇 and 党建 say little).
 */
function relatedness(text: string) {
  const sentences = text.split(/[。；！？\n]/u).filter((s) => hanOnly(s).length > 1);
  const documentFrequency = new Map<string, number>();
  for (const sentence of sentences)
    for (const gram of bigramCounts(sentence).keys())
      documentFrequency.set(gram, (documentFrequency.get(gram) ?? 0) + 1);
  const idf = (gram: string) => Math.log((sentences.length + 1) / ((documentFrequency.get(gram) ?? 0) + 1));
  /** A piece's weights scaled to length 1, so the cosine of two pieces is their dot product. */
  const unitVector = (piece: string) => {
    const weights = new Map<string, number>();
    for (const [gram, count] of bigramCounts(piece)) weights.set(gram, (1 + Math.log(count)) * idf(gram));
    const norm = Math.sqrt([...weights.values()].reduce((sum, w) => sum + w * w, 0));
    if (norm) for (const [gram, w] of weights) weights.set(gram, w / norm);
    return weights;
  };
  const cosine = (a: Map<string, number>, b: Map<string, number>) => {
    let dot = 0;
    for (const [gram, w] of a) dot += w * (b.get(gram) ?? 0);
    return dot;
  };
  return { unitVector, cosine };
}

/**
 * A plan answers a problem when it is among the problem's closest plans and shares enough rare words
 * with it. Set on the seeds: in 004 each problem's own plan scores 0.057–0.074 and the unrelated pairs
 * 0.007–0.029; in 000 the general plans (找准差距、理清思路…) score under 0.025 against three of its
 * four problems, which no plan indeed answers.
 */
const answerMinimum = 0.03;
const answerShareOfBest = 0.6;

/** The problems, causes and plans of a report whose parts `sections` found. */
export function findItems(text: string, sections: readonly Section[]): ReportItems {
  const problemPieces: Piece[] = [];
  const causePieces: Piece[] = [];
  const planPieces: Piece[] = [];
  for (const section of sections) {
    if (section.kind === 'problems') {
      const intro = causesIntro.exec(text.slice(section.bodyStart, section.span.end));
      const causesStart = intro ? section.bodyStart + intro.index : section.span.end;
      problemPieces.push(...piecesOf(text, section, causesStart).map((p) => trimPiece(text, p, causesStart)));
      if (intro) {
        const block = spanOf(causesStart + intro[0].length, section.span.end);
        causePieces.push(...(enumerated(text, block) ?? paragraphs(text, block)));
      }
    } else if (section.kind === 'causes') causePieces.push(...piecesOf(text, section));
    else if (section.kind === 'plans') planPieces.push(...piecesOf(text, section));
  }
  const { unitVector, cosine } = relatedness(text);
  const slice = (p: Piece) => text.slice(p.span.start, p.span.end);
  const problemVectors = problemPieces.map((p) => unitVector(slice(p)));
  const scores = planPieces.map((plan) => {
    const planVector = unitVector(slice(plan));
    return problemVectors.map((problem) => cosine(planVector, problem));
  });
  const bars = problemPieces.map((_, i) =>
    Math.max(answerMinimum, answerShareOfBest * Math.max(0, ...scores.map((row) => row[i]!))),
  );
  const answers = (plan: number, problem: number) => scores[plan]![problem]! >= bars[problem]!;
  const problems: ProblemItem[] = problemPieces.map((p, i) => ({
    ...p,
    ownCause: ownCausePattern.test(slice(p)),
    answeredBy: planPieces.flatMap((_, plan) => (answers(plan, i) ? [plan] : [])),
  }));
  const plans: PlanItem[] = planPieces.map((p, plan) => ({
    ...p,
    answers: problemPieces.flatMap((_, i) => (answers(plan, i) ? [i] : [])),
  }));
  return { problems, causes: causePieces, plans };
}
