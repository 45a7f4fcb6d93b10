import { Alert, App, Button, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { can } from '../../../../domain/access.js';
import { candidateSources, type CandidateSource } from '../../../../domain/rectification/candidates.js';
import { candidateFiling, problemSourceLabels } from '../../../../domain/rectification/sources.js';
import { errorText } from '../../../shared/api-client.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { affectedBy, problemKeys } from '../../../shared/query-keys.js';
import { useCurrentUser } from '../../../shared/session/auth-context.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { createProblems, listCandidates } from '../api/problems.js';
import type { Cycle } from '../../../../contract/cycles.js';
import type { ProblemCandidate } from '../../../../contract/rectification-candidates.js';

const severityColors = { high: 'red', medium: 'orange', low: 'default' } as const;

/**
 * 问题清单 of a cycle: 从考核结果生成 — what the cycle's reports, critiques, appraisals and deductions
 * suggest, each saying whether it is filed; the organizer picks some and files them in one batch.
 */
export function ProblemCandidatesTab({ cycle }: { cycle: Cycle }) {
  const user = useCurrentUser();
  const { modal, message } = App.useApp();
  const [orgId, setOrgId] = useState<number | null>(null);
  const [source, setSource] = useState<CandidateSource | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [deadline, setDeadline] = useState<Dayjs>(() => dayjs().add(3, 'month'));
  const mayFile = can(user.role, 'rectification.manage');
  const params = { orgId: orgId ?? undefined, source: source ?? undefined };
  const { data, error, isFetching } = useQuery({
    queryKey: problemKeys.candidates(cycle.id, params),
    queryFn: ({ signal }) => listCandidates(cycle.id, params, signal),
    placeholderData: keepPreviousData,
  });
  const file = useSubmit({
    submit: (chosen: ProblemCandidate[]) =>
      createProblems({
        cycleId: cycle.id,
        items: chosen.map((c) => candidateFiling(c, deadline.format('YYYY-MM-DD'))),
      }),
    invalidates: affectedBy.problems,
    onSuccess: (result) => {
      setSelected([]);
      void message.success(`已登记 ${result.ids.length} 个问题`);
    },
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  const items = data?.items ?? [];
  const chosen = items.filter((c) => selected.includes(c.key) && c.filedProblemId === null);
  const confirmFiling = () =>
    modal.confirm({
      title: `登记所选的 ${chosen.length} 个问题？`,
      content: `登记后列入问题清单，整改期限 ${deadline.format('YYYY-MM-DD')}，由问题所属组织开始整改。`,
      okText: '登记',
      cancelText: '取消',
      onOk: () => file.runAsync(chosen).catch(() => undefined),
    });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">
        从考核结果生成：述职报告查摆的问题、领导点评、一般及差评占比超过{' '}
        {Math.round((data?.threshold ?? 1 / 3) * 1000) / 10}% 的民主测评项目和日常考核扣分项。
      </Typography.Paragraph>
      <div className="page-toolbar">
        <OrgPicker
          value={orgId}
          onChange={(id) => setOrgId(id)}
          placeholder="组织"
          style={{ width: 200 }}
          aria-label="组织"
        />
        <Select
          allowClear
          placeholder="来源"
          style={{ width: 160 }}
          value={source}
          onChange={(value) => setSource(value ?? null)}
          options={candidateSources.map((s) => ({ value: s, label: problemSourceLabels[s] }))}
          aria-label="来源"
          data-testid="candidates-source"
        />
        {mayFile && (
          <>
            <div className="toolbar-spacer" />
            <span>整改期限</span>
            <DatePicker
              value={deadline}
              allowClear={false}
              onChange={(value: Dayjs | null) => value && setDeadline(value)}
              disabledDate={(d) => d.isBefore(dayjs(), 'day')}
              data-testid="candidates-deadline"
            />
            <Button
              type="primary"
              disabled={chosen.length === 0}
              loading={file.submitting}
              onClick={confirmFiling}
              data-testid="candidates-file"
            >
              登记所选问题{chosen.length ? `（${chosen.length}）` : ''}
            </Button>
          </>
        )}
      </div>
      <Table
        rowKey="key"
        size="middle"
        dataSource={items}
        loading={isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: '考核结果中没有发现问题' }}
        rowSelection={
          mayFile
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys as string[]),
                getCheckboxProps: (c) => ({ disabled: c.filedProblemId !== null }),
              }
            : undefined
        }
        columns={[
          { title: '组织', dataIndex: 'orgName' },
          { title: '来源', dataIndex: 'sourceLabel' },
          {
            title: '问题',
            render: (_, c) => (
              <div style={{ maxWidth: 420, whiteSpace: 'normal' }}>
                <div>{c.text}</div>
                {c.excerpt !== c.text && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.excerpt}
                  </Typography.Text>
                )}
              </div>
            ),
          },
          { title: '类别', dataIndex: 'categoryLabel' },
          {
            title: '严重程度',
            render: (_, c) => <Tag color={severityColors[c.severity]}>{c.severityLabel}</Tag>,
          },
          {
            title: '登记',
            render: (_, c) =>
              c.filedProblemId === null ? (
                <Tag>未登记</Tag>
              ) : (
                <Link to={`/problems/${c.filedProblemId}`}>
                  <Tag color="green" data-testid="candidate-filed">
                    已登记
                  </Tag>
                </Link>
              ),
          },
        ]}
      />
    </Space>
  );
}
