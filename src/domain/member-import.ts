// Row validation for the Excel import of members and orgs: the columns of each template, how a cell
// becomes a value, and the member rules (the single-create API's, from member-base). Pure; the server
// reads the file and checks what needs the database (org references, uniqueness against stored rows).
import { orgNameMaxLength, sortOrderMax } from './field-rules.js';
import { normalizeText, textProblem } from './text.js';
import {
  branchRoleLabels,
  educationLabels,
  genderLabels,
  memberProblems,
  orgClassificationLabels,
  stageLabels,
  villageCommitteeRoleLabels,
  type Gender,
  type MemberField,
  type Stage,
} from './member-base.js';
import { orgDomainLabels, orgLevelLabels } from './org-tree.js';

/** What a spreadsheet cell may hold once read (ExcelJS gives dates as Date at UTC midnight). */
export type CellValue = string | number | boolean | Date | null;

export interface RowError {
  /** The spreadsheet's own row number (the header is row 1). */
  row: number;
  /** The column header as the template shows it, without the required mark. */
  column: string;
  message: string;
}

interface ColumnBase<K extends string> {
  key: K;
  header: string;
  required?: boolean;
  /** Shown in the template's 填写说明 sheet. */
  note: string;
  width?: number;
}
export type ColumnSpec<K extends string = string> = ColumnBase<K> &
  (
    | { kind: 'text'; maxLength: number; /** Keeps line breaks (minutes). */ multiline?: boolean }
    | { kind: 'date' }
    | { kind: 'bool' }
    | { kind: 'int'; min: number; max: number }
    | { kind: 'enum'; labels: Record<string, string> }
  );

export const requiredMark = '*';
const yes = '是';
const no = '否';
export const boolLabels = [yes, no] as const;

const dateNote = '日期格式，如 2020-07-01（也可填 2020/7/1、2020年7月1日）';
const stageDateNote = (what: string) => `${what}；${dateNote}`;

export const memberColumns = [
  {
    key: 'orgRef',
    header: '所属组织',
    required: true,
    kind: 'text',
    maxLength: 1000,
    note: '从“组织列表”表复制“组织完整名称”（各级名称用“/”连接），或填写“组织编号”',
    width: 40,
  },
  { key: 'name', header: '姓名', required: true, kind: 'text', maxLength: 50, note: '最多 50 个字' },
  { key: 'gender', header: '性别', required: true, kind: 'enum', labels: genderLabels, note: '男 / 女' },
  { key: 'ethnicity', header: '民族', kind: 'text', maxLength: 20, note: '如 汉族' },
  { key: 'birthDate', header: '出生日期', kind: 'date', note: dateNote },
  { key: 'education', header: '学历', kind: 'enum', labels: educationLabels, note: '从下拉列表选择' },
  {
    key: 'idCard',
    header: '身份证号码',
    kind: 'text',
    maxLength: 18,
    note: '18 位公民身份号码，请以文本格式填写，末位 X 大写',
    width: 22,
  },
  { key: 'phone', header: '联系电话', kind: 'text', maxLength: 20, note: '手机号或带区号的固定电话' },
  { key: 'occupation', header: '职业', kind: 'text', maxLength: 50, note: '最多 50 个字' },
  {
    key: 'stage',
    header: '人员类别',
    required: true,
    kind: 'enum',
    labels: stageLabels,
    note: '须与下列阶段日期相符',
  },
  { key: 'appliedOn', header: '申请入党日期', kind: 'date', note: stageDateNote('递交入党申请书的日期') },
  {
    key: 'activistOn',
    header: '确定为积极分子日期',
    kind: 'date',
    note: stageDateNote('培养满一年方可确定为发展对象'),
  },
  {
    key: 'candidateOn',
    header: '确定为发展对象日期',
    kind: 'date',
    note: stageDateNote('确定为发展对象的日期'),
  },
  {
    key: 'probationaryOn',
    header: '入党日期',
    kind: 'date',
    note: stageDateNote('预备党员、正式党员必填其一'),
  },
  { key: 'fullOn', header: '转正日期', kind: 'date', note: stageDateNote('不早于入党满一年') },
  { key: 'branchRole', header: '支部职务', kind: 'enum', labels: branchRoleLabels, note: '无职务留空' },
  {
    key: 'villageCommitteeRole',
    header: '村（居）委会职务',
    kind: 'enum',
    labels: villageCommitteeRoleLabels,
    note: '无职务留空',
  },
  { key: 'isTownLeader', header: '乡镇领导班子成员', kind: 'bool', note: '是 / 否，留空为否' },
  { key: 'isCollegeGradOfficial', header: '大学生村官', kind: 'bool', note: '是 / 否，留空为否' },
  { key: 'isResidentCadre', header: '驻村干部', kind: 'bool', note: '是 / 否，留空为否' },
  { key: 'isFirstSecretary', header: '第一书记', kind: 'bool', note: '是 / 否，留空为否' },
] as const satisfies readonly ColumnSpec[];

export const orgColumns = [
  {
    key: 'parentRef',
    header: '上级组织',
    required: true,
    kind: 'text',
    maxLength: 1000,
    note: '“组织列表”表中的完整名称或编号；也可填本表中位于上方各行新建组织的完整名称',
    width: 40,
  },
  {
    key: 'name',
    header: '组织名称',
    required: true,
    kind: 'text',
    maxLength: orgNameMaxLength,
    note: '同一上级下不能重名',
    width: 28,
  },
  {
    key: 'level',
    header: '组织层级',
    required: true,
    kind: 'enum',
    labels: orgLevelLabels,
    note: '党支部下不能再设组织',
  },
  { key: 'domain', header: '组织领域', kind: 'enum', labels: orgDomainLabels, note: '从下拉列表选择' },
  { key: 'secretaryName', header: '书记', kind: 'text', maxLength: 50, note: '姓名' },
  { key: 'deputySecretaryName', header: '副书记', kind: 'text', maxLength: 50, note: '姓名' },
  { key: 'foundedOn', header: '成立日期', kind: 'date', note: dateNote },
  {
    key: 'dissolvedOn',
    header: '撤销日期',
    kind: 'date',
    note: `已撤销的组织填写撤销日期，其下不能再有党员；${dateNote}`,
  },
  { key: 'termStartedOn', header: '本届任期开始日期', kind: 'date', note: dateNote },
  { key: 'termEndsOn', header: '本届任期届满日期', kind: 'date', note: dateNote },
  {
    key: 'classification',
    header: '分类',
    kind: 'enum',
    labels: orgClassificationLabels,
    note: '先进 / 一般 / 后进（软弱涣散）',
  },
  { key: 'hasServiceCenter', header: '有党群服务中心', kind: 'bool', note: '是 / 否，留空为否' },
  { key: 'hasRemoteEducationSite', header: '有远程教育站点', kind: 'bool', note: '是 / 否，留空为否' },
  {
    key: 'sortOrder',
    header: '排序号',
    kind: 'int',
    min: 0,
    max: sortOrderMax,
    note: '整数，越小越靠前，留空为 0',
  },
] as const satisfies readonly ColumnSpec[];

export type MemberColumnKey = (typeof memberColumns)[number]['key'];
export type OrgColumnKey = (typeof orgColumns)[number]['key'];

/** A header cell as users type it: "姓名*", " 姓名 " and "姓名（必填）" all name the 姓名 column. */
export function normalizeHeader(value: CellValue): string {
  return String(value ?? '')
    .replace(/\s+/g, '')
    .replace(/[*＊]$|（必填）$|\(必填\)$/, '');
}

export interface HeaderMap<K extends string> {
  /** Column index (1-based, as ExcelJS counts) of every recognised header. */
  index: Partial<Record<K, number>>;
  missing: string[];
  unknown: string[];
  duplicated: string[];
}

/** Matches a header row against the template's columns, in any order. */
export function mapHeaders<K extends string>(
  columns: readonly ColumnSpec<K>[],
  headerRow: CellValue[],
): HeaderMap<K> {
  const byHeader = new Map(columns.map((c) => [c.header, c]));
  const index: Partial<Record<K, number>> = {};
  const unknown: string[] = [];
  const duplicated: string[] = [];
  headerRow.forEach((cell, i) => {
    const header = normalizeHeader(cell);
    if (header === '') return;
    const column = byHeader.get(header);
    if (!column) unknown.push(header);
    else if (index[column.key] !== undefined) duplicated.push(header);
    else index[column.key] = i;
  });
  const missing = columns.filter((c) => c.required && index[c.key] === undefined).map((c) => c.header);
  return { index, missing, unknown, duplicated };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function isoDay(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 2099 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

// Excel's day 0 is 1899-12-30 once its 1900 leap-year bug is accounted for.
const excelEpochMs = Date.UTC(1899, 11, 30);

/** A date cell (or a date typed as text in a common form) as YYYY-MM-DD, or null when it is none. */
export function parseDay(value: CellValue): string | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return isoDay(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1 || value > 80_000) return null;
    const date = new Date(excelEpochMs + value * 86_400_000);
    return isoDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  }
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const match =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text) ??
    /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(text) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return match ? isoDay(Number(match[1]), Number(match[2]), Number(match[3])) : null;
}

function cellText(value: CellValue): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value ?? '').trim();
}

/** Label → code of an enumeration; the code itself is accepted too, for files written by other tools. */
function enumCode(labels: Record<string, string>, text: string): string | null {
  if (text in labels) return text;
  for (const [code, label] of Object.entries(labels)) if (label === text) return code;
  return null;
}

export type ParsedValue = string | number | boolean | null;

/**
 * One cell of a column as the value to store; problems go to `errors`. Empty cells are null
 * (false for yes/no columns).
 */
export function parseCell(
  column: ColumnSpec,
  value: CellValue,
  row: number,
  errors: RowError[],
): ParsedValue {
  const fail = (message: string) => {
    errors.push({ row, column: column.header, message });
    return null;
  };
  const empty = value === null || (typeof value === 'string' && value.trim() === '');
  if (empty) {
    if (column.required) return fail('必填，不能为空');
    return column.kind === 'bool' ? false : null;
  }
  switch (column.kind) {
    case 'text': {
      const rules = { multiline: column.multiline ?? false };
      const text = normalizeText(cellText(value), rules);
      const problem = textProblem(text, rules);
      if (problem) return fail(problem);
      if (text.length > column.maxLength) return fail(`不能超过 ${column.maxLength} 个字`);
      return text;
    }
    case 'date':
      return parseDay(value) ?? fail(`“${cellText(value)}”不是有效日期，请填写如 2020-07-01 的日期`);
    case 'bool': {
      if (typeof value === 'boolean') return value;
      const text = cellText(value);
      if (text === yes) return true;
      if (text === no) return false;
      return fail(`应填写“是”或“否”，而不是“${text}”`);
    }
    case 'int': {
      const n = typeof value === 'number' ? value : Number(cellText(value));
      if (!Number.isInteger(n) || n < column.min || n > column.max)
        return fail(`应为 ${column.min} 至 ${column.max} 之间的整数`);
      return n;
    }
    case 'enum': {
      const text = cellText(value);
      return (
        enumCode(column.labels, text) ??
        fail(`“${text}”不在可选值中（可选：${Object.values(column.labels).join('、')}）`)
      );
    }
  }
}

/** A whole row parsed by column key; the row is usable only when no error was added. */
export function parseRow<K extends string>(
  columns: readonly ColumnSpec<K>[],
  index: Partial<Record<K, number>>,
  cells: readonly CellValue[],
  row: number,
  errors: RowError[],
): Record<K, ParsedValue> {
  const out = {} as Record<K, ParsedValue>;
  for (const column of columns) {
    const at = index[column.key];
    out[column.key] = parseCell(column, at === undefined ? null : (cells[at] ?? null), row, errors);
  }
  return out;
}

/** True when a row holds nothing at all: trailing blank rows are not data. */
export const isBlankRow = (cells: readonly CellValue[]) =>
  cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));

const text = (value: ParsedValue | undefined) => (typeof value === 'string' ? value : null);

/** The column a member field is entered in: the org is chosen by reference. */
const memberColumnOf = (field: MemberField) =>
  memberColumns.find((c) => c.key === (field === 'orgId' ? 'orgRef' : field))!.header;

/**
 * The member rules of a parsed row, by the same function single creates and updates use, each
 * reported under the column of the field it concerns. `org` is the row's org once found.
 */
export function memberRowProblems(
  values: Record<MemberColumnKey, ParsedValue>,
  org: { dissolvedOn: string | null } | undefined,
  row: number,
  today: string,
  errors: RowError[],
): void {
  const problems = memberProblems(
    {
      org,
      stage: text(values.stage) as Stage | null,
      gender: text(values.gender) as Gender | null,
      birthDate: text(values.birthDate),
      idCard: text(values.idCard)?.toUpperCase() ?? null,
      phone: text(values.phone),
      appliedOn: text(values.appliedOn),
      activistOn: text(values.activistOn),
      candidateOn: text(values.candidateOn),
      probationaryOn: text(values.probationaryOn),
      fullOn: text(values.fullOn),
      leftOn: null,
      leftReason: null,
    },
    today,
  );
  for (const { field, message } of problems) errors.push({ row, column: memberColumnOf(field), message });
}

/**
 * Rows whose key repeats an earlier row's, as errors naming that earlier row. Null keys never clash.
 */
export function duplicateProblems(
  keys: readonly { row: number; key: string | null }[],
  column: string,
  what: string,
): RowError[] {
  const first = new Map<string, number>();
  const errors: RowError[] = [];
  for (const { row, key } of keys) {
    if (key === null) continue;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, row);
    else errors.push({ row, column, message: `与第 ${seen} 行${what}重复` });
  }
  return errors;
}

/**
 * A stored value as the cell a template column shows (the inverse of parseCell): labels for codes,
 * 是/否 for flags, UTC-midnight dates for date columns, so an export can be imported again.
 */
export function formatCell(column: ColumnSpec, value: ParsedValue): string | number | Date | null {
  if (value === null) return null;
  switch (column.kind) {
    case 'date':
      return new Date(`${String(value)}T00:00:00Z`);
    case 'bool':
      return value ? yes : no;
    case 'enum':
      return column.labels[String(value)] ?? String(value);
    default:
      return value as string | number;
  }
}
