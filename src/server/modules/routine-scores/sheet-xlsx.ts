// The routine score of one org as the 考核评分表 a checker signs: title, the cycle and total under it,
// the rows of `routineSheetRows` (the same the screen and the printed page show) with 类别 merged,
// A4 portrait fitted to the width, and lines to sign under the table.
import ExcelJS from 'exceljs';
import {
  routineSheetColumns,
  routineSheetRows,
  type RoutineSheetColumn,
} from '../../../domain/routine-scores.js';
import type { OrgSheet } from '../../../contract/routine-scores.js';
import { printedSheet, writeTable } from '../cycles/scheme-xlsx.js';

export const routineSheetName = '日常考核评分表';
const centeredColumns = new Set<RoutineSheetColumn>(['category', 'number', 'maxPoints', 'score']);

export async function routineSheetWorkbook(
  view: OrgSheet & { sheet: NonNullable<OrgSheet['sheet']> },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '述评 Shuping';
  const { sheet, firstRow } = printedSheet(workbook, {
    name: routineSheetName,
    orientation: 'portrait',
    columns: routineSheetColumns,
    printed: routineSheetColumns.length,
    title: `${view.org.name}日常考核评分表`,
    subtitle: `${view.cycle.name}（${view.cycle.startsOn} 至 ${view.cycle.endsOn}），得分${view.sheet.total}分（满分${view.sheet.maxPoints}分）`,
  });
  const rows = routineSheetRows(view.sheet);
  const after = writeTable(sheet, firstRow, routineSheetColumns, rows, centeredColumns);
  // Consecutive rows of one category share one 类别 cell, as on a printed sheet.
  let start = firstRow;
  for (let r = firstRow + 1; r <= after; r++) {
    if (r < after && rows[r - firstRow]!.category === rows[start - firstRow]!.category) continue;
    if (r - 1 > start) sheet.mergeCells(start, 1, r - 1, 1);
    start = r;
  }
  sheet.getCell(after + 1, 1).value = '考核人员（签字）：';
  sheet.getCell(after + 1, 4).value = '被考核组织负责人（签字）：';
  sheet.getCell(after + 2, 1).value =
    `计算时间：${view.computedAt ?? ''}${view.status === 'pending' ? '（计算中，数据可能有变动）' : ''}`;
  sheet.pageSetup.printArea = `A1:F${after + 2}`;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
