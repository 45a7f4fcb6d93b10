import { FileTextOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Space, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorText } from '../../../shared/api-client.js';
import { useCurrentUser } from '../../../shared/session/auth-context.js';
import { LoadDemoButton } from '../../../shared/demo/load-demo-button.js';
import { getStatistics } from '../../../shared/statistics/get-statistics.js';
import { StatisticsToolbar } from '../../../shared/statistics/statistics-toolbar.js';
import { useStatisticsParams } from '../../../shared/statistics/use-statistics-params.js';
import type { Statistics } from '../../../../contract/statistics.js';
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { orgKeys, pipelineKeys, reportKeys, statisticsKeys } from '../../../shared/query-keys.js';
import { getPipeline } from '../api/get-pipeline.js';
import { listReportReminders } from '../api/list-report-reminders.js';
import { listTerms } from '../api/list-terms.js';
import {
  ageOption,
  developmentOption,
  educationOption,
  genderOption,
  mobileOption,
  structureOption,
} from '../chart-options.js';
import { ChildOrgsTable } from '../components/child-orgs-table.js';
import type { ChartOption } from '../../../shared/charts/chart-types.js';
import { LazyEChart, preloadCharts } from '../../../shared/charts/lazy-echart.js';
import { HeadlineFigures } from '../components/headline-figures.js';
import { OrgBreadcrumb } from '../components/org-breadcrumb.js';
import { ReportReminders } from '../components/report-reminders.js';
import { WarningsPanel } from '../components/warnings-panel.js';
import { useChildFigures } from '../hooks/use-child-figures.js';
import { useStoredThreshold } from '../hooks/use-stored-threshold.js';

const charts: { key: string; title: string; option: (s: Statistics) => ChartOption }[] = [
  { key: 'structure', title: '基层党组织（按领域）', option: structureOption },
  { key: 'age', title: '党员年龄结构（年龄金字塔）', option: ageOption },
  { key: 'education', title: '党员学历', option: educationOption },
  { key: 'gender', title: '党员性别', option: genderOption },
  { key: 'development', title: '近年发展党员', option: developmentOption },
  { key: 'mobile', title: '流动党员', option: mobileOption },
];

function Charts({ stats }: { stats: Statistics }) {
  // Options are rebuilt only with new figures, so the charts do not redraw on unrelated renders.
  const options = useMemo(() => charts.map((c) => ({ ...c, built: c.option(stats) })), [stats]);
  return (
    <Row gutter={[12, 12]}>
      {options.map((c) => (
        <Col key={c.key} xs={24} md={12} xl={8}>
          <Card size="small" title={c.title}>
            <LazyEChart option={c.built} height={280} label={c.title} data-testid={`chart-${c.key}`} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function NoOrgs() {
  const user = useCurrentUser();
  const isAdmin = user.role === 'admin';
  const navigate = useNavigate();
  return (
    <Card>
      <Empty
        data-testid="dashboard-empty"
        description={
          isAdmin ? '系统中还没有党组织，暂无可统计的数据。' : '您的账号尚未关联党组织，请联系管理员。'
        }
      >
        {isAdmin && (
          <Space wrap style={{ justifyContent: 'center' }}>
            <Button type="primary" onClick={() => void navigate('/orgs')}>
              去建立组织架构
            </Button>
            <LoadDemoButton />
          </Space>
        )}
      </Empty>
    </Card>
  );
}

export function DashboardPage() {
  useEffect(preloadCharts, []);
  const params = useStatisticsParams();
  const { orgId, asOf } = params;
  const stats = useQuery({
    queryKey: statisticsKeys.one(orgId ?? 0, asOf),
    queryFn: orgId === null ? skipToken : ({ signal }) => getStatistics({ orgId, asOf }, signal),
    placeholderData: keepPreviousData,
  });
  // Asked for right after the figures, before the warnings' lists: PGlite answers one query at a
  // time in request order, and the child table is part of what the page is for.
  const children = useChildFigures(orgId, asOf);
  const pipeline = useQuery({
    queryKey: pipelineKeys.one({ orgId, asOf }),
    queryFn: orgId === null ? skipToken : ({ signal }) => getPipeline({ orgId, asOf }, signal),
    placeholderData: keepPreviousData,
  });
  const terms = useQuery({
    // The first page, as the 换届提醒 page asks for it: one cache entry for both.
    queryKey: orgKeys.terms({ orgId, page: 1 }),
    queryFn: orgId === null ? skipToken : ({ signal }) => listTerms(orgId, signal),
    placeholderData: keepPreviousData,
  });
  // 催办 addressed to the reader's own org, whose report its secretary writes: asked for by
  // secretaries only (an organizer's dashboard already makes its six requests), last, and kept a minute.
  const user = useCurrentUser();
  const reminders = useQuery({
    queryKey: reportKeys.reminders(),
    queryFn:
      user.role !== 'secretary' || user.orgId === null
        ? skipToken
        : ({ signal }) => listReportReminders(signal),
    staleTime: 60_000,
  });
  const [threshold, setThreshold] = useStoredThreshold();
  const orgLink = (id: number) => `/dashboard?orgId=${id}&asOf=${asOf}`;

  if (params.hasOrgs === false) return <NoOrgs />;

  const data = stats.data && stats.data.org.id === orgId ? stats.data : undefined;
  const reload = () => {
    void stats.refetch();
    void pipeline.refetch();
    void terms.refetch();
    void children.refetch();
  };

  return (
    <div data-testid="dashboard">
      <StatisticsToolbar params={params} orgName={data?.org.name ?? null}>
        <Button icon={<ReloadOutlined />} onClick={reload} loading={stats.isFetching} aria-label="刷新" />
        {orgId !== null && (
          <Link to={`/statistics/basics?orgId=${orgId}&asOf=${asOf}`}>
            <Button icon={<FileTextOutlined />} data-testid="open-basics">
              基本情况（可打印）
            </Button>
          </Link>
        )}
      </StatisticsToolbar>
      {orgId !== null && <OrgBreadcrumb orgId={orgId} orgLink={orgLink} />}
      {reminders.data && <ReportReminders items={reminders.data.items} />}
      {stats.error ? (
        <Alert
          type="error"
          showIcon
          title={errorText(stats.error)}
          action={
            <Button size="small" onClick={() => void stats.refetch()}>
              重试
            </Button>
          }
        />
      ) : !data ? (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="dashboard-loading">
          <Skeleton active paragraph={{ rows: 2 }} />
          <Skeleton.Node active style={{ width: '100%', height: 240 }} />
        </Space>
      ) : (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="dashboard-title">
            {data.org.name}
            <Typography.Text type="secondary" style={{ fontSize: 14, marginInlineStart: 8 }}>
              截至 {data.asOf}
            </Typography.Text>
          </Typography.Title>
          {data.members.total === 0 && (
            <Alert type="info" showIcon title="该组织及其下级在所选日期没有党员数据，图表为空。" />
          )}
          <HeadlineFigures stats={data} />
          <Card size="small" title="预警">
            <WarningsPanel
              stats={data}
              pipeline={pipeline}
              terms={terms}
              threshold={threshold}
              onThresholdChange={setThreshold}
              orgLink={orgLink}
            />
          </Card>
          <Charts stats={data} />
          <Card size="small" title="下级组织">
            <ChildOrgsTable query={children} orgLink={orgLink} />
          </Card>
        </Space>
      )}
    </div>
  );
}
