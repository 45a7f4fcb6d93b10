import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CellValue } from '../../../domain/member-import.js';
import { badRequest } from '../../errors.js';

export interface SheetRow {
  number: number;
  /** Cells by column index, 0-based. */
  cells: CellValue[];
}

/** ExcelJS's cell shapes (rich text, formulas, hyperlinks, errors) reduced to what a cell shows. */
function plain(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as {
      richText?: { text: string }[];
      result?: unknown;
      formula?: string;
      text?: unknown;
      error?: string;
    };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if ('result' in v || v.formula !== undefined) return plain(v.result);
    if (v.text !== undefined) return plain(v.text);
    if (v.error !== undefined) return `#${String(v.error).replace(/^#/, '')}`;
  }
  return String(value);
}

/**
 * ExcelJS 4.4's streaming reader can look up a worksheet's name before it has parsed
 * xl/workbook.xml (it waits for the shared strings and relationships but not the workbook model), and
 * then fails on a sound file, about once in 150 reads of the same bytes. Nothing has been yielded when
 * that happens, so reading the in-memory file again is safe; three attempts make it vanishingly rare.
 */
const readAttempts = 3;

/**
 * The rows of the worksheet named `sheetName`, streamed: ExcelJS's streaming reader keeps only the
 * shared strings and styles in memory, not the sheet. The archive must have passed checkXlsxArchive.
 */
export async function* readSheetRows(file: Buffer, sheetName: string): AsyncGenerator<SheetRow> {
  for (let attempt = 1; ; attempt++) {
    let yielded = false;
    try {
      for await (const row of readOnce(file, sheetName)) {
        yielded = true;
        yield row;
      }
      return;
    } catch (error) {
      if ((error as { isAppError?: boolean }).isAppError) throw error;
      if (yielded || attempt >= readAttempts)
        throw badRequest('IMPORT_FILE_DAMAGED', '文件已损坏或不是有效的 Excel 工作簿，无法读取');
    }
  }
}

async function* readOnce(file: Buffer, sheetName: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {
    sharedStrings: 'cache',
    styles: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let found = false;
  for await (const sheet of reader) {
    const named = (sheet as unknown as { name?: string }).name;
    if (found || named !== sheetName) {
      // The reader needs every sheet drained before it moves on.
      for await (const _row of sheet) void _row;
      continue;
    }
    found = true;
    for await (const row of sheet) {
      const values = row.values as unknown[];
      yield { number: row.number, cells: values.slice(1).map(plain) };
    }
  }
  if (!found)
    throw badRequest('IMPORT_SHEET_MISSING', `工作簿中没有名为“${sheetName}”的工作表，请使用下载的模板填写`);
}
