import { useQueryClient } from '@tanstack/react-query';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Space, Typography, Upload } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { buildUrl, errorText } from '../api-client.js';
import { JobProgress } from '../jobs/job-progress.js';
import { jobSettled, useJob, type Job } from '../jobs/use-job.js';
import type { ImportResult, RowErrors } from '../../../contract/imports.js';
import { ImportErrorsTable } from './import-errors-table.js';
import { uploadImport } from './upload-import.js';

type State =
  | { kind: 'idle' }
  | { kind: 'uploading'; uploaded: number }
  | { kind: 'running'; jobId: string; fileName: string }
  | { kind: 'done'; imported: number; fileName: string }
  | { kind: 'rejected'; result: RowErrors }
  | { kind: 'failed'; message: string };

/** The import job's bar, until the job ends; then `onEnd` is told how. */
function RunningImport({ jobId, onEnd }: { jobId: string; onEnd: (job: Job) => void }) {
  const job = useJob(jobId);
  useEffect(() => {
    if (job && jobSettled(job)) onEnd(job);
  }, [job, onEnd]);
  return <JobProgress job={job} />;
}

export interface ImportTarget {
  /** Names the panel's test ids (`template-<kind>`, `upload-<kind>`). */
  kind: string;
  /** What a row is, in the panel's words: 党员, 党组织, 台账记录. */
  what: string;
  /** The template's and the upload's routes, under /api. */
  templatePath: string;
  uploadPath: string;
  /** Where to look after a successful import. */
  links: ReactNode;
}

/**
 * Template download, the upload of a filled template, and what became of it: every Excel import
 * of the app (members, orgs, the ledger) through one panel.
 */
export function ImportPanel({ kind, what, templatePath, uploadPath, links }: ImportTarget) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  // Imported rows change every list and figure of the app.
  const queryClient = useQueryClient();

  async function start(file: File) {
    if (!file.name.toLowerCase().endsWith('.xlsx')) {
      setState({ kind: 'failed', message: '请选择 .xlsx 格式的 Excel 文件（可先下载模板填写）' });
      return;
    }
    setState({ kind: 'uploading', uploaded: 0 });
    try {
      const { jobId } = await uploadImport(uploadPath, file, (uploaded) =>
        setState({ kind: 'uploading', uploaded }),
      );
      setState({ kind: 'running', jobId, fileName: file.name });
    } catch (error) {
      setState({ kind: 'failed', message: errorText(error) });
    }
  }

  function ended(job: Job, fileName: string) {
    if (job.state === 'succeeded') {
      setState({ kind: 'done', imported: (job.result as ImportResult).imported, fileName });
      void queryClient.invalidateQueries();
    } else if (job.error?.code === 'IMPORT_ROWS_INVALID')
      setState({ kind: 'rejected', result: job.error.details as RowErrors });
    else setState({ kind: 'failed', message: job.error?.message ?? '导入失败，请稍后重试' });
  }

  const running = state.kind === 'uploading' || state.kind === 'running';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Button icon={<DownloadOutlined />} href={buildUrl(templatePath)} data-testid={`template-${kind}`}>
          下载{what}导入模板
        </Button>
        <Typography.Text type="secondary">
          模板含填写说明和您管辖范围内的组织列表；任何一行有误时整份文件都不会导入。
        </Typography.Text>
      </Space>
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple={false}
        showUploadList={false}
        disabled={running}
        beforeUpload={(file) => {
          void start(file);
          return false;
        }}
        data-testid={`upload-${kind}`}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击或拖拽 .xlsx 文件到此处上传{what}信息</p>
        <p className="ant-upload-hint">单个文件不超过 50 MB</p>
      </Upload.Dragger>
      {state.kind === 'uploading' && (
        <div role="status" aria-live="polite">
          <Progress percent={Math.round(state.uploaded * 100)} status="active" />
          <Typography.Text type="secondary">{`正在上传 ${Math.round(state.uploaded * 100)}%`}</Typography.Text>
        </div>
      )}
      {state.kind === 'running' && (
        <RunningImport jobId={state.jobId} onEnd={(job) => ended(job, state.fileName)} />
      )}
      {state.kind === 'done' && (
        <Alert
          type="success"
          showIcon
          message={`导入成功：${state.fileName} 中的 ${state.imported} 条${what}信息已全部写入`}
          action={links}
          data-testid="import-success"
        />
      )}
      {state.kind === 'rejected' && <ImportErrorsTable result={state.result} />}
      {state.kind === 'failed' && (
        <Alert type="error" showIcon message={state.message} data-testid="import-failed" />
      )}
    </Space>
  );
}
