// 综合评价 as the score sheet (成绩表) towns and the county file: one row per reporter in rank order,
// each component's value and weight, the composite and the grade — numbers as numbers, so sheets of
// several towns can be summed — A4 landscape fitted to the width.
import ExcelJS from 'exceljs';
import type { Evaluation } from '../../../contract/evaluations.js';
import { printedSheet, writeTable } from '../cycles/scheme-xlsx.js';

export const evaluationSheetName = '综合评价结果';

export async function evaluationWorkbook(evaluation: Evaluation): Promise<Buffer> {
  const grouped = evaluation.reporters.some((r) => r.group !== null);
  const components = evaluation.settings.config.components;
  const columns = [
    { key: 'rank', header: '排名', width: 7 },
    { key: 'name', header: '组织', width: 26 },
    ...(grouped
      ? [
          { key: 'group', header: '分组', width: 16 },
          { key: 'groupRank', header: '组内排名', width: 9 },
        ]
      : []),
    ...components.map((c) => ({ key: `c_${c.key}`, header: `${c.label}（${c.weight}%）`, width: 14 })),
    { key: 'score', header: '综合得分', width: 11 },
    { key: 'grade', header: '等次', width: 10 },
  ];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '述评 Shuping';
  const { sheet, firstRow } = printedSheet(workbook, {
    name: evaluationSheetName,
    orientation: 'landscape',
    columns,
    printed: columns.length,
    title: `${evaluation.cycleName}综合评价结果`,
    subtitle:
      evaluation.status === 'published'
        ? `${evaluation.publishedAt!.slice(0, 10)} 由${evaluation.publishedBy}发布`
        : '试算结果（未发布，数据可能变化）',
  });
  const rows = evaluation.reporters.map((r) => {
    const row: Record<string, string | number> = {
      rank: r.rank,
      name: r.name,
      group: r.group ?? '',
      groupRank: r.group === null ? '' : r.groupRank,
      score: r.score ?? '',
      grade: r.gradeLabel ?? '',
    };
    for (const c of r.components) row[`c_${c.key}`] = c.value ?? '';
    return row;
  });
  const centered = new Set(['rank', 'groupRank', 'grade']);
  const after = writeTable(sheet, firstRow, columns, rows, centered);
  sheet.getCell(after + 1, 1).value =
    '空白表示该项未记录，其权重按比例计入其余各项；每项得分的来源和定等过程见系统“计算过程”。';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
