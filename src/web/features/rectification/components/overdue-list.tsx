import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorText } from '../../../shared/api-client.js';
import { formatDate } from '../../../shared/format.js';
import { problemKeys } from '../../../shared/query-keys.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { listOverdue } from '../api/problems.js';
import { ProblemTable } from './problem-table.js';
import { RemindModal } from './remind-modal.js';
import type { OverdueProblem } from '../../../../contract/rectification.js';

const lastReminder = (p: OverdueProblem) =>
  p.reminders === 0 ? '未催办' : `${formatDate(p.lastRemindedAt)}（共 ${p.reminders} 次）`;

/**
 * 逾期清单: an org's overdue items (without one, the reader's whole scope), most overdue first, each
 * with its reminders and a 催办 button.
 */
export function OverdueList({ orgId }: { orgId: number | null }) {
  const isPhone = useIsPhone();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [reminding, setReminding] = useState<OverdueProblem | null>(null);
  const params = { ...(orgId === null ? {} : { orgId }), ...paging };
  const { data, error, isFetching } = useQuery({
    queryKey: problemKeys.overdue(params),
    queryFn: ({ signal }) => listOverdue(params, signal),
    placeholderData: keepPreviousData,
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  const remindButton = (p: OverdueProblem) => (
    <Button size="small" onClick={() => setReminding(p)} data-testid="overdue-remind">
      催办
    </Button>
  );
  const columns: TableColumnsType<OverdueProblem> = isPhone
    ? [
        {
          title: '逾期问题',
          key: 'card',
          render: (_, p) => (
            <div data-testid="overdue-card" style={{ overflowWrap: 'anywhere' }}>
              <Link to={`/problems/${p.id}`}>{p.text}</Link>
              <div>
                <Typography.Text type="danger">逾期 {p.daysOverdue} 天</Typography.Text>
                <Typography.Text type="secondary">
                  {' '}
                  · {p.orgName} · 期限 {p.deadline}
                </Typography.Text>
              </div>
              <Typography.Text type="secondary">最近催办：{lastReminder(p)}</Typography.Text>
              <div style={{ marginTop: 4 }}>{remindButton(p)}</div>
            </div>
          ),
        },
      ]
    : [
        {
          title: '问题',
          render: (_, p) => <Link to={`/problems/${p.id}`}>{p.text}</Link>,
        },
        { title: '组织', dataIndex: 'orgName', width: 180 },
        { title: '整改期限', dataIndex: 'deadline', width: 110 },
        {
          title: '逾期',
          width: 90,
          render: (_, p) => <Typography.Text type="danger">{p.daysOverdue} 天</Typography.Text>,
        },
        { title: '最近催办', width: 170, render: (_, p) => lastReminder(p) },
        { title: '', key: 'remind', width: 80, render: (_, p) => remindButton(p) },
      ];
  return (
    <>
      <ProblemTable
        items={data?.items}
        total={data?.total}
        loading={isFetching}
        columns={columns}
        isPhone={isPhone}
        paging={paging}
        onPage={setPaging}
        emptyText="没有逾期未销号的问题"
        noun="逾期问题"
        data-testid="overdue-table"
      />
      <RemindModal problem={reminding} onClose={() => setReminding(null)} />
    </>
  );
}
