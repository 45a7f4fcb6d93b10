import { Alert, Form, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { FormModal } from '../../../shared/form-modal.js';
import { MeetingBasicFields } from '../../../shared/meetings/meeting-fields.js';
import { affectedBy } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { createMeeting } from '../api/meetings.js';
import { meetingKindLabels, meetingKinds, type MeetingKind } from '../../../../domain/meetings.js';
import type { Cycle } from '../../../../contract/cycles.js';

interface Values {
  kind: MeetingKind;
  name: string;
  heldOn: Dayjs;
  venue?: string;
}

/** “2026年度…述职评议考核” holds its meeting as “2026年度…述职评议会”. */
const meetingNameFor = (cycle: Cycle, kind: MeetingKind) =>
  kind === 'satisfaction'
    ? `${cycle.year}年村民代表大会满意度测评`
    : `${cycle.name.replace(/(述职评议)?考核$/, '')}述职评议会`;

const notes: Record<MeetingKind, string> = {
  appraisal: '述职顺序取本周期的述职范围，测评项目和评议人类别取默认，创建后可在评议会页面调整。',
  satisfaction:
    '测评对象取本周期述职范围中的村，测评题目（满意、基本满意、不满意）和评议人类别取默认，创建后可调整；测评码按村生成。',
};

/** 新建述职评议会: named after the cycle, today's date; the reporters come from the cycle's 述职范围. */
export function CreateMeetingModal({
  cycle,
  open,
  onClose,
}: {
  cycle: Cycle;
  open: boolean;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const save = useSubmit({
    submit: (values: Values) =>
      createMeeting({
        cycleId: cycle.id,
        kind: values.kind,
        name: values.name.trim(),
        heldOn: values.heldOn.format('YYYY-MM-DD'),
        venue: values.venue?.trim() ?? '',
      }),
    invalidates: affectedBy.meetings,
    form,
    onSuccess: (meeting) => {
      onClose();
      void navigate(`/meetings/${meeting.id}`);
    },
  });
  return (
    <FormModal
      title="新建述职评议会或满意度测评"
      open={open}
      formId="meeting-create-form"
      okText="创建"
      submitting={save.submitting}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        save.reset();
      }}
      data-testid="meeting-create-modal"
    >
      <Form
        form={form}
        id="meeting-create-form"
        layout="vertical"
        disabled={save.submitting}
        onFinish={save.run}
        initialValues={{
          kind: 'appraisal',
          name: meetingNameFor(cycle, 'appraisal'),
          heldOn: dayjs(),
          venue: '',
        }}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.kind) form.setFieldValue('name', meetingNameFor(cycle, changed.kind));
        }}
      >
        {save.error && <Alert type="error" showIcon title={save.error} style={{ marginBottom: 16 }} />}
        <Form.Item name="kind" label="类型">
          <Radio.Group
            optionType="button"
            options={meetingKinds.map((k) => ({ value: k, label: meetingKindLabels[k] }))}
            data-testid="meeting-kind"
          />
        </Form.Item>
        <MeetingBasicFields autoFocus />
        <Form.Item noStyle dependencies={['kind']}>
          {() => (
            <Alert
              type="info"
              showIcon
              title={notes[(form.getFieldValue('kind') as MeetingKind) ?? 'appraisal']}
            />
          )}
        </Form.Item>
      </Form>
    </FormModal>
  );
}
