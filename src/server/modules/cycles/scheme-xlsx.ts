// The 考核评分细则 as an xlsx a checker would print: title, score line, a bordered table with the
// category cells merged, A4 landscape fitted to the page width, the header row repeated on every
// page. The 编号 column (keys kept across versions) is outside the print area. Reading goes through
// ExcelJS's whole-workbook loader (which decodes Chinese shared strings correctly; its streaming
// reader is what the member import avoids), after the archive passes the import's zip-bomb guard.
import ExcelJS from 'exceljs';
import {
  categoryCell,
  schemeColumns,
  schemeSheetName,
  schemeSheetRows,
  scoreLine,
  type ReadSheet,
  type SchemeColumnKey,
} from '../../../domain/scheme-sheet.js';
import { schemeTotal } from '../../../domain/rules/index.js';
import type { SchemeBody } from '../../../contract/schemes.js';
import { badRequest } from '../../errors.js';
import { assertZipSignature, checkXlsxArchive } from '../imports/zip-guard.js';

const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
const borders: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const headerRow = 3;
/** Columns printed: all but the last (编号), which only a re-import needs. */
const printedColumns = schemeColumns.length - 1;
const wrapped: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'middle' };
const centered: Partial<ExcelJS.Alignment> = { ...wrapped, horizontal: 'center' };
const centeredColumns = new Set<SchemeColumnKey>([
  'category',
  'number',
  'points',
  'checkMethod',
  'source',
  'kind',
]);

/**
 * A worksheet laid out as a printed sheet: A4 fitted to the width, a title and a subtitle over the
 * first `printed` columns, the bordered header in row 3 repeated on every page, page numbers.
 * Returns the first row after the header.
 */
export function printedSheet(
  workbook: ExcelJS.Workbook,
  layout: {
    name: string;
    orientation: 'portrait' | 'landscape';
    columns: readonly { key: string; header: string; width: number }[];
    printed: number;
    title: string;
    subtitle: string;
  },
): { sheet: ExcelJS.Worksheet; firstRow: number } {
  const sheet = workbook.addWorksheet(layout.name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: layout.orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      printTitlesRow: `${headerRow}:${headerRow}`,
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: headerRow }],
  });
  sheet.columns = layout.columns.map((c) => ({ key: c.key, width: c.width }));

  sheet.getCell(1, 1).value = layout.title;
  sheet.mergeCells(1, 1, 1, layout.printed);
  sheet.getCell(1, 1).font = { bold: true, size: 16 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 30;
  sheet.getCell(2, 1).value = layout.subtitle;
  sheet.mergeCells(2, 1, 2, layout.printed);
  sheet.getCell(2, 1).alignment = { horizontal: 'center' };

  const head = sheet.getRow(headerRow);
  layout.columns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = centered;
    cell.border = borders;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  });
  return { sheet, firstRow: headerRow + 1 };
}

/** Bordered rows from `firstRow` on, the `centeredKeys` columns centred; returns the row after the last. */
export function writeTable<K extends string>(
  sheet: ExcelJS.Worksheet,
  firstRow: number,
  columns: readonly { key: K }[],
  rows: readonly Record<K, string | number>[],
  centeredKeys: ReadonlySet<K>,
): number {
  let at = firstRow;
  for (const row of rows) {
    const line = sheet.getRow(at);
    columns.forEach((c, i) => {
      const cell = line.getCell(i + 1);
      cell.value = row[c.key];
      cell.border = borders;
      cell.alignment = centeredKeys.has(c.key) ? centered : wrapped;
    });
    at++;
  }
  return at;
}

export async function schemeWorkbook(body: SchemeBody, subtitle: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '述评 Shuping';
  const { sheet } = printedSheet(workbook, {
    name: schemeSheetName,
    orientation: 'landscape',
    columns: schemeColumns,
    printed: printedColumns,
    title: body.name,
    subtitle: `${subtitle}，${scoreLine(schemeTotal(body), body.bonusCap)}`,
  });

  const at = writeTable(sheet, headerRow + 1, schemeColumns, schemeSheetRows(body), centeredColumns);
  // One merged 类别 cell per category, as on a printed sheet.
  let first = headerRow + 1;
  for (const category of body.categories) {
    const last = first + category.indicators.length - 1;
    if (category.indicators.length > 1) sheet.mergeCells(first, 1, last, 1);
    if (category.indicators.length > 0)
      sheet.getCell(first, 1).value = categoryCell(category.name, category.maxPoints);
    first = last + 1;
  }
  sheet.pageSetup.printArea = `A1:${sheet.getColumn(printedColumns).letter}${Math.max(at - 1, headerRow)}`;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The sheet's title, score line and rows as text, for `readSchemeSheet`. */
export async function readSchemeWorkbook(file: Buffer): Promise<ReadSheet> {
  assertZipSignature(file);
  await checkXlsxArchive(file);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw badRequest('IMPORT_FILE_DAMAGED', '文件已损坏或不是有效的 Excel 工作簿，无法读取');
  }
  const sheet = workbook.getWorksheet(schemeSheetName) ?? workbook.worksheets[0];
  if (!sheet) throw badRequest('SCHEME_SHEET_MISSING', `工作簿中没有“${schemeSheetName}”工作表`);
  const text = (row: number, column: number) => sheet.getCell(row, column).text.trim();
  let header = 0;
  for (let r = 1; r <= Math.min(10, sheet.rowCount) && !header; r++)
    for (let c = 1; c <= Math.min(20, sheet.columnCount); c++) if (text(r, c) === '类别') header = r;
  if (!header)
    throw badRequest(
      'SCHEME_SHEET_HEADER',
      `前10行中找不到表头（${schemeColumns.map((c) => c.header).join('、')}）`,
    );
  const columnAt = new Map<SchemeColumnKey, number>();
  for (let c = 1; c <= sheet.columnCount; c++) {
    const found = schemeColumns.find((col) => col.header === text(header, c));
    if (found) columnAt.set(found.key, c);
  }
  const missing = schemeColumns.filter(
    (c) => !columnAt.has(c.key) && !['evidence', 'source', 'rule', 'kind', 'key'].includes(c.key),
  );
  if (missing.length > 0)
    throw badRequest('SCHEME_SHEET_HEADER', `表头缺少以下列：${missing.map((c) => c.header).join('、')}`);
  const rows: ReadSheet['rows'] = [];
  for (let r = header + 1; r <= sheet.rowCount; r++) {
    const cells = Object.fromEntries([...columnAt].map(([key, c]) => [key, text(r, c)]));
    // The category cell alone (a merged cell's tail) does not make a row.
    if (Object.entries(cells).every(([key, v]) => v === '' || key === 'category')) continue;
    rows.push({ row: r, cells });
  }
  return { title: header > 1 ? text(1, 1) : '', scoreLine: header > 2 ? text(2, 1) : '', rows };
}
