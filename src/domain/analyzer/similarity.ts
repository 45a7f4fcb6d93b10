// How much of their text reports share: character shingles, MinHash signatures and a banded LSH index
// to find similar reports among many, and the exact passages two texts (or one text) repeat.
//
// No npm package fit: the MinHash/LSH packages on the registry (minhash, lsh, minhash-lsh-js…) are
// unmaintained for years, hash strings through slow generic paths and give no passages; this module is
// small, typed-array based and tested against brute force (test/unit/similarity.test.ts).
import { spanOf, type TextSpan } from './span.js';

export interface Normalized {
  /** Letters and digits only, full-width ASCII folded, lower-cased. */
  text: string;
  /** For each character of `text`, its index in the original. */
  offsets: Int32Array;
}

const keep = /[\p{L}\p{N}]/u;

/** Whether a UTF-16 unit is a letter or digit: CJK and ASCII directly, the rest by Unicode class. */
function isKept(code: number): boolean {
  if (code >= 0x4e00 && code <= 0x9fff) return true;
  if (code < 0x80)
    return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  if (code >= 0x3000 && code <= 0x303f) return code === 0x3007; // CJK punctuation, but 〇 is a numeral
  if (code >= 0xff00 && code <= 0xffef) return false; // full-width forms are folded before this test
  return keep.test(String.fromCharCode(code));
}

/**
 * The text as copying is judged: punctuation, spacing and line breaks are where copies differ most
 * without differing (a comma for a 顿号, a line break where a paragraph was joined), so they are dropped.
 */
export function normalizeForShingles(text: string): Normalized {
  const codes = new Uint16Array(text.length);
  const offsets = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0;
    if (!isKept(code)) continue;
    codes[n] = code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
    offsets[n++] = i;
  }
  return { text: new TextDecoder('utf-16le').decode(codes.subarray(0, n)), offsets: offsets.subarray(0, n) };
}

/** murmur3's finalizer: every input bit moves every output bit, so sequential shingles spread evenly. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Character k-gram length: 5 Chinese characters are a phrase; shorter ones recur in any two reports. */
export const shingleLength = 5;

/**
 * The sorted, distinct 32-bit hashes of the text's character k-grams (FNV-1a, then mixed). Hashes are
 * kept as signed 32-bit integers throughout: V8 holds those unboxed, while unsigned values above 2³¹
 * become heap numbers and made every comparison ten times slower.
 */
export function shingleSet(text: string, k = shingleLength): Int32Array {
  const { text: normalized } = normalizeForShingles(text);
  const count = Math.max(0, normalized.length - k + 1);
  const hashes = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let h = 0x811c9dc5;
    for (let j = 0; j < k; j++) h = Math.imul(h ^ normalized.charCodeAt(i + j), 0x01000193);
    hashes[i] = mix(h);
  }
  hashes.sort();
  let distinct = 0;
  for (let i = 0; i < count; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) hashes[distinct++] = hashes[i]!;
  return hashes.slice(0, distinct);
}

/** Jaccard similarity of two sorted sets, by one merge. */
export function exactJaccard(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let common = 0;
  // Without branches: which side advances is a coin toss on hashes, and mispredicted branches made the
  // merge twice as slow.
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    common += +(x === y);
    i += +(x <= y);
    j += +(y <= x);
  }
  const union = a.length + b.length - common;
  return union ? common / union : 0;
}

/** 48 bands of 3 rows: see `LshIndex`. */
export const signatureSize = 144;

const emptyBin = 0x7fffffff;

/**
 * MinHash by one permutation (Li, Owen & Zhang 2012, with rotation densification): each shingle falls
 * into one of `signatureSize` bins by its hash, and a bin keeps the least of a second, independent hash
 * of its shingles. Two texts' signatures agree in a bin with probability equal to their Jaccard
 * similarity, as with 144 separate hash functions, at the cost of one pass over the shingles instead
 * of 144 (and without the bias a multiply-add hash family showed: estimates 0.02 low, one in two
 * hundred 0.1 off). A bin no shingle fell into (a text of a few hundred characters) borrows from the
 * next filled bin, offset by the distance, so equal texts still agree there. The standard error is
 * √(J(1−J)/144) ≤ 0.042.
 */
export function minhashSignature(shingles: Int32Array): Int32Array {
  const signature = new Int32Array(signatureSize).fill(emptyBin);
  for (let j = 0; j < shingles.length; j++) {
    const x = shingles[j]!;
    const bin = (((x >>> 0) * signatureSize) / 0x100000000) | 0;
    // The value must not depend on the bits that chose the bin, so it is a hash of its own.
    const value = mix(x ^ 0x5bd1e995) & 0x7ffffffe;
    if (value < signature[bin]!) signature[bin] = value;
  }
  if (!shingles.length) return signature;
  const filled = signature.map((v) => (v === emptyBin ? 0 : 1));
  for (let i = 0; i < signatureSize; i++) {
    if (filled[i]) continue;
    let distance = 1;
    while (!filled[(i + distance) % signatureSize]) distance++;
    signature[i] = mix(signature[(i + distance) % signatureSize]! + distance) | 1;
  }
  return signature;
}

export function estimateJaccard(a: Int32Array, b: Int32Array): number {
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return a.length ? equal / a.length : 0;
}

/**
 * Banded LSH over MinHash signatures: two reports become candidates when all rows of any one band
 * agree. With 48 bands of 3 rows a pair of Jaccard J is a candidate with probability 1 − (1 − J³)⁴⁸:
 * 0.998 at J = 0.5, 0.73 at 0.3, 0.047 at 0.1 — copies are almost never missed, while reports that
 * merely share the field's phrases (J ≈ 0.02–0.08) rarely need checking. Candidates are then kept
 * only if their similarity reaches the threshold (see `similar`).
 */
export class LshIndex<K> {
  readonly #bands: Map<number, K[]>[];
  readonly #signatures = new Map<K, Int32Array>();

  constructor(
    readonly bands = 48,
    readonly rows = 3,
  ) {
    if (bands * rows !== signatureSize) throw new Error(`bands × rows must be ${signatureSize}`);
    this.#bands = Array.from({ length: bands }, () => new Map<number, K[]>());
  }

  get size() {
    return this.#signatures.size;
  }

  #bandKey(signature: Int32Array, band: number) {
    let h = 0x811c9dc5;
    for (let r = 0; r < this.rows; r++) h = Math.imul(h ^ signature[band * this.rows + r]!, 0x01000193);
    return mix(h);
  }

  add(key: K, signature: Int32Array) {
    this.#signatures.set(key, signature);
    for (let band = 0; band < this.bands; band++) {
      const bucketKey = this.#bandKey(signature, band);
      const bucket = this.#bands[band]!.get(bucketKey);
      if (bucket) bucket.push(key);
      else this.#bands[band]!.set(bucketKey, [key]);
    }
  }

  candidates(signature: Int32Array): K[] {
    const found = new Set<K>();
    for (let band = 0; band < this.bands; band++)
      for (const key of this.#bands[band]!.get(this.#bandKey(signature, band)) ?? []) found.add(key);
    return [...found];
  }

  /**
   * Indexed keys whose similarity to `signature` reaches `threshold`, most similar first. The estimate
   * errs by up to ±0.15 (3.5 standard errors): when `exact` is given, a candidate whose estimate is that
   * close to the threshold is decided by its exact Jaccard instead, so pairs just above the threshold
   * are not lost and pairs just below it not kept.
   */
  similar(
    signature: Int32Array,
    threshold = 0.5,
    exact?: (key: K) => number,
  ): { key: K; similarity: number; exact: boolean }[] {
    const matches: { key: K; similarity: number; exact: boolean }[] = [];
    for (const key of this.candidates(signature)) {
      const estimate = estimateJaccard(signature, this.#signatures.get(key)!);
      const decide = exact && Math.abs(estimate - threshold) < exactMargin;
      const similarity = decide ? exact(key) : estimate;
      if (similarity >= threshold) matches.push({ key, similarity, exact: !!decide });
    }
    return matches.sort((x, y) => y.similarity - x.similarity);
  }
}

/** How close to the threshold an estimate must be for the exact value to decide. */
const exactMargin = 0.15;

/** k-grams used to find where a shared run may start; runs are then extended one character at a time. */
const seedLength = 8;
/** Places a seed k-gram is looked up at, at most: set phrases recur dozens of times in one report. */
const seedPositionLimit = 32;

function seedIndex(text: string, k: number): Map<string, number[]> {
  const index = new Map<string, number[]>();
  for (let i = 0; i + k <= text.length; i++) {
    const key = text.slice(i, i + k);
    const positions = index.get(key);
    if (!positions) index.set(key, [i]);
    else if (positions.length < seedPositionLimit) positions.push(i);
  }
  return index;
}

const originalSpan = (n: Normalized, start: number, length: number) =>
  spanOf(n.offsets[start]!, n.offsets[start + length - 1]! + 1);

export interface SharedPassage {
  a: TextSpan;
  b: TextSpan;
  /** The passage as `a` writes it. */
  text: string;
}

/** Characters two copies of one passage may differ by and still be one passage (年龄轻 / 年纪轻). */
const editGap = 3;

/**
 * The passages (at least `minLength` letters and digits, punctuation aside) that `a` and `b` both
 * contain, each reported once, in `a`'s order. Exact runs of 8 or more are found first — `b` indexed
 * by 8-grams once, `a` walked, jumping past every run, so linear in practice — and runs that follow
 * each other in both texts with at most `editGap` characters between them are one copied passage
 * with a word changed.
 */
export function sharedPassages(a: string, b: string, minLength = 15): SharedPassage[] {
  const na = normalizeForShingles(a);
  const nb = normalizeForShingles(b);
  const k = Math.min(seedLength, minLength);
  const index = seedIndex(nb.text, k);
  const runs: { i: number; j: number; length: number; endB: number }[] = [];
  let i = 0;
  while (i + k <= na.text.length) {
    let best = 0;
    let bestAt = -1;
    for (const at of index.get(na.text.slice(i, i + k)) ?? []) {
      let length = k;
      while (
        i + length < na.text.length &&
        at + length < nb.text.length &&
        na.text[i + length] === nb.text[at + length]
      )
        length++;
      if (length > best) [best, bestAt] = [length, at];
    }
    if (best === 0) {
      i++;
      continue;
    }
    const last = runs.at(-1);
    const gapA = last ? i - (last.i + last.length) : -1;
    const gapB = last ? bestAt - last.endB : -1;
    if (last && gapA >= 0 && gapA <= editGap && gapB >= 0 && gapB <= editGap) {
      last.length = i + best - last.i;
      last.endB = bestAt + best;
    } else runs.push({ i, j: bestAt, length: best, endB: bestAt + best });
    i += best;
  }
  return runs
    .filter((run) => run.length >= minLength)
    .map((run) => {
      const span = originalSpan(na, run.i, run.length);
      return { a: span, b: originalSpan(nb, run.j, run.endB - run.j), text: a.slice(span.start, span.end) };
    });
}

export interface RepeatedPassage {
  first: TextSpan;
  repeat: TextSpan;
  text: string;
}

/** Passages of `text` that repeat an earlier passage of it (the two never overlap), in order. */
export function repeatedPassages(text: string, minLength = 20): RepeatedPassage[] {
  const n = normalizeForShingles(text);
  const k = Math.min(seedLength, minLength);
  const index = seedIndex(n.text, k);
  const repeats: RepeatedPassage[] = [];
  let i = 0;
  while (i + k <= n.text.length) {
    let best = 0;
    let bestAt = -1;
    for (const at of index.get(n.text.slice(i, i + k)) ?? []) {
      if (at + k > i) break;
      let length = k;
      while (at + length < i && i + length < n.text.length && n.text[at + length] === n.text[i + length])
        length++;
      if (length > best) [best, bestAt] = [length, at];
    }
    if (best >= minLength) {
      const span = originalSpan(n, i, best);
      repeats.push({
        first: originalSpan(n, bestAt, best),
        repeat: span,
        text: text.slice(span.start, span.end),
      });
      i += best;
    } else i++;
  }
  return repeats;
}
