// What a scheme document must satisfy beyond its TypeBox shape, checked on every save and import.
// This file holds the checks of the scheme itself; the rules' own checks (`src/domain/rules/`) are
// joined in here so that callers ask one function.
import type { checkMethods, indicatorKinds } from './schemes.js';

/**
 * The parts of a scheme document (`contract/schemes.ts`, which the domain may not import) these
 * checks read; the contract's `SchemeBody` fits it.
 */
export interface SchemeShape {
  categories: readonly {
    key: string;
    name: string;
    maxPoints: number;
    indicators: readonly {
      key: string;
      name: string;
      kind: (typeof indicatorKinds)[number];
      maxPoints: number;
      checkMethod: (typeof checkMethods)[number];
      rule?: object;
    }[];
  }[];
}

export interface SchemeProblem {
  /** Where, as a JSON path into the body: categories.0.indicators.2.maxPoints */
  field: string;
  message: string;
}

/** Points are compared to the hundredth: 0.1 + 0.2 must equal 0.3. */
const cents = (n: number) => Math.round(n * 100);

/** Every problem of a scheme body, each with its place and a Chinese message naming the item. */
export function schemeProblems(body: SchemeShape): SchemeProblem[] {
  const problems: SchemeProblem[] = [];
  const categoryKeys = new Map<string, number>();
  const indicatorKeys = new Map<string, string>();
  body.categories.forEach((category, c) => {
    const at = `categories.${c}`;
    const seen = categoryKeys.get(category.key);
    if (seen !== undefined)
      problems.push({
        field: `${at}.key`,
        message: `类别「${category.name}」的编号 ${category.key} 与第 ${seen + 1} 个类别重复`,
      });
    else categoryKeys.set(category.key, c);
    let regular = 0;
    category.indicators.forEach((indicator, i) => {
      const here = `${at}.indicators.${i}`;
      const named = `指标「${indicator.name}」`;
      const other = indicatorKeys.get(indicator.key);
      if (other !== undefined)
        problems.push({ field: `${here}.key`, message: `${named}的编号 ${indicator.key} 与${other}重复` });
      else indicatorKeys.set(indicator.key, named);
      if (indicator.kind === 'regular') regular += cents(indicator.maxPoints);
      if (indicator.kind === 'veto' && indicator.maxPoints !== 0)
        problems.push({ field: `${here}.maxPoints`, message: `${named}是一票否决项，分值须为 0` });
      if (indicator.kind !== 'veto' && indicator.maxPoints === 0)
        problems.push({ field: `${here}.maxPoints`, message: `${named}的分值须大于 0` });
      if (indicator.checkMethod === 'automatic' && !indicator.rule)
        problems.push({ field: `${here}.rule`, message: `${named}的考核方式为系统自动，须设置自动评分规则` });
    });
    if (regular > cents(category.maxPoints))
      problems.push({
        field: `${at}.maxPoints`,
        message: `类别「${category.name}」的分值 ${category.maxPoints} 小于其常规指标分值之和 ${regular / 100}`,
      });
  });
  return problems;
}

/** The regular indicators' points: a full score (100 on a real sheet), bonus items apart. */
export const schemeTotal = (body: SchemeShape) =>
  body.categories
    .flatMap((c) => c.indicators)
    .reduce((sum, i) => sum + (i.kind === 'regular' ? cents(i.maxPoints) : 0), 0) / 100;
