import { Alert, Form, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import {
  problemCategories,
  problemCategoryLabels,
  problemSeverities,
  problemSeverityLabels,
  type ProblemCategory,
  type ProblemSeverity,
} from '../../../../domain/rectification/sources.js';
import { DateField, TextField } from '../../../shared/form-fields.js';
import { FormModal } from '../../../shared/form-modal.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { affectedBy } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { createProblem } from '../api/problems.js';

interface Values {
  orgId: number;
  text: string;
  category: ProblemCategory;
  severity: ProblemSeverity;
  deadline: Dayjs;
}

/** 新增问题: one found on an inspection (督导检查), entered by hand for an org below the organizer. */
export function InspectionModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const save = useSubmit({
    submit: (v: Values) =>
      createProblem({
        orgId: v.orgId,
        ref: { source: 'inspection' },
        text: v.text,
        category: v.category,
        severity: v.severity,
        deadline: v.deadline.format('YYYY-MM-DD'),
      }),
    invalidates: affectedBy.problems,
    form,
    onSuccess: (problem) => {
      onClose();
      void navigate(`/problems/${problem.id}`);
    },
  });
  return (
    <FormModal
      title="新增问题（督导检查）"
      open={open}
      formId="inspection-form"
      okText="登记"
      submitting={save.submitting}
      onCancel={onClose}
      afterClose={save.reset}
      data-testid="inspection-modal"
    >
      <Form<Values>
        id="inspection-form"
        name="inspection-form"
        layout="vertical"
        form={form}
        clearOnDestroy
        initialValues={{ category: 'other', severity: 'medium', deadline: dayjs().add(3, 'month') }}
        onFinish={save.run}
        disabled={save.submitting}
      >
        {save.error && <Alert type="error" showIcon title={save.error} style={{ marginBottom: 16 }} />}
        <Form.Item label="问题所属组织" name="orgId" rules={[{ required: true, message: '请选择组织' }]}>
          <OrgPicker />
        </Form.Item>
        <TextField name="text" label="问题" max={1000} area required />
        <Form.Item label="类别" name="category">
          <Select options={problemCategories.map((c) => ({ value: c, label: problemCategoryLabels[c] }))} />
        </Form.Item>
        <Form.Item label="严重程度" name="severity">
          <Select options={problemSeverities.map((s) => ({ value: s, label: problemSeverityLabels[s] }))} />
        </Form.Item>
        <DateField name="deadline" label="整改期限" required="请选择整改期限" />
      </Form>
    </FormModal>
  );
}
