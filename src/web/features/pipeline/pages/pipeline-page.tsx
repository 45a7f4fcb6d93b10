import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Row, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorText } from '../../../lib/api-client.js';
import { formatDate } from '../../../lib/format.js';
import { useQuery } from '../../../lib/use-query.js';
import { OrgPicker } from '../../orgs/components/org-picker.js';
import { getPipeline } from '../api/get-pipeline.js';
import type { Pipeline, PipelineParams, PipelinePerson } from '../../../../contract/pipeline.js';

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

/** Rows per org with the count of each reminder, so a town sees which branches to chase. */
function perOrg(data: Pipeline) {
  const rows = new Map<number, { orgId: number; orgName: string } & Record<PersonList, number>>();
  for (const { key } of lists)
    for (const p of data[key]) {
      const row = rows.get(p.orgId) ?? {
        orgId: p.orgId,
        orgName: p.orgName,
        activistsEligible: 0,
        conversionsDue: 0,
        conversionsOverdue: 0,
      };
      row[key] += 1;
      rows.set(p.orgId, row);
    }
  return [...rows.values()].sort(
    (a, b) => b.conversionsOverdue - a.conversionsOverdue || a.orgName.localeCompare(b.orgName, 'zh-CN'),
  );
}

const memberLink = (p: PipelinePerson) => <Link to={`/members?member=${p.memberId}`}>{p.name}</Link>;

export function PipelinePage() {
  const [params, setParams] = useState<PipelineParams>({});
  const { data, error, loading, reload } = useQuery(`pipeline:${JSON.stringify(params)}`, (signal) =>
    getPipeline(params, signal),
  );

  const personTable = (list: (typeof lists)[number]) => (
    <Table<PipelinePerson>
      data-testid={`pipeline-${list.key}`}
      rowKey="memberId"
      size="small"
      loading={loading}
      dataSource={[...(data?.[list.key] ?? [])].sort(
        (a, b) => a.orgName.localeCompare(b.orgName, 'zh-CN') || a.dueOn.localeCompare(b.dueOn),
      )}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      locale={{ emptyText: `没有${list.label}的人员` }}
      columns={[
        { title: '所属党组织', dataIndex: 'orgName' },
        { title: '姓名', key: 'name', render: (_, p) => memberLink(p) },
        { title: list.since, dataIndex: 'since', width: 130, render: formatDate },
        { title: list.due, dataIndex: 'dueOn', width: 130, render: formatDate },
      ]}
    />
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
        <Button icon={<ReloadOutlined />} onClick={reload} aria-label="刷新" />
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
                value={data?.[l.key].length ?? '—'}
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
              value={data?.villagesWithoutDevelopment.length ?? '—'}
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
              <Table
                data-testid="pipeline-per-org"
                rowKey="orgId"
                size="small"
                loading={loading}
                dataSource={data ? perOrg(data) : []}
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
            ),
          },
          ...lists.map((l) => ({
            key: l.key,
            label: `${l.label}（${data?.[l.key].length ?? 0}）`,
            children: personTable(l),
          })),
          {
            key: 'villages',
            label: `两年未发展（${data?.villagesWithoutDevelopment.length ?? 0}）`,
            children: (
              <Table
                data-testid="pipeline-villages"
                rowKey="orgId"
                size="small"
                loading={loading}
                dataSource={data?.villagesWithoutDevelopment ?? []}
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
            ),
          },
        ]}
      />
    </Card>
  );
}
