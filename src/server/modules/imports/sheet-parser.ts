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
import { readSheetRows, type SheetPosition } from './read-sheet.js';
import { ledgerColumns } from '../../../domain/ledger-import.js';
import { ledgerSheetName, memberSheetName, orgSheetName } from './workbook.js';
import { checkXlsxArchive } from './zip-guard.js';

export type SheetKind = 'members' | 'orgs' | 'ledger';

export interface ParsedRow<K extends string = string> {
  row: number;
  values: Record<K, ParsedValue>;
}

/** An org a member row may name: by its full name inside the uploader's scope, or by `#id`. */
export interface OrgName {
  id: number;
  fullName: string;
  /** A dissolved org is found, so the row is refused for what it is rather than as unknown. */
  dissolvedOn: string | null;
}

export interface ParseJob {
  file: Uint8Array;
  kind: SheetKind;
  maxRows: number;
  /** The import's day (ISO), for date rules such as "not in the future". */
  day: string;
  /** For members: the orgs the uploader reaches. */
  orgs: OrgName[];
}

/** Member columns as stored, in the shape `jsonb_to_recordset` reads (org_path comes from orgs). */
const memberText = ['name', 'gender', 'ethnicity', 'education', 'id_card', 'phone', 'occupation', 'stage'];
const memberRoles = ['branch_role', 'village_committee_role'];
const memberDates = ['birth_date', 'applied_on', 'activist_on', 'candidate_on', 'probationary_on', 'full_on'];
const memberFlags = ['is_town_leader', 'is_college_grad_official', 'is_resident_cadre', 'is_first_secretary'];
export const memberRecordColumns = {
  text: memberText,
  roles: memberRoles,
  dates: memberDates,
  flags: memberFlags,
};
const recordColumns = ['org_id', ...memberText, ...memberRoles, ...memberDates, ...memberFlags];
export const camel = (s: string) => s.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());
/** Each record column with the parsed row's key for it, worked out once rather than per cell. */
const recordKeys = recordColumns.slice(1).map((c) => [c, camel(c)] as const);

/**
 * Worker → starter. Org rows travel parsed, in batches with the errors found in them. Member rows
 * travel as what the HTTP thread needs: the insert records already as JSON text (one string per
 * batch, nothing for the collector to walk) and the ID numbers for the duplicate checks.
 */
type Batch =
  | { type: 'rows'; rows: ParsedRow[]; errors: RowError[] }
  | {
      type: 'members';
      records: string;
      rows: number[];
      idCards: (string | null)[];
      orgIds: number[];
      errors: RowError[];
    };

export type ParseMessage =
  | (Batch & { /** Share of the sheet's bytes read so far, 0–1. */ sheetRead: number })
  | { type: 'end'; rows: number }
  | { type: 'failed'; statusCode: number; code: string; message: string; details?: unknown };

/** Finds an org by its full name or its id, among those given. */
export function orgFinder<T extends OrgName>(refs: readonly T[]) {
  const byName = new Map(refs.map((o) => [o.fullName, o]));
  const byId = new Map(refs.map((o) => [String(o.id), o]));
  return (ref: ParsedValue) => {
    const text = String(ref ?? '').replace(/\s*\/\s*/g, '/');
    return byName.get(text) ?? byId.get(text.replace(/^#/, '')) ?? null;
  };
}

/**
 * Rows per message, per INSERT and per progress step. PGlite's WASM memory grows to the largest
 * statement's needs and never shrinks: at 5,000 the import peaked 40 MiB higher (BENCHMARKS.md, import).
 */
export const batchRows = 2500;

interface Batcher {
  add(parsed: ParsedRow, errors: RowError[]): void;
  /** The message for the rows added since the last one. */
  flush(errors: RowError[]): Batch;
}

/** Parsed rows as they are: orgs and ledger records are checked on the starting thread. */
function rowBatcher(): Batcher {
  let rows: ParsedRow[] = [];
  return {
    add: (parsed) => rows.push(parsed),
    flush(errors) {
      const message: Batch = { type: 'rows', rows, errors };
      rows = [];
      return message;
    },
  };
}

function memberBatcher(job: ParseJob): Batcher {
  const find = orgFinder(job.orgs);
  const orgColumn = memberColumns[0].header;
  let records: Record<string, ParsedValue>[] = [];
  let rows: number[] = [];
  let idCards: (string | null)[] = [];
  let orgIds = new Set<number>();
  return {
    add({ row, values }, errors) {
      const orgRef = values.orgRef ?? null;
      const org = orgRef === null ? null : find(orgRef);
      if (orgRef !== null && !org)
        errors.push({ row, column: orgColumn, message: '找不到该组织，或不在您的管理范围内' });
      memberRowProblems(values, org ?? undefined, row, job.day, errors);
      const idCard = typeof values.idCard === 'string' ? values.idCard.toUpperCase() : null;
      if (org) orgIds.add(org.id);
      const record: Record<string, ParsedValue> = { org_id: org?.id ?? null };
      for (const [c, key] of recordKeys) record[c] = values[key] ?? null;
      record.id_card = idCard;
      records.push(record);
      rows.push(row);
      idCards.push(idCard);
    },
    flush(errors) {
      const message: Batch = {
        type: 'members',
        records: JSON.stringify(records),
        rows,
        idCards,
        orgIds: [...orgIds],
        errors,
      };
      records = [];
      rows = [];
      idCards = [];
      orgIds = new Set();
      return message;
    },
  };
}

/** Column specs hold parse functions, which cannot cross a thread, so the worker picks them by kind. */
const kinds: Record<
  SheetKind,
  { sheetName: string; columns: readonly ColumnSpec[]; batcher: (job: ParseJob) => Batcher }
> = {
  members: { sheetName: memberSheetName, columns: memberColumns, batcher: memberBatcher },
  orgs: { sheetName: orgSheetName, columns: orgColumns, batcher: rowBatcher },
  ledger: { sheetName: ledgerSheetName, columns: ledgerColumns, batcher: rowBatcher },
};

/** Reads and parses the data sheet: header check, cell parsing and per-row rules, streaming. */
export async function parseSheet(job: ParseJob, post: (message: ParseMessage) => void): Promise<void> {
  const { sheetName, columns, batcher } = kinds[job.kind];
  const batch = batcher(job);
  const file = Buffer.from(job.file.buffer, job.file.byteOffset, job.file.byteLength);
  const entries = await checkXlsxArchive(file);
  let errors: RowError[] = [];
  let count = 0;
  let index: Partial<Record<string, number>> | null = null;
  const sheet: SheetPosition = { read: 0, size: 0 };
  const flush = () => post({ ...batch.flush(errors), sheetRead: sheet.size ? sheet.read / sheet.size : 0 });
  for await (const { number, cells } of readSheetRows(file, entries, sheetName, sheet)) {
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
    batch.add(parsed, errors);
    if (++count % batchRows === 0) {
      flush();
      errors = [];
    }
  }
  if (index === null) throw badRequest('IMPORT_EMPTY', `“${sheetName}”工作表是空的，请在模板中填写后上传`);
  if (count === 0) throw badRequest('IMPORT_NO_ROWS', '文件中没有数据行');
  if (count % batchRows) flush();
  post({ type: 'end', rows: count });
}
