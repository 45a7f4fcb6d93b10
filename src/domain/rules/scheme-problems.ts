// schemeProblems: what makes a scheme unscorable or self-contradictory beyond its TypeBox schema.
// The cycles service calls it on save and answers 400 with every problem under its field.
//
// Decisions (docs/architecture.md, "Rules"):
// - keys are unique per scheme (category keys among categories, indicator keys across the whole
//   scheme), since scores and target letters follow an indicator by its key across versions;
// - an indicator checked 系统自动 needs a rule that is not 酌情扣分 (discretion is a person's);
//   an indicator checked by people (台账查看, 实地抽查, 走访) may carry only a 酌情扣分 rule, which
//   caps what the checker may take; bonus and veto items carry none and are never 系统自动;
// - a regular item is worth more than 0, a bonus item caps at more than 0, a veto item is worth 0;
// - a category's cap may be below its items' sum ("本类最高10分"), never above it (unreachable),
//   and a category holds at least one indicator;
// - a bonus cap needs a bonus item.

import type { IndicatorShape, SchemeShape } from '../rule-format.js';
import { formatPoints } from './points.js';
import { ruleProblems, type RuleProblem } from './problems.js';

const points = (n: number) => `${formatPoints(n)}分`;

function indicatorProblems(indicator: IndicatorShape): RuleProblem[] {
  const { kind, maxPoints, checkMethod, rule } = indicator;
  const out: RuleProblem[] = [];
  if (kind === 'regular' && maxPoints <= 0) out.push({ path: 'maxPoints', message: '常规指标的分值应大于0' });
  if (kind === 'bonus' && maxPoints <= 0) out.push({ path: 'maxPoints', message: '加分项的加分上限应大于0' });
  if (kind === 'veto' && maxPoints !== 0)
    out.push({ path: 'maxPoints', message: '一票否决项不计分，分值应为0' });
  if (kind !== 'regular' && checkMethod === 'automatic')
    out.push({
      path: 'checkMethod',
      message: `${kind === 'bonus' ? '加分项' : '一票否决项'}不能由系统自动评分`,
    });
  if (kind === 'regular' && checkMethod === 'automatic' && (rule === undefined || rule.kind === 'manual'))
    out.push({
      path: rule ? 'rule' : 'checkMethod',
      message: rule
        ? '“系统自动”评分的指标不能只设酌情扣分，请选择自动评分规则'
        : '“系统自动”评分的指标须设置评分规则',
    });
  if (kind === 'regular' && checkMethod !== 'automatic' && rule !== undefined && rule.kind !== 'manual')
    out.push({
      path: 'rule',
      message: '人工评分的指标只能设置酌情扣分；自动评分规则请将考核方式改为“系统自动”',
    });
  if (rule)
    out.push(
      ...ruleProblems(rule, { maxPoints, indicatorKind: kind }).map((p) => ({
        ...p,
        path: join('rule', p.path),
      })),
    );
  return out;
}

const join = (...parts: string[]) => parts.filter(Boolean).join('.');

export function schemeProblems(scheme: SchemeShape): RuleProblem[] {
  const out: RuleProblem[] = [];
  const categoryKeys = new Map<string, string>();
  const indicatorKeys = new Map<string, string>();
  let bonusItems = 0;
  scheme.categories.forEach((category, ci) => {
    const at = `categories.${ci}`;
    const where = `第${ci + 1}类“${category.name}”`;
    const sameKey = categoryKeys.get(category.key);
    if (sameKey !== undefined)
      out.push({ path: `${at}.key`, message: `${where}：编号“${category.key}”与“${sameKey}”重复` });
    else categoryKeys.set(category.key, category.name);
    if (category.maxPoints < 0) out.push({ path: `${at}.maxPoints`, message: `${where}：满分不能为负数` });
    if (category.indicators.length === 0)
      out.push({ path: `${at}.indicators`, message: `${where}：请至少设置一项指标` });
    const regularSum = category.indicators
      .filter((i) => i.kind === 'regular')
      .reduce((sum, i) => sum + i.maxPoints, 0);
    if (category.maxPoints > regularSum + 1e-9)
      out.push({
        path: `${at}.maxPoints`,
        message: `${where}：满分（${points(category.maxPoints)}）高于本类常规指标分值之和（${points(regularSum)}），无法得满分`,
      });
    category.indicators.forEach((indicator, ii) => {
      const iat = `${at}.indicators.${ii}`;
      const iwhere = `${where}第${ii + 1}项“${indicator.name}”`;
      if (indicator.kind === 'bonus') bonusItems += 1;
      const sameIndicator = indicatorKeys.get(indicator.key);
      if (sameIndicator !== undefined)
        out.push({
          path: `${iat}.key`,
          message: `${iwhere}：编号“${indicator.key}”与“${sameIndicator}”重复`,
        });
      else indicatorKeys.set(indicator.key, indicator.name);
      out.push(
        ...indicatorProblems(indicator).map((p) => ({
          path: join(iat, p.path),
          message: `${iwhere}：${p.message}`,
        })),
      );
    });
  });
  if (scheme.bonusCap !== undefined && bonusItems === 0)
    out.push({ path: 'bonusCap', message: '方案没有加分项，不需要设置加分上限' });
  return out;
}
