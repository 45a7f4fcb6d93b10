import { BarChartOutlined, EditOutlined, PrinterOutlined } from '@ant-design/icons';
import { can } from '../../../../domain/access.js';
import { useCurrentUser } from '../../../shared/session/auth-context.js';
import { Alert, Button, Card, Empty, Skeleton, Typography } from 'antd';
import { Link } from 'react-router';
import { errorText } from '../../../shared/api-client.js';
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { statisticsKeys } from '../../../shared/query-keys.js';
import { getBasics } from '../../../shared/statistics/get-basics.js';
import { getStatistics } from '../../../shared/statistics/get-statistics.js';
import { StatisticsToolbar } from '../../../shared/statistics/statistics-toolbar.js';
import { useStatisticsParams } from '../../../shared/statistics/use-statistics-params.js';

/** The 基本情况 block of a report for an org and a day, as prose and table, laid out for an A4 page. */
export function BasicsPage() {
  const params = useStatisticsParams();
  const canEnter = can(useCurrentUser().role, 'profile.write');
  const { orgId, asOf } = params;
  const basics = useQuery({
    queryKey: statisticsKeys.basics(orgId ?? 0, asOf),
    queryFn: orgId === null ? skipToken : ({ signal }) => getBasics({ orgId, asOf }, signal),
    placeholderData: keepPreviousData,
  });
  // The heading needs the org's name; the statistics carry it (and are what the text was built from).
  const stats = useQuery({
    queryKey: statisticsKeys.one(orgId ?? 0, asOf),
    queryFn: orgId === null ? skipToken : ({ signal }) => getStatistics({ orgId, asOf }, signal),
    placeholderData: keepPreviousData,
  });
  const orgName = stats.data?.org.id === orgId ? stats.data.org.name : null;

  if (params.hasOrgs === false)
    return (
      <Card>
        <Empty description="系统中还没有可统计的党组织。" />
      </Card>
    );

  const error = basics.error ?? stats.error;
  const ready = basics.data && orgName !== null && !basics.isFetching;

  return (
    <div>
      <StatisticsToolbar params={params} orgName={orgName}>
        {orgId !== null && (
          <Link to={`/dashboard?orgId=${orgId}&asOf=${asOf}`}>
            <Button icon={<BarChartOutlined />}>数据看板</Button>
          </Link>
        )}
        {orgId !== null && (
          <Link to={`/statistics/profile?orgId=${orgId}&year=${asOf.slice(0, 4)}`}>
            <Button icon={<EditOutlined />}>{canEnter ? '填报数据' : '填报数据明细'}</Button>
          </Link>
        )}
        <Button type="primary" icon={<PrinterOutlined />} disabled={!ready} onClick={() => window.print()}>
          打印
        </Button>
      </StatisticsToolbar>
      {error ? (
        <Alert type="error" showIcon title={errorText(error)} />
      ) : !ready ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <Card className="print-sheet" data-testid="basics">
          <Typography.Title level={3} className="print-title" data-testid="basics-title">
            {orgName}基本情况
          </Typography.Title>
          <Typography.Paragraph type="secondary" className="print-meta" data-testid="basics-meta">
            <span>统计组织：{orgName}</span>
            <span style={{ marginInlineStart: '2em' }}>统计日期：{asOf}</span>
          </Typography.Paragraph>
          <Typography.Paragraph className="basics-text" data-testid="basics-text">
            {basics.data!.text}
          </Typography.Paragraph>
          <table className="basics-table" data-testid="basics-table">
            <tbody>
              {basics.data!.rows.map((row, i) => (
                <tr key={`${i}-${row.label}`}>
                  <th scope="row">{row.label}</th>
                  <td>{row.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Typography.Paragraph type="secondary" className="print-source">
            数据来源：述评党组织和党员基础库，按统计日期计算；标注“填报”的为各级党组织填报的{asOf.slice(0, 4)}
            年度数据（“下级组织填报汇总”为本级未填报时，所注数目的下级组织填报数之和）。
          </Typography.Paragraph>
        </Card>
      )}
    </div>
  );
}
