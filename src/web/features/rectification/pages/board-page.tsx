import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Segmented, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import type { Board, BoardQuery } from '../../../../contract/rectification.js';
import { monthLabel } from '../../../../domain/rectification/board.js';
import { errorText } from '../../../shared/api-client.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { problemKeys } from '../../../shared/query-keys.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { boardXlsxUrl, getBoard } from '../api/problems.js';
import { formatRate } from '../components/board-format.js';

function BoardSheet({ board }: { board: Board }) {
  const figures = [
    ['问题总数', board.summary.total],
    ['已销号', board.summary.closed],
    ['整改中', board.summary.inProgress],
    ['逾期', board.summary.overdue],
    ['销号率', formatRate(board.summary.rate)],
  ] as const;
  return (
    <div className="board-sheet" data-testid="board-sheet">
      <Typography.Title level={3} className="print-title">
        {board.org.name}
        {monthLabel(board.month)}整改晒单
      </Typography.Title>
      <p className="print-meta">统计截至 {board.asOf}</p>
      <div className="board-figures" data-testid="board-summary">
        {figures.map(([label, value]) => (
          <div key={label}>
            <strong>{value}</strong>
            <span>{label}</span>
          </div>
        ))}
      </div>

      <h4>一、完成情况</h4>
      {board.rows.length === 0 ? (
        <p>下级单位暂无整改问题。</p>
      ) : (
        <table className="board-table" data-testid="board-rows">
          <thead>
            <tr>
              <th>序号</th>
              <th>单位</th>
              <th>问题</th>
              <th>销号</th>
              <th>整改中</th>
              <th>逾期</th>
              <th>销号率</th>
            </tr>
          </thead>
          <tbody>
            {board.rows.map((r, i) => (
              <tr key={r.orgId}>
                <td>{i + 1}</td>
                <td>{r.orgName}</td>
                <td>{r.total}</td>
                <td>{r.closed}</td>
                <td>{r.inProgress}</td>
                <td>{r.overdue}</td>
                <td>{formatRate(r.rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h4>二、逾期未销号（{board.overdueTotal} 项）</h4>
      {board.overdue.length === 0 ? (
        <p>无逾期问题。</p>
      ) : (
        <ol className="board-list" data-testid="board-overdue">
          {board.overdue.map((o) => (
            <li key={o.id}>
              <strong>{o.orgName}</strong>：{o.text}
              <div className="board-note">
                期限 {o.deadline}，逾期 {o.daysOverdue} 天
                {o.responsibleName && `，责任人 ${o.responsibleName}`}
              </div>
            </li>
          ))}
        </ol>
      )}
      {board.overdue.length < board.overdueTotal && (
        <p className="board-note">仅列出期限最早的 {board.overdue.length} 项。</p>
      )}

      <h4>三、本月销号（{board.closedInMonthTotal} 项）</h4>
      {board.closedInMonth.length === 0 ? (
        <p>本月无销号问题。</p>
      ) : (
        <ol className="board-list" data-testid="board-closed">
          {board.closedInMonth.map((c) => (
            <li key={c.id}>
              <strong>{c.orgName}</strong>：{c.text}
              <div className="board-note">{c.closedOn} 销号</div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** 晒单: a town's or the county's month, printable, as Excel, and as a page to screenshot. */
export function BoardPage() {
  const isPhone = useIsPhone();
  const [searchParams, setSearchParams] = useSearchParams();
  const orgParam = Number(searchParams.get('orgId'));
  const monthParam = searchParams.get('month');
  const query: BoardQuery = {
    ...(Number.isInteger(orgParam) && orgParam > 0 ? { orgId: orgParam } : {}),
    ...(monthParam && /^\d{4}-\d{2}$/.test(monthParam) ? { month: monthParam } : {}),
  };
  const image = searchParams.get('mode') === 'image';
  const go = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(patch))
      if (value === null) next.delete(key);
      else next.set(key, value);
    setSearchParams(next, { replace: true });
  };
  const { data, error, isLoading } = useQuery({
    queryKey: problemKeys.board(query),
    queryFn: ({ signal }) => getBoard(query, signal),
    placeholderData: keepPreviousData,
  });
  const width = isPhone ? '100%' : 220;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space className="no-print" wrap style={{ width: '100%' }}>
        <OrgPicker
          value={query.orgId ?? null}
          onChange={(id) => go({ orgId: id === null ? null : String(id) })}
          placeholder={data ? data.org.name : '本单位'}
          aria-label="晒单单位"
          style={{ width }}
        />
        <DatePicker
          picker="month"
          allowClear={false}
          aria-label="晒单月份"
          data-testid="board-month"
          value={data ? dayjs(`${data.month}-01`) : null}
          disabledDate={(d) => d.isAfter(dayjs(), 'month')}
          onChange={(d) => d && go({ month: d.format('YYYY-MM') })}
          style={{ width: isPhone ? '100%' : 140 }}
        />
        <Segmented
          value={image ? 'image' : 'sheet'}
          onChange={(v) => go({ mode: v === 'image' ? 'image' : null })}
          options={[
            { value: 'sheet', label: '打印版' },
            { value: 'image', label: '图片版' },
          ]}
          data-testid="board-mode"
        />
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
        <Button icon={<DownloadOutlined />} href={boardXlsxUrl(query)} data-testid="board-xlsx">
          导出 Excel
        </Button>
      </Space>
      {error ? (
        <Alert type="error" showIcon title={errorText(error)} />
      ) : isLoading || !data ? (
        <Skeleton active />
      ) : (
        <div className={image ? 'board-image' : 'print-sheet'}>
          <BoardSheet board={data} />
        </div>
      )}
    </Space>
  );
}
