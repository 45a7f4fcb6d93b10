import { Alert, App, Button, Form, Radio, Select, Space, type UploadFile } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { FileUploadList, uploadedIds } from '../../../shared/files/file-upload.js';
import { DateField, TextField } from '../../../shared/form-fields.js';
import { FormModal } from '../../../shared/form-modal.js';
import { LedgerRecordSelect } from '../../../shared/ledger/ledger-record-select.js';
import { affectedBy, problemKeys } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { listProblems, problemSteps } from '../api/problems.js';
import type { Problem } from '../../../../contract/rectification.js';

/** The steps that ask for something first, each in the one dialog. */
type Dialog = 'submit' | 'reject' | 'recheck' | 'extend' | 'merge';

interface Values {
  text?: string;
  ledgerRecordIds?: number[];
  reason?: string;
  passed?: boolean;
  deadline?: Dayjs;
  intoId?: number;
}

const titles: Record<Dialog, string> = {
  submit: '提交整改材料',
  reject: '退回重新整改',
  recheck: '回头看',
  extend: '延期',
  merge: '合并到另一问题',
};

/** The other open items of the same org: where a duplicate may be merged. */
function MergeTarget({ problem }: { problem: Problem }) {
  const params = { orgId: problem.orgId, pageSize: 200 };
  const { data } = useQuery({
    queryKey: problemKeys.list(params),
    queryFn: ({ signal }) => listProblems(params, signal),
  });
  const options = (data?.items ?? [])
    .filter((p) => p.id !== problem.id && p.orgId === problem.orgId && p.status !== 'closed')
    .map((p) => ({ value: p.id, label: `#${p.id} ${p.text}` }));
  return (
    <Form.Item label="保留的问题" name="intoId" rules={[{ required: true, message: '请选择保留的问题' }]}>
      <Select showSearch optionFilterProp="label" options={options} placeholder="同一组织未销号的问题" />
    </Form.Item>
  );
}

/**
 * The workflow buttons the reader may use on this item now: 开始整改 and 提交整改材料 for the org's
 * own users; 销号, 退回, 回头看, 延期 and 合并 for the organizer above (the server's `canWork` and
 * `canVerify`, which the buttons follow and the routes enforce).
 */
export function ProblemActions({ problem }: { problem: Problem }) {
  const { modal } = App.useApp();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [form] = Form.useForm<Values>();
  const passed = Form.useWatch('passed', form);
  const id = problem.id;
  const today = dayjs().format('YYYY-MM-DD');
  const yearBefore = dayjs().subtract(1, 'year').format('YYYY-MM-DD');
  const close = () => setDialog(null);
  const step = useSubmit({
    submit: (run: () => Promise<Problem>) => run(),
    invalidates: affectedBy.problems,
  });
  const act = useSubmit({
    submit: (v: Values) => {
      switch (dialog) {
        case 'submit':
          return problemSteps.submit(id, {
            text: v.text?.trim() || null,
            fileIds: uploadedIds(files),
            ledgerRecordIds: v.ledgerRecordIds ?? [],
          });
        case 'reject':
          return problemSteps.reject(id, v.reason!);
        case 'recheck':
          return problemSteps.recheck(id, { passed: v.passed!, reason: v.reason?.trim() || null });
        default:
          return problemSteps.extend(id, { deadline: v.deadline!.format('YYYY-MM-DD'), reason: v.reason! });
      }
    },
    invalidates: affectedBy.problems,
    form,
    onSuccess: close,
  });
  const confirm = (title: string, content: string, okText: string, run: () => Promise<Problem>) =>
    modal.confirm({
      title,
      content,
      okText,
      cancelText: '取消',
      onOk: () => step.runAsync(run).then(close, () => undefined),
    });
  const open = (d: Dialog) => {
    setFiles([]);
    setDialog(d);
  };
  const { status, canWork, canVerify } = problem;
  const buttons = [
    (canWork || canVerify) && (status === 'open' || status === 'rejected') && (
      <Button
        key="start"
        type="primary"
        loading={step.submitting}
        onClick={() => step.run(() => problemSteps.start(id))}
        data-testid="problem-start"
      >
        开始整改
      </Button>
    ),
    canWork && status === 'inProgress' && (
      <Button key="submit" type="primary" onClick={() => open('submit')} data-testid="problem-submit">
        提交整改材料
      </Button>
    ),
    canVerify && status === 'submitted' && (
      <Button
        key="close"
        type="primary"
        onClick={() =>
          confirm('核验通过并销号？', '销号后可在“回头看”中复查。', '销号', () => problemSteps.close(id))
        }
        data-testid="problem-close"
      >
        销号
      </Button>
    ),
    canVerify && status === 'submitted' && (
      <Button key="reject" danger onClick={() => open('reject')} data-testid="problem-reject">
        退回
      </Button>
    ),
    canVerify && status === 'closed' && (
      <Button key="recheck" onClick={() => open('recheck')} data-testid="problem-recheck">
        回头看
      </Button>
    ),
    canVerify && status !== 'closed' && (
      <Button key="extend" onClick={() => open('extend')} data-testid="problem-extend">
        延期
      </Button>
    ),
    canVerify && status !== 'closed' && (
      <Button key="merge" onClick={() => open('merge')} data-testid="problem-merge">
        合并到…
      </Button>
    ),
  ].filter(Boolean);
  if (buttons.length === 0) return null;
  const reasonRequired = dialog === 'reject' || dialog === 'extend' || (dialog === 'recheck' && !passed);
  return (
    <Space wrap className="no-print">
      {buttons}
      <FormModal
        title={dialog ? titles[dialog] : ''}
        open={dialog !== null}
        formId="problem-action-form"
        okText={dialog ? titles[dialog] : '确定'}
        submitting={act.submitting}
        onCancel={close}
        afterClose={act.reset}
        data-testid="problem-action-modal"
      >
        <Form<Values>
          id="problem-action-form"
          name="problem-action-form"
          layout="vertical"
          form={form}
          clearOnDestroy
          initialValues={{ passed: true, deadline: dayjs(problem.deadline).add(1, 'month') }}
          onFinish={(v) => {
            if (dialog === 'merge')
              confirm('合并后本问题不再单独列出，确定合并？', '合并后在保留的问题上继续办理。', '合并', () =>
                problemSteps.merge(id, v.intoId!),
              );
            else act.run(v);
          }}
          disabled={act.submitting}
        >
          {act.error && <Alert type="error" showIcon title={act.error} style={{ marginBottom: 16 }} />}
          {dialog === 'submit' && (
            <>
              <TextField name="text" label="整改情况说明" max={4000} area />
              <Form.Item label="附件">
                <FileUploadList kind="evidence" orgId={problem.orgId} fileList={files} onChange={setFiles} />
              </Form.Item>
              <Form.Item
                label="台账记录"
                name="ledgerRecordIds"
                extra="本组织近一年的台账记录，如整改专题会议、谈心谈话等"
              >
                <LedgerRecordSelect
                  orgId={problem.orgId}
                  from={yearBefore}
                  to={today}
                  ownOnly
                  enabled={dialog === 'submit'}
                  data-testid="problem-evidence-records"
                />
              </Form.Item>
            </>
          )}
          {dialog === 'recheck' && (
            <Form.Item label="复查结果" name="passed">
              <Radio.Group>
                <Radio value={true}>通过</Radio>
                <Radio value={false}>不通过（重新整改）</Radio>
              </Radio.Group>
            </Form.Item>
          )}
          {dialog === 'extend' && (
            <DateField name="deadline" label="新的整改期限" required="请选择新的期限" />
          )}
          {dialog === 'merge' && <MergeTarget problem={problem} />}
          {dialog && dialog !== 'submit' && dialog !== 'merge' && (
            <TextField name="reason" label="原因" max={1000} area required={reasonRequired} />
          )}
        </Form>
      </FormModal>
    </Space>
  );
}
