import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Segmented, Space, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { memo, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { RosterRow } from '../../../../contract/members.js';
import { rosterListTitles, rosterLists, type RosterList } from '../../../../domain/roster.js';
import { errorText } from '../../../shared/api-client.js';
import { todayIso } from '../../../shared/date-values.js';
import { useProgressiveCount } from '../../../shared/use-progressive-count.js';
import { memberKeys } from '../../../shared/query-keys.js';
import { getRoster } from '../api/get-roster.js';
import { memberFilterQuery, memberFiltersFrom } from '../filters.js';
import { columnsOf, rowChunks, tableRows, type Column } from '../roster-table.js';

/**
 * 党员花名册 and the lists of activists and applicants: one request for exactly the printed columns,
 * rendered as a plain table (thousands of rows print and scroll without a data grid's overhead).
 * A county's thousands of rows take the browser seconds to lay out, so they come in chunks: the
 * first screen at once, the rest after it is painted; printing waits for (or forces) the whole list.
 */
export function MemberRosterPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = memberFiltersFrom(searchParams);
  const list = filters.list ?? 'members';
  const { data, error } = useQuery({
    queryKey: memberKeys.roster(memberFilterQuery({ ...filters, list })),
    queryFn: ({ signal }) => getRoster({ ...filters, list }, signal),
  });
  const chunks = useMemo(() => rowChunks(data?.items.length ?? 0), [data]);
  const shown = useProgressiveCount(data, chunks.length);
  const complete = shown >= chunks.length;

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
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          disabled={!data || !complete}
          onClick={() => window.print()}
        >
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
            {chunks.slice(0, shown).map(([start, end]) => (
              <RosterChunk
                key={start}
                rows={data.items}
                start={start}
                end={end}
                columns={columnsOf[data.list]}
              />
            ))}
          </table>
        </>
      )}
    </div>
  );
}

/** One chunk of rows as its own table body: appending a chunk leaves the ones before it untouched. */
const RosterChunk = memo(function RosterChunk({
  rows,
  start,
  end,
  columns,
}: {
  rows: RosterRow[];
  start: number;
  end: number;
  columns: Column[];
}) {
  const html = useMemo(
    () => tableRows(rows.slice(start, end), columns, start + 1),
    [rows, start, end, columns],
  );
  return <tbody dangerouslySetInnerHTML={{ __html: html }} />;
});
