import { educationLabels, genderLabels, stageLabels } from '../../../domain/member-base.js';
import type { RosterList } from '../../../domain/roster.js';
import { formatDate } from '../../shared/format.js';
import type { RosterRow } from '../../../contract/members.js';

// The roster's printed columns and its rows as HTML text (see `tableRows` for why not React).

export interface Column {
  title: string;
  cell: (m: RosterRow) => string;
  /** Fixed widths let the browser lay out thousands of rows without measuring every cell. */
  width?: string;
}

const column = (title: string, cell: Column['cell'], width?: string): Column => ({ title, cell, width });
const dateColumn = (
  title: string,
  key: 'appliedOn' | 'activistOn' | 'candidateOn' | 'probationaryOn' | 'fullOn',
) => column(title, (m) => formatDate(m[key]), '7.5em');

const person = [
  column('姓名', (m) => m.name, '5.5em'),
  column('性别', (m) => genderLabels[m.gender], '3em'),
  column('出生日期', (m) => formatDate(m.birthDate), '7.5em'),
  column('学历', (m) => (m.education ? educationLabels[m.education] : '—'), '6.5em'),
  column('身份证号码', (m) => m.idCard ?? '—', '12em'),
  column('人员类别', (m) => stageLabels[m.stage], '6em'),
];
const contact = [column('所属党组织', (m) => m.orgName), column('联系电话', (m) => m.phone ?? '—', '8.5em')];

/** What each list prints: who the person is, the dates of the list's stages, where they belong. */
export const columnsOf: Record<RosterList, Column[]> = {
  members: [
    ...person,
    dateColumn('入党日期', 'probationaryOn'),
    dateColumn('转正日期', 'fullOn'),
    ...contact,
  ],
  activists: [
    ...person,
    dateColumn('申请入党日期', 'appliedOn'),
    dateColumn('确定为积极分子日期', 'activistOn'),
    dateColumn('确定为发展对象日期', 'candidateOn'),
    ...contact,
  ],
  applicants: [...person, dateColumn('申请入党日期', 'appliedOn'), ...contact],
};

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c]!);

/**
 * The table's rows as one escaped HTML string: React building ~60,000 cells for a county took
 * seconds, the browser parses the string in a fraction of that. The table is never edited.
 * `first` is the number of the first row (rows are numbered across chunks).
 */
export function tableRows(rows: RosterRow[], columns: Column[], first = 1): string {
  return rows
    .map(
      (m, i) =>
        `<tr><td>${first + i}</td>${columns.map((c) => `<td>${escapeHtml(c.cell(m))}</td>`).join('')}</tr>`,
    )
    .join('');
}

/** Rows in the first chunk: more than a tall screen holds, so the first paint fills the window. */
export const firstChunkRows = 60;
/** Each later chunk is this many times the one before: few appends, each one small next to the rest. */
export const chunkGrowth = 4;

/**
 * The roster's rows cut into chunks [start, end) that are rendered one after another: the first
 * paints at once, the later ones (laid out by the browser in seconds for a county of thousands)
 * follow after it, growing so that a county needs only a handful of appends.
 */
export function rowChunks(total: number): [number, number][] {
  const chunks: [number, number][] = [];
  for (let start = 0, size = firstChunkRows; start < total; start += size, size *= chunkGrowth)
    chunks.push([start, Math.min(total, start + size)]);
  return chunks;
}
