import { Table, Typography, type TableColumnsType } from 'antd';
import { tallyCountColumns } from '../../../../domain/meeting-protocol.js';
import type { Tally } from '../../../../contract/meetings.js';

type ItemRow = Tally['reporters'][number]['items'][number];

function columnsOf(groups: Tally['groups'], fit: boolean): TableColumnsType<ItemRow> {
  const cells = (group: string) =>
    tallyCountColumns.map(({ key, label }) => ({
      title: label,
      key: `${group}-${key}`,
      width: fit ? undefined : 56,
      align: 'right' as const,
      render: (_: unknown, item: ItemRow) => item.byGroup[group]?.[key] ?? 0,
    }));
  return [
    fit
      ? { title: '测评项目', dataIndex: 'label' }
      : { title: '测评项目', dataIndex: 'label', fixed: 'left', width: 180 },
    ...(groups.length === 1
      ? cells(groups[0]!.key)
      : groups.map((g) => ({ title: `${g.label}（${g.ballots} 票）`, key: g.key, children: cells(g.key) }))),
  ];
}

/**
 * Per reporter, per item, the count of each grade in each tally group: the tab and the printed
 * protocol. `fit` lays the tables out within the page's width instead of scrolling, since paper
 * cuts off what a scroll would hide.
 */
export function TallyTables({ tally, fit = false }: { tally: Tally; fit?: boolean }) {
  const columns = columnsOf(tally.groups, fit);
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
        {...(fit ? { tableLayout: 'auto' as const } : { scroll: { x: 'max-content' } })}
      />
    </section>
  ));
}
