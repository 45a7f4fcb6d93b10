import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { reportStatusLabels, reportTemplateLabels } from '../../../../domain/reports.js';
import { errorText } from '../../../shared/api-client.js';
import { reportKeys } from '../../../shared/query-keys.js';
import { ReportStatusTag } from '../../../shared/reports/report-status-tag.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { getReport, reportDocxUrl } from '../api/reports.js';
import { ReportEditor } from '../components/report-editor.js';
import { ReportText } from '../components/report-text.js';
import { VersionHistory } from '../components/version-history.js';
import { VersionReview } from '../components/version-review.js';
import { reportText } from '../../../../domain/reports.js';

const tabKeys = ['write', 'review', 'versions'] as const;

/** A report: written in its parts while it is the secretary's, reviewed beside its findings, its versions compared. */
export function ReportPage() {
  const id = Number(useParams().id);
  const [searchParams, setSearchParams] = useSearchParams();
  const phone = useIsPhone();
  const { data: report, error } = useQuery({
    queryKey: reportKeys.detail(id),
    queryFn: ({ signal }) => getReport(id, signal),
  });
  const asked = tabKeys.find((k) => k === searchParams.get('tab'));
  // Opened without a tab: the reviewer of a submitted report and every reader of a finished one land
  // on the latest version, the writer in the editor. The choice goes into the URL at once, so a
  // return that makes the report editable does not move the reviewer away from what they read.
  const latest = report?.versions.at(-1);
  const tab = asked ?? (report && latest && (report.reviewable || !report.editable) ? 'review' : 'write');
  useEffect(() => {
    if (report && !asked) setSearchParams({ tab }, { replace: true });
  }, [report, asked, tab, setSearchParams]);
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!report) return <Spin />;

  // On a phone the card's head has no room beside the names: the button goes below it.
  const download = (
    <Button icon={<DownloadOutlined />} href={reportDocxUrl(report.id)} data-testid="report-docx">
      下载 Word
    </Button>
  );

  const returnedNote = report.status === 'returned' && latest && report.editable;

  return (
    <Card
      title={
        <Space wrap>
          <Link to={`/cycles/${report.cycle.id}?tab=reports`}>{report.cycle.name}</Link>
          <span>/</span>
          <Typography.Text strong data-testid="report-org">
            {report.org.name}
          </Typography.Text>
          <ReportStatusTag status={report.status} />
        </Space>
      }
      extra={!phone && download}
    >
      {phone && <div style={{ marginBottom: 12 }}>{download}</div>}
      <Typography.Paragraph type="secondary">
        {reportTemplateLabels[report.template]}
        {report.cycle.reportsDueOn && ` · 截止 ${report.cycle.reportsDueOn}`}
        {report.versions.length > 0 && ` · 已提交 ${report.versions.length} 版`}
        {report.versions[0]?.late && (
          <Tag color="red" style={{ marginInlineStart: 8 }}>
            逾期
          </Tag>
        )}
      </Typography.Paragraph>
      {returnedNote && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="报告已退回修改"
          description="审查意见见“审查”页；修改后再次提交。"
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearchParams({ tab: key }, { replace: true })}
        items={[
          {
            key: 'write',
            label: report.editable ? '撰写' : '报告正文',
            children: report.editable ? (
              <ReportEditor key={report.id} report={report} />
            ) : (
              <>
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 16 }}
                  title={`报告${reportStatusLabels[report.status]}，当前不能修改`}
                />
                <ReportText text={reportText(report.body)} />
              </>
            ),
          },
          ...(latest
            ? [
                {
                  key: 'review',
                  label: report.reviewable ? '审查（待审）' : '审查',
                  children: <VersionReview report={report} versionNo={latest.version} />,
                },
                { key: 'versions', label: '历史版本', children: <VersionHistory report={report} /> },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
