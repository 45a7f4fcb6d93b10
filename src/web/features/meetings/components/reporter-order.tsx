import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { Button, Empty, Segmented, Select, Space, Tag, Typography } from 'antd';
import { reporterModeLabels, reporterModes, type ReporterMode } from '../../../../domain/meetings.js';

export interface ReporterEntry {
  orgId: number;
  mode: ReporterMode;
}

interface ReporterOrderProps {
  value?: ReporterEntry[];
  onChange?: (value: ReporterEntry[]) => void;
  /** Every org's name: the meeting's reporters and the cycle's reporting set. */
  names: Map<number, string>;
  /** The cycle's reporting set, in tree order: what may be added back. */
  reportingSet: readonly number[];
  disabled?: boolean;
}

const modeOptions = reporterModes.map((m) => ({ value: m, label: reporterModeLabels[m] }));

/** 述职顺序 as a form control: buttons (not dragging) move a reporter, so the keyboard can do it all. */
export function ReporterOrder({ value = [], onChange, names, reportingSet, disabled }: ReporterOrderProps) {
  const set = (next: ReporterEntry[]) => onChange?.(next);
  const move = (index: number, by: -1 | 1) => {
    const next = [...value];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    set(next);
  };
  const listed = new Set(value.map((r) => r.orgId));
  const missing = reportingSet.filter((id) => !listed.has(id));
  return (
    <div data-testid="reporter-order">
      {value.length === 0 && <Empty description="没有述职组织：从下方加入" />}
      <ol className="reporter-order">
        {value.map((r, i) => {
          const name = names.get(r.orgId) ?? `组织 ${r.orgId}`;
          return (
            <li key={r.orgId} className="reporter-order-row" data-testid="reporter-row">
              <span className="reporter-order-position">{i + 1}</span>
              <span className="reporter-order-name">{name}</span>
              {disabled ? (
                <Tag>{reporterModeLabels[r.mode]}</Tag>
              ) : (
                <Space size={4} wrap>
                  <Segmented
                    size="small"
                    options={modeOptions}
                    value={r.mode}
                    onChange={(mode) => set(value.map((x) => (x.orgId === r.orgId ? { ...x, mode } : x)))}
                  />
                  <Button
                    size="small"
                    icon={<ArrowUpOutlined />}
                    aria-label={`上移${name}`}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  />
                  <Button
                    size="small"
                    icon={<ArrowDownOutlined />}
                    aria-label={`下移${name}`}
                    disabled={i === value.length - 1}
                    onClick={() => move(i, 1)}
                  />
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`移除${name}`}
                    onClick={() => set(value.filter((x) => x.orgId !== r.orgId))}
                  />
                </Space>
              )}
            </li>
          );
        })}
      </ol>
      {!disabled && missing.length > 0 && (
        <Select<number>
          className="reporter-order-add"
          placeholder={`加回述职范围内的组织（${missing.length} 个未列入）`}
          value={null}
          showSearch={{ optionFilterProp: 'label' }}
          options={missing.map((id) => ({ value: id, label: names.get(id) ?? String(id) }))}
          onChange={(orgId) => set([...value, { orgId, mode: 'onStage' }])}
          data-testid="reporter-add"
        />
      )}
      {!disabled && missing.length === 0 && (
        <Typography.Text type="secondary">述职范围内的组织都已列入。</Typography.Text>
      )}
    </div>
  );
}
