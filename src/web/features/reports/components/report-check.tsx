import { Alert, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { findingKindLabels, type Finding, type FindingKind } from '../../../../domain/analyzer/analyze.js';
import { JobProgress } from '../../../shared/jobs/job-progress.js';
import { jobSettled, useJob } from '../../../shared/jobs/use-job.js';
import type { ReportCheckResult } from '../../../../contract/reports.js';
import { Around, CopyBeside, kindColors } from './findings.js';

/** How many findings of each kind, in the order the kinds are listed. */
function countsByKind(findings: readonly Finding[]) {
  return (Object.keys(findingKindLabels) as FindingKind[])
    .map((kind) => ({ kind, count: findings.filter((f) => f.kind === kind).length }))
    .filter((c) => c.count > 0);
}

/**
 * 检查结果: the editor's check of its working copy, run as a job — its progress, then the findings
 * a submission would get (each with the words around it, a copy beside its source), or 未发现问题.
 * `stale` once the editor has changed since, so an old result is not read as the current one's.
 */
export function ReportCheck({ jobId, stale }: { jobId: string; stale: boolean }) {
  const job = useJob(jobId);
  const result = job?.state === 'succeeded' ? (job.result as ReportCheckResult) : null;
  // The contract names the kinds as text; the analyzer's own type gives them their labels.
  const findings = (result?.analysis.findings ?? []) as Finding[];
  return (
    <Card size="small" title="检查结果" style={{ marginBottom: 16 }} data-testid="report-check">
      {!jobSettled(job) && <JobProgress job={job} />}
      {job?.state === 'failed' && (
        <Alert type="error" showIcon title={job.error?.message ?? '检查失败，请稍后重试'} />
      )}
      {result && stale && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="内容已修改，请重新检查"
          data-testid="report-check-stale"
        />
      )}
      {result && findings.length === 0 && <Empty description="未发现问题" />}
      {result && findings.length > 0 && (
        <>
          <Space wrap size={4} style={{ marginBottom: 8 }} data-testid="report-check-counts">
            <Typography.Text>发现 {findings.length} 处问题：</Typography.Text>
            {countsByKind(findings).map(({ kind, count }) => (
              <Tag key={kind} color={kindColors[kind]}>
                {findingKindLabels[kind]} {count}
              </Tag>
            ))}
          </Space>
          <List
            size="small"
            style={{ maxHeight: '60vh', overflow: 'auto' }}
            dataSource={findings}
            renderItem={(f) => (
              <List.Item style={{ padding: '8px 0' }} data-testid="report-check-finding">
                <Space orientation="vertical" size={4} style={{ width: '100%', minWidth: 0 }}>
                  <Space size={4} wrap>
                    <Tag color={kindColors[f.kind]}>{findingKindLabels[f.kind]}</Tag>
                    <Typography.Text>{f.message}</Typography.Text>
                  </Space>
                  <Around text={result.text} span={f.span} />
                  {f.source && <CopyBeside text={result.text} finding={f} />}
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}
