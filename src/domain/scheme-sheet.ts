// The 考核评分细则 sheet: a scheme written as the rows of a real scoring sheet (类别, 序号, 分值, 考核
//内容, 评分标准, 考核方式 …) and read back. Pure: the server writes and reads the xlsx around it.
import type { RowError } from './member-import.js';
import { normalizeText, textProblem } from './text.js';
import {
  checkMethodLabels,
  checkMethods,
  indicatorKindLabels,
  indicatorKinds,
  scorerLabels,
  scorers,
} from './schemes.js';
import type { TemplateIndicator, TemplateScheme } from './scheme-templates.js';

export const schemeSheetName = '考核评分细则';

export const schemeColumns = [
  { key: 'category', header: '类别', width: 14 },
  { key: 'number', header: '序号', width: 6 },
  { key: 'name', header: '指标', width: 16 },
  { key: 'points', header: '分值', width: 7 },
  { key: 'content', header: '考核内容', width: 34 },
  { key: 'standard', header: '评分标准', width: 40 },
  { key: 'checkMethod', header: '考核方式', width: 10 },
  { key: 'scoredBy', header: '评分主体', width: 12 },
  { key: 'evidence', header: '佐证材料', width: 18 },
  { key: 'source', header: '来源', width: 9 },
  { key: 'rule', header: '自动评分规则', width: 30 },
  { key: 'kind', header: '指标类型', width: 10 },
  { key: 'key', header: '编号', width: 16 },
] as const;
export type SchemeColumnKey = (typeof schemeColumns)[number]['key'];
export type SchemeSheetRow = Record<SchemeColumnKey, string | number>;
const multilineColumns = new Set<SchemeColumnKey>(['content', 'standard', 'evidence']);
const header = (key: SchemeColumnKey) => schemeColumns.find((c) => c.key === key)!.header;

/** A category cell as a sheet prints it: 责任制落实（20分）. */
export const categoryCell = (name: string, maxPoints: number) => `${name}（${maxPoints}分）`;
/** The line under the title: the full score and the bonus cap, read back on import. */
export const scoreLine = (total: number, bonusCap: number | undefined) =>
  `满分${total}分` + (bonusCap === undefined ? '' : `，加分项合计不超过${bonusCap}分`);

/** An indicator's key beside its category's, so a re-imported sheet keeps both. */
const keyCell = (categoryKey: string, indicatorKey: string) => `${categoryKey}/${indicatorKey}`;

/** The scheme's rows, category by category, numbered within each. */
export function schemeSheetRows(body: TemplateScheme): SchemeSheetRow[] {
  return body.categories.flatMap((category) =>
    category.indicators.map((i, n) => ({
      category: categoryCell(category.name, category.maxPoints),
      number: n + 1,
      name: i.name,
      points: i.maxPoints,
      content: i.content,
      standard: i.standard,
      checkMethod: checkMethodLabels[i.checkMethod],
      scoredBy: i.scoredBy.map((s) => scorerLabels[s]).join('、'),
      evidence: i.evidence ?? '',
      source: i.source ?? '',
      rule: i.rule ? JSON.stringify(i.rule) : '',
      kind: indicatorKindLabels[i.kind],
      key: keyCell(category.key, i.key),
    })),
  );
}

const byLabel = <K extends string>(labels: Record<K, string>, keys: readonly K[], text: string) =>
  keys.find((k) => labels[k] === text);

export interface ReadSheet {
  /** The title cell: the scheme's name. */
  title: string;
  /** The line under it (满分…，加分项合计不超过…分). */
  scoreLine: string;
  /** Data rows with their sheet row numbers, cells as text (empty cells as ''). */
  rows: { row: number; cells: Partial<Record<SchemeColumnKey, string>> }[];
}

export type SheetScheme = Omit<TemplateScheme, 'categories'> & {
  categories: (Omit<TemplateScheme['categories'][number], 'indicators'> & {
    indicators: (Omit<TemplateIndicator, 'rule'> & { rule?: object })[];
  })[];
};

/**
 * The scheme a sheet describes, or every row error found (under the column it concerns). Keys come
 * from the 编号 column, or are made up from the category's and the row's place when it is empty.
 * `at(field)` maps a field of the body (categories.0.indicators.2.maxPoints) back to its row and
 * column, for the checks the caller runs afterwards.
 */
export function readSchemeSheet(
  sheet: ReadSheet,
  audience: TemplateScheme['audience'],
): { body: SheetScheme; at: (field: string) => { row: number; column: string } } | { errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (row: number, key: SchemeColumnKey, message: string) =>
    errors.push({ row, column: header(key), message });
  const categories: SheetScheme['categories'] = [];
  const places = new Map<string, number>();
  let current = null as { cell: string; index: number } | null;
  for (const { row, cells: raw } of sheet.rows) {
    // Stored as a typed body would be: NFC, no hidden characters (free text keeps its line breaks).
    const cells: Partial<Record<SchemeColumnKey, string>> = {};
    for (const [key, value] of Object.entries(raw) as [SchemeColumnKey, string][]) {
      const rules = { multiline: multilineColumns.has(key) };
      const text = normalizeText(value, rules).trim();
      const problem = textProblem(text, rules);
      if (problem) fail(row, key, `${header(key)}${problem}`);
      cells[key] = text;
    }
    const text = (key: SchemeColumnKey) => cells[key] ?? '';
    const categoryText: string = text('category') || current?.cell || '';
    if (!categoryText) {
      fail(row, 'category', '请填写类别，如“责任制落实（20分）”');
      continue;
    }
    if (categoryText !== current?.cell) {
      const match = /^(.+?)[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]$/.exec(categoryText);
      if (!match) {
        fail(row, 'category', `类别“${categoryText}”须写成“名称（分值分）”，如“责任制落实（20分）”`);
        current = { cell: categoryText, index: -1 };
        continue;
      }
      const [categoryKey] = text('key').split('/');
      categories.push({
        key: categoryKey || `cat${categories.length + 1}`,
        name: match[1]!.trim(),
        maxPoints: Number(match[2]),
        indicators: [],
      });
      current = { cell: categoryText, index: categories.length - 1 };
      places.set(`categories.${current.index}`, row);
    }
    const ci = current?.index ?? -1;
    if (ci < 0) continue;
    const category = categories[ci]!;
    const name = text('name');
    if (!name) fail(row, 'name', '请填写指标名称');
    const pointsText = text('points');
    const points = Number(pointsText);
    if (pointsText === '' || !Number.isFinite(points) || points < 0)
      fail(row, 'points', `分值“${pointsText}”不是有效的非负数`);
    const kindText = text('kind') || indicatorKindLabels.regular;
    const kind = byLabel(indicatorKindLabels, indicatorKinds, kindText);
    if (!kind)
      fail(row, 'kind', `指标类型“${kindText}”无效，可填：${Object.values(indicatorKindLabels).join('、')}`);
    const methodText = text('checkMethod');
    const checkMethod = byLabel(checkMethodLabels, checkMethods, methodText);
    if (!checkMethod)
      fail(
        row,
        'checkMethod',
        `考核方式“${methodText}”无效，可填：${Object.values(checkMethodLabels).join('、')}`,
      );
    const scorerTexts = text('scoredBy')
      .split(/[、,，\s]+/)
      .filter(Boolean);
    const scoredBy = scorerTexts.map((s) => byLabel(scorerLabels, scorers, s));
    if (scoredBy.length === 0 || scoredBy.some((s) => !s))
      fail(
        row,
        'scoredBy',
        `评分主体“${text('scoredBy')}”无效，可填：${Object.values(scorerLabels).join('、')}（用顿号分隔）`,
      );
    let rule: object | undefined;
    if (text('rule')) {
      try {
        const parsed: unknown = JSON.parse(text('rule'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new Error('not an object');
        rule = parsed;
      } catch {
        fail(row, 'rule', '自动评分规则不是有效的规则文本（JSON 对象），请从导出的方案中复制');
      }
    }
    const content = text('content');
    const standard = text('standard');
    if (!content) fail(row, 'content', '请填写考核内容');
    if (!standard) fail(row, 'standard', '请填写评分标准');
    const [, indicatorKey] = text('key').split('/');
    const index = category.indicators.length;
    places.set(`categories.${ci}.indicators.${index}`, row);
    category.indicators.push({
      key: indicatorKey || `${category.key}-${index + 1}`,
      name,
      kind: kind ?? 'regular',
      maxPoints: points,
      content,
      standard,
      checkMethod: checkMethod ?? 'ledgerReview',
      scoredBy: [...new Set(scoredBy.filter((s) => s !== undefined))],
      ...(text('evidence') ? { evidence: text('evidence') } : {}),
      ...(text('source') ? { source: text('source') } : {}),
      ...(rule ? { rule } : {}),
    });
  }
  if (sheet.rows.length === 0)
    errors.push({ row: 1, column: header('category'), message: '表中没有任何指标' });
  if (!sheet.title.trim()) errors.push({ row: 1, column: header('category'), message: '第1行须为方案名称' });
  if (errors.length > 0) return { errors };
  const cap = /加分项合计不超过\s*(\d+(?:\.\d+)?)\s*分/.exec(sheet.scoreLine);
  const body: SheetScheme = {
    name: sheet.title.trim(),
    audience,
    categories,
    ...(cap ? { bonusCap: Number(cap[1]) } : {}),
  };
  // A field of an indicator is under its own column (maxPoints under 分值, a rule's parts under the
  // rule); a category's fields are all in its 类别 cell.
  const columnOf = (field: string): SchemeColumnKey => {
    const parts = field.split('.');
    if (parts[2] !== 'indicators') return 'category';
    const leaf = parts[4] ?? 'name';
    if (leaf === 'maxPoints') return 'points';
    return schemeColumns.some((c) => c.key === leaf) ? (leaf as SchemeColumnKey) : 'rule';
  };
  const at = (field: string) => {
    const parts = field.split('.');
    const place = places.get(parts.slice(0, 4).join('.')) ?? places.get(parts.slice(0, 2).join('.')) ?? 1;
    return { row: place, column: header(columnOf(field)) };
  };
  return { body, at };
}
