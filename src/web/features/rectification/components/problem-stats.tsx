import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Card, Col, Empty, Row, Skeleton, Statistic, Table } from 'antd';
import { useEffect, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { ProblemStats } from '../../../../contract/rectification.js';
import { errorText } from '../../../shared/api-client.js';
import type { ChartOption } from '../../../shared/charts/chart-types.js';
import { LazyEChart, preloadCharts } from '../../../shared/charts/lazy-echart.js';
import { problemKeys } from '../../../shared/query-keys.js';
import { getProblemStats } from '../api/problems.js';
import { categoryOption, childrenOption, completionOption, sourceOption } from '../chart-options.js';
import { formatRate } from './board-format.js';

const charts: { key: string; title: string; option: (s: ProblemStats) => ChartOption; wide?: boolean }[] = [
  { key: 'completion', title: '整改完成情况（按月）', option: completionOption, wide: true },
  { key: 'category', title: '问题类别', option: categoryOption },
  { key: 'source', title: '问题来源', option: sourceOption },
];

/** 整改统计: the org's charts, and per org one level below a bar and a row that drill down to it. */
export function ProblemStatsView() {
  const [searchParams, setSearchParams] = useSearchParams();
  const orgParam = Number(searchParams.get('orgId'));
  const orgId = Number.isInteger(orgParam) && orgParam > 0 ? orgParam : undefined;
  const { data, error, isLoading } = useQuery({
    queryKey: problemKeys.stats(orgId ?? null),
    queryFn: ({ signal }) => getProblemStats(orgId, signal),
  });
  useEffect(preloadCharts, []);
  const options = useMemo(() => (data ? charts.map((c) => ({ ...c, built: c.option(data) })) : []), [data]);
  const childOption = useMemo(() => (data ? childrenOption(data) : null), [data]);
  const link = (id: number) => `/problems?view=stats&orgId=${id}`;
  const drill = (id: number) => setSearchParams({ view: 'stats', orgId: String(id) });

  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (isLoading || !data) return <Skeleton active />;
  return (
    <div data-testid="problem-stats">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        data-testid="problem-stats-breadcrumb"
        items={[
          ...data.trail.map((o) => ({ key: o.id, title: <Link to={link(o.id)}>{o.name}</Link> })),
          { key: data.org.id, title: data.org.name },
        ]}
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {[
          { title: '问题总数', value: data.total },
          { title: '已销号', value: data.closed },
          { title: '逾期未销号', value: data.overdue },
          { title: '销号率', value: formatRate(data.rate) },
        ].map((f) => (
          <Col key={f.title} xs={12} md={6}>
            <Card size="small">
              <Statistic title={f.title} value={f.value} />
            </Card>
          </Col>
        ))}
      </Row>
      {data.total === 0 ? (
        <Empty description="暂无整改问题" />
      ) : (
        <Row gutter={[12, 12]}>
          {options.map((c) => (
            <Col key={c.key} xs={24} xl={c.wide ? 24 : 12}>
              <Card size="small" title={c.title}>
                <LazyEChart option={c.built} height={280} label={c.title} data-testid={`chart-${c.key}`} />
              </Card>
            </Col>
          ))}
          {childOption && data.children.length > 0 && (
            <Col xs={24}>
              <Card size="small" title="下级单位销号率（点击查看下级）">
                <LazyEChart
                  option={childOption}
                  height={Math.max(160, data.children.length * 28)}
                  label="下级单位销号率"
                  onItemClick={(i) => {
                    const child = data.children[i];
                    if (child?.hasChildren) drill(child.orgId);
                  }}
                  data-testid="chart-children"
                />
                <Table
                  rowKey="orgId"
                  size="small"
                  pagination={false}
                  dataSource={data.children}
                  scroll={{ x: 'max-content' }}
                  data-testid="problem-stats-children"
                  columns={[
                    {
                      title: '单位',
                      render: (_, c) =>
                        c.hasChildren ? <Link to={link(c.orgId)}>{c.orgName}</Link> : c.orgName,
                    },
                    { title: '问题', dataIndex: 'total', align: 'right' },
                    { title: '已销号', dataIndex: 'closed', align: 'right' },
                    { title: '逾期', dataIndex: 'overdue', align: 'right' },
                    { title: '销号率', align: 'right', render: (_, c) => formatRate(c.rate) },
                  ]}
                />
              </Card>
            </Col>
          )}
        </Row>
      )}
    </div>
  );
}
