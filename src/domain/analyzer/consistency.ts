// Whether a report's figures agree with each other: parts that add up to their whole (其中…), and
// shares that match their counts (8人，占67% of 12名).
import type { Figure } from './figures.js';
import type { TextSpan } from './span.js';

export interface ConsistencyCheck {
  kind: 'sum' | 'share';
  consistent: boolean;
  /** In Chinese, for the reviewer: 32个党支部 = 23 + 6 + 3. */
  message: string;
  /** The whole (sum) or the share (share). */
  span: TextSpan;
  /** The parts (sum) or the count and its base (share). */
  related: TextSpan[];
}

/** Units that count the same things: 名 and 人 both count people. */
const unitFamily = (unit: string) => (unit === '名' || unit === '人' ? '人' : unit);
const sameFamily = (a: Figure, b: Figure) => unitFamily(a.unit) === unitFamily(b.unit);

/** Counts and sums of money add up; ages, averages and shares do not. */
const additive = (f: Figure) =>
  f.upTo === undefined && !/%|岁|小时|天/u.test(f.unit) && !/平均|人均|比例|占比/u.test(f.subject);

/** The last one or two characters of a subject name its kind: 农村党支部 and 企业支部 are 支部. */
const head = (subject: string) => subject.slice(-2);

const sentenceBounds = (text: string, at: number) => {
  const stops = /[。！？\n]/u;
  let start = at;
  while (start > 0 && !stops.test(text[start - 1]!)) start--;
  let end = at;
  while (end < text.length && !stops.test(text[end]!)) end++;
  return { start, end };
};

/** Exactly what a whole number writes, or the share as written rounded to its decimals. */
const formatNumber = (value: number) => String(Number(value.toFixed(2)));

/**
 * 现设32个党支部，…。其中农村党支部23个，机关党支部6个，企业支部3个。 The parts after 其中 that count
 * the same kind of thing (same unit family, subjects of the same kind as the whole) are summed and
 * compared with the closest whole before 其中, in the same or the previous sentence. A lone part (其中女党员
 * 160人) is a part, not a breakdown, and is not checked.
 */
function sumChecks(text: string, figures: readonly Figure[]): ConsistencyCheck[] {
  const checks: ConsistencyCheck[] = [];
  for (const marker of text.matchAll(/其中/gu)) {
    const at = marker.index;
    const sentence = sentenceBounds(text, at);
    const previous = sentenceBounds(text, Math.max(0, sentence.start - 1));
    // 共有党员1287人(其中女党员160人)，预备党员92人: a 其中 in brackets breaks down only what is in them;
    // otherwise the breakdown ends with its clause (；).
    const inBracket = /[(（]$/u.test(text.slice(Math.max(0, at - 1), at));
    const close = text.slice(at, sentence.end).search(inBracket ? /[)）]/u : /[；;]/u);
    const end = close >= 0 ? at + close : sentence.end;
    const parts = figures.filter(
      (f) => f.span.start > at && f.span.end <= end && additive(f) && !f.approximate,
    );
    const nextMarker = text.indexOf('其中', at + 2);
    const breakdown = parts.filter((f) => nextMarker < 0 || nextMarker > end || f.span.start < nextMarker);
    const inSentence = figures.filter(
      (f) => f.span.end <= at && f.span.start >= sentence.start && additive(f),
    );
    const candidates = inSentence.length
      ? inSentence
      : figures.filter((f) => f.span.end <= at && f.span.start >= previous.start && additive(f));
    // The whole is the closest count of the same kind; one of another kind (干部 for 支委) is not broken down.
    const whole = candidates.reverse().find((w) => breakdown.some((p) => sameFamily(p, w)));
    if (!whole) continue;
    const same = breakdown.filter((p) => sameFamily(p, whole));
    if (
      same.length < 2 ||
      !same.every((p) => !whole.subject || !p.subject || p.subject.includes(head(whole.subject)))
    )
      continue;
    const sum = same.reduce((total, p) => total + p.value, 0);
    const written = same.map((p) => formatNumber(p.value)).join(' + ');
    const consistent = Math.abs(sum - whole.value) < 1e-9;
    checks.push({
      kind: 'sum',
      consistent,
      message: consistent
        ? `${whole.text}${whole.subject} = ${written}，分项之和与总数一致`
        : `分项之和 ${written} = ${formatNumber(sum)}，与总数 ${whole.text}${whole.subject} 不符`,
      span: whole.span,
      related: same.map((p) => p.span),
    });
  }
  return checks;
}

/** How far `count / base` is from the share as written, or null when neither rounding nor cutting it off gives it. */
function shareError(count: number, base: number, share: Figure): number | null {
  const decimals = share.text.match(/[.．](\d+)/u)?.[1]?.length ?? 0;
  const exact = (count / base) * 100;
  const scale = 10 ** decimals;
  const written = Math.round(share.value * scale);
  const agrees = Math.round(exact * scale) === written || Math.floor(exact * scale + 1e-9) === written;
  return agrees ? Math.abs(exact - share.value) : null;
}

/**
 * 现党政班子成员12名，其中党委委员9名，…本科文化程度的8人，占67%: a share linked to its count is checked
 * against every earlier count of the same unit family in its sentence and the one before that is larger
 * than the count. Agreeing with any of them (rounded or cut off) is consistent, the closest named as the
 * base, since the report does not say which it means; agreeing with none is not. A share whose count stands alone (no base) is not checked.
 */
function shareChecks(text: string, figures: readonly Figure[]): ConsistencyCheck[] {
  const checks: ConsistencyCheck[] = [];
  figures.forEach((share) => {
    if (share.shareOf === undefined) return;
    const count = figures[share.shareOf]!;
    // 35岁以下的占14.3%: the share is of people under an age, not of 35 of anything.
    if (!additive(count)) return;
    const sentence = sentenceBounds(text, count.span.start);
    const previous = sentenceBounds(text, Math.max(0, sentence.start - 1));
    const bases = figures
      .slice(0, share.shareOf)
      .filter(
        (f) => f.span.start >= previous.start && sameFamily(f, count) && f.value > count.value && !f.upTo,
      )
      .reverse();
    if (!bases.length) return;
    const base = bases
      .map((b) => ({ b, error: shareError(count.value, b.value, share) }))
      .filter((c) => c.error !== null)
      .sort((x, y) => x.error! - y.error!)[0]?.b;
    const closest = base ?? bases[0]!;
    const actual = formatNumber((count.value / closest.value) * 100);
    checks.push({
      kind: 'share',
      consistent: !!base,
      message: base
        ? `${count.text} / ${base.text}${base.subject} = ${actual}%，与所写 ${share.text} 一致`
        : `${count.text}${count.subject} 占 ${closest.text}${closest.subject} 应为 ${actual}%，所写为 ${share.text}`,
      span: share.span,
      related: [count.span, closest.span],
    });
  });
  return checks;
}

/** A part (占…) over 100 % of its whole cannot be right, whatever the base; 增长120% can. */
function overHundred(text: string, figures: readonly Figure[]): ConsistencyCheck[] {
  return figures
    .filter(
      (f) =>
        f.unit === '%' &&
        f.value > 100 &&
        text.slice(Math.max(0, f.span.start - 8), f.span.start).includes('占'),
    )
    .map((f) => ({
      kind: 'share' as const,
      consistent: false,
      message: `占比 ${f.text} 超过 100%`,
      span: f.span,
      related: [],
    }));
}

/** Every check the report's own figures allow, consistent or not, in order of the text. */
export function checkConsistency(text: string, figures: readonly Figure[]): ConsistencyCheck[] {
  return [...sumChecks(text, figures), ...shareChecks(text, figures), ...overHundred(text, figures)].sort(
    (a, b) => a.span.start - b.span.start,
  );
}
