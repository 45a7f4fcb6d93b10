import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Space, Spin, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import {
  problemCategoryLabels,
  problemSeverityLabels,
  problemSourceLabels,
} from '../../../../domain/rectification/sources.js';
import { problemEventLabels } from '../../../../domain/rectification/workflow.js';
import { errorText } from '../../../shared/api-client.js';
import { formatDateTime } from '../../../shared/format.js';
import { problemKeys } from '../../../shared/query-keys.js';
import { getProblem } from '../api/problems.js';
import { MeasuresPanel } from '../components/measures-panel.js';
import { ProblemActions } from '../components/problem-actions.js';
import { ProblemStatusTags } from '../components/problem-labels.js';
import type { Problem, ProblemEvent, ProblemSourceRef } from '../../../../contract/rectification.js';
import { ledgerRecordText } from '../../../shared/ledger/ledger-record-select.js';

/** Where the problem came from, as a link to the text, ballot or sheet it was read from. */
function SourceLink({ problem }: { problem: Problem }) {
  const ref: ProblemSourceRef = problem.sourceRef;
  const label = problemSourceLabels[ref.source];
  switch (ref.source) {
    case 'report':
      return (
        <Link to={`/reports/${ref.reportId}`}>
          {label}（第 {ref.position + 1} 个问题）
        </Link>
      );
    case 'critique':
      return problem.cycleId ? <Link to={`/cycles/${problem.cycleId}?tab=evaluation`}>{label}</Link> : label;
    case 'appraisal':
      return (
        <Link to={`/meetings/${ref.meetingId}`}>
          {label}（一般及差评 {Math.round(ref.poorShare * 1000) / 10}%）
        </Link>
      );
    case 'deduction':
      return problem.cycleId ? (
        <Link to={`/cycles/${problem.cycleId}/routine/${problem.orgId}/print`}>
          {label}（{ref.vetoed ? '一票否决' : `扣 ${ref.deducted} 分`}）
        </Link>
      ) : (
        label
      );
    default:
      return label;
  }
}

/** What an event adds to its label: the evidence, the new deadline, the merged item. */
function EventDetail({ event }: { event: ProblemEvent }) {
  const d = event.detail;
  return (
    <>
      {event.reason && <div>原因：{event.reason}</div>}
      {typeof d.evidence === 'string' && d.evidence && <div>说明：{d.evidence}</div>}
      {event.files.map((f) => (
        <div key={f.id}>
          附件：<a href={`/api/files/${f.id}`}>{f.name}</a>
        </div>
      ))}
      {event.ledgerRecords.map((r) => (
        <div key={`r${r.id}`}>台账：{ledgerRecordText(r)}</div>
      ))}
      {event.kind === 'extend' && (
        <div>
          期限 {String(d.from)} → {String(d.to)}
        </div>
      )}
      {typeof d.intoId === 'number' && (
        <div>
          并入 <Link to={`/problems/${d.intoId}`}>问题 #{d.intoId}</Link>
        </div>
      )}
      {typeof d.mergedId === 'number' && <div>问题 #{d.mergedId} 并入本问题</div>}
      {event.kind === 'reminder' && typeof d.message === 'string' && <div>附言：{d.message}</div>}
      {event.kind === 'reminder' && typeof d.notified === 'number' && <div>通知 {d.notified} 人</div>}
    </>
  );
}

/** 整改问题详情: the item, where it came from, its measures, its history and what the reader may do. */
export function ProblemPage() {
  const id = Number(useParams().id);
  const { data: problem, error } = useQuery({
    queryKey: problemKeys.detail(id),
    queryFn: ({ signal }) => getProblem(id, signal),
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!problem) return <Spin />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Link to="/problems">问题整改</Link>
            <span>/</span>
            <span>问题 #{problem.id}</span>
            <ProblemStatusTags status={problem.status} daysOverdue={problem.daysOverdue} />
          </Space>
        }
      >
        <Typography.Paragraph strong style={{ fontSize: 16 }} data-testid="problem-text">
          {problem.text}
        </Typography.Paragraph>
        {problem.mergedIntoId !== null && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={
              <span>
                该问题已合并到{' '}
                <Link to={`/problems/${problem.mergedIntoId}`}>问题 #{problem.mergedIntoId}</Link>
              </span>
            }
          />
        )}
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
          <Descriptions.Item label="所属组织">{problem.orgName}</Descriptions.Item>
          <Descriptions.Item label="来源">
            <SourceLink problem={problem} />
          </Descriptions.Item>
          <Descriptions.Item label="类别">{problemCategoryLabels[problem.category]}</Descriptions.Item>
          <Descriptions.Item label="严重程度">{problemSeverityLabels[problem.severity]}</Descriptions.Item>
          <Descriptions.Item label="整改期限">{problem.deadline}</Descriptions.Item>
          <Descriptions.Item label="退回次数">{problem.reopenCount}</Descriptions.Item>
          {problem.closedOn && <Descriptions.Item label="销号日期">{problem.closedOn}</Descriptions.Item>}
          {problem.createdByName && (
            <Descriptions.Item label="建单人">{problem.createdByName}</Descriptions.Item>
          )}
        </Descriptions>
        {problem.excerpt && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, whiteSpace: 'pre-wrap' }}>
            原文：{problem.excerpt}
          </Typography.Paragraph>
        )}
        {problem.mergedSources.length > 0 && (
          <Typography.Paragraph>
            合并进来的重复问题：
            {problem.mergedSources.map((m) => (
              <div key={m.id}>
                <Link to={`/problems/${m.id}`}>#{m.id}</Link>（{problemSourceLabels[m.source]}）{m.text}
              </div>
            ))}
          </Typography.Paragraph>
        )}
        <ProblemActions problem={problem} />
      </Card>
      <Card title="整改措施（任务清单）">
        <MeasuresPanel problem={problem} />
      </Card>
      <Card title="办理记录">
        <Timeline
          data-testid="problem-history"
          items={[...problem.events].reverse().map((e) => ({
            key: e.id,
            color:
              e.kind === 'reject' || e.kind === 'recheckFail' ? 'red' : e.kind === 'close' ? 'green' : 'blue',
            content: (
              <>
                <Typography.Text strong>{problemEventLabels[e.kind]}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {e.userName} · {formatDateTime(e.at)}
                </Typography.Text>
                <EventDetail event={e} />
              </>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
