import type { ReactNode } from 'react';
import { Descriptions, Drawer, Empty, List, Table, Typography } from 'antd';
import { gradeLabelSets, grades } from '../../../../domain/results/grades.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { GradeTag } from './grade-tag.js';
import type { EvaluatedReporter, Evaluation } from '../../../../contract/evaluations.js';

type ComponentRow = EvaluatedReporter['components'][number];

const percent = (share: number) => `${Math.round(share * 10000) / 100}%`;
const orDash = (value: number | null) => (value === null ? '—' : Math.round(value * 100) / 100);

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="calculation-section">
      <Typography.Title level={5}>{title}</Typography.Title>
      {children}
    </section>
  );
}

/** Sentences the engine wrote, numbered when their order matters. */
function Lines({ lines, ordered, testId }: { lines: string[]; ordered?: boolean; testId: string }) {
  const ListTag = ordered ? 'ol' : 'ul';
  return (
    <ListTag className="calculation-steps" data-testid={testId}>
      {lines.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ListTag>
  );
}

/**
 * 计算过程 of one reporter: where each component came from, the weights used (rescaled over what
 * was recorded), the appraisal's grade shares, each step that set the grade, and the critiques.
 */
export function CalculationDrawer({
  evaluation,
  reporter,
  onClose,
}: {
  evaluation: Evaluation;
  reporter: EvaluatedReporter | null;
  onClose: () => void;
}) {
  const phone = useIsPhone();
  const labels = gradeLabelSets[evaluation.settings.config.labels];
  return (
    <Drawer
      title={reporter ? `计算过程：${reporter.name}` : '计算过程'}
      open={reporter !== null}
      onClose={onClose}
      size={phone ? '100%' : 640}
      data-testid="calculation"
    >
      {reporter && (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="排名">
              第 {reporter.rank} 名{reporter.group && `（${reporter.group}第 ${reporter.groupRank} 名）`}
            </Descriptions.Item>
            <Descriptions.Item label="综合得分">{orDash(reporter.score)}</Descriptions.Item>
            <Descriptions.Item label="等次">
              <GradeTag grade={reporter.grade} label={reporter.gradeLabel} />
            </Descriptions.Item>
          </Descriptions>
          <Section title="定等步骤">
            <Lines ordered lines={reporter.steps} testId="calculation-steps" />
          </Section>
          <Section title="组成和权重">
            <Table<ComponentRow>
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={reporter.components}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: '组成', dataIndex: 'label' },
                { title: '得分', render: (_, c) => (c.value === null ? '未记录' : `${c.value}/${c.max}`) },
                { title: '设定权重', dataIndex: 'weight', render: (w: number) => `${w}%` },
                { title: '实际权重', dataIndex: 'effectiveWeight', render: (w: number) => `${w}%` },
                { title: '折合', dataIndex: 'points', render: orDash },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              某项未记录时，其余各项的权重按比例放大，合计仍为 100%。
            </Typography.Paragraph>
          </Section>
          <Section title="数据来源">
            <Lines lines={reporter.sources} testId="calculation-sources" />
          </Section>
          <Section title="民主测评等次比例">
            {reporter.appraisalShares ? (
              <Descriptions size="small" column={{ xs: 2, sm: 4 }} bordered>
                {grades.map((g) => (
                  <Descriptions.Item key={g} label={labels[g]}>
                    {percent(reporter.appraisalShares![g])}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            ) : (
              <Typography.Text type="secondary">无有效测评</Typography.Text>
            )}
          </Section>
          <Section title="领导点评">
            {reporter.critiques.length ? (
              <List
                size="small"
                dataSource={reporter.critiques}
                renderItem={(c) => (
                  <List.Item>
                    <div>
                      <Typography.Text strong>{c.reviewerName}：</Typography.Text>
                      <span style={{ whiteSpace: 'pre-wrap' }}>{c.critique}</span>
                    </div>
                  </List.Item>
                )}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无点评" />
            )}
          </Section>
        </>
      )}
    </Drawer>
  );
}
