import { Empty, Table } from 'antd';
import type { AuditEntry } from '../../../../contract/audit.js';
import { fieldLabels, formatFieldValue } from '../labels.js';

interface Row {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

function rowsOf(entry: AuditEntry): Row[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields.map((field) => {
    const b = entry.before ? formatFieldValue(entry.entityType, field, before[field]) : '';
    const a = entry.after ? formatFieldValue(entry.entityType, field, after[field]) : '';
    return {
      field,
      before: b,
      after: a,
      changed: JSON.stringify(before[field]) !== JSON.stringify(after[field]),
    };
  });
}

/** Field-by-field comparison of an audit entry's before and after snapshots; changed fields first. */
export function AuditDiff({ entry }: { entry: AuditEntry }) {
  if (!entry.before && !entry.after) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="此操作没有记录字段变化" />;
  }
  const rows = rowsOf(entry);
  const both = !!entry.before && !!entry.after;
  if (both) rows.sort((x, y) => Number(y.changed) - Number(x.changed));

  return (
    <Table<Row>
      data-testid="audit-diff"
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={rows}
      rowClassName={(row) => (both && row.changed ? 'diff-changed' : '')}
      columns={[
        {
          title: '字段',
          dataIndex: 'field',
          width: 140,
          render: (field: string) => fieldLabels[field] ?? field,
        },
        ...(entry.before
          ? [
              {
                title: '修改前',
                dataIndex: 'before',
                render: (v: string, row: Row) => (
                  <span className={`diff-value ${both && row.changed ? 'diff-before' : ''}`}>{v}</span>
                ),
              },
            ]
          : []),
        ...(entry.after
          ? [
              {
                title: entry.before ? '修改后' : '内容',
                dataIndex: 'after',
                render: (v: string, row: Row) => (
                  <span className={`diff-value ${both && row.changed ? 'diff-after' : ''}`}>{v}</span>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
