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
 * `first` is the number of the first row (the screen renders a window of the rows).
 */
export function tableRows(rows: RosterRow[], columns: Column[], first = 1): string {
  return rows
    .map(
      (m, i) =>
        `<tr><td>${first + i}</td>${columns.map((c) => `<td>${escapeHtml(c.cell(m))}</td>`).join('')}</tr>`,
    )
    .join('');
}

/** What a screen row measures before one has been laid out (13px text, 4px padding, 1px border). */
export const estimatedRowHeight = 30;
/** Rows are rendered in whole blocks, so scrolling re-renders only when it crosses a block's edge. */
export const rowBlock = 20;

/**
 * The rows [start, end) the screen renders: what the window shows and a screenful above and below
 * it, widened to whole blocks. `scrolledPast` is how far the table body's top is above the window's
 * (negative while the body starts lower down the window).
 */
export function visibleRows(
  total: number,
  rowHeight: number,
  scrolledPast: number,
  viewportHeight: number,
): [number, number] {
  const screen = Math.ceil(viewportHeight / rowHeight);
  const first = Math.min(total, Math.floor(Math.max(0, scrolledPast) / rowHeight));
  const start = Math.max(0, Math.floor((first - screen) / rowBlock) * rowBlock);
  const end = Math.min(total, Math.ceil((first + 2 * screen) / rowBlock) * rowBlock);
  return [Math.min(start, end), end];
}

/** An empty row standing for `height` pixels of rows not rendered (none when there are none). */
export const spacerRow = (height: number, columnCount: number): string =>
  height > 0
    ? `<tr class="roster-spacer" aria-hidden="true"><td colspan="${columnCount}" style="height:${height}px"></td></tr>`
    : '';
