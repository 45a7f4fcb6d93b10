import { Tag } from 'antd';
import { reportStatusLabels, type ReportStatus } from '../../../domain/reports.js';

const colors: Record<ReportStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'orange',
  accepted: 'green',
};

/** 草稿 / 已提交 / 已退回 / 已通过: the cycle's report list and the report page show it alike. */
export function ReportStatusTag({ status }: { status: ReportStatus }) {
  return (
    <Tag color={colors[status]} data-testid="report-status">
      {reportStatusLabels[status]}
    </Tag>
  );
}
