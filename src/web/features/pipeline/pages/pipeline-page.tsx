import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Row, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorText } from '../../../shared/api-client.js';
import { formatDate } from '../../../shared/format.js';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { pipelineKeys } from '../../../shared/query-keys.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { getPipeline } from '../api/get-pipeline.js';
import type { PipelineOrgRow, PipelineParams, PipelinePerson } from '../../../../contract/pipeline.js';

type PersonList = 'activistsEligible' | 'conversionsDue' | 'conversionsOverdue';
const lists: { key: PersonList; label: string; since: string; due: string; color: string }[] = [
  { key: 'conversionsOverdue', label: '逾期未转正', since: '入党日期', due: '应转正日期', color: 'error' },
  { key: 'conversionsDue', label: '30 天内到期转正', since: '入党日期', due: '应转正日期', color: 'warning' },
  {
    key: 'activistsEligible',
    label: '可确定为发展对象',
    since: '确定为积极分子',
    due: '培养满一年',
    color: 'processing',
  },
];

/** Under a list cut at `pipelineListLimit`: how many there are, and how to see the rest. */
function Truncated({ list, unit }: { list: { total: number; items: unknown[] }; unit: string }) {
  if (list.total <= list.items.length) return null;
  return (
    <Typography.Paragraph type="secondary" data-testid="pipeline-truncated">
      共 {list.total} {unit}，此处列出前 {list.items.length} {unit}；请选择下级组织查看其余。
    </Typography.Paragraph>
  );
}

const memberLink = (p: PipelinePerson) => <Link to={`/members?member=${p.memberId}`}>{p.name}</Link>;

export function PipelinePage() {
  const [params, setParams] = useState<PipelineParams>({});
  const {
    data,
    error,
    isFetching: loading,
    refetch,
  } = useQuery({
    queryKey: pipelineKeys.one(params),
    queryFn: ({ signal }) => getPipeline(params, signal),
    placeholderData: keepPreviousData,
  });

  const personTable = (list: (typeof lists)[number]) => (
    <>
      {data && <Truncated list={data[list.key]} unit="人" />}
      <Table<PipelinePerson>
        data-testid={`pipeline-${list.key}`}
        rowKey="memberId"
        size="small"
        loading={loading}
        dataSource={data?.[list.key].items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: `没有${list.label}的人员` }}
        columns={[
          { title: '所属党组织', dataIndex: 'orgName' },
          { title: '姓名', key: 'name', render: (_, p) => memberLink(p) },
          { title: list.since, dataIndex: 'since', width: 130, render: formatDate },
          { title: list.due, dataIndex: 'dueOn', width: 130, render: formatDate },
        ]}
      />
    </>
  );

  return (
    <Card title="发展党员" data-testid="pipeline-page">
      <div className="page-toolbar no-print">
        <div className="toolbar-field" style={{ width: 260 }}>
          <OrgPicker
            aria-label="按组织筛选"
            placeholder="全部组织（含下级）"
            value={params.orgId ?? null}
            onChange={(orgId) => setParams((p) => ({ ...p, orgId: orgId ?? undefined }))}
          />
        </div>
        <DatePicker
          className="toolbar-field"
          aria-label="统计日期"
          placeholder="统计日期（默认今天）"
          value={params.asOf ? dayjs(params.asOf) : null}
          onChange={(d) => setParams((p) => ({ ...p, asOf: d ? d.format('YYYY-MM-DD') : undefined }))}
        />
        <div className="toolbar-spacer" />
        <Button icon={<ReloadOutlined />} onClick={() => void refetch()} aria-label="刷新" />
      </div>
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} /> : null}
      {data && (
        <Typography.Paragraph type="secondary">
          统计日期 {data.asOf}。入党积极分子须培养一年以上方可确定为发展对象；预备期一年，期满应及时讨论转正。
        </Typography.Paragraph>
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {lists.map((l) => (
          <Col xs={12} md={6} key={l.key}>
            <Card size="small">
              <Statistic
                title={l.label}
                value={data?.[l.key].total ?? '—'}
                suffix="人"
                loading={loading && !data}
              />
            </Card>
          </Col>
        ))}
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title="连续两年未发展党员的村"
              value={data?.villagesWithoutDevelopment.total ?? '—'}
              suffix="个"
              loading={loading && !data}
            />
          </Card>
        </Col>
      </Row>
      <Tabs
        items={[
          {
            key: 'orgs',
            label: '按组织汇总',
            children: (
              <>
                {data && <Truncated list={data.perOrg} unit="个组织" />}
                <Table<PipelineOrgRow>
                  data-testid="pipeline-per-org"
                  rowKey="orgId"
                  size="small"
                  loading={loading}
                  dataSource={data?.perOrg.items ?? []}
                  pagination={{ pageSize: 50, hideOnSinglePage: true }}
                  locale={{ emptyText: '没有到期或逾期事项' }}
                  columns={[
                    {
                      title: '党组织',
                      dataIndex: 'orgName',
                      render: (name: string, row) => <Link to={`/members?orgId=${row.orgId}`}>{name}</Link>,
                    },
                    ...lists.map((l) => ({
                      title: l.label,
                      dataIndex: l.key,
                      width: 150,
                      render: (n: number) => (n > 0 ? <Tag color={l.color}>{n} 人</Tag> : '—'),
                    })),
                  ]}
                />
              </>
            ),
          },
          ...lists.map((l) => ({
            key: l.key,
            label: `${l.label}（${data?.[l.key].total ?? 0}）`,
            children: personTable(l),
          })),
          {
            key: 'villages',
            label: `两年未发展（${data?.villagesWithoutDevelopment.total ?? 0}）`,
            children: (
              <>
                {data && <Truncated list={data.villagesWithoutDevelopment} unit="个村" />}
                <Table
                  data-testid="pipeline-villages"
                  rowKey="orgId"
                  size="small"
                  loading={loading}
                  dataSource={data?.villagesWithoutDevelopment.items ?? []}
                  pagination={{ pageSize: 50, hideOnSinglePage: true }}
                  locale={{ emptyText: '所有村党组织近两年均发展了党员' }}
                  columns={[
                    {
                      title: '村党组织',
                      dataIndex: 'orgName',
                      render: (name: string, row) => <Link to={`/members?orgId=${row.orgId}`}>{name}</Link>,
                    },
                    {
                      title: '最近一次发展党员',
                      dataIndex: 'lastDevelopedOn',
                      width: 180,
                      render: (d: string | null) => (d ? formatDate(d) : <Tag color="error">无记录</Tag>),
                    },
                  ]}
                />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
