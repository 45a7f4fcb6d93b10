import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyReport, type ReportBody } from '../../src/domain/reports.js';
import { reportDocx } from '../../src/server/modules/reports/report-docx.js';
import { readSeed } from '../helpers/seeds.js';

const run = promisify(execFile);

/*
 * The Word file of a report as LibreOffice lays it out: converted to PDF by `soffice --headless`
 * and read back with poppler's pdftotext/pdfinfo. Both are required (CI installs them, .ci/run):
 * when missing, the test fails, never skips.
 */

/** The path of `command` on PATH, or null. */
function which(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, command);
    if (dir && fs.existsSync(file)) return file;
  }
  return null;
}

/**
 * Seed 004 (a town secretary's report) as a report body: its parts by their 一、 headings, the
 * （一） items of its problems and plans as items, every other line as prose.
 */
function seedBody(): ReportBody {
  const body = emptyReport('annual', '城关镇党委书记2026年度抓基层党建工作述职报告');
  const kinds: Record<string, ReportBody['sections'][number]['kind']> = {
    履职工作特色和亮点: 'highlights',
    存在的主要问题及原因: 'problems',
    下一步工作思路和举措: 'plans',
  };
  let kind: ReportBody['sections'][number]['kind'] = 'basics';
  for (const line of readSeed('004_').split('\n').slice(1)) {
    const text = line.trim();
    if (!text) continue;
    const heading = /^[一二三四五六七八九十]+、(.+)$/u.exec(text);
    if (heading) {
      kind = kinds[heading[1]!.trim()] ?? kind;
      continue;
    }
    const item = /^[(（][一二三四五六七八九十]+[)）](.+)$/u.exec(text);
    if (item && kind === 'problems') body.problems.push({ text: item[1]!, cause: '' });
    else if (item && kind === 'plans') body.plans.push({ text: item[1]!, answers: [] });
    else {
      const section = body.sections.find((s) => s.kind === kind)!;
      section.text = section.text ? `${section.text}\n${text}` : text;
    }
  }
  return body;
}

const squeeze = (text: string) => text.replace(/\s+/gu, '');

describe('a report’s Word file rendered by LibreOffice', () => {
  let dir: string;
  let pdf: string;
  const body = seedBody();
  body.basicsTable = [
    { label: '党员', value: '870名' },
    { label: '其中：预备党员', value: '12名' },
    { label: '女党员', value: '163名（占18.7%）' },
  ];

  beforeAll(async () => {
    const missing = ['soffice', 'pdftotext', 'pdfinfo'].filter((c) => !which(c));
    if (missing.length)
      throw new Error(
        `未找到 ${missing.join('、')}：请安装 libreoffice-writer-nogui 和 poppler-utils（.ci/run 会自动安装）`,
      );
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuping-docx-pdf-'));
    const docx = path.join(dir, 'report.docx');
    fs.writeFileSync(docx, await reportDocx(body));
    // A private profile: parallel runs (and a user's own LibreOffice) never share one.
    await run(
      'soffice',
      [
        `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        docx,
      ],
      { timeout: 120_000 },
    );
    pdf = path.join(dir, 'report.pdf');
    expect(fs.existsSync(pdf), 'soffice wrote no PDF').toBe(true);
  }, 180_000);
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has the title, the 一、 parts, the 基本情况 table, the （一） items and the prose, in order', async () => {
    const text = squeeze((await run('pdftotext', [pdf, '-'])).stdout);
    const expected = [
      body.title,
      '一、基本情况',
      // The table after the prose (pdftotext reads it column by column).
      '项目',
      '其中：预备党员',
      '二、履职工作特色和亮点',
      '基层党建工作中我注重履行“第一责任人”的职责',
      // 履职亮点 is prose: its (一) lines stay as the secretary wrote them.
      '(一)抓紧党员培训，推进党员干部素质能力提升。',
      '三、存在的主要问题及原因',
      '（一）党员队伍老龄化。',
      '四、下一步工作思路和举措',
      '（一）优化选入标准，把严“阀门”。',
    ].map(squeeze);
    let at = 0;
    for (const piece of expected) {
      const found = text.indexOf(piece, at);
      expect(found, `“${piece}” after position ${at}`).toBeGreaterThanOrEqual(0);
      at = found + piece.length;
    }
  });

  it('lays the 基本情况 table out as rows, each label beside its value under 项目 | 数据', async () => {
    const lines = (await run('pdftotext', ['-layout', pdf, '-'])).stdout.split('\n').map(squeeze);
    for (const row of ['项目数据', ...body.basicsTable!.map((r) => squeeze(r.label + r.value))])
      expect(lines, row).toContain(row);
  });

  it('is A4 with a “— n —” page number on every page', async () => {
    const info = (await run('pdfinfo', [pdf])).stdout;
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/u);
    const pages = Number(/Pages:\s+(\d+)/u.exec(info)![1]);
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page++) {
      const text = squeeze(
        (await run('pdftotext', ['-f', String(page), '-l', String(page), pdf, '-'])).stdout,
      );
      expect(text, `page ${page}`).toContain(`—${page}—`);
    }
  });
});
