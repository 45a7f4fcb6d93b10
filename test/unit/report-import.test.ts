import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeReport } from '../../src/domain/analyzer/analyze.js';
import { importReportText, type ReportImport } from '../../src/domain/report-import.js';
import { emptyReport, reportText, reportTemplates, type ReportTemplate } from '../../src/domain/reports.js';
import { cleanBody } from '../helpers/report-generator.js';
import { readSeed, seedsDir } from '../helpers/seeds.js';

/**
 * What a text says, as a sorted list of its letters and digits: without whitespace, punctuation,
 * heading and item numbers (一、 （一） 1. 一是) and the 原因： label, which the import may drop as
 * the editor numbers and labels them itself.
 */
const says = (text: string) =>
  [
    ...text
      .replace(/原因[：:]/gu, '')
      .replace(/[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[）)]/gu, '')
      .replace(
        /[一二三四五六七八九十]{1,3}\s*[、.．]|\d{1,2}\s*[、.．](?!\d)|[一二三四五六七八九十][是要]/gu,
        '',
      )
      .replace(/[^\p{L}\p{N}]/gu, ''),
  ].sort();

/**
 * Everything the import kept, wherever it put it, and the source, both without the template's own part
 * titles (which a part keeps when the source gives it none, and which the source may also write).
 */
const compared = (text: string, { body, unplaced }: ReportImport, template: ReportTemplate) => {
  const defaults = new Set(emptyReport(template, '').sections.map((s) => s.title));
  const marker = /^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)])/u;
  const withoutDefaults = (lines: string) =>
    lines
      .split('\n')
      .filter((line) => !defaults.has(line.trim().replace(marker, '').trim()))
      .join('\n');
  const kept = [
    body.title,
    ...body.sections.flatMap((s) => [defaults.has(s.title) ? '' : s.title, s.text]),
    ...body.problems.flatMap((p) => [p.text, p.cause]),
    ...body.plans.map((p) => p.text),
    ...unplaced.map((u) => u.text),
  ].join('\n');
  return { kept: says(withoutDefaults(kept)), source: says(withoutDefaults(text)) };
};

const seedPrefixes = fs.readdirSync(seedsDir).map((name) => name.slice(0, 4));

describe('importing a report written elsewhere', () => {
  describe('seed 004 into the annual template', () => {
    const text = readSeed('004_');
    const { body, unplaced } = importReportText(text, 'annual');
    const analysis = analyzeReport(text);
    const lines = text.split('\n').map((line) => line.trim());

    it('takes the title and places its three parts by kind, introductions kept with their part', () => {
      expect(body.title).toBe(lines[0]);
      const filled = body.sections.filter((s) => s.text || s.kind === 'problems' || s.kind === 'plans');
      expect(filled.map((s) => [s.kind, s.title])).toEqual([
        ['highlights', '履职工作特色和亮点'],
        ['problems', '存在的主要问题及原因'],
        ['plans', '下一步工作思路和举措'],
      ]);
      const highlights = body.sections.find((s) => s.kind === 'highlights')!;
      // The work part's prose as written, its (一)(二)(三) sub-parts included.
      expect(highlights.text.split('\n')).toEqual(lines.slice(3, 7));
      const problems = body.sections.find((s) => s.kind === 'problems')!;
      expect(problems.text.split('\n')[0]).toBe(lines[8]);
      const plans = body.sections.find((s) => s.kind === 'plans')!;
      expect(plans.text).toBe(lines[15]);
    });

    it('has four problems, each with its cause from the 原因 block in order', () => {
      expect(body.problems).toHaveLength(4);
      body.problems.forEach((problem, i) => {
        expect(problem.text.startsWith(analysis.items.problems[i]!.title)).toBe(true);
        expect(problem.cause.startsWith(analysis.items.causes[i]!.title)).toBe(true);
      });
      // The causes are not left in the last problem's text.
      expect(body.problems[3]!.text).not.toContain(analysis.items.causes[0]!.title);
    });

    it('has four plans linked to the problems as the analyzer links them', () => {
      expect(body.plans).toHaveLength(4);
      body.plans.forEach((plan, i) =>
        expect(plan.text.startsWith(analysis.items.plans[i]!.title)).toBe(true),
      );
      expect(body.plans.map((p) => p.answers)).toEqual([[0, 2, 3], [1], [2], []]);
      expect(body.plans.map((p) => p.answers)).toEqual(analysis.items.plans.map((p) => p.answers));
    });

    it('returns the opening paragraph before the first part as unplaced, with the reason', () => {
      expect(unplaced).toEqual([{ text: lines[1], reason: '未识别的部分：标题与第一部分之间的文字' }]);
    });
  });

  it('seed 003 into the quarterly template: its six work parts under one part, each titled', () => {
    const text = readSeed('003_');
    const { body, unplaced } = importReportText(text, 'quarterly');
    expect(unplaced).toEqual([]);
    expect(body.title).toBe(text.split('\n')[0]!.trim());
    expect(body.sections.map((s) => [s.kind, s.title])).toEqual([
      ['highlights', '本季度工作开展情况'],
      ['problems', '存在的问题'],
      ['plans', '下季度工作打算'],
    ]);
    const highlights = body.sections[0]!.text.split('\n');
    const parts = analyzeReport(text).sections;
    expect(parts).toHaveLength(6);
    for (const part of parts) expect(highlights).toContain(part.title);
    expect(body.problems).toEqual([]);
    expect(body.plans).toEqual([]);
  });

  it('a part the template lacks is unplaced, with the template and part named', () => {
    const { unplaced } = importReportText(readSeed('001_'), 'quarterly');
    expect(unplaced.map((u) => u.reason)).toEqual(['季度述职没有“基本情况”部分：“全镇基本情况”']);
    expect(unplaced[0]!.text.startsWith('一、全镇基本情况')).toBe(true);
  });

  it('a part it cannot name, and a text without parts, are unplaced', () => {
    const text =
      '述职报告\n一、存在问题\n（一）记录不全。\n二、下一步打算\n（一）逐月检查记录。\n三、其他事项\n另附说明。\n';
    const { body, unplaced } = importReportText(text, 'annual');
    expect(body.problems).toEqual([{ text: '记录不全。', cause: '' }]);
    expect(unplaced).toEqual([{ text: '三、其他事项\n另附说明。', reason: '未识别的部分：“其他事项”' }]);
    expect(importReportText('述职报告\n今年做了很多工作。\n', 'annual').unplaced).toEqual([
      { text: '今年做了很多工作。', reason: '未识别的部分：未找到“一、”“二、”等部分标题' },
    ]);
  });

  it('splits a problem’s own cause at 原因：, and keeps a 原因是 sentence whole as the cause', () => {
    const text =
      '一、存在的问题\n（一）记录不全。原因：学习不深。\n（二）收入单一。主要原因是缺少带头人。\n（三）阵地陈旧。\n';
    expect(importReportText(text, 'annual').body.problems).toEqual([
      { text: '记录不全。', cause: '学习不深。' },
      { text: '收入单一。', cause: '主要原因是缺少带头人。' },
      { text: '阵地陈旧。', cause: '' },
    ]);
  });

  it.each(seedPrefixes.flatMap((seed) => reportTemplates.map((template) => [seed, template] as const)))(
    'loses and adds nothing of seed %s (%s template)',
    (seed, template) => {
      const text = readSeed(seed);
      const { kept, source } = compared(text, importReportText(text, template), template);
      expect(kept.length).toBeGreaterThan(1000);
      expect(kept).toEqual(source);
    },
  );

  it('gives back the body whose official text it reads', () => {
    fc.assert(
      fc.property(cleanBody, (body) => {
        const template = body.sections.length === 3 ? 'quarterly' : 'annual';
        const result = importReportText(reportText(body), template);
        expect(result.unplaced).toEqual([]);
        expect(result.body).toEqual(body);
      }),
      { numRuns: 300 },
    );
  });
});
