import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { OrgPicker } from '../orgs/org-picker.js';
import type { StatisticsParamsState } from './use-statistics-params.js';

/** Org and day pickers shared by the dashboard and the printable 基本情况; extra buttons go after them. */
export function StatisticsToolbar({
  params,
  orgName,
  children,
}: {
  params: StatisticsParamsState;
  orgName: string | null;
  children?: ReactNode;
}) {
  return (
    <div className="page-toolbar no-print">
      <div className="toolbar-field" style={{ width: 300 }}>
        <OrgPicker
          aria-label="统计组织"
          data-testid="statistics-org"
          value={params.orgId}
          selectedLabel={orgName}
          allowClear={false}
          onChange={(id) => id !== null && params.go({ orgId: id })}
        />
      </div>
      <DatePicker
        className="toolbar-field"
        aria-label="统计日期"
        data-testid="statistics-date"
        allowClear={false}
        value={dayjs(params.asOf)}
        onChange={(d) => d && params.go({ asOf: d.format('YYYY-MM-DD') })}
        disabledDate={(d) => d.isBefore('1921-07-01') || d.isAfter('2099-12-31')}
      />
      <span className="toolbar-spacer" />
      {children}
    </div>
  );
}
