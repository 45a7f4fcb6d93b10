import { Tag } from 'antd';
import type { TermStatus } from '../../../../domain/member-base.js';

const look: Record<TermStatus, { color: string; text: string }> = {
  ok: { color: 'success', text: '任期内' },
  expiringSoon: { color: 'warning', text: '90 天内届满' },
  overdue: { color: 'error', text: '已超期未换届' },
};

export function TermStatusTag({ status }: { status: TermStatus | null }) {
  if (status === null) return <Tag>未登记任期</Tag>;
  return (
    <Tag color={look[status].color} data-testid="term-status">
      {look[status].text}
    </Tag>
  );
}
