import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Segmented, Space, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { rosterListTitles, rosterLists, type RosterList } from '../../../../domain/roster.js';
import { errorText } from '../../../shared/api-client.js';
import { todayIso } from '../../../shared/date-values.js';
import { memberKeys } from '../../../shared/query-keys.js';
import { getRoster } from '../api/get-roster.js';
import { memberFilterQuery, memberFiltersFrom } from '../filters.js';
import { columnsOf, tableRows } from '../roster-table.js';

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
