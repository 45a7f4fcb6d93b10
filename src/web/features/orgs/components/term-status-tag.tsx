import { Tag } from 'antd';
import type { TermStatus } from '../../../../domain/member-base.js';

const look: Record<TermStatus, { color: string; text: string }> = {
  ok: { color: 'success', text: '任期内' },
  expiringSoon: { color: 'warning', text: '90 天内届满，应做好换届准备' },
  overdue: { color: 'error', text: '任期已满，应及时换届' },
};

export function TermStatusTag({ status }: { status: TermStatus | null }) {
  if (status === null) return <Tag>未登记任期</Tag>;
  return (
    <Tag color={look[status].color} data-testid="term-status">
      {look[status].text}
    </Tag>
  );
}
