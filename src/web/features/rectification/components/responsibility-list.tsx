import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Segmented, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { problemStatusLabels } from '../../../../domain/rectification/workflow.js';
import { errorText } from '../../../shared/api-client.js';
import { problemKeys } from '../../../shared/query-keys.js';
import { listResponsibilities } from '../api/problems.js';
import type { ProblemFilters, ResponsibilityRow } from '../../../../contract/rectification.js';

/**
 * 责任清单: the measures of the problems the list's filters pick, grouped by owner (责任人) or by
 * responsible org (责任单位), printable with a signature line under each group.
 */
export function ResponsibilityList({ filters }: { filters: ProblemFilters }) {
  const [by, setBy] = useState<'owner' | 'org'>('owner');
  const { data, error } = useQuery({
    queryKey: problemKeys.measures(filters),
    queryFn: ({ signal }) => listResponsibilities(filters, signal),
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!data) return <Spin />;

  const groups = new Map<string, ResponsibilityRow[]>();
  for (const row of data.items) {
    const key = by === 'owner' ? row.ownerName : row.responsibleOrgName;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const sorted = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'zh-CN'));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <div className="page-toolbar no-print">
        <Segmented
          value={by}
          onChange={(v) => setBy(v as 'owner' | 'org')}
          options={[
            { value: 'owner', label: '按责任人' },
            { value: 'org', label: '按责任单位' },
          ]}
        />
        <div className="toolbar-spacer" />
        <Button icon={<PrinterOutlined />} onClick={() => window.print()} disabled={sorted.length === 0}>
          打印责任清单
        </Button>
      </div>
      {data.truncated && (
        <Alert
          className="no-print"
          type="warning"
          showIcon
          title={`仅列出前 ${data.items.length} 项整改措施，请按组织或周期筛选后打印`}
        />
      )}
      <div className="responsibility-sheet" data-testid="responsibility-list">
        <Typography.Title level={4} className="responsibility-title">
          整改责任清单
        </Typography.Title>
        {sorted.length === 0 && <Empty description="所列问题尚无整改措施" />}
        {sorted.map(([name, rows]) => (
          <section key={name} className="responsibility-group">
            <Typography.Title level={5}>
              {by === 'owner' ? '责任人' : '责任单位'}：{name}（{rows.length} 项）
            </Typography.Title>
            <div className="responsibility-table">
              <table>
                <thead>
                  <tr>
                    <th>问题</th>
                    <th>整改措施</th>
                    <th>{by === 'owner' ? '责任单位' : '责任人'}</th>
                    <th>期限</th>
                    <th>状态</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.id}>
                      <td>
                        {row.problemOrgName}：{row.problemText}
                      </td>
                      <td>{row.text}</td>
                      <td>{by === 'owner' ? row.responsibleOrgName : row.ownerName}</td>
                      <td>{row.deadline}</td>
                      <td>{row.done ? `已完成 ${row.doneOn}` : problemStatusLabels[row.problemStatus]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="responsibility-signature">
              {by === 'owner' ? '责任人' : '责任单位负责人'}签字：
              <span />
              日期：
              <span />
            </p>
          </section>
        ))}
      </div>
    </Space>
  );
}
