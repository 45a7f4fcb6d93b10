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
 */
export function tableRows(rows: RosterRow[], columns: Column[]): string {
  return rows
    .map(
      (m, i) =>
        `<tr><td>${i + 1}</td>${columns.map((c) => `<td>${escapeHtml(c.cell(m))}</td>`).join('')}</tr>`,
    )
    .join('');
}
