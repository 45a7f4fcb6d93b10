import { Table, Typography, type TableColumnsType } from 'antd';
import { tallyCountColumns } from '../../../../domain/meeting-protocol.js';
import type { Tally } from '../../../../contract/meetings.js';

type ItemRow = Tally['reporters'][number]['items'][number];

function columnsOf(groups: Tally['groups']): TableColumnsType<ItemRow> {
  const cells = (group: string) =>
    tallyCountColumns.map(({ key, label }) => ({
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

/** Per reporter, per item, the count of each grade in each tally group: the tab and the printed protocol. */
export function TallyTables({ tally }: { tally: Tally }) {
  const columns = columnsOf(tally.groups);
  return tally.reporters.map((r, i) => (
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
  ));
}
