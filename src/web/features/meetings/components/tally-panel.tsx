import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Spin, Table, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { ballotGrades } from '../../../../domain/meetings.js';
import { gradeLabelSets } from '../../../../domain/results/grades.js';
import { errorText } from '../../../shared/api-client.js';
import { meetingKeys } from '../../../shared/query-keys.js';
import { getTally } from '../api/meetings.js';
import type { Meeting, Tally } from '../../../../contract/meetings.js';

type ItemRow = Tally['reporters'][number]['items'][number];

const counted = [
  ...ballotGrades.map((g) => ({ key: g, label: gradeLabelSets.appraisal[g] })),
  { key: 'abstain' as const, label: '弃权' },
];

function columnsOf(groups: Tally['groups']): TableColumnsType<ItemRow> {
  const cells = (group: string) =>
    counted.map(({ key, label }) => ({
      title: label,
      key: `${group}-${key}`,
      width: 56,
      align: 'right' as const,
      render: (_: unknown, item: ItemRow) => item.byGroup[group]?.[key] ?? 0,
    }));
  return [
    { title: '测评项目', dataIndex: 'label', fixed: 'left', width: 180 },
    ...(groups.length === 1
      ? cells(groups[0]!.key)
      : groups.map((g) => ({ title: `${g.label}（${g.ballots} 票）`, key: g.key, children: cells(g.key) }))),
  ];
}

/** 计票结果 after closing: per reporter, per item, the count of each grade in each group; printable. */
export function TallyPanel({ meeting }: { meeting: Meeting }) {
  const { data, error } = useQuery({
    queryKey: meetingKeys.tally(meeting.id),
    queryFn: ({ signal }) => getTally(meeting.id, signal),
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!data) return <Spin />;
  const ballots = data.groups.reduce((s, g) => s + g.ballots, 0);
  const columns = columnsOf(data.groups);
  return (
    <div className="tally" data-testid="tally">
      <Space className="no-print" style={{ marginBottom: 12 }}>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印计票结果
        </Button>
      </Space>
      <h2 className="roster-title">{meeting.name}民主测评计票结果</h2>
      <p className="roster-meta">
        {meeting.heldOn} {meeting.venue} · 收回有效测评票 {ballots} 张
        {data.groups.length > 1 && `（${data.groups.map((g) => `${g.label} ${g.ballots} 张`).join('，')}）`}
      </p>
      {data.problem && <Alert type="warning" showIcon title={data.problem} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary" className="no-print">
        不足 3 票的评议人类别并入“其他”，以免从计票结果看出个人的选择。
      </Typography.Paragraph>
      {data.reporters.map((r, i) => (
        <section key={r.orgId} className="tally-reporter" data-testid="tally-reporter">
          <Typography.Title level={5}>
            {i + 1}. {r.orgName}
          </Typography.Title>
          <Table<ItemRow>
            rowKey="key"
            size="small"
            bordered
            pagination={false}
            dataSource={r.items}
            columns={columns}
            scroll={{ x: 'max-content' }}
          />
        </section>
      ))}
    </div>
  );
}
