import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  List,
  Row,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { findingKindLabels, type Finding, type ReportAnalysis } from '../../../../domain/analyzer/analyze.js';
import { errorText } from '../../../shared/api-client.js';
import { affectedBy, reportKeys } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { acceptReport, dismissFindings, getReportVersion, reportDocxUrl } from '../api/reports.js';
import { ProblemDrafts } from './problem-drafts.js';
import { Around, CopyBeside, kindColors } from './findings.js';
import { ReportText, type TextMark } from './report-text.js';
import { ReturnModal } from './return-modal.js';
import type { Report, ReportVersion, ReturnReportInput } from '../../../../contract/reports.js';

const comparing = (version: ReportVersion | undefined) =>
  version !== undefined && (version.analysis as { compared?: unknown }).compared === null;

function marksOf(findings: Finding[], dismissed: Set<number>, active: number | null): TextMark[] {
  const marks: TextMark[] = [];
  findings.forEach((f, i) => {
    if (dismissed.has(i) && i !== active) return;
    marks.push({ ...f.span, finding: i, role: 'span' });
    // The compared passage is marked while its finding is selected, and only within this report.
    if (i === active && f.otherReport === undefined)
      for (const r of f.related) marks.push({ ...r, finding: i, role: 'related' });
  });
  return marks;
}

function ReviewNotes({ version, report }: { version: ReportVersion; report: Report }) {
  // The review a return leaves is what the reviewer sent.
  const review = version.review as ReturnReportInput | null;
  if (!review) return null;
  const findings = (version.analysis as ReportAnalysis).findings;
  const titleOf = (kind: string) => report.body.sections.find((s) => s.kind === kind)?.title ?? kind;
  return (
    <Alert
      type={version.decision === 'returned' ? 'warning' : 'info'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="report-review-notes"
      title={`审查意见${version.reviewedByName ? `（${version.reviewedByName}）` : ''}`}
      description={
        <Space orientation="vertical" size={4}>
          {review.general.trim() && <span>{review.general}</span>}
          {review.comments.map((c, i) => (
            <span key={i}>
              〔{titleOf(c.sectionKind)}〕{c.comment}
            </span>
          ))}
          {review.quotedFindings.map((i) => (
            <span key={`f${i}`}>· {findings[i]?.message}</span>
          ))}
        </Space>
      }
    />
  );
}

/**
 * One submitted version as the reviewer reads it: the text with every finding's span marked, the
 * findings beside it. The reviewer ticks findings to quote in a return, marks those that are not a
 * problem, and returns or accepts; the secretary sees the same with the review's comments.
 */
export function VersionReview({ report, versionNo }: { report: Report; versionNo: number }) {
  const { modal } = App.useApp();
  const [active, setActive] = useState<number | null>(null);
  const [quoted, setQuoted] = useState<number[]>([]);
  const [returning, setReturning] = useState(false);
  const { data: version, error } = useQuery({
    queryKey: reportKeys.version(report.id, versionNo),
    queryFn: ({ signal }) => getReportVersion(report.id, versionNo, signal),
    // The comparison with the other reports runs as a job after the submission: asked again until done.
    refetchInterval: (query) => (comparing(query.state.data) ? 1500 : false),
  });
  const dismiss = useSubmit({
    submit: (findings: number[]) => dismissFindings(report.id, { findings }),
    invalidates: affectedBy.reports,
  });
  const accept = useSubmit({ submit: () => acceptReport(report.id), invalidates: affectedBy.reports });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!version) return <Skeleton active />;

  const findings = (version.analysis as ReportAnalysis).findings;
  const dismissed = new Set(version.dismissedFindings);
  const reviewing = report.reviewable && versionNo === report.versions.length;
  const open = findings.filter((_, i) => !dismissed.has(i) && !quoted.includes(i)).length;
  const select = (i: number) => {
    setActive(i);
    document.getElementById(`finding-${i}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  };
  const toggleDismissed = (i: number) =>
    dismiss.run(
      dismissed.has(i) ? version.dismissedFindings.filter((d) => d !== i) : [...version.dismissedFindings, i],
    );
  const askAccept = () =>
    modal.confirm({
      title: '审查通过这份述职报告？',
      content: open
        ? `还有 ${open} 条审查发现既未引用也未标为“不是问题”。通过后报告定稿，不能再退回。`
        : '通过后报告定稿，不能再退回；报告中的问题将转入问题清单草稿。',
      okText: '通过',
      cancelText: '取消',
      onOk: () => accept.runAsync(undefined).catch(() => undefined),
    });

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text strong>第 {version.version} 版</Typography.Text>
        <span>
          {version.submittedOn} 由{version.submittedByName ?? '—'}提交
        </span>
        {version.late && <Tag color="red">逾期</Tag>}
        <Typography.Link href={reportDocxUrl(report.id, version.version)}>下载此版 Word</Typography.Link>
        {version.decision && (
          <Tag color={version.decision === 'accepted' ? 'green' : 'orange'}>
            {version.decision === 'accepted' ? '已通过' : '已退回'}
          </Tag>
        )}
      </Space>
      <ReviewNotes version={version} report={report} />
      {reviewing && (
        <Space wrap style={{ marginBottom: 16 }}>
          <Button danger onClick={() => setReturning(true)} data-testid="report-return">
            退回修改{quoted.length ? `（引用 ${quoted.length} 条）` : ''}
          </Button>
          <Button type="primary" onClick={askAccept} loading={accept.submitting} data-testid="report-accept">
            审查通过
          </Button>
        </Space>
      )}
      {comparing(version) && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="正在与本周期其他报告和本组织往年报告比对雷同……"
        />
      )}
      {active !== null && findings[active]?.source && (
        <CopyBeside text={version.text} finding={findings[active]} />
      )}
      <Row gutter={[24, 16]}>
        <Col xs={{ span: 24, order: 2 }} lg={{ span: 15, order: 1 }}>
          <Card size="small">
            <ReportText
              text={version.text}
              marks={marksOf(findings, dismissed, active)}
              active={active}
              onSelect={select}
            />
          </Card>
        </Col>
        <Col xs={{ span: 24, order: 1 }} lg={{ span: 9, order: 2 }}>
          <Card
            size="small"
            title={`审查发现 ${findings.length - dismissed.size} 条${dismissed.size ? `（另 ${dismissed.size} 条已标为不是问题）` : ''}`}
            styles={{ body: { maxHeight: '70vh', overflow: 'auto', padding: 0 } }}
            style={{ position: 'sticky', top: 16 }}
            data-testid="report-findings"
          >
            {findings.length === 0 ? (
              <Empty
                description="未发现占位符、数字不符、雷同或缺少原因、举措的问题"
                style={{ padding: 24 }}
              />
            ) : (
              <List
                dataSource={findings.map((f, i) => ({ f, i }))}
                renderItem={({ f, i }) => (
                  <List.Item
                    style={{
                      padding: '8px 12px',
                      background: i === active ? '#fffbe6' : undefined,
                      opacity: dismissed.has(i) ? 0.55 : 1,
                      cursor: 'pointer',
                    }}
                    onClick={() => select(i)}
                    data-testid="report-finding"
                  >
                    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                      <Space size={4} wrap>
                        <Tag color={kindColors[f.kind]}>{findingKindLabels[f.kind]}</Tag>
                        {dismissed.has(i) && <Tag>不是问题</Tag>}
                      </Space>
                      <Typography.Text delete={dismissed.has(i)}>{f.message}</Typography.Text>
                      <Around text={version.text} span={f.span} />
                      {reviewing && (
                        <Space size="middle" wrap onClick={(e) => e.stopPropagation()}>
                          <Checkbox
                            checked={quoted.includes(i)}
                            disabled={dismissed.has(i)}
                            onChange={(e) =>
                              setQuoted((q) =>
                                e.target.checked ? [...q, i].sort((a, b) => a - b) : q.filter((x) => x !== i),
                              )
                            }
                          >
                            退回时引用
                          </Checkbox>
                          <Button
                            size="small"
                            type="link"
                            onClick={() => toggleDismissed(i)}
                            loading={dismiss.submitting && dismiss.input?.includes(i) !== dismissed.has(i)}
                          >
                            {dismissed.has(i) ? '撤销' : '不是问题'}
                          </Button>
                        </Space>
                      )}
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
      {version.decision === 'accepted' && <ProblemDrafts report={report} />}
      <ReturnModal
        report={report}
        findings={findings}
        quoted={quoted}
        open={returning}
        onClose={() => setReturning(false)}
      />
    </>
  );
}
