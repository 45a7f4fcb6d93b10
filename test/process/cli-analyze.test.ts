import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { seedPath } from '../helpers/seeds.js';
import { root, runCli } from './helpers.js';

interface Span {
  start: number;
  end: number;
}
interface Analysis {
  file: string;
  sections: { title: string; kind: string; span: Span }[];
  figures: { text: string; value: number; unit: string; subject: string; span: Span }[];
  placeholders: { text: string; span: Span }[];
  findings: { kind: string; message: string; span: Span; related: Span[] }[];
}

describe('shuping analyze', () => {
  it('prints one report as JSON: sections, figures, placeholders and findings with spans', async () => {
    const result = await runCli(['analyze', '--json', seedPath('004_')], {});
    expect(result.code, result.stderr).toBe(0);
    const analysis = JSON.parse(result.stdout) as Analysis;
    expect(analysis.sections.map((s) => s.kind)).toEqual(['highlights', 'problems', 'plans']);
    expect(analysis.figures.length).toBeGreaterThan(5);
    expect(analysis.placeholders.map((p) => p.text)).toEqual(
      expect.arrayContaining(['000人', '000%', '20XX年', '****']),
    );
    expect(analysis.findings.every((f) => typeof f.message === 'string' && f.span.end > f.span.start)).toBe(
      true,
    );
  });

  it('compares two reports and shows their shared sentences, in Chinese without --json', async () => {
    const result = await runCli(['analyze', seedPath('001_'), seedPath('002_')], {});
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('相同段落');
    expect(result.stdout).toContain('把一批思想好、能力强、年龄轻、文化高的优秀人才选拔到村领导岗位');
    expect(result.stdout).toContain('〔雷同〕');

    const json = await runCli(['analyze', '--json', seedPath('001_'), seedPath('002_')], {});
    const output = JSON.parse(json.stdout) as {
      reports: Analysis[];
      similarity: { a: string; b: string; jaccard: number; passages: { a: Span; b: Span; text: string }[] }[];
    };
    expect(output.reports).toHaveLength(2);
    expect(output.similarity).toHaveLength(1);
    expect(output.similarity[0]!.passages.map((p) => p.text).join('')).toContain(
      '为进一步调动广大农村基层干部的工作积极性',
    );
    expect(output.reports[0]!.findings.filter((f) => f.kind === 'copiedPassage').length).toBeGreaterThan(0);
  });

  it('reads a Word file like its text', async () => {
    const text = fs.readFileSync(seedPath('004_'), 'utf8');
    const document = new Document({
      sections: [{ children: text.split('\n').map((line) => new Paragraph({ text: line })) }],
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuping-analyze-'));
    try {
      const docx = path.join(dir, '述职报告.docx');
      fs.writeFileSync(docx, await Packer.toBuffer(document));
      const fromWord = JSON.parse((await runCli(['analyze', '--json', docx], {})).stdout) as Analysis;
      const fromText = JSON.parse(
        (await runCli(['analyze', '--json', seedPath('004_')], {})).stdout,
      ) as Analysis;
      expect(fromWord.sections.map((s) => s.title)).toEqual(fromText.sections.map((s) => s.title));
      expect(fromWord.placeholders.map((p) => p.text)).toEqual(fromText.placeholders.map((p) => p.text));
      expect(fromWord.findings.map((f) => f.kind)).toEqual(fromText.findings.map((f) => f.kind));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a missing file and an unknown type in Chinese', async () => {
    const missing = await runCli(['analyze', '/nonexistent/报告.txt'], {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('无法读取文件“/nonexistent/报告.txt”');
    const wrongType = await runCli(['analyze', path.join(root, 'package.json')], {});
    expect(wrongType.code).toBe(1);
    expect(wrongType.stderr).toContain('不支持的文件类型“.json”');
    const none = await runCli(['analyze'], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('请给出要审查的报告文件');
  });
});
