// What the parse worker does, kept apart from the worker's entry so the messages' types can be
// imported by the thread that starts it without running a worker.
import {
  isBlankRow,
  mapHeaders,
  memberColumns,
  memberRowProblems,
  orgColumns,
  parseRow,
  type CellValue,
  type ColumnSpec,
  type ParsedValue,
  type RowError,
} from '../../../domain/member-import.js';
import { AppError, badRequest } from '../../errors.js';
import { readSheetRows } from './read-sheet.js';
import { memberSheetName, orgSheetName } from './workbook.js';
import { checkXlsxArchive } from './zip-guard.js';

export type SheetKind = 'members' | 'orgs';

export interface ParsedRow<K extends string = string> {
  row: number;
  values: Record<K, ParsedValue>;
}

export interface ParseJob {
  file: Uint8Array;
  kind: SheetKind;
  maxRows: number;
  /** The import's day (ISO), for date rules such as "not in the future". */
  day: string;
}

/** Worker → starter. Rows travel in batches with the errors found in them. */
export type ParseMessage =
  | { type: 'rows'; rows: ParsedRow[]; errors: RowError[] }
  | { type: 'end'; rows: number }
  | { type: 'failed'; statusCode: number; code: string; message: string; details?: unknown };

/** Rows per message, and per progress step. */
export const batchRows = 5000;

/**
 * Column specs hold parse functions, which cannot cross a thread, so the worker picks them by
 * kind, together with the kind's rules that need nothing but the row.
 */
const kinds: Record<
  SheetKind,
  {
    sheetName: string;
    columns: readonly ColumnSpec[];
    check: (r: ParsedRow, day: string, errors: RowError[]) => void;
  }
> = {
  members: {
    sheetName: memberSheetName,
    columns: memberColumns,
    check: (r, day, errors) => memberRowProblems(r.values, r.row, day, errors),
  },
  orgs: { sheetName: orgSheetName, columns: orgColumns, check: () => undefined },
};

/** Reads and parses the data sheet: header check, cell parsing and per-row rules, streaming. */
export async function parseSheet(job: ParseJob, post: (message: ParseMessage) => void): Promise<void> {
  const { sheetName, columns, check } = kinds[job.kind];
  const file = Buffer.from(job.file.buffer, job.file.byteOffset, job.file.byteLength);
  await checkXlsxArchive(file);
  let rows: ParsedRow[] = [];
  let errors: RowError[] = [];
  let count = 0;
  let index: Partial<Record<string, number>> | null = null;
  for await (const { number, cells } of readSheetRows(file, sheetName)) {
    if (index === null) {
      const headers = mapHeaders(columns, cells);
      const problems = [
        headers.missing.length ? `缺少必填列：${headers.missing.join('、')}` : null,
        headers.unknown.length ? `无法识别的列：${headers.unknown.join('、')}` : null,
        headers.duplicated.length ? `重复的列：${headers.duplicated.join('、')}` : null,
      ].filter((p): p is string => p !== null);
      if (problems.length)
        throw badRequest(
          'IMPORT_HEADERS_INVALID',
          `表头与模板不符：${problems.join('；')}。请使用下载的模板`,
          {
            ...headers,
            index: undefined,
          },
        );
      index = headers.index;
      continue;
    }
    if (isBlankRow(cells as CellValue[])) continue;
    if (count >= job.maxRows)
      throw new AppError(
        413,
        'IMPORT_TOO_MANY_ROWS',
        `一次最多导入 ${job.maxRows.toLocaleString('zh-CN')} 行，请拆分文件后分批导入`,
      );
    const parsed = { row: number, values: parseRow(columns, index, cells, number, errors) };
    check(parsed, job.day, errors);
    rows.push(parsed);
    count++;
    if (rows.length === batchRows) {
      post({ type: 'rows', rows, errors });
      rows = [];
      errors = [];
    }
  }
  if (index === null) throw badRequest('IMPORT_EMPTY', `“${sheetName}”工作表是空的，请在模板中填写后上传`);
  if (count === 0) throw badRequest('IMPORT_NO_ROWS', '文件中没有数据行');
  if (rows.length) post({ type: 'rows', rows, errors });
  post({ type: 'end', rows: count });
}
