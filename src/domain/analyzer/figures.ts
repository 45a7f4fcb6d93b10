// Every number a report states with its unit and what it counts: 32个党支部, 党员786名, 40余次,
// 二十五个村, 5.18万人, 8人，占67%.
import { chineseNumeralChars, chineseNumeralValue } from './numerals.js';
import { spanOf, type TextSpan } from './span.js';

export interface Figure {
  /** As written, approximation words included: 40余次, 近3000万元. */
  text: string;
  /** The number as written (a range's upper end is `upTo`), before any 万 of the unit. */
  value: number;
  upTo?: number;
  /** 余/多/超过 (over), 近 (nearly), 约/左右 (about). */
  approximate?: 'over' | 'nearly' | 'about';
  /** As written, with its scale: 个, 名, 人, 万元, 万人, %. */
  unit: string;
  /** What is counted, as the report names it (党支部, 行政村, 党员), or '' when it does not say. */
  subject: string;
  span: TextSpan;
  /** For 8人，占67%: the index (in the figures) of the count this share is of. */
  shareOf?: number;
}

/** Counting words a subject follows (32个党支部) and units that stand alone (8人, 45万元). */
const countUnits = [
  '个',
  '名',
  '家',
  '所',
  '支',
  '座',
  '处',
  '项',
  '条',
  '件',
  '户',
  '篇',
  '场',
  '期',
  '间',
  '套',
  '台',
];
const measureUnits = [
  '平方公里',
  '公里',
  '个百分点',
  '人次',
  '元',
  '人',
  '次',
  '岁',
  '亩',
  '吨',
  '小时',
  '天',
  '%',
  '％',
];
const units = [...countUnits, ...measureUnits].sort((a, b) => b.length - a.length);

const arabic = String.raw`[0-9０-９]+(?:[,，][0-9]{3})*(?:[.．][0-9０-９]+)?`;
const chinese = `[${chineseNumeralChars}]+`;
const number = `(?:${arabic}|${chinese})`;
const figurePattern = new RegExp(
  String.raw`(近|约|大约|超过|逾|共约)?(?:(${number})\s*[-~～—至到]\s*)?(${number})(余|多)?(万|亿)?(余|多)?(${units.join('|')})(左右)?`,
  'gu',
);

/**
 * Nouns reports count, longest first, so 村党支部 wins over 党支部 and 支部. A subject not in the
 * list is taken as written up to the next word boundary the list cannot know.
 */
const subjectNouns = [
  '村党组织书记',
  '党组织书记',
  '入党积极分子',
  '村党支部',
  '村党组织',
  '基层党组织',
  '党支部',
  '党总支',
  '党组织',
  '党小组',
  '党委委员',
  '班子成员',
  '预备党员',
  '流动党员',
  '女党员',
  '正式党员',
  '发展对象',
  '党员',
  '行政村',
  '社区',
  '非公企业',
  '企业',
  '社会组织',
  '村干部',
  '干部',
  '书记',
  '群众',
  '支部',
  '村',
].sort((a, b) => b.length - a.length);

/** Characters that end a subject written after the unit: particles, verbs of comparison, punctuation. */
const subjectStop = /[的和与及、，。；：,.;:（()）“”"‘’《》占其共是为在有均达以上下中等，！？\s\d]/u;
/** Words before a number that introduce it rather than name what it counts. */
const leadWords =
  /^(?:其中|全镇|全县|全乡|全村|全市|目前|现有|现设|共有|共计|累计|拥有|合计|总计|现|共|有|计|设|达到|达|为|是|约|已|建成|建立|新建|选派|分配)+/u;
const trailWords = /(?:的|共|有|计|为|达|是|就|占到|占了|占|约)+$/u;
/** The counting word of a number just before: 23个村党组织书记平均年龄51岁 is about 村党组织书记. */
const leadUnit = /^[个名家所支座处项条件户年月日]/u;

const isCjk = (char: string | undefined) => !!char && /\p{Script=Han}/u.test(char);

function toHalfWidth(text: string) {
  return text.replace(/[０-９．，]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

function numberValue(text: string): number | null {
  if (/^[0-9０-９]/.test(text)) return Number(toHalfWidth(text).replace(/,/g, ''));
  return chineseNumeralValue(text);
}

/** Spans inside quotation marks or book-title marks: slogans (“三抓紧”) and titles (《…》) count nothing. */
function quotedSpans(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  const pattern = /“[^”\n]{0,60}”|"[^"\n]{0,60}"|《[^》\n]{0,60}》|「[^」\n]{0,60}」/gu;
  for (const match of text.matchAll(pattern)) spans.push(spanOf(match.index, match.index + match[0].length));
  return spans;
}

function subjectAfter(text: string, from: number): string {
  const rest = text.slice(from, from + 12);
  const noun = subjectNouns.find((n) => rest.startsWith(n));
  if (noun) return noun;
  let end = 0;
  while (end < rest.length && end < 8 && isCjk(rest[end]) && !subjectStop.test(rest[end]!)) end++;
  return rest.slice(0, end);
}

function subjectBefore(text: string, at: number): string {
  let start = at;
  while (
    start > 0 &&
    at - start < 16 &&
    isCjk(text[start - 1]) &&
    !/[，。；：、（）“”《》\s]/u.test(text[start - 1]!)
  )
    start--;
  // 村党支部现有党员58名 counts 党员: what comes after the last 有/共/计 is what is counted.
  const run = text
    .slice(start, at)
    .replace(leadUnit, '')
    .split(/现有|共有|拥有|现设|共计|有|共|计/u)
    .pop()!
    .replace(leadWords, '')
    .replace(trailWords, '');
  const noun = subjectNouns.find((n) => run.endsWith(n));
  return noun && run.length > 10 ? noun : run;
}

/** Zero-only numbers of two or more digits stand where a number should be: they are placeholders. */
const isZeroPlaceholder = (written: string) => /^[0０]{2,}$/.test(written);

/** The figures of `text`, in order of appearance. */
export function findFigures(text: string): Figure[] {
  const quoted = quotedSpans(text);
  const inQuotes = (at: number) => quoted.some((q) => q.start < at && at < q.end);
  const figures: Figure[] = [];
  for (const match of text.matchAll(figurePattern)) {
    const [written, before, low, main, overBefore, scale, overAfter, unitWritten, about] = match;
    const start = match.index;
    const end = start + written.length;
    const numberStart = start + (before?.length ?? 0);
    const isChinese = !/^[0-9０-９]/.test(main!);
    // 第三个 is an ordinal, 3G and X5 are names, 2010年 never gets here (年 is no unit).
    if (
      text[numberStart - 1] === '第' ||
      /[A-Za-z]/.test(text[end] ?? '') ||
      /[A-Za-z]/.test(text[start - 1] ?? '')
    )
      continue;
    if (/[0-9０-９.．]/.test(text[start - 1] ?? '')) continue;
    if (isZeroPlaceholder(main!)) continue;
    if (isChinese && (inQuotes(numberStart) || isCjkWordBefore(text, numberStart))) continue;
    const value = numberValue(main!);
    if (value === null || Number.isNaN(value)) continue;
    // 一个, 一名: "one" in prose far more often than a count.
    if (isChinese && value === 1) continue;
    const lowValue = low === undefined ? null : numberValue(low);
    if (low !== undefined && lowValue === null) continue;
    const upTo = lowValue === null ? undefined : value;
    const unit = (scale ?? '') + (unitWritten === '％' ? '%' : unitWritten!);
    const isCount = countUnits.includes(unitWritten!);
    const subject =
      unit === '%'
        ? subjectBefore(text, start)
        : (isCount && subjectAfter(text, end)) || subjectBefore(text, start);
    const approximate =
      overBefore || overAfter || before === '超过' || before === '逾'
        ? 'over'
        : before === '近'
          ? 'nearly'
          : before || about
            ? 'about'
            : undefined;
    figures.push({
      text: written,
      value: lowValue ?? value,
      ...(upTo !== undefined ? { upTo } : {}),
      ...(approximate ? { approximate } : {}),
      unit,
      subject,
      span: spanOf(start, end),
    });
  }
  linkShares(text, figures);
  return figures;
}

/**
 * A Chinese numeral glued to the word before it is part of that word (统一, 进一步, 唯一, 万一), not a
 * count; a count follows a verb or a boundary (建成二十五个, 有两个).
 */
function isCjkWordBefore(text: string, at: number) {
  const before = text[at - 1];
  if (!isCjk(before)) return false;
  return !/[有设建了和及与共计达为是到过成占、]/u.test(before!);
}

/** 8人，占67% and 8个占67%: a share right after its count is a share of that count. */
function linkShares(text: string, figures: Figure[]) {
  for (let i = 1; i < figures.length; i++) {
    const share = figures[i]!;
    const count = figures[i - 1]!;
    if (share.unit !== '%' || count.unit === '%') continue;
    const between = text.slice(count.span.end, share.span.start);
    if (/^[，,、]?\s*(?:占|占到|占了|达到?|为)?[^，。；\d]{0,8}?$/u.test(between) && between.length <= 10)
      share.shareOf = i - 1;
  }
}
