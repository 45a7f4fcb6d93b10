import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { routineSheetColumns, routineSheetRows } from '../../../../domain/routine-scores.js';
import { errorText } from '../../../shared/api-client.js';
import { formatDateTime } from '../../../shared/format.js';
import { routineKeys } from '../../../shared/query-keys.js';
import { getOrgSheet } from '../api/routine-scores.js';

/** The 日常考核评分表 of one org on A4 portrait (the 基本情况 print sheet), the rows of the export. */
export function RoutinePrintPage() {
  const params = useParams();
  const cycleId = Number(params.id);
  const orgId = Number(params.orgId);
  const { data: view, error } = useQuery({
    queryKey: routineKeys.sheet(cycleId, orgId),
    queryFn: ({ signal }) => getOrgSheet(cycleId, orgId, signal),
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!view) return <Spin />;
  if (!view.sheet) return <Alert type="info" showIcon title="尚无计算结果" />;
  const rows = routineSheetRows(view.sheet);
  return (
    <div className="print-sheet" data-testid="routine-print">
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Link to={`/cycles/${cycleId}?tab=routine`}>返回考核周期</Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </Space>
      <h1 className="roster-title">{view.org.name}日常考核评分表</h1>
      <p className="roster-meta">
        {view.cycle.name}（{view.cycle.startsOn} 至 {view.cycle.endsOn}），得分{view.sheet.total}分（满分
        {view.sheet.maxPoints}分）
        {view.status === 'pending' && '，计算中，数据可能有变动'}
      </p>
      <table className="roster-table routine-print-table">
        <thead>
          <tr>
            {routineSheetColumns.map((c) => (
              <th key={c.key} style={{ width: `${c.width}ch` }}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const first = i === 0 || rows[i - 1]!.category !== row.category;
            let span = 0;
            if (first) while (rows[i + span]?.category === row.category) span++;
            return (
              <tr key={i}>
                {routineSheetColumns.map((c) =>
                  c.key !== 'category' ? (
                    <td key={c.key}>{row[c.key]}</td>
                  ) : first ? (
                    <td key={c.key} rowSpan={span}>
                      {row.category}
                    </td>
                  ) : null,
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="routine-signatures">
        <span>考核人员（签字）：</span>
        <span>被考核组织负责人（签字）：</span>
      </p>
      <p className="roster-meta">计算于 {view.computedAt ? formatDateTime(view.computedAt) : '—'}</p>
    </div>
  );
}
