// 晒单 as an xlsx a town office prints or forwards: one sheet per part of the board, a title naming
// the org and the month, counts and rates as numbers (a rate as a percentage cell) so they sum.
import ExcelJS from 'exceljs';
import type { Board } from '../../../contract/rectification.js';
import { printedSheet, writeTable } from '../cycles/scheme-xlsx.js';

export const boardSheetNames = { rows: '完成情况', overdue: '逾期事项', closed: '本月销号' } as const;

type Column<K extends string> = { key: K; header: string; width: number; centered?: boolean };

const column = <K extends string>(key: K, header: string, width: number, centered = true): Column<K> => ({
  key,
  header,
  width,
  centered,
});

const rowColumns = [
  column('rank', '序号', 6),
  column('orgName', '单位', 28, false),
  column('total', '问题总数', 10),
  column('closed', '已销号', 10),
  column('inProgress', '整改中', 10),
  column('overdue', '逾期', 10),
  column('rate', '销号率', 10),
];
const overdueColumns = [
  column('orgName', '单位', 22, false),
  column('text', '问题', 48, false),
  column('deadline', '整改期限', 12),
  column('daysOverdue', '逾期天数', 10),
  column('responsibleName', '责任人', 12),
];
const closedColumns = [
  column('orgName', '单位', 22, false),
  column('text', '问题', 52, false),
  column('closedOn', '销号日期', 12),
];

export async function boardWorkbook(board: Board): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '述评 Shuping';
  const title = `${board.org.name}${board.month.replace('-', '年')}月整改晒单`;
  const asOf = `统计截至 ${board.asOf}`;

  /** A printed sheet holding one table; returns the sheet and the rows the table took. */
  function table<K extends string>(
    name: string,
    orientation: 'portrait' | 'landscape',
    columns: readonly Column<K>[],
    subtitle: string,
    rows: readonly Record<K, string | number>[],
  ) {
    const at = printedSheet(workbook, {
      name,
      orientation,
      columns,
      printed: columns.length,
      title,
      subtitle,
    });
    const centered = new Set(columns.filter((c) => c.centered).map((c) => c.key));
    const after = writeTable(at.sheet, at.firstRow, columns, rows, centered);
    return { sheet: at.sheet, first: at.firstRow, after };
  }

  const lines = [...board.rows, { ...board.summary, orgName: `合计（${board.summary.orgName}）` }];
  const done = table(
    boardSheetNames.rows,
    'portrait',
    rowColumns,
    asOf,
    lines.map((r, i) => ({
      rank: i < board.rows.length ? i + 1 : '',
      orgName: r.orgName,
      total: r.total,
      closed: r.closed,
      inProgress: r.inProgress,
      overdue: r.overdue,
      rate: r.rate ?? '',
    })),
  );
  for (let at = done.first; at < done.after; at++) done.sheet.getCell(at, rowColumns.length).numFmt = '0.0%';

  table(
    boardSheetNames.overdue,
    'landscape',
    overdueColumns,
    `${asOf}，逾期未销号共 ${board.overdueTotal} 项`,
    board.overdue.map((o) => ({ ...o, responsibleName: o.responsibleName ?? '' })),
  );
  table(
    boardSheetNames.closed,
    'portrait',
    closedColumns,
    `本月销号共 ${board.closedInMonthTotal} 项`,
    board.closedInMonth,
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
