import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Space, Typography, Upload } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, errorText } from '../../../lib/api-client.js';
import { templateUrl } from '../api/download-urls.js';
import { getImportProgress } from '../api/get-import-progress.js';
import { uploadImport } from '../api/upload-import.js';
import type { ImportKind, ImportProgress, RowErrors } from '../../../../contract/imports.js';
import { ImportErrorsTable } from './import-errors-table.js';

const phaseLabels: Record<ImportProgress['phase'], string> = {
  reading: '正在读取并逐行校验',
  validating: '正在检查重复和组织',
  writing: '正在写入数据库',
  done: '完成',
  failed: '未通过校验',
};

type State =
  | { kind: 'idle' }
  | { kind: 'running'; uploaded: number; server: ImportProgress | null }
  | { kind: 'done'; imported: number; fileName: string }
  | { kind: 'rejected'; result: RowErrors }
  | { kind: 'failed'; message: string };

/** Upload is the first 40 % of the bar; the server's phases fill the rest. */
function percentOf(uploaded: number, server: ImportProgress | null): number {
  if (!server || uploaded < 1) return Math.round(uploaded * 40);
  const share = server.total ? server.done / server.total : 0;
  if (server.phase === 'reading') return 40 + Math.round(share * 20);
  if (server.phase === 'validating') return 60;
  if (server.phase === 'writing') return 60 + Math.round(share * 40);
  return 100;
}

const what: Record<ImportKind, string> = { members: '党员', orgs: '党组织' };

/** Template download, the upload of a filled template, and what became of it. */
export function ImportPanel({ kind }: { kind: ImportKind }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const polling = useRef<number | null>(null);

  async function start(file: File) {
    if (!file.name.toLowerCase().endsWith('.xlsx')) {
      setState({ kind: 'failed', message: '请选择 .xlsx 格式的 Excel 文件（可先下载模板填写）' });
      return;
    }
    const id = crypto.randomUUID();
    let uploaded = 0;
    let server: ImportProgress | null = null;
    setState({ kind: 'running', uploaded, server });
    polling.current = window.setInterval(() => {
      if (uploaded < 1) return;
      getImportProgress(id).then(
        (p) => {
          server = p;
          setState((s) => (s.kind === 'running' ? { ...s, server: p } : s));
        },
        () => undefined,
      );
    }, 500);
    try {
      const result = await uploadImport(kind, file, id, (fraction) => {
        uploaded = fraction;
        setState({ kind: 'running', uploaded, server });
      });
      setState({ kind: 'done', imported: result.imported, fileName: file.name });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'IMPORT_ROWS_INVALID')
        setState({ kind: 'rejected', result: error.details as RowErrors });
      else setState({ kind: 'failed', message: errorText(error) });
    } finally {
      if (polling.current !== null) window.clearInterval(polling.current);
    }
  }

  const running = state.kind === 'running';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Button icon={<DownloadOutlined />} href={templateUrl(kind)} data-testid={`template-${kind}`}>
          下载{what[kind]}导入模板
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
        <p className="ant-upload-text">点击或拖拽 .xlsx 文件到此处上传{what[kind]}信息</p>
        <p className="ant-upload-hint">单个文件不超过 50 MB</p>
      </Upload.Dragger>
      {state.kind === 'running' && (
        <div role="status" aria-live="polite">
          <Progress percent={percentOf(state.uploaded, state.server)} status="active" />
          <Typography.Text type="secondary">
            {state.uploaded < 1
              ? `正在上传 ${Math.round(state.uploaded * 100)}%`
              : state.server
                ? `${phaseLabels[state.server.phase]}${state.server.total ? `（${state.server.done} / ${state.server.total} 行）` : `（已读 ${state.server.done} 行）`}`
                : '上传完成，等待服务器处理'}
          </Typography.Text>
        </div>
      )}
      {state.kind === 'done' && (
        <Alert
          type="success"
          showIcon
          message={`导入成功：${state.fileName} 中的 ${state.imported} 条${what[kind]}信息已全部写入`}
          action={
            <Space wrap>
              <Link to={kind === 'members' ? '/members' : '/orgs'}>查看{what[kind]}</Link>
              <Link to="/dashboard">查看数据看板</Link>
            </Space>
          }
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
