import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { can } from '../../../../domain/access.js';
import { errorText } from '../../../shared/api-client.js';
import { formatDate } from '../../../shared/format.js';
import { cycleKeys } from '../../../shared/query-keys.js';
import { useCurrentUser } from '../../../shared/session/auth-context.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { listCycles } from '../api/cycles.js';
import { CreateCycleModal } from '../components/create-cycle-modal.js';
import { CycleStatusTag, cyclePeriodText } from '../components/cycle-labels.js';
import type { Cycle } from '../../../../contract/cycles.js';

const nameLink = (c: Cycle) => <Link to={`/cycles/${c.id}`}>{c.name}</Link>;

const columns: TableColumnsType<Cycle> = [
  { title: '名称', dataIndex: 'name', render: (_, c) => nameLink(c) },
  { title: '组织单位', render: (_, c) => c.org.name },
  { title: '周期', render: (_, c) => cyclePeriodText(c) },
  { title: '起止日期', render: (_, c) => `${formatDate(c.startsOn)} 至 ${formatDate(c.endsOn)}` },
  {
    title: '状态',
    dataIndex: 'status',
    render: (status: Cycle['status']) => <CycleStatusTag status={status} />,
  },
  { title: '述职组织', dataIndex: 'reporters', align: 'right' },
];

// On a phone the cycles of a county's towns share one name: the org and the period go under it,
// where a sideways-scrolled table hid them past the edge.
const phoneColumns: TableColumnsType<Cycle> = [
  {
    title: '考核周期',
    key: 'cycle',
    render: (_, c) => (
      <Space orientation="vertical" size={2}>
        {nameLink(c)}
        <Typography.Text type="secondary">
          {c.org.name} · {cyclePeriodText(c)} · 述职组织 {c.reporters} 个
        </Typography.Text>
        <CycleStatusTag status={c.status} />
      </Space>
    ),
  },
];

/** 考核周期: those run by the user's org, above it (covering it) and below it. */
export function CyclesPage() {
  const user = useCurrentUser();
  const isPhone = useIsPhone();
  const [creating, setCreating] = useState(false);
  const { data, error, isFetching } = useQuery({
    queryKey: cycleKeys.list({}),
    queryFn: ({ signal }) => listCycles({}, signal),
  });
  const mayCreate = can(user.role, 'cycle.write');
  const create = mayCreate && (
    <Button
      type="primary"
      icon={<PlusOutlined />}
      onClick={() => setCreating(true)}
      data-testid="create-cycle"
    >
      新建考核周期
    </Button>
  );

  return (
    <Card
      title={
        <Space>
          <Typography.Text strong>考核周期</Typography.Text>
        </Space>
      }
      extra={create}
    >
      {error && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />}
      <Table
        rowKey="id"
        columns={isPhone ? phoneColumns : columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={false}
        scroll={isPhone ? undefined : { x: 800 }}
        data-testid="cycle-list"
        locale={{
          emptyText: (
            <Empty
              description={mayCreate ? '还没有考核周期，点击“新建考核周期”从默认方案开始' : '暂无考核周期'}
            />
          ),
        }}
      />
      <CreateCycleModal open={creating} onClose={() => setCreating(false)} cycles={data?.items ?? []} />
    </Card>
  );
}
