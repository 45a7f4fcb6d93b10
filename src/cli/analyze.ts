// `shuping analyze [--json] FILE...`: the analyzer on report files, for reviewers and for scripts.
import fs from 'node:fs/promises';
import path from 'node:path';
import { analyzeReport, findingKindLabels, type ReportAnalysis } from '../domain/analyzer/analyze.js';
import { addCopyFindings, comparePairs, type SimilarityPair } from '../domain/analyzer/compare.js';
import type { SectionKind } from '../domain/analyzer/sections.js';
import { surroundings, type TextSpan } from '../domain/analyzer/span.js';
import { readReportText } from '../server/modules/reports/report-file.js';

const kindNames: Record<SectionKind, string> = {
  basics: '基本情况',
  highlights: '履职亮点',
  problems: '存在问题',
  causes: '原因',
  plans: '下一步举措',
  lastYearRectification: '上年度整改情况',
  other: '其他',
};

const lineOf = (text: string, at: number) => text.slice(0, at).split('\n').length;

function describe(file: string, text: string, analysis: ReportAnalysis): string {
  const { sections, figures, checks, items, findings } = analysis;
  const lines = [
    `== ${file}${analysis.title ? `（${analysis.title}）` : ''}，${text.replace(/\s/g, '').length} 字`,
  ];
  lines.push(
    sections.length
      ? `结构：${sections.map((s) => `${s.heading}〔${kindNames[s.kind]}〕`).join('；')}`
      : '结构：未找到“一、”“二、”等一级标题',
  );
  const consistent = checks.filter((c) => c.consistent).length;
  lines.push(
    `数字 ${figures.length} 个；核对 ${checks.length} 处，一致 ${consistent} 处，不符 ${checks.length - consistent} 处`,
  );
  for (const check of checks) lines.push(`  ${check.consistent ? '✓' : '✗'} ${check.message}`);
  lines.push(
    `问题 ${items.problems.length} 个，原因 ${items.causes.length} 条，举措 ${items.plans.length} 条`,
  );
  items.problems.forEach((problem, i) =>
    lines.push(
      `  问题${i + 1}“${problem.title}” ← ${problem.answeredBy.length ? problem.answeredBy.map((p) => `举措${p + 1}`).join('、') : '无对应举措'}`,
    ),
  );
  lines.push(findings.length ? `审查发现 ${findings.length} 处：` : '审查发现：无');
  // Eighteen “***” on one page say nothing without where each one is: the words around it.
  const around = (span: TextSpan) => {
    const { before, passage, after } = surroundings(text, span, 8);
    return `…${before}${passage}${after}…`.replace(/\n/g, ' ');
  };
  for (const finding of findings)
    lines.push(
      `  第 ${lineOf(text, finding.span.start)} 行〔${findingKindLabels[finding.kind]}〕${finding.message}  ${around(finding.span)}`,
    );
  return lines.join('\n');
}

function describePairs(files: readonly string[], texts: readonly string[], pairs: readonly SimilarityPair[]) {
  const lines = ['== 相似度（字符 5-gram 的 Jaccard 系数）'];
  for (const pair of pairs) {
    lines.push(
      `${files[pair.a]} ↔ ${files[pair.b]}：${pair.jaccard.toFixed(3)}，相同段落 ${pair.passages.length} 处`,
    );
    for (const passage of pair.passages)
      lines.push(
        `  “${passage.text}”（第 ${lineOf(texts[pair.a]!, passage.a.start)} 行 ↔ 第 ${lineOf(texts[pair.b]!, passage.b.start)} 行）`,
      );
  }
  return lines.join('\n');
}

/** Analyzes `paths`; prints the analyses (JSON with `json`) and returns the exit code. */
export async function analyzeFiles(paths: readonly string[], json: boolean): Promise<number> {
  const texts = await Promise.all(
    paths.map(async (file) => {
      const bytes = await fs.readFile(file).catch(() => {
        throw new Error(`无法读取文件“${file}”：文件不存在或没有读取权限`);
      });
      return readReportText(bytes, file);
    }),
  );
  const names = paths.map((file) => path.basename(file));
  const analyses = texts.map((text) => analyzeReport(text));
  const pairs = texts.length > 1 ? comparePairs(texts) : [];
  addCopyFindings(analyses, pairs, names);
  if (json) {
    const reports = analyses.map((analysis, i) => ({ file: paths[i]!, ...analysis }));
    const similarity = pairs.map((pair) => ({ ...pair, a: paths[pair.a]!, b: paths[pair.b]! }));
    const output = reports.length === 1 ? reports[0] : { reports, similarity };
    console.log(JSON.stringify(output, null, 2));
  } else {
    console.log(analyses.map((analysis, i) => describe(names[i]!, texts[i]!, analysis)).join('\n\n'));
    if (pairs.length) console.log(`\n${describePairs(names, texts, pairs)}`);
  }
  return 0;
}
