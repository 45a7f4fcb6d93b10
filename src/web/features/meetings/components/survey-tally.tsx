import { Alert, Space, Table, Typography } from 'antd';
import { satisfactionLabels, satisfactionLevels } from '../../../../domain/results/grades.js';
import type { Tally } from '../../../../contract/meetings.js';

type Surveyed = Tally['surveyed'][number];

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/**
 * 满意度测评's result per rated org: the shares of the first question, its 满意率 (the value the
 * results engine takes), the counts of every question and the comments — in alphabetical order,
 * as the server gives them.
 */
export function SurveyTally({ tally }: { tally: Tally }) {
  // A survey covers every village of the cycle; those whose meeting got no codes are named in one
  // line rather than as a table of zeros each.
  const withoutCodes = tally.surveyed.filter((org) => org.issued === 0);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large" data-testid="survey-tally">
      {withoutCodes.length > 0 && (
        <Alert
          type="info"
          showIcon
          data-testid="survey-without-codes"
          title={`未发放测评码的测评对象（${withoutCodes.length} 个）：${withoutCodes.map((o) => o.orgName).join('、')}`}
        />
      )}
      {tally.surveyed
        .filter((org) => org.issued > 0)
        .map((org) => (
          <section key={org.orgId} className="survey-org" aria-label={org.orgName}>
            <h3 className="roster-title">{org.orgName}</h3>
            <p className="roster-meta">
              发出测评码 {org.issued} 个 · 有效票 {org.ballots} 张 · 满意率{' '}
              <strong data-testid={`survey-value-${org.orgId}`}>
                {org.value === null ? '不计' : `${org.value}%`}
              </strong>
              {org.ballots > 0 &&
                `（${satisfactionLevels.map((l) => `${satisfactionLabels[l]} ${percent(org.shares[l])}`).join('，')}）`}
            </p>
            {org.problem && <Alert type="warning" showIcon title={org.problem} style={{ marginBottom: 8 }} />}
            <Table<Surveyed['items'][number]>
              rowKey="key"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={org.items}
              columns={[
                { title: '测评题目', dataIndex: 'label' },
                ...satisfactionLevels.map((l) => ({
                  title: satisfactionLabels[l],
                  width: 80,
                  render: (_: unknown, item: Surveyed['items'][number]) => item.counts[l],
                })),
              ]}
            />
            {org.comments.length > 0 && (
              <div className="survey-comments">
                <Typography.Text strong>意见建议（{org.comments.length} 条）</Typography.Text>
                <ul>
                  {org.comments.map((c, i) => (
                    <li key={i}>{c}</li>
                  ))}
                </ul>
              </div>
            )}
          </section>
        ))}
    </Space>
  );
}
