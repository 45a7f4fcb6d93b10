import { BellOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, List, Modal, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorText } from '../../../shared/api-client.js';
import { JobProgress } from '../../../shared/jobs/job-progress.js';
import { jobSettled, useJob } from '../../../shared/jobs/use-job.js';
import { affectedBy, reportKeys } from '../../../shared/query-keys.js';
import { ReportStatusTag } from '../../../shared/reports/report-status-tag.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { useSubmit } from '../../../shared/use-submit.js';
import {
  createReport,
  exportedZipUrl,
  exportReports,
  listReports,
  remindReports,
  type ReportsExportResult,
} from '../api/reports.js';
import type { Cycle } from '../../../../contract/cycles.js';
import type { ReportSummary } from '../../../../contract/reports.js';

function SubmittedOn({ report }: { report: NonNullable<ReportSummary['report']> }) {
  if (!report.firstSubmittedOn) return <Typography.Text type="secondary">未提交</Typography.Text>;
  return (
    <Space size={4}>
      {report.firstSubmittedOn}
      {report.late && <Tag color="red">逾期</Tag>}
    </Space>
  );
}

/** 打包下载: starts the export job, shows its progress, then the link to the .zip or the error. */
function ExportZip({ cycleId, disabled }: { cycleId: number; disabled: boolean }) {
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const start = useSubmit({
    submit: () => exportReports(cycleId),
    invalidates: [],
    onSuccess: (started) => setJobId(started.jobId),
  });
  const running = jobId !== null && !jobSettled(job);
  const result = job?.state === 'succeeded' ? (job.result as ReportsExportResult) : null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button
          icon={<DownloadOutlined />}
          disabled={disabled}
          loading={start.submitting || running}
          onClick={() => start.run(undefined)}
          data-testid="reports-export"
        >
          打包下载全部报告（.zip）
        </Button>
        {result && (
          <Button type="link" href={exportedZipUrl(result)} data-testid="reports-export-download">
            下载 {result.fileName}（{result.reports} 份报告）
          </Button>
        )}
      </Space>
      {running && <JobProgress job={job} />}
      {job?.state === 'failed' && (
        <Alert type="error" showIcon title={job.error?.message ?? '打包失败，请稍后重试'} />
      )}
    </Space>
  );
}

/** 提醒未提交的组织: the organizer confirms whom, may add a message, and every one of them is reminded. */
function RemindMissing({ cycleId, orgNames }: { cycleId: number; orgNames: string[] }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ message?: string }>();
  const close = () => setOpen(false);
  const remind = useSubmit({
    submit: (text: string) => remindReports(text ? { cycleId, message: text } : { cycleId }),
    invalidates: affectedBy.reports,
    form,
    onSuccess: (result) => {
      close();
      void message.success(`已提醒 ${result.reminded} 个组织`);
    },
  });
  return (
    <>
      <Button size="small" icon={<BellOutlined />} onClick={() => setOpen(true)} data-testid="reports-remind">
        提醒未提交的组织
      </Button>
      <Modal
        title="提醒未提交的组织"
        open={open}
        okText="发送提醒"
        cancelText="取消"
        okButtonProps={{ htmlType: 'submit', form: 'reports-remind-form', loading: remind.submitting }}
        onCancel={close}
        afterClose={remind.reset}
        destroyOnHidden
      >
        <Form
          form={form}
          id="reports-remind-form"
          layout="vertical"
          preserve={false}
          onFinish={(values) => remind.run(values.message?.trim() ?? '')}
        >
          {remind.error && <Alert type="error" showIcon title={remind.error} style={{ marginBottom: 16 }} />}
          <Typography.Paragraph>
            将提醒以下 {orgNames.length} 个组织：{orgNames.join('、')}
            。各组织书记登录后在首页看到提醒，提交报告后提醒自动消失。
          </Typography.Paragraph>
          <Form.Item name="message" label="附言（可选）">
            <Input.TextArea rows={3} maxLength={200} showCount placeholder="如：请于截止日期前提交" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/**
 * 述职报告 of the cycle: every reporting org in the reader's scope with its report's state. The
 * secretary starts their own here; the organizer sees who has not submitted and opens each to review.
 */
export function ReportsTab({ cycle }: { cycle: Cycle }) {
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { data, error, isFetching } = useQuery({
    queryKey: reportKeys.list(cycle.id),
    queryFn: ({ signal }) => listReports(cycle.id, signal),
  });
  const create = useSubmit({
    submit: (orgId: number) => createReport(cycle.id, orgId),
    invalidates: affectedBy.reports,
    onSuccess: (report) => void navigate(`/reports/${report.id}`),
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!data) return null;

  const submitted = data.items.filter((i) => i.report?.firstSubmittedOn).length;
  const waiting = data.items.filter((i) => i.report?.status === 'submitted').length;
  const missing = data.items.filter((i) => !i.report?.firstSubmittedOn);
  const open = (row: ReportSummary) =>
    row.report ? (
      <Button
        type="link"
        onClick={() => void navigate(`/reports/${row.report!.id}`)}
        data-testid={`report-open-${row.orgId}`}
      >
        {data.reviewer && row.report.status === 'submitted' ? '审查' : '打开'}
      </Button>
    ) : cycle.status !== 'closed' ? (
      <Button
        type="link"
        loading={create.submitting && create.input === row.orgId}
        onClick={() => create.run(row.orgId)}
        data-testid={`report-create-${row.orgId}`}
      >
        撰写
      </Button>
    ) : (
      <Typography.Text type="secondary">未撰写</Typography.Text>
    );

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap size="large">
        <Statistic title="报告截止日期" value={data.dueOn ?? '未设定'} />
        <Statistic title="已提交" value={submitted} suffix={`/ ${data.items.length}`} />
        {data.reviewer && <Statistic title="待审查" value={waiting} />}
      </Space>
      <ExportZip cycleId={cycle.id} disabled={!data.items.some((i) => i.report)} />
      {data.reviewer && missing.length > 0 && data.items.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="reports-missing"
          title={`尚未提交（${missing.length}）：${missing.map((i) => i.orgName).join('、')}`}
          description={data.dueOn ? `截止日期 ${data.dueOn}，逾期提交的报告将标记“逾期”。` : undefined}
          action={
            cycle.status !== 'closed' && (
              <RemindMissing cycleId={cycle.id} orgNames={missing.map((i) => i.orgName)} />
            )
          }
        />
      )}
      {phone ? (
        <List
          dataSource={data.items}
          loading={isFetching}
          locale={{ emptyText: '述职范围内没有组织' }}
          renderItem={(row) => (
            <List.Item actions={[open(row)]}>
              <List.Item.Meta
                title={row.orgName}
                description={
                  row.report ? (
                    <Space wrap size={4}>
                      <ReportStatusTag status={row.report.status} />
                      <SubmittedOn report={row.report} />
                      {row.report.findings > 0 && <span>审查发现 {row.report.findings} 条</span>}
                    </Space>
                  ) : (
                    '尚未撰写'
                  )
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Table
          rowKey="orgId"
          size="middle"
          dataSource={data.items}
          loading={isFetching}
          pagination={false}
          locale={{ emptyText: '述职范围内没有组织' }}
          columns={[
            { title: '述职组织', dataIndex: 'orgName' },
            { title: '书记', dataIndex: 'secretaryName', render: (name: string | null) => name ?? '—' },
            {
              title: '状态',
              render: (_, row) =>
                row.report ? <ReportStatusTag status={row.report.status} /> : <Tag>未撰写</Tag>,
            },
            {
              title: '提交日期',
              render: (_, row) => (row.report ? <SubmittedOn report={row.report} /> : '—'),
            },
            { title: '版本', align: 'right', render: (_, row) => row.report?.versions || '—' },
            {
              title: '审查发现',
              align: 'right',
              render: (_, row) =>
                row.report?.versions ? (
                  <Typography.Text type={row.report.findings ? 'danger' : 'success'}>
                    {row.report.findings}
                  </Typography.Text>
                ) : (
                  '—'
                ),
            },
            { title: '操作', render: (_, row) => open(row) },
          ]}
        />
      )}
    </Space>
  );
}
