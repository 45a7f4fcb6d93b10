import { DownloadOutlined, FileWordOutlined, PrinterOutlined, SettingOutlined } from '@ant-design/icons';
import { buildUrl } from '../../../shared/api-client.js';
import { Alert, App, Button, Empty, Result, Space, Spin, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, errorText } from '../../../shared/api-client.js';
import { formatDateTime } from '../../../shared/format.js';
import { affectedBy, evaluationKeys } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { getEvaluation, publishEvaluation } from '../api/evaluations.js';
import { CalculationDrawer } from './calculation-drawer.js';
import { ResultsTable } from './results-table.js';
import { SettingsDrawer } from './settings-drawer.js';
import type { Evaluation } from '../../../../contract/evaluations.js';

function StatusLine({ evaluation }: { evaluation: Evaluation }) {
  if (evaluation.status === 'draft')
    return (
      <Space wrap size={4}>
        <Tag color="orange" data-testid="evaluation-status">
          试算
        </Tag>
        <Typography.Text type="secondary">按当前数据计算，发布前随领导评议、测评和设置变化。</Typography.Text>
      </Space>
    );
  return (
    <Space wrap size={4}>
      <Tag color="green" data-testid="evaluation-status">
        已发布
      </Tag>
      <Typography.Text type="secondary">
        {formatDateTime(evaluation.publishedAt)} 由{evaluation.publishedBy}发布，结果只读
      </Typography.Text>
    </Space>
  );
}

/** After publication: the notice and every sheet for the running org, one's own sheet below it. */
function DocumentButtons({ evaluation }: { evaluation: Evaluation }) {
  const url = (path: string) => buildUrl(`/evaluations/${evaluation.cycleId}/${path}`);
  if (!evaluation.whole)
    return (
      <Button icon={<FileWordOutlined />} href={url('feedback')} data-testid="evaluation-own-feedback">
        下载我的反馈意见
      </Button>
    );
  // Its own Space, since a fragment would make the two one item of the toolbar's, without a gap.
  return (
    <Space wrap>
      <Button icon={<FileWordOutlined />} href={url('notice')} data-testid="evaluation-notice">
        下载通报
      </Button>
      <Button icon={<FileWordOutlined />} href={url('feedback')} data-testid="evaluation-feedback-all">
        下载全部反馈意见
      </Button>
    </Space>
  );
}

function Toolbar({ evaluation, onSettings }: { evaluation: Evaluation; onSettings: () => void }) {
  const { modal } = App.useApp();
  const publish = useSubmit({
    submit: () => publishEvaluation(evaluation.cycleId),
    invalidates: affectedBy.evaluations,
  });
  return (
    <Space wrap className="no-print">
      <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
        打印
      </Button>
      <Button
        icon={<DownloadOutlined />}
        href={buildUrl(`/evaluations/${evaluation.cycleId}/export`)}
        data-testid="evaluation-export"
      >
        导出 Excel
      </Button>
      {evaluation.status === 'published' && <DocumentButtons evaluation={evaluation} />}
      {evaluation.writable && (
        <>
          <Button icon={<SettingOutlined />} onClick={onSettings} data-testid="evaluation-settings-open">
            评价设置
          </Button>
          <Button
            type="primary"
            data-testid="evaluation-publish"
            disabled={evaluation.reporters.length === 0}
            onClick={() =>
              modal.confirm({
                title: `发布“${evaluation.cycleName}”的综合评价结果？`,
                content: (
                  <>
                    <p>按当前数据计算的排名和等次将作为正式结果发布，各述职组织可查看本组织的结果。</p>
                    <p>结果发布后只读，领导评议和评价设置不能再修改。</p>
                    {evaluation.warnings.length > 0 && (
                      <p>
                        <Typography.Text type="warning">
                          尚有 {evaluation.warnings.length} 条提示未处理，请确认后再发布。
                        </Typography.Text>
                      </p>
                    )}
                  </>
                ),
                okText: '确认发布',
                cancelText: '取消',
                onOk: () => publish.runAsync(undefined).catch(() => undefined),
              })
            }
          >
            发布结果
          </Button>
        </>
      )}
    </Space>
  );
}

/**
 * 综合评价 of a cycle: what is still missing, the ranked results with each one's 计算过程, the
 * settings while a trial, and publication. Someone below the running org sees only their own
 * published row.
 */
export function EvaluationTab({ cycleId }: { cycleId: number }) {
  const [explained, setExplained] = useState<number | null>(null);
  const [editing, setEditing] = useState(false);
  const { data, error } = useQuery({
    queryKey: evaluationKeys.cycle(cycleId),
    queryFn: ({ signal }) => getEvaluation(cycleId, signal),
  });
  if (error instanceof ApiError && error.code === 'EVALUATION_NOT_PUBLISHED')
    return (
      <Result
        status="info"
        title="结果尚未发布"
        subTitle="综合评价结果由考核组织单位确认发布后，可在这里查看本组织的排名和等次。"
        data-testid="evaluation-unpublished"
      />
    );
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!data) return <Spin />;
  return (
    <div className="evaluation" data-testid="evaluation">
      <h2 className="roster-title evaluation-print-title">{data.cycleName}综合评价结果</h2>
      <div className="evaluation-head">
        <StatusLine evaluation={data} />
        <Toolbar evaluation={data} onSettings={() => setEditing(true)} />
      </div>
      {data.warnings.length > 0 && (
        <Space
          orientation="vertical"
          style={{ width: '100%', marginBottom: 12 }}
          data-testid="evaluation-warnings"
        >
          {data.warnings.map((w) => (
            <Alert key={w} type="warning" showIcon title={w} />
          ))}
        </Space>
      )}
      {data.reporters.length === 0 ? (
        <Empty description="本周期还没有述职组织。先在“述职范围”中确定述职组织，综合评价将按其日常考核、领导评议和民主测评计算。" />
      ) : (
        <>
          <ResultsTable evaluation={data} onExplain={(r) => setExplained(r.orgId)} />
          <Typography.Paragraph type="secondary" className="no-print" style={{ marginTop: 8 }}>
            “—”表示该项未记录，其权重按比例计入其余各项；点“计算过程”查看每项得分的来源和定等的每一步。
          </Typography.Paragraph>
        </>
      )}
      <CalculationDrawer
        evaluation={data}
        reporter={data.reporters.find((r) => r.orgId === explained) ?? null}
        onClose={() => setExplained(null)}
      />
      {data.writable && <SettingsDrawer evaluation={data} open={editing} onClose={() => setEditing(false)} />}
    </div>
  );
}
