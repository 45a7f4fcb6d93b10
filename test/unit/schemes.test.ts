import { existsSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { SchemeBody } from '../../src/contract/schemes.js';
import { schemeProblems, schemeTotal } from '../../src/domain/rules/index.js';
import {
  readSchemeSheet,
  schemeColumns,
  schemeSheetRows,
  scoreLine,
  type ReadSheet,
} from '../../src/domain/scheme-sheet.js';
import { branchTemplate, committeeTemplate, type TemplateScheme } from '../../src/domain/scheme-templates.js';
import { checkMethods, indicatorKinds, scorers } from '../../src/domain/schemes.js';

const seedsDir = new URL('../../../shared/seeds/', import.meta.url);
const seedFiles = existsSync(seedsDir) ? readdirSync(seedsDir) : [];
const templates = { committee: committeeTemplate, branch: branchTemplate };
const areas = ['责任制落实', '组织覆盖', '工作创新', '党员队伍', '带头人队伍', '城乡统筹'];

describe.each(Object.entries(templates))('the default %s template', (audience, template) => {
  const indicators = template.categories.flatMap((c) => c.indicators);

  it('is a valid scheme document with no problem in itself or its rules', () => {
    expect([...Value.Errors(SchemeBody, template)]).toEqual([]);
    expect(schemeProblems(template)).toEqual([]);
    expect(template.audience).toBe(audience);
  });

  it('adds up to 100, each area to its cap, with bonus items and at least one veto item', () => {
    expect(schemeTotal(template)).toBe(100);
    for (const category of template.categories) {
      const regular = category.indicators.filter((i) => i.kind === 'regular');
      if (regular.length > 0)
        expect(
          regular.reduce((s, i) => s + i.maxPoints, 0),
          category.name,
        ).toBe(category.maxPoints);
    }
    expect(template.categories.slice(0, 6).map((c) => c.name)).toEqual(areas);
    expect(indicators.filter((i) => i.kind === 'bonus').length).toBeGreaterThan(0);
    expect(indicators.filter((i) => i.kind === 'veto').length).toBeGreaterThan(0);
    expect(template.bonusCap).toBeGreaterThan(0);
  });

  it('cites a seed for every indicator, each one that exists', () => {
    for (const i of indicators) {
      expect(i.source, i.key).toMatch(/^seed 00[0-3]$/);
      const number = i.source!.slice(5);
      expect(
        seedFiles.some((f) => f.startsWith(`${number}_`)),
        `${i.source} is in ../shared/seeds`,
      ).toBe(true);
    }
    // All four source documents are used.
    expect(new Set(indicators.map((i) => i.source)).size).toBe(4);
  });

  it('scores countable standards by a rule, and states the rule’s numbers in its standard', () => {
    const automatic = indicators.filter((i) => i.checkMethod === 'automatic');
    expect(automatic.length).toBeGreaterThanOrEqual(10);
    for (const i of automatic) {
      const rule = i.rule!;
      if ('atLeast' in rule && rule.atLeast !== undefined && rule.kind !== 'threshold')
        expect(i.standard, i.key).toContain(String(rule.atLeast));
      if ('deductEach' in rule) expect(i.standard, i.key).toContain(String(rule.deductEach));
    }
  });
});

/** What the xlsx reader hands `readSchemeSheet`: every cell as text, the category cell on every row. */
function asRead(body: TemplateScheme): ReadSheet {
  return {
    title: body.name,
    scoreLine: scoreLine(schemeTotal(body), body.bonusCap),
    rows: schemeSheetRows(body).map((r, i) => ({
      row: i + 4,
      cells: Object.fromEntries(schemeColumns.map((c) => [c.key, String(r[c.key])])),
    })),
  };
}

describe('the 考核评分细则 sheet', () => {
  it('reads back every template exactly', () => {
    for (const template of Object.values(templates)) {
      const read = readSchemeSheet(asRead(template), template.audience);
      expect('body' in read && read.body).toEqual(template);
    }
  });

  const text = fc.string({ minLength: 1, maxLength: 12 }).map((s) => `项${s.replace(/\s/g, '')}`);
  const indicator = fc.record({
    name: text,
    kind: fc.constantFrom(...indicatorKinds),
    maxPoints: fc.integer({ min: 0, max: 2000 }).map((n) => n / 100),
    content: text,
    standard: text,
    checkMethod: fc.constantFrom(...checkMethods),
    scoredBy: fc.uniqueArray(fc.constantFrom(...scorers), { minLength: 1 }),
    evidence: fc.option(text, { nil: undefined }),
    source: fc.option(text, { nil: undefined }),
    rule: fc.option(fc.constant({ kind: 'manual' as const, cap: 1 }), { nil: undefined }),
  });
  const scheme = fc
    .array(
      fc.record({
        name: text,
        maxPoints: fc.integer({ min: 1, max: 100 }),
        indicators: fc.array(indicator, { minLength: 1, maxLength: 4 }),
      }),
      {
        minLength: 1,
        maxLength: 4,
      },
    )
    .map((categories): TemplateScheme => ({
      name: '测试方案',
      audience: 'branch',
      bonusCap: 3,
      // Distinct names: two neighbouring categories with the same cell would read as one.
      categories: categories.map((c, ci) => ({
        ...c,
        name: `${c.name}${ci}`,
        key: `k${ci}`,
        indicators: c.indicators.map((i, ii) => {
          const { evidence, source, rule, ...rest } = i;
          return {
            ...rest,
            key: `k${ci}-${ii}`,
            ...(evidence ? { evidence } : {}),
            ...(source ? { source } : {}),
            ...(rule ? { rule } : {}),
          };
        }),
      })),
    }));

  it('round-trips any scheme through its rows (property)', () => {
    fc.assert(
      fc.property(scheme, (body) => {
        const read = readSchemeSheet(asRead(body), 'branch');
        expect('body' in read && read.body).toEqual(body);
      }),
    );
  });

  it('reports every bad cell under its column, with the sheet row', () => {
    const sheet = asRead(branchTemplate);
    sheet.rows[0]!.cells.points = '三分';
    sheet.rows[1]!.cells.checkMethod = '听汇报';
    sheet.rows[2]!.cells.rule = '{每季度1次';
    sheet.rows[3]!.cells.category = '责任制落实';
    sheet.rows[5]!.cells.name = '支委\u202e会';
    const read = readSchemeSheet(sheet, 'branch');
    expect('errors' in read && read.errors).toEqual([
      { row: 4, column: '分值', message: '分值“三分”不是有效的非负数' },
      {
        row: 5,
        column: '考核方式',
        message: '考核方式“听汇报”无效，可填：台账查看、实地抽查、走访、系统自动',
      },
      {
        row: 6,
        column: '自动评分规则',
        message: '自动评分规则不是有效的规则文本（JSON 对象），请从导出的方案中复制',
      },
      { row: 7, column: '类别', message: '类别“责任制落实”须写成“名称（分值分）”，如“责任制落实（20分）”' },
      { row: 9, column: '指标', message: '指标不能包含改变文字显示方向的控制字符（U+202E）' },
    ]);
  });

  it('maps a body field back to its row and column', () => {
    const read = readSchemeSheet(asRead(branchTemplate), 'branch');
    if (!('at' in read)) throw new Error('expected a body');
    expect(read.at('categories.1.indicators.2.maxPoints')).toEqual({ row: 4 + 4 + 2, column: '分值' });
    expect(read.at('categories.1.maxPoints')).toEqual({ row: 8, column: '类别' });
    expect(read.at('categories.0.indicators.1.rule.every')).toEqual({ row: 5, column: '自动评分规则' });
  });
});
