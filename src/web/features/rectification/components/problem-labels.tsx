import { Space, Tag } from 'antd';
import { problemStatusLabels, type ProblemStatus } from '../../../../domain/rectification/workflow.js';

const colors: Record<ProblemStatus, string> = {
  open: 'default',
  inProgress: 'processing',
  submitted: 'gold',
  closed: 'green',
  rejected: 'orange',
};

/** 待整改 / 整改中 / 已提交 / 已销号 / 退回, and 逾期 N 天 in red while an item is late. */
export function ProblemStatusTags({ status, daysOverdue }: { status: ProblemStatus; daysOverdue: number }) {
  return (
    <Space size={4} wrap>
      <Tag color={colors[status]} data-testid="problem-status">
        {problemStatusLabels[status]}
      </Tag>
      {daysOverdue > 0 && (
        <Tag color="red" data-testid="problem-overdue">
          逾期 {daysOverdue} 天
        </Tag>
      )}
    </Space>
  );
}
