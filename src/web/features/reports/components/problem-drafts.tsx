import { Alert, Card, Empty, List, Skeleton, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { errorText } from '../../../shared/api-client.js';
import { reportKeys } from '../../../shared/query-keys.js';
import { listProblemDrafts } from '../api/reports.js';
import type { Report } from '../../../../contract/reports.js';

/**
 * The accepted report's problems as they went into the problem list (问题清单) drafts: each with its
 * cause and the measures the report answers it with.
 */
export function ProblemDrafts({ report }: { report: Report }) {
  const { data, error } = useQuery({
    queryKey: reportKeys.problemDrafts(report.cycle.id, report.id),
    queryFn: ({ signal }) => listProblemDrafts(report.cycle.id, report.id, signal),
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} style={{ marginTop: 16 }} />;
  if (!data) return <Skeleton active style={{ marginTop: 16 }} />;
  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={`问题清单草稿（${data.items.length} 条）`}
      data-testid="report-problem-drafts"
    >
      {data.items.length === 0 ? (
        <Empty description="报告中没有列出问题" />
      ) : (
        <List
          dataSource={data.items}
          renderItem={(d) => (
            <List.Item key={d.id} data-testid="report-problem-draft">
              <Space orientation="vertical" size={2}>
                <Typography.Text strong>
                  {d.position + 1}. {d.text}
                </Typography.Text>
                <Typography.Text type="secondary">原因：{d.cause}</Typography.Text>
                {d.measures.length > 0 && (
                  <Typography.Text type="secondary">整改措施：{d.measures.join('；')}</Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
