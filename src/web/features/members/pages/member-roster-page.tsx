import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Space, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { educationLabels, genderLabels, stageLabels } from '../../../../domain/member-base.js';
import { errorText } from '../../../lib/api-client.js';
import { todayIso } from '../../../lib/date-values.js';
import { formatDate } from '../../../lib/format.js';
import { useQuery } from '../../../lib/use-query.js';
import { listMembers } from '../api/list-members.js';
import { memberFiltersFrom } from '../filters.js';
import type { Member } from '../../../../contract/members.js';
import { useState } from 'react';

const pageSize = 200;
/** A printed roster beyond this is a job for the xlsx export, not for paper. */
const maxRows = 5000;

/** 党员花名册: every member matching the list's filters on plain A4 landscape pages. */
export function MemberRosterPage() {
  const [searchParams] = useSearchParams();
  const filters = memberFiltersFrom(searchParams);
  const [progress, setProgress] = useState(0);
  const { data, error } = useQuery(`roster:${searchParams.toString()}`, async (signal) => {
    const first = await listMembers({ ...filters, page: 1, pageSize }, signal);
    const rows: Member[] = [...first.items];
    const pages = Math.ceil(Math.min(first.total, maxRows) / pageSize);
    for (let page = 2; page <= pages; page++) {
      setProgress(Math.round(((page - 1) / pages) * 100));
      rows.push(...(await listMembers({ ...filters, page, pageSize }, signal)).items);
    }
    return { rows, total: first.total };
  });

  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!data) return <Progress percent={progress} status="active" aria-label="正在载入花名册" />;
  const orgNames = [...new Set(data.rows.map((m) => m.orgName))];

  return (
    <div className="roster" data-testid="member-roster">
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
        {data.total > maxRows && (
          <Typography.Text type="warning">
            共 {data.total} 人，仅列出前 {maxRows} 人；完整名单请导出 Excel。
          </Typography.Text>
        )}
      </Space>
      <h1 className="roster-title">党员花名册</h1>
      <p className="roster-meta">
        {orgNames.length === 1 ? orgNames[0] : '多个党组织'} · 共 {data.total} 人 · 制表日期 {todayIso()}
      </p>
      <table className="roster-table">
        <thead>
          <tr>
            <th>序号</th>
            <th>姓名</th>
            <th>性别</th>
            <th>出生日期</th>
            <th>学历</th>
            <th>身份证号码</th>
            <th>人员类别</th>
            <th>入党日期</th>
            <th>转正日期</th>
            <th>所属党组织</th>
            <th>联系电话</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((m, i) => (
            <tr key={m.id}>
              <td>{i + 1}</td>
              <td>{m.name}</td>
              <td>{genderLabels[m.gender]}</td>
              <td>{formatDate(m.birthDate)}</td>
              <td>{m.education ? educationLabels[m.education] : '—'}</td>
              <td>{m.idCard ?? '—'}</td>
              <td>{stageLabels[m.stage]}</td>
              <td>{formatDate(m.probationaryOn)}</td>
              <td>{formatDate(m.fullOn)}</td>
              <td>{m.orgName}</td>
              <td>{m.phone ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
