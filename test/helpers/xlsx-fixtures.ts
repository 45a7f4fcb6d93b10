// xlsx files for the import tests, built in code: good workbooks in the template's shape, and
// broken archives (truncated, not a zip, zip bombs with honest and lying sizes).
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { ledgerColumns } from '../../src/domain/ledger-import.js';
import { memberColumns, orgColumns, type CellValue } from '../../src/domain/member-import.js';
import type { Session, TestContext } from './test-app.js';

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type SheetRow = Record<string, CellValue>;

/** A workbook whose sheet `sheetName` has `headers` in row 1 and then `rows` (keyed by header). */
export async function workbook(sheetName: string, headers: string[], rows: SheetRow[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  sheet.addRow(headers);
  for (const row of rows) {
    const added = sheet.addRow(headers.map((h) => row[h] ?? null));
    added.eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
    });
  }
  book.addWorksheet('填写说明').addRow(['说明']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

export const memberHeaders: string[] = memberColumns.map((c) => c.header);
export const orgHeaders: string[] = orgColumns.map((c) => c.header);
export const ledgerHeaders: string[] = ledgerColumns.map((c) => c.header);

export const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A valid full member of `org` (a full name or an id); override any cell by header. */
export function memberRow(org: string | number, overrides: SheetRow = {}): SheetRow {
  return {
    所属组织: org,
    姓名: '王建国',
    性别: '男',
    民族: '汉族',
    出生日期: day('1970-03-15'),
    学历: '高中',
    联系电话: '13812345678',
    人员类别: '正式党员',
    入党日期: day('2000-07-01'),
    转正日期: '2001/7/1',
    支部职务: '书记',
    '村（居）委会职务': '村（居）委会主任',
    乡镇领导班子成员: '否',
    ...overrides,
  };
}

/**
 * The i-th of a run of distinct names: a surname and two ideographs from the whole CJK block (3 UTF-8
 * bytes each), and every seventh name an Extension B one (4 bytes), so chunk boundaries fall inside
 * characters of every length.
 */
export function distinctName(i: number): string {
  const cjk = (n: number) => String.fromCodePoint(0x4e00 + (n % 20_902));
  const rare = i % 7 === 0 ? String.fromCodePoint(0x20000 + (i % 42_000)) : '';
  return '覃欧阳王李张刘陈'[i % 8]! + cjk(i) + cjk(Math.floor(i / 20_902) * 131 + 7) + rare;
}

export interface ChineseMembersFile {
  file: Buffer;
  names: string[];
  occupations: string[];
}

/**
 * `count` valid members of `org` with distinct Chinese names and occupations, written as a large file
 * usually is, by ExcelJS's streaming writer: with shared strings (what Excel writes), or without, when
 * names are inline strings (`<is>`, which ExcelJS writes for rich text) and occupations formula-style
 * strings (`t="str"`).
 */
export async function chineseMembersFile(
  org: string | number,
  count: number,
  strings: 'shared' | 'inline',
): Promise<ChineseMembersFile> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: strings === 'shared',
  });
  const sheet = writer.addWorksheet('党员信息');
  sheet.columns = memberColumns.map((c) => ({
    header: c.header,
    key: c.header,
    style: c.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : {},
  }));
  const names: string[] = [];
  const occupations: string[] = [];
  for (let i = 0; i < count; i++) {
    names.push(distinctName(i));
    occupations.push(`${distinctName(i + count)}合作社`);
    const name = strings === 'shared' ? names[i] : { richText: [{ text: names[i] }] };
    sheet.addRow({ ...memberRow(org, { 职业: occupations[i]! }), 姓名: name }).commit();
  }
  sheet.commit();
  await writer.commit();
  return { file: Buffer.concat(chunks), names, occupations };
}

export const membersFile = (rows: SheetRow[], headers = memberHeaders) => workbook('党员信息', headers, rows);
export const orgsFile = (rows: SheetRow[], headers = orgHeaders) => workbook('组织信息', headers, rows);
export const ledgerFile = (rows: SheetRow[], headers = ledgerHeaders) => workbook('台账', headers, rows);

/** Valid GB 11643 numbers: the check character computed for a 17-digit body. */
export function idCard(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body17 + '10X98765432'[sum % 11];
}

interface ZipEntry {
  name: string;
  method: 0 | 8;
  data: Buffer;
  /** Inflated size written in the headers; may lie. */
  declaredSize: number;
}

/** A zip archive from raw entries: local headers, data, central directory, end record. */
export function zipOf(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * A raw deflate stream of `mib` MiB of zeros, about 1 KiB per MiB: one sync-flushed block of
 * zeros repeated (its back-references only reach zeros), then an empty final block.
 */
export function deflatedZeros(mib: number): Buffer {
  const block = zlib.deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array.from({ length: mib }, () => block), Buffer.from([0x03, 0x00])]);
}

const contentTypes = Buffer.from('<?xml version="1.0"?><Types/>');

/** A 2 MB archive whose sheet inflates to `mib` MiB, declaring either the truth or `declaredSize`. */
export function zipBomb(mib: number, declaredSize = mib * 1024 * 1024): Buffer {
  return zipOf([
    { name: '[Content_Types].xml', method: 0, data: contentTypes, declaredSize: contentTypes.length },
    { name: 'xl/worksheets/sheet1.xml', method: 8, data: deflatedZeros(mib), declaredSize },
  ]);
}

export type ImportKind = 'members' | 'orgs' | 'ledger';
const importUrl = (kind: ImportKind) => (kind === 'ledger' ? '/api/ledger/import' : `/api/imports/${kind}`);

/** POSTs a raw file to an import route, as the web page's XHR does: 202 and the job's id. */
export function upload(t: TestContext, session: Session, kind: ImportKind, file: Buffer) {
  return t.app.inject({
    method: 'POST',
    url: importUrl(kind),
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': xlsxType },
    payload: file,
  });
}

export interface JobJson {
  id: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: { phase: string | null; done: number; total: number | null };
  result: unknown;
  error: { code: string; message: string; details?: unknown } | null;
}

/** Polls a job through `t` until it has ended. */
export async function settledJob(t: TestContext, session: Session, id: string): Promise<JobJson> {
  for (;;) {
    const res = await t.request(session, 'GET', `/api/jobs/${id}`);
    if (res.statusCode !== 200) throw new Error(`job ${id}: ${res.statusCode} ${res.body}`);
    const job = res.json() as JobJson;
    if (job.state === 'succeeded' || job.state === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Uploads a file and waits for its import job to end. */
export async function importFile(
  t: TestContext,
  session: Session,
  kind: ImportKind,
  file: Buffer,
): Promise<JobJson> {
  const res = await upload(t, session, kind, file);
  if (res.statusCode !== 202) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  return settledJob(t, session, (res.json() as { jobId: string }).jobId);
}

/** The job's result, after checking it succeeded. */
export function expectSucceeded(job: JobJson) {
  expect(job.state, JSON.stringify(job.error)).toBe('succeeded');
  return job.result;
}

/** The job's error, after checking it failed with `code` and a Chinese message. */
export function expectJobError(job: JobJson, code: string) {
  expect(job.state).toBe('failed');
  expect(job.error?.code, job.error?.message).toBe(code);
  expect(job.error?.message).toMatch(/[\u4e00-\u9fff]/);
  return job.error!;
}

/** A downloaded workbook's sheet as rows of cell values (row 1 = headers). */
export async function sheetRows(file: Buffer, sheetName: string): Promise<CellValue[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = book.getWorksheet(sheetName);
  if (!sheet) throw new Error(`no sheet ${sheetName}`);
  const rows: CellValue[][] = [];
  sheet.eachRow((row) => rows.push((row.values as CellValue[]).slice(1)));
  return rows;
}
