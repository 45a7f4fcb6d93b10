import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { affectedBy } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { returnReport } from '../api/reports.js';
import type { Finding } from '../../../../domain/analyzer/analyze.js';
import type { Report, ReturnReportInput } from '../../../../contract/reports.js';

type Values = Pick<ReturnReportInput, 'general' | 'comments'>;

/** 退回修改: a general comment, comments on named parts, and the findings the reviewer ticked, quoted. */
export function ReturnModal({
  report,
  findings,
  quoted,
  open,
  onClose,
}: {
  report: Report;
  findings: Finding[];
  quoted: number[];
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const send = useSubmit({
    submit: (values: Values) =>
      returnReport(report.id, {
        general: values.general ?? '',
        comments: values.comments ?? [],
        quotedFindings: quoted,
      }),
    invalidates: affectedBy.reports,
    form,
    onSuccess: onClose,
  });
  const sections = report.body.sections.map((s) => ({ value: s.kind, label: s.title }));
  return (
    <Modal
      title="退回修改"
      open={open}
      width={680}
      okText="退回"
      okButtonProps={{
        danger: true,
        htmlType: 'submit',
        form: 'report-return-form',
        loading: send.submitting,
      }}
      cancelText="取消"
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        id="report-return-form"
        layout="vertical"
        initialValues={{ general: '', comments: [] }}
        onFinish={send.run}
      >
        {send.error && <Alert type="error" showIcon title={send.error} style={{ marginBottom: 16 }} />}
        <Form.Item
          name="general"
          label="总体意见"
          rules={[
            { max: 2000, message: '总体意见不能超过 2000 字' },
            ({ getFieldValue }) => ({
              validator: (_, value: string) =>
                value?.trim() || (getFieldValue('comments') as unknown[] | undefined)?.length || quoted.length
                  ? Promise.resolve()
                  : Promise.reject(new Error('请写明退回的理由，或引用审查发现')),
            }),
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={2000}
            autoFocus
            data-testid="return-general"
          />
        </Form.Item>
        <Form.List name="comments">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
              {fields.map((field) => (
                <Space key={field.key} align="start" style={{ width: '100%' }} wrap>
                  <Form.Item
                    name={[field.name, 'sectionKind']}
                    rules={[{ required: true, message: '请选择部分' }]}
                    style={{ marginBottom: 0, minWidth: 180 }}
                  >
                    <Select options={sections} placeholder="针对的部分" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'comment']}
                    rules={[
                      { required: true, whitespace: true, message: '请输入意见' },
                      { max: 2000, message: '意见不能超过 2000 字' },
                    ]}
                    style={{ marginBottom: 0, flex: 1, minWidth: 240 }}
                  >
                    <Input.TextArea
                      autoSize={{ minRows: 1, maxRows: 6 }}
                      maxLength={2000}
                      placeholder="对这一部分的意见"
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label="删除这条意见"
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add()} disabled={fields.length >= 10}>
                添加分部分意见
              </Button>
            </Space>
          )}
        </Form.List>
        <Typography.Text strong>引用的审查发现（{quoted.length}）</Typography.Text>
        {quoted.length ? (
          <ol style={{ paddingInlineStart: 20, marginTop: 8 }}>
            {quoted.map((i) => (
              <li key={i}>{findings[i]?.message}</li>
            ))}
          </ol>
        ) : (
          <Typography.Paragraph type="secondary">
            未引用。可在审查发现列表中勾选“退回时引用”。
          </Typography.Paragraph>
        )}
      </Form>
    </Modal>
  );
}
