import { PrinterOutlined } from '@ant-design/icons';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Segmented, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { problemStatusLabels } from '../../../../domain/rectification/workflow.js';
import { errorText } from '../../../shared/api-client.js';
import { problemKeys } from '../../../shared/query-keys.js';
import { getProblem, listProblems } from '../api/problems.js';
import type { Measure, Problem, ProblemListQuery } from '../../../../contract/rectification.js';

interface Row {
  measure: Measure;
  problem: Problem;
}

/** The list's first 200 problems: a printed 责任清单 is a town's or a village's, not the county's. */
const listLimit = 200;

/**
 * 责任清单: the measures of the listed problems grouped by owner (责任人) or by responsible org
 * (责任单位), printable with a signature line under each group.
 */
export function ResponsibilityList({ filters }: { filters: Omit<ProblemListQuery, 'page' | 'pageSize'> }) {
  const [by, setBy] = useState<'owner' | 'org'>('owner');
  const params = { ...filters, pageSize: listLimit };
  const list = useQuery({
    queryKey: problemKeys.list(params),
    queryFn: ({ signal }) => listProblems(params, signal),
  });
  const withMeasures = (list.data?.items ?? []).filter((p) => p.measures > 0);
  const details = useQueries({
    queries: withMeasures.map((p) => ({
      queryKey: problemKeys.detail(p.id),
      queryFn: ({ signal }: { signal: AbortSignal }) => getProblem(p.id, signal),
    })),
  });
  const failed = list.error ?? details.find((d) => d.error)?.error;
  if (failed) return <Alert type="error" showIcon title={errorText(failed)} />;
  if (list.isPending || details.some((d) => d.isPending)) return <Spin />;

  const groups = new Map<string, Row[]>();
  for (const problem of details.map((d) => d.data!))
    for (const measure of problem.measuresList) {
      const key = by === 'owner' ? measure.ownerName : measure.responsibleOrgName;
      groups.set(key, [...(groups.get(key) ?? []), { measure, problem }]);
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
      {(list.data?.total ?? 0) > listLimit && (
        <Alert
          className="no-print"
          type="warning"
          showIcon
          title={`仅列出前 ${listLimit} 个问题的整改措施，请按组织或周期筛选后打印`}
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
                  {rows.map(({ measure, problem }) => (
                    <tr key={measure.id}>
                      <td>
                        {problem.orgName}：{problem.text}
                      </td>
                      <td>{measure.text}</td>
                      <td>{by === 'owner' ? measure.responsibleOrgName : measure.ownerName}</td>
                      <td>{measure.deadline}</td>
                      <td>
                        {measure.done ? `已完成 ${measure.doneOn}` : problemStatusLabels[problem.status]}
                      </td>
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
