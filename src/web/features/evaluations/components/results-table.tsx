import { Button, Card, List, Table, type TableColumnsType } from 'antd';
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
              </div>
              {explain(r)}
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
    { title: '', key: 'explain', className: 'no-print', render: (_, r) => explain(r) },
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
