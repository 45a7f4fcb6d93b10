import {
  DeleteOutlined,
  FileSearchOutlined,
  FileWordOutlined,
  PlusOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Typography, Upload } from 'antd';
import { useRef, useState } from 'react';
import { sameTableValue } from '../../../../domain/analyzer/registry.js';
import { chineseDate } from '../../../../domain/basics-text.js';
import { chineseOrdinal, reportBodyProblems } from '../../../../domain/reports.js';
import { errorText } from '../../../shared/api-client.js';
import { affectedBy, statisticsKeys } from '../../../shared/query-keys.js';
import { getBasics } from '../../../shared/statistics/get-basics.js';
import { useLeaveGuard } from '../../../shared/use-leave-guard.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { checkReport, importReportFile, saveReport, submitReport } from '../api/reports.js';
import type { ImportReportResult, Report, ReportBody } from '../../../../contract/reports.js';
import { ReportCheck } from './report-check.js';

const prose = { autoSize: { minRows: 3, maxRows: 24 } } as const;
const item = { autoSize: { minRows: 2, maxRows: 10 } } as const;

/** Plan links after problem `removed` is deleted: its links go, later problems move up by one. */
const withoutProblem = (plans: ReportBody['plans'], removed: number) =>
  plans.map((plan) => ({
    ...plan,
    answers: plan.answers.filter((a) => a !== removed).map((a) => (a > removed ? a - 1 : a)),
  }));

function Problems({ form }: { form: ReportForm }) {
  return (
    <Form.List name="problems">
      {(fields, { add }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {fields.map((field, i) => (
            <Card
              key={field.key}
              size="small"
              title={`问题${chineseOrdinal(i + 1)}`}
              extra={
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={`删除问题${i + 1}`}
                  onClick={() => {
                    const body = form.getFieldsValue(true) as ReportBody;
                    form.setFieldsValue({
                      problems: body.problems.filter((_, j) => j !== i),
                      plans: withoutProblem(body.plans, i),
                    });
                    void form.validateFields(['plans'], { recursive: true }).catch(() => undefined);
                  }}
                />
              }
            >
              <Form.Item
                name={[field.name, 'text']}
                label="问题"
                rules={[{ max: 2000, message: '问题不能超过 2000 字' }]}
              >
                <Input.TextArea
                  {...item}
                  maxLength={2000}
                  placeholder="如：组织生活不够规范，“三会一课”记录不全"
                />
              </Form.Item>
              <Form.Item
                name={[field.name, 'cause']}
                label="原因"
                rules={[{ max: 2000, message: '原因不能超过 2000 字' }]}
                style={{ marginBottom: 0 }}
              >
                <Input.TextArea {...item} maxLength={2000} placeholder="分析问题产生的原因" />
              </Form.Item>
            </Card>
          ))}
          <Button
            icon={<PlusOutlined />}
            onClick={() => add({ text: '', cause: '' })}
            disabled={fields.length >= 30}
            data-testid="report-add-problem"
          >
            添加问题
          </Button>
        </Space>
      )}
    </Form.List>
  );
}

function Plans() {
  const problems = (Form.useWatch('problems') as ReportBody['problems'] | undefined) ?? [];
  const options = problems.map((p, i) => ({
    value: i,
    label: `问题${chineseOrdinal(i + 1)}${p.text.trim() ? `：${p.text.trim().slice(0, 24)}` : ''}`,
  }));
  return (
    <Form.List name="plans">
      {(fields, { add, remove }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {fields.map((field, i) => (
            <Card
              key={field.key}
              size="small"
              title={`举措${chineseOrdinal(i + 1)}`}
              extra={
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={`删除举措${i + 1}`}
                  onClick={() => remove(field.name)}
                />
              }
            >
              <Form.Item
                name={[field.name, 'text']}
                label="举措"
                rules={[{ max: 2000, message: '举措不能超过 2000 字' }]}
              >
                <Input.TextArea
                  {...item}
                  maxLength={2000}
                  placeholder="针对问题的整改措施，写明做什么、何时完成"
                />
              </Form.Item>
              <Form.Item
                name={[field.name, 'answers']}
                label="对应问题"
                style={{ marginBottom: 0 }}
                extra={problems.length ? undefined : '先在“存在的主要问题”中添加问题'}
              >
                <Select mode="multiple" options={options} placeholder="选择这项举措解决的问题" allowClear />
              </Form.Item>
            </Card>
          ))}
          <Button
            icon={<PlusOutlined />}
            onClick={() => add({ text: '', answers: [] })}
            disabled={fields.length >= 30}
            data-testid="report-add-plan"
          >
            添加举措
          </Button>
        </Space>
      )}
    </Form.List>
  );
}

type ReportForm = ReturnType<typeof Form.useForm<ReportBody>>[0];

const foldedRows = 10;

/**
 * The 基本情况 table under its prose: each figure's label, its value as the secretary keeps it, and —
 * where the value is no longer the registry's as of the cycle's end — the registry's value beside it
 * with a way back, one row or all, since the reviewer will see the difference flagged.
 */
function BasicsTable({
  form,
  report,
  onRestore,
}: {
  form: ReportForm;
  report: Report;
  onRestore: () => void;
}) {
  // preserve: the labels are shown, not fields, and a watch without it sees only the values.
  const rows = (Form.useWatch('basicsTable', { form, preserve: true }) as ReportBody['basicsTable']) ?? [];
  const asOf = report.cycle.endsOn;
  const registry = useQuery({
    queryKey: statisticsKeys.basics(report.org.id, asOf),
    queryFn: ({ signal }) => getBasics({ orgId: report.org.id, asOf }, signal),
  });
  const printed = new Map(registry.data?.rows.map((r) => [r.label, r.value]));
  const differs = (i: number) => {
    const known = printed.get(rows[i]?.label ?? '');
    return known !== undefined && !sameTableValue(rows[i]?.value ?? '', known) ? known : null;
  };
  const restore = (indices: number[]) => {
    for (const i of indices) form.setFieldValue(['basicsTable', i, 'value'], printed.get(rows[i]!.label));
    onRestore();
  };
  const edited = rows.map((_, i) => i).filter((i) => differs(i) !== null);
  // A town's table runs to a hundred rows: folded, it shows the first ones and every edited one.
  const [unfolded, setUnfolded] = useState(false);
  const folds = rows.length > foldedRows;
  return (
    <Form.List name="basicsTable">
      {(fields) => (
        <Table
          size="small"
          bordered
          pagination={false}
          // Fixed columns wrap long labels rather than widen the page (a phone is 390 px wide).
          tableLayout="fixed"
          style={{ marginTop: 12 }}
          data-testid="report-basics-table"
          rowKey="key"
          dataSource={
            unfolded || !folds
              ? fields
              : fields.filter((field) => field.name < foldedRows || differs(field.name) !== null)
          }
          title={() => (
            <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
              <Typography.Text strong>
                基本情况表（截至{chineseDate(asOf)}，数据来自党员信息库）
              </Typography.Text>
              <Space wrap>
                {edited.length > 0 && (
                  <Button size="small" icon={<UndoOutlined />} onClick={() => restore(edited)}>
                    全部恢复为信息库数据
                  </Button>
                )}
                {folds && (
                  <Button
                    size="small"
                    aria-expanded={unfolded}
                    onClick={() => setUnfolded(!unfolded)}
                    data-testid="report-basics-unfold"
                  >
                    {unfolded ? '收起' : `展开全部 ${rows.length} 项`}
                  </Button>
                )}
              </Space>
            </Space>
          )}
          footer={
            registry.error
              ? () => (
                  <Typography.Text type="danger">
                    未能读取信息库数据，无法标出改动：{errorText(registry.error)}
                  </Typography.Text>
                )
              : undefined
          }
          columns={[
            {
              title: '项目',
              key: 'label',
              width: '45%',
              render: (_, field) => rows[field.name]?.label,
            },
            {
              title: '填报数据',
              key: 'value',
              render: (_, field) => {
                const known = differs(field.name);
                const label = rows[field.name]?.label ?? '';
                return (
                  <>
                    <Form.Item
                      name={[field.name, 'value']}
                      rules={[{ max: 40, message: '数据不能超过 40 字' }]}
                      style={{ marginBottom: 0 }}
                    >
                      <Input size="small" maxLength={40} aria-label={`${label}数据`} />
                    </Form.Item>
                    {known !== null && (
                      <Space size={4} wrap style={{ marginTop: 4 }} data-testid="report-basics-differs">
                        <Typography.Text type="warning">信息库：{known}</Typography.Text>
                        <Button
                          size="small"
                          type="link"
                          style={{ padding: 0 }}
                          aria-label={`${label}恢复为信息库数据`}
                          onClick={() => restore([field.name])}
                        >
                          恢复
                        </Button>
                      </Space>
                    )}
                  </>
                );
              },
            },
          ]}
        />
      )}
    </Form.List>
  );
}

/** What an imported file had that fits no part of the template: shown to be pasted where it belongs. */
function Unplaced({ items, onClose }: { items: ImportReportResult['unplaced']; onClose: () => void }) {
  return (
    <Alert
      type="warning"
      showIcon
      closable
      onClose={onClose}
      style={{ marginBottom: 16 }}
      data-testid="report-unplaced"
      title={`有 ${items.length} 段文字未能归入报告的部分，请复制到合适的位置`}
      description={items.map((item, i) => (
        <div key={i} style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{item.reason}</Typography.Text>
          <Typography.Paragraph
            copyable={{ text: item.text }}
            style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}
          >
            {item.text}
          </Typography.Paragraph>
        </div>
      ))}
    />
  );
}

/**
 * The imported body over the form's: a part the file left empty keeps what was there (the 基本情况
 * filled from the data), and the 基本情况 table stays, as a file brings only text.
 */
const mergeImported = (current: ReportBody, imported: ReportBody): ReportBody => ({
  ...imported,
  basicsTable: current.basicsTable,
  title: imported.title.trim() ? imported.title : current.title,
  sections: imported.sections.map((s, i) =>
    s.text.trim() || !current.sections[i] ? s : { ...s, text: current.sections[i].text },
  ),
});

/**
 * The report in its parts, as the secretary writes it: prose parts, problems each with its cause,
 * plans each linked to the problems it answers. Saved over the version read (a second editor's save
 * is refused, not overwritten); submitting checks completeness here first, naming each gap.
 */
export function ReportEditor({ report }: { report: Report }) {
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<ReportBody>();
  const [dirty, setDirty] = useState(false);
  const [gaps, setGaps] = useState<string[]>([]);
  // The version this editor last read or wrote: a second save before the refetch lands still goes through.
  const written = useRef('');
  const token = () => (written.current > report.updatedAt ? written.current : report.updatedAt);
  useLeaveGuard(dirty, '报告的修改');
  const save = useSubmit({
    submit: (body: ReportBody) => saveReport(report.id, body, token()),
    invalidates: affectedBy.reports,
    form,
    onSuccess: (saved) => {
      written.current = saved.updatedAt;
      setDirty(false);
      void message.success('草稿已保存');
    },
  });
  const submit = useSubmit({
    submit: async (body: ReportBody) => {
      // Save and submit in one step; the submit reads the saved working copy.
      if (dirty) written.current = (await saveReport(report.id, body, token())).updatedAt;
      return submitReport(report.id);
    },
    invalidates: affectedBy.reports,
    form,
    onSuccess: () => {
      setDirty(false);
      void message.success('报告已提交，等待审查');
    },
  });
  const values = () => form.getFieldsValue(true) as ReportBody;
  // The running or last check, and whether the body has changed since it was started.
  const [checkJob, setCheckJob] = useState<string | null>(null);
  const [checkStale, setCheckStale] = useState(false);
  const check = useSubmit({
    submit: (body: ReportBody) => checkReport(report.id, body),
    invalidates: [],
    onSuccess: (started) => {
      setCheckJob(started.jobId);
      setCheckStale(false);
    },
  });
  const [unplaced, setUnplaced] = useState<ImportReportResult['unplaced']>([]);
  const [importing, setImporting] = useState(false);
  const importFile = async (file: File) => {
    setImporting(true);
    try {
      const result = await importReportFile(report.id, file);
      modal.confirm({
        title: `用“${file.name}”的内容替换编辑中的报告？`,
        content: `识别出 ${result.body.problems.length} 个问题、${result.body.plans.length} 项举措${
          result.unplaced.length ? `，另有 ${result.unplaced.length} 段文字未能归入` : ''
        }。文件中没有的部分保留原内容；替换后需保存才生效。`,
        okText: '替换',
        cancelText: '取消',
        onOk: () => {
          const merged = mergeImported(values(), result.body);
          form.setFieldsValue(merged);
          setUnplaced(result.unplaced);
          setDirty(true);
          // The imported text is checked at once, so what it still lacks shows before it is saved.
          check.run(merged);
        },
      });
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setImporting(false);
    }
  };

  const askSubmit = () => {
    const body = values();
    const problems = reportBodyProblems(body);
    setGaps(problems.map((p) => p.message));
    if (problems.length) {
      // The domain names fields by path ('problems.0.cause'); the form by the same path as an array.
      const fields = problems.map((p) => ({
        name: p.path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
        errors: [p.message],
      }));
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      return;
    }
    modal.confirm({
      title: '提交述职报告？',
      content:
        '提交后报告交由上级审查，审查期间不能修改；退回后可修改再提交。系统将自动检查占位符、数字、雷同等问题。',
      okText: '提交',
      cancelText: '取消',
      onOk: () => submit.runAsync(body).catch(() => undefined),
    });
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={report.body}
      onValuesChange={() => {
        setDirty(true);
        setCheckStale(true);
      }}
      onFinish={() => save.run(values())}
      data-testid="report-editor"
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Upload
          accept=".docx,.txt"
          showUploadList={false}
          beforeUpload={(file) => {
            void importFile(file);
            return false;
          }}
        >
          <Button icon={<FileWordOutlined />} loading={importing} data-testid="report-import">
            从 Word 或文本文件导入
          </Button>
        </Upload>
        <Typography.Text type="secondary">支持 .docx 和 .txt，按“一、二、”等标题识别各部分</Typography.Text>
      </Space>
      {unplaced.length > 0 && <Unplaced items={unplaced} onClose={() => setUnplaced([])} />}
      {checkJob && <ReportCheck jobId={checkJob} stale={checkStale} />}
      {(save.error || submit.error) && (
        <Alert type="error" showIcon title={save.error ?? submit.error} style={{ marginBottom: 16 }} />
      )}
      {gaps.length > 0 && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setGaps([])}
          title="报告尚不完整，补齐后才能提交"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {gaps.map((g) => (
                <li key={g}>{g}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 16 }}
          data-testid="report-gaps"
        />
      )}
      <Form.Item name="title" label="标题" rules={[{ max: 100, message: '标题不能超过 100 字' }]}>
        <Input maxLength={100} />
      </Form.Item>
      {/* Plain items with full paths, not a Form.List: a list would prefix the problems' and plans'
          own lists nested in it with 'sections'. A template's parts are fixed anyway. */}
      {report.body.sections.map(({ kind }, i) => (
        <div key={kind} style={{ marginBottom: 24 }}>
          <Space align="baseline" style={{ width: '100%' }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {chineseOrdinal(i + 1)}、
            </Typography.Title>
            <Form.Item
              name={['sections', i, 'title']}
              rules={[
                { required: true, whitespace: true, message: '请输入部分标题' },
                { max: 60, message: '部分标题不能超过 60 字' },
              ]}
              style={{ marginBottom: 8, minWidth: 260 }}
            >
              <Input
                variant="borderless"
                maxLength={60}
                style={{ fontWeight: 600, fontSize: 16 }}
                aria-label="部分标题"
              />
            </Form.Item>
          </Space>
          {kind === 'basics' && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              已按党员信息库截至 {report.cycle.endsOn}{' '}
              的数据和本组织的填报数据预填，可以修改；与信息库不符的数字提交后会被标出。
            </Typography.Paragraph>
          )}
          {kind === 'lastYearRectification' && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              已按问题清单预填本组织上年度以来问题的整改情况，可以修改；没有问题的可留空。
            </Typography.Paragraph>
          )}
          <Form.Item
            name={['sections', i, 'text']}
            rules={[{ max: 20_000, message: '正文不能超过 20000 字' }]}
            style={{ marginBottom: kind === 'problems' || kind === 'plans' ? 12 : 0 }}
          >
            <Input.TextArea
              {...prose}
              maxLength={20_000}
              aria-label={`${report.body.sections[i]?.title ?? ''}正文`}
              placeholder={
                kind === 'problems' || kind === 'plans' ? '可写一段概述（选填），下面逐条填写' : '每段一行'
              }
              data-testid={`report-section-${kind}`}
            />
          </Form.Item>
          {kind === 'basics' && report.body.basicsTable && (
            <BasicsTable form={form} report={report} onRestore={() => setDirty(true)} />
          )}
          {kind === 'problems' && <Problems form={form} />}
          {kind === 'plans' && <Plans />}
        </div>
      ))}
      <Space
        wrap
        style={{
          position: 'sticky',
          bottom: 0,
          background: 'var(--ant-color-bg-container, #fff)',
          padding: '12px 0',
          width: '100%',
        }}
      >
        <Button htmlType="submit" loading={save.submitting} disabled={!dirty} data-testid="report-save">
          保存草稿
        </Button>
        <Button
          icon={<FileSearchOutlined />}
          onClick={() => check.run(values())}
          loading={check.submitting}
          data-testid="report-check-start"
        >
          检查报告
        </Button>
        <Button type="primary" onClick={askSubmit} loading={submit.submitting} data-testid="report-submit">
          提交报告
        </Button>
        {dirty && <Typography.Text type="secondary">有未保存的修改</Typography.Text>}
      </Space>
    </Form>
  );
}
