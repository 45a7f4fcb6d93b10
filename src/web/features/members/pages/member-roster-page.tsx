import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Segmented, Space, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { educationLabels, genderLabels, stageLabels } from '../../../../domain/member-base.js';
import { rosterListTitles, rosterLists, type RosterList } from '../../../../domain/roster.js';
import { errorText } from '../../../shared/api-client.js';
import { todayIso } from '../../../shared/date-values.js';
import { formatDate } from '../../../shared/format.js';
import { memberKeys } from '../../../shared/query-keys.js';
import { getRoster } from '../api/get-roster.js';
import { memberFilterQuery, memberFiltersFrom } from '../filters.js';
import type { RosterRow } from '../../../../contract/members.js';

interface Column {
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
const columnsOf: Record<RosterList, Column[]> = {
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
function tableRows(rows: RosterRow[], columns: Column[]): string {
  return rows
    .map(
      (m, i) =>
        `<tr><td>${i + 1}</td>${columns.map((c) => `<td>${escapeHtml(c.cell(m))}</td>`).join('')}</tr>`,
    )
    .join('');
}

/**
 * 党员花名册 and the lists of activists and applicants: one request for exactly the printed columns,
 * rendered as a plain table (thousands of rows print and scroll without a data grid's overhead).
 */
export function MemberRosterPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = memberFiltersFrom(searchParams);
  const list = filters.list ?? 'members';
  const { data, error } = useQuery({
    queryKey: memberKeys.roster(memberFilterQuery({ ...filters, list })),
    queryFn: ({ signal }) => getRoster({ ...filters, list }, signal),
  });
  const rowsHtml = useMemo(() => (data ? tableRows(data.items, columnsOf[data.list]) : ''), [data]);

  const listSwitch = (
    <Segmented<RosterList>
      value={list}
      options={rosterLists.map((value) => ({ value, label: rosterListTitles[value] }))}
      onChange={(value) => setSearchParams(memberFilterQuery({ ...filters, stage: undefined, list: value }))}
    />
  );
  if (error)
    return (
      <div className="roster">
        <Alert type="error" showIcon title={errorText(error)} />
      </div>
    );
  const columns = columnsOf[list];

  return (
    <div className="roster" data-testid="member-roster">
      <Space className="no-print" wrap style={{ marginBottom: 16 }}>
        {listSwitch}
        <Button type="primary" icon={<PrinterOutlined />} disabled={!data} onClick={() => window.print()}>
          打印
        </Button>
        {data && data.total > data.limit && (
          <Typography.Text type="warning">
            共 {data.total} 人，仅列出前 {data.limit} 人；完整名单请导出 Excel。
          </Typography.Text>
        )}
      </Space>
      <h1 className="roster-title">{rosterListTitles[list]}</h1>
      {!data ? (
        <Spin description="正在载入名册" />
      ) : (
        <>
          <p className="roster-meta">
            {data.orgName} · 共 {data.total} 人 · 制表日期 {todayIso()}
          </p>
          <table className="roster-table">
            <colgroup>
              <col style={{ width: '3.5em' }} />
              {columns.map((c) => (
                <col key={c.title} style={c.width ? { width: c.width } : undefined} />
              ))}
            </colgroup>
            <thead>
              <tr>
                <th>序号</th>
                {columns.map((c) => (
                  <th key={c.title}>{c.title}</th>
                ))}
              </tr>
            </thead>
            <tbody dangerouslySetInnerHTML={{ __html: rowsHtml }} />
          </table>
        </>
      )}
    </div>
  );
}
