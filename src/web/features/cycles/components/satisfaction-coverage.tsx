import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { errorText } from '../../../shared/api-client.js';
import { meetingKeys } from '../../../shared/query-keys.js';
import { halfYearLabels, type HalfYear } from '../../../../domain/satisfaction.js';
import { getSatisfactionCoverage } from '../api/meetings.js';
import type { SatisfactionCoverage } from '../../../../contract/meetings.js';

type Village = SatisfactionCoverage['villages'][number];

/**
 * 满意度测评覆盖: each village in sight with, per half-year, the closed surveys that rated it or
 * 未测评, and how many went without; printable (the page's toolbars are not).
 */
export function SatisfactionCoveragePanel({ cycleId }: { cycleId: number }) {
  const { data, error } = useQuery({
    queryKey: meetingKeys.coverage(cycleId),
    queryFn: ({ signal }) => getSatisfactionCoverage(cycleId, signal),
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  // A cycle without villages in sight has nothing to cover.
  if (!data || data.villages.length === 0) return null;
  const half = (h: HalfYear) => (v: Village) => {
    const surveys = v.halves.find((x) => x.half === h)?.surveys ?? [];
    return surveys.length ? (
      <Space orientation="vertical" size={0}>
        {surveys.map((s) => (
          <Link key={s.id} to={`/meetings/${s.id}`}>
            {s.heldOn} {s.name}
          </Link>
        ))}
      </Space>
    ) : (
      <Tag color="red">未测评</Tag>
    );
  };
  return (
    <Card
      size="small"
      title={`${data.year}年满意度测评覆盖`}
      extra={
        <Button className="no-print" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      }
      data-testid="satisfaction-coverage"
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>
          共 {data.villages.length} 个村；上半年未测评 {data.without.first} 个，下半年未测评{' '}
          {data.without.second} 个，有半年未测评的村 {data.without.any} 个。
        </Typography.Text>
        <Table<Village>
          rowKey="orgId"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={data.villages}
          columns={[
            { title: '村', dataIndex: 'orgName' },
            { title: halfYearLabels[1], render: (_, v) => half(1)(v) },
            { title: halfYearLabels[2], render: (_, v) => half(2)(v) },
          ]}
        />
      </Space>
    </Card>
  );
}
