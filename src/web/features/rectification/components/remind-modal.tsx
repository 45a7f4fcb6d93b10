import { Alert, App, Form, Typography } from 'antd';
import { TextField } from '../../../shared/form-fields.js';
import { FormModal } from '../../../shared/form-modal.js';
import { affectedBy } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { remindProblem } from '../api/problems.js';
import type { OverdueProblem } from '../../../../contract/rectification.js';

interface Values {
  message?: string;
}

/** 催办: confirms a reminder of one item, with an optional word to whoever works on it. */
export function RemindModal({ problem, onClose }: { problem: OverdueProblem | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const remind = useSubmit({
    submit: (v: Values) => remindProblem(problem!.id, { message: v.message?.trim() || null }),
    invalidates: affectedBy.problems,
    form,
    onSuccess: (result) => {
      void message.success(
        result.notified > 0 ? `已催办，通知 ${result.notified} 人` : '已催办（暂无可通知的用户）',
      );
      onClose();
    },
  });
  return (
    <FormModal
      title="催办"
      open={problem !== null}
      formId="remind-form"
      okText="确认催办"
      submitting={remind.submitting}
      onCancel={onClose}
      afterClose={remind.reset}
      data-testid="remind-modal"
    >
      <Form<Values>
        id="remind-form"
        name="remind-form"
        layout="vertical"
        form={form}
        clearOnDestroy
        onFinish={remind.run}
        disabled={remind.submitting}
      >
        {remind.error && <Alert type="error" showIcon title={remind.error} style={{ marginBottom: 16 }} />}
        <Typography.Paragraph style={{ overflowWrap: 'anywhere' }}>
          {problem?.orgName}：{problem?.text}（已逾期 {problem?.daysOverdue} 天）
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">
          将通知问题所属组织的用户和整改措施的责任人；同一问题每天只能催办一次。
        </Typography.Paragraph>
        <TextField name="message" label="附言（可选）" max={200} area />
      </Form>
    </FormModal>
  );
}
