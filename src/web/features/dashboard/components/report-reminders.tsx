import { Alert, Space } from 'antd';
import { Link } from 'react-router';
import type { ReportReminder } from '../../../../contract/reports.js';

/** 催办 the reader's org received: one line per cycle whose 述职报告 it has not submitted yet. */
export function ReportReminders({ items }: { items: ReportReminder[] }) {
  if (!items.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="report-reminders"
      style={{ marginBottom: 12 }}
      title={
        <Space orientation="vertical" size={4}>
          {items.map((r) => (
            <span key={r.cycleId}>
              {r.cycleName}的述职报告尚未提交
              {r.dueOn ? `（截止 ${r.dueOn}）` : ''}
              {r.message ? `：${r.message}` : ''} <Link to={`/cycles/${r.cycleId}?tab=reports`}>去提交</Link>
            </span>
          ))}
        </Space>
      }
    />
  );
}
