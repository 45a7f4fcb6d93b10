import { Alert, Collapse, InputNumber, List, Skeleton, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { aged60PlusLabel } from '../../../../domain/statistics.js';
import type { UseQueryResult } from '@tanstack/react-query';
import { errorText } from '../../../shared/api-client.js';
import { formatDate } from '../../../shared/format.js';
import type { Statistics } from '../../../../contract/statistics.js';
import type { Org, OrgTermList } from '../../../../contract/orgs.js';
import type { Pipeline } from '../../../../contract/pipeline.js';

export interface WarningsPanelProps {
  stats: Statistics;
  pipeline: UseQueryResult<Pipeline>;
  terms: UseQueryResult<OrgTermList>;
  threshold: number;
  onThresholdChange: (value: number) => void;
  /** Opens the dashboard of an org of the list. */
  orgLink: (orgId: number) => string;
}

function countTag(count: number | null, unit: string) {
  if (count === null) return <Tag>加载中</Tag>;
  return <Tag color={count > 0 ? 'red' : 'green'}>{count > 0 ? `${count} ${unit}` : '无'}</Tag>;
}

/** A list that arrives on its own: skeleton while loading, the error where the list would be. */
function Loaded<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (query.error) return <Alert type="error" showIcon title={errorText(query.error)} />;
  if (query.data === undefined) return <Skeleton active paragraph={{ rows: 2 }} />;
  return children(query.data);
}

/** The org to open first from the 换届 reminders: an overdue one before one whose term ends soon. */
const termsFirst = (items: Org[]) => items.find((o) => o.termStatus === 'overdue') ?? items[0]!;

/** The four things an organizer must act on, each with its list and a link to the full one. */
export function WarningsPanel({
  stats,
  pipeline,
  terms,
  threshold,
  onThresholdChange,
  orgLink,
}: WarningsPanelProps) {
  const orgId = stats.org.id;
  const aged = stats.members.age.aged60Plus;
  const aging = aged.percent !== null && aged.percent > threshold;
  const development = stats.development;
  const overdue = pipeline.data?.conversionsOverdue ?? null;

  const items = [
    {
      key: 'aging',
      label: (
        <Space wrap>
          <span>党员老龄化</span>
          <Tag color={aging ? 'red' : 'green'} data-testid="warning-aging">
            {aged60PlusLabel} {aged.percent ?? '—'}%{aging ? `，超过 ${threshold}%` : ''}
          </Tag>
        </Space>
      ),
      children: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {aged60PlusLabel}党员 {aged.count} 名，占党员总数的 {aged.percent ?? '—'}%；平均年龄{' '}
            {stats.members.age.average ?? '—'} 岁。
          </Typography.Text>
          <Space wrap className="no-print">
            <label htmlFor="aging-threshold">预警阈值</label>
            <InputNumber
              id="aging-threshold"
              min={1}
              max={99}
              precision={0}
              value={threshold}
              suffix="%"
              onChange={(v) => v !== null && onThresholdChange(v)}
              style={{ width: 110 }}
            />
            <Typography.Text type="secondary">（保存在本浏览器中）</Typography.Text>
          </Space>
          <Link to={`/members?orgId=${orgId}&list=members&minAge=60`}>查看60岁及以上党员</Link>
        </Space>
      ),
    },
    {
      key: 'development',
      label: (
        <Space wrap data-testid="warning-development">
          <span>
            连续两年（{development.years[0]}—{development.years[1]}年）未发展党员的村
          </span>
          {countTag(development.villagesWithoutDevelopment.count, '个')}
        </Space>
      ),
      children: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            应统计的村党组织 {development.eligibleVillages} 个，其中未发展党员{' '}
            {development.villagesWithoutDevelopment.count} 个。
          </Typography.Text>
          {development.villages.length > 0 && (
            <List
              size="small"
              dataSource={development.villages}
              renderItem={(v) => (
                <List.Item>
                  <Link to={orgLink(v.id)}>{v.name}</Link>
                </List.Item>
              )}
            />
          )}
          <Link to={`/pipeline?orgId=${orgId}`}>查看发展党员提醒</Link>
        </Space>
      ),
    },
    {
      key: 'conversions',
      label: (
        <Space wrap data-testid="warning-conversions">
          <span>预备期满逾期未转正</span>
          {countTag(overdue?.total ?? null, '名')}
        </Space>
      ),
      children: (
        <Loaded query={pipeline}>
          {(data) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              <List
                size="small"
                locale={{ emptyText: '没有逾期未转正的预备党员' }}
                dataSource={data.conversionsOverdue.items}
                renderItem={(p) => (
                  <List.Item>
                    <span>
                      {p.name}（<Link to={orgLink(p.orgId)}>{p.orgName}</Link>）
                    </span>
                    <Typography.Text type="danger">应于 {formatDate(p.dueOn)} 转正</Typography.Text>
                  </List.Item>
                )}
              />
              <Link to={`/pipeline?orgId=${orgId}`}>
                {data.conversionsOverdue.total > data.conversionsOverdue.items.length
                  ? `共 ${data.conversionsOverdue.total} 名，查看全部转正提醒`
                  : '查看转正提醒'}
              </Link>
            </Space>
          )}
        </Loaded>
      ),
    },
    {
      key: 'terms',
      label: (
        <Space wrap data-testid="warning-terms">
          <span>换届提醒（90 天内届满或已超期）</span>
          {countTag(terms.data?.total ?? null, '个')}
          {(terms.data?.overdue ?? 0) > 0 && <Tag color="red">已超期 {terms.data!.overdue} 个</Tag>}
        </Space>
      ),
      children: (
        <Loaded query={terms}>
          {(data) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              <List
                size="small"
                locale={{ emptyText: '没有需要换届的党组织' }}
                dataSource={data.items}
                renderItem={(o) => (
                  <List.Item>
                    <Link to={orgLink(o.id)}>{o.name}</Link>
                    <Typography.Text type={o.termStatus === 'overdue' ? 'danger' : 'warning'}>
                      {o.termStatus === 'overdue' ? '已超期' : '即将届满'}（{formatDate(o.termEndsOn)}）
                    </Typography.Text>
                  </List.Item>
                )}
              />
              {data.total > data.items.length && (
                <Link to={`/orgs/terms?orgId=${orgId}`}>共 {data.total} 个，查看全部换届提醒</Link>
              )}
              <Link to={data.items[0] ? `/orgs?orgId=${termsFirst(data.items).id}` : '/orgs'}>
                到组织架构中维护任期
              </Link>
            </Space>
          )}
        </Loaded>
      ),
    },
  ];

  return <Collapse items={items} defaultActiveKey={aging ? ['aging'] : []} data-testid="warnings" />;
}
