// The Excel template of the work ledger, for towns that keep their 台账 in Excel: its columns and
// the rules of a row, each problem reported under the column it concerns. Cells are parsed by the
// member import's pieces (member-import.ts); attendance is written as names, matched by the server
// against the org's members on the day.
import { ledgerKindDefinitions, ledgerKinds, type LedgerKind } from './ledger.js';
import { ledgerRecordProblems } from './ledger-record.js';
import type { ColumnSpec, ParsedValue, RowError } from './member-import.js';

const kindLabels = Object.fromEntries(ledgerKinds.map((k) => [k, ledgerKindDefinitions[k].label]));

export const ledgerColumns = [
  {
    key: 'orgRef',
    header: '所属组织',
    required: true,
    kind: 'text',
    maxLength: 1000,
    note: '从“组织列表”表复制“组织完整名称”，或填写“组织编号”',
    width: 40,
  },
  {
    key: 'kind',
    header: '台账类型',
    required: true,
    kind: 'enum',
    labels: kindLabels,
    note: '从下拉列表选择',
  },
  {
    key: 'heldOn',
    header: '日期',
    required: true,
    kind: 'date',
    note: '活动日期，如 2026-03-05；不能晚于今天',
  },
  { key: 'topic', header: '主题', required: true, kind: 'text', maxLength: 200, note: '最多 200 个字' },
  {
    key: 'host',
    header: '主持人',
    required: true,
    kind: 'text',
    maxLength: 50,
    note: '本组织党员填写姓名即可，系统按当日党员名单匹配；非本组织人员照写姓名',
  },
  { key: 'place', header: '地点', kind: 'text', maxLength: 100, note: '最多 100 个字' },
  { key: 'hours', header: '学时', kind: 'text', maxLength: 10, note: '仅党课、培训填写，如 2 或 1.5' },
  {
    key: 'present',
    header: '出席人员',
    kind: 'text',
    maxLength: 4000,
    note: '姓名之间用顿号或逗号分隔，如 张三、李四；须为当日本组织党员',
    width: 40,
  },
  {
    key: 'absent',
    header: '缺席人员及原因',
    kind: 'text',
    maxLength: 4000,
    note: '姓名后括号内写原因，如 王五（外出务工）、赵六（病假）',
    width: 40,
  },
  {
    key: 'minutes',
    header: '会议记录',
    kind: 'text',
    maxLength: 20_000,
    multiline: true,
    note: '可换行，最多 20000 字',
    width: 60,
  },
] as const satisfies readonly ColumnSpec[];

export type LedgerColumnKey = (typeof ledgerColumns)[number]['key'];
export const ledgerColumn = (key: LedgerColumnKey) => ledgerColumns.find((c) => c.key === key)!.header;

/** Names separated by 、，, ; or spaces. */
export function splitNames(text: string | null): string[] {
  return (text ?? '')
    .split(/[、，,；;\s]+/)
    .map((n) => n.trim())
    .filter((n) => n !== '');
}

export interface Absence {
  name: string;
  reason: string | null;
}

/** "王五（外出务工）、赵六(病假)" → each name with its reason (null when none was written). */
export function parseAbsences(text: string | null): Absence[] {
  const out: Absence[] = [];
  const pattern = /([^、，,；;\s（(]+)\s*(?:[（(]([^）)]*)[）)])?/g;
  for (const match of (text ?? '').matchAll(pattern))
    out.push({ name: match[1]!.trim(), reason: match[2]?.trim() || null });
  return out;
}

/** 学时 as written: a positive number with at most one decimal, or null when empty. */
export function parseHours(text: string | null): number | null | 'invalid' {
  if (text === null || text.trim() === '') return null;
  const n = Number(text.trim());
  return Number.isFinite(n) ? n : 'invalid';
}

export interface LedgerRow {
  kind: LedgerKind;
  heldOn: string;
  topic: string;
  host: string;
  place: string | null;
  hours: number | null;
  present: string[];
  absent: Absence[];
  minutes: string | null;
}

const str = (v: ParsedValue | undefined) => (typeof v === 'string' ? v : null);

/**
 * The row as a record, after the rules one record must meet (the API's, through
 * `ledgerRecordProblems`) and those of the sheet (names listed twice, absences without a reason);
 * null when a required cell was already refused. Problems go to `errors` under their column.
 */
export function ledgerRow(
  values: Record<LedgerColumnKey, ParsedValue>,
  row: number,
  today: string,
  errors: RowError[],
): LedgerRow | null {
  const kind = str(values.kind) as LedgerKind | null;
  const heldOn = str(values.heldOn);
  const topic = str(values.topic);
  const host = str(values.host);
  const hours = parseHours(str(values.hours));
  if (hours === 'invalid')
    errors.push({ row, column: ledgerColumn('hours'), message: '学时应为数字，如 2 或 1.5' });
  const present = splitNames(str(values.present));
  const absent = parseAbsences(str(values.absent));
  const seen = new Set<string>();
  for (const [name, column] of [
    ...present.map((n) => [n, ledgerColumn('present')] as const),
    ...absent.map((a) => [a.name, ledgerColumn('absent')] as const),
  ]) {
    if (seen.has(name)) errors.push({ row, column, message: `“${name}”在出席和缺席人员中重复出现` });
    seen.add(name);
  }
  for (const a of absent)
    if (!a.reason)
      errors.push({ row, column: ledgerColumn('absent'), message: `请在“${a.name}”后的括号内写明缺席原因` });
  if (!kind || !heldOn || !topic || !host || hours === 'invalid') return null;
  const listed = present.length + absent.length;
  const columnOf: Record<string, LedgerColumnKey> = {
    heldOn: 'heldOn',
    hours: 'hours',
    hostName: 'host',
    attendance: 'present',
  };
  for (const p of ledgerRecordProblems(
    {
      kind,
      heldOn,
      hours,
      hostName: host,
      // Only whether anyone is listed matters here; names are matched by the server.
      attendance: Array.from({ length: listed }, (_, i) => ({ memberId: i + 1, present: true })),
    },
    today,
  ))
    errors.push({ row, column: ledgerColumn(columnOf[p.field] ?? 'present'), message: p.message });
  return {
    kind,
    heldOn,
    topic,
    host,
    place: str(values.place),
    hours,
    present,
    absent,
    minutes: str(values.minutes),
  };
}
