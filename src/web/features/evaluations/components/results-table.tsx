import { Button, Card, List, Table, type TableColumnsType } from 'antd';
import { buildUrl } from '../../../shared/api-client.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { GradeTag } from './grade-tag.js';
import type { EvaluatedReporter, Evaluation } from '../../../../contract/evaluations.js';

const valueText = (value: number | null) => (value === null ? '—' : value);

/** The results in rank order: a table on a desk, cards on a phone; each opens its 计算过程. */
export function ResultsTable({
  evaluation,
  onExplain,
}: {
  evaluation: Evaluation;
  onExplain: (reporter: EvaluatedReporter) => void;
}) {
  const phone = useIsPhone();
  const { reporters } = evaluation;
  const grouped = reporters.some((r) => r.group !== null);
  const components = evaluation.settings.config.components;
  const explain = (r: EvaluatedReporter) => (
    <Button
      type="link"
      size="small"
      className="no-print"
      onClick={() => onExplain(r)}
      aria-label={`${r.name}的计算过程`}
      data-testid="explain"
    >
      计算过程
    </Button>
  );
  // Published sheets only: a trial has no feedback to hand out.
  const feedback = (r: EvaluatedReporter) =>
    evaluation.status === 'published' && (
      <Button
        type="link"
        size="small"
        className="no-print"
        href={buildUrl(`/evaluations/${evaluation.cycleId}/feedback/${r.orgId}`)}
        aria-label={`${r.name}的反馈意见`}
        data-testid="feedback"
      >
        反馈意见
      </Button>
    );
  const compared = evaluation.previousCycle !== null;
  const previousTitle = compared ? `较${evaluation.previousCycle!.cycleName}` : '';
  const componentValue = (r: EvaluatedReporter, key: string) =>
    valueText(r.components.find((c) => c.key === key)?.value ?? null);

  if (phone)
    return (
      <List
        dataSource={reporters}
        data-testid="results"
        renderItem={(r) => (
          <List.Item>
            <Card
              size="small"
              style={{ width: '100%' }}
              data-testid="result-row"
              title={`${r.rank}. ${r.name}`}
              extra={<GradeTag grade={r.grade} label={r.gradeLabel} />}
            >
              <div className="result-card-figures">
                <div>
                  <span>综合得分</span>
                  <strong>{valueText(r.score)}</strong>
                </div>
                {grouped && (
                  <div>
                    <span>{r.group ?? '分组'}</span>
                    <strong>第 {r.groupRank} 名</strong>
                  </div>
                )}
                {components.map((c) => (
                  <div key={c.key}>
                    <span>
                      {c.label}（{c.weight}%）
                    </span>
                    <strong>{componentValue(r, c.key)}</strong>
                  </div>
                ))}
                {compared && (
                  <div>
                    <span>{previousTitle}</span>
                    <strong>
                      {r.comparison?.label}
                      {r.comparison?.previousGradeLabel && `（上期${r.comparison.previousGradeLabel}）`}
                    </strong>
                  </div>
                )}
              </div>
              {explain(r)}
              {feedback(r)}
            </Card>
          </List.Item>
        )}
      />
    );

  const columns: TableColumnsType<EvaluatedReporter> = [
    { title: '排名', dataIndex: 'rank', width: 64, align: 'center' },
    {
      title: '组织',
      dataIndex: 'name',
      render: (name: string) => <span className="result-name">{name}</span>,
    },
    ...(grouped
      ? [
          { title: '分组', dataIndex: 'group', render: valueText },
          { title: '组内排名', dataIndex: 'groupRank', width: 88, align: 'center' as const },
        ]
      : []),
    ...components.map((c) => ({
      title: `${c.label}（${c.weight}%）`,
      key: c.key,
      align: 'right' as const,
      render: (_: unknown, r: EvaluatedReporter) => componentValue(r, c.key),
    })),
    { title: '综合得分', dataIndex: 'score', align: 'right', render: valueText },
    {
      title: '等次',
      key: 'grade',
      align: 'center',
      render: (_, r) => <GradeTag grade={r.grade} label={r.gradeLabel} />,
    },
    ...(compared
      ? [
          {
            title: '上期等次',
            key: 'previousGrade',
            align: 'center' as const,
            render: (_: unknown, r: EvaluatedReporter) => r.comparison?.previousGradeLabel ?? '—',
          },
          {
            title: '上期排名',
            key: 'previousRank',
            align: 'center' as const,
            render: (_: unknown, r: EvaluatedReporter) => r.comparison?.previousRank ?? '—',
          },
          {
            title: <span title={previousTitle}>名次变化</span>,
            key: 'rankChange',
            align: 'center' as const,
            render: (_: unknown, r: EvaluatedReporter) => (
              <span data-testid="rank-change">{r.comparison?.label}</span>
            ),
          },
        ]
      : []),
    {
      title: '',
      key: 'explain',
      className: 'no-print',
      render: (_, r) => (
        <>
          {explain(r)}
          {feedback(r)}
        </>
      ),
    },
  ];
  return (
    <Table<EvaluatedReporter>
      rowKey="orgId"
      size="small"
      bordered
      pagination={false}
      dataSource={reporters}
      columns={columns}
      scroll={{ x: 'max-content' }}
      data-testid="results"
    />
  );
}
