import { Alert, App, Button, DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import {
  cycleStageLabels,
  cycleStages,
  stageDatesProblems,
  type CycleStage,
} from '../../../../domain/cycles.js';
import { dayjsToIso, isoToDayjs } from '../../../shared/date-values.js';
import { affectedBy } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { updateCycle } from '../api/cycles.js';
import type { Cycle } from '../../../../contract/cycles.js';

type StageForm = { name: string; stages: Record<CycleStage, Dayjs | null> };

/** 基本信息: the name and the five stage dates, checked in the browser by the server's own rule. */
export function CycleInfoTab({ cycle }: { cycle: Cycle }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<StageForm>();
  const save = useSubmit({
    submit: (values: StageForm) =>
      updateCycle(cycle.id, { name: values.name, stages: dayjsToIso(values.stages, cycleStages) }),
    invalidates: affectedBy.cycles,
    form,
    onSuccess: () => void message.success('已保存'),
  });
  const check = () => {
    const stages = dayjsToIso(form.getFieldValue('stages') as StageForm['stages'], cycleStages);
    const problems = stageDatesProblems(cycle, stages);
    form.setFields(
      cycleStages.map((s) => ({
        name: ['stages', s],
        errors: problems.filter((p) => p.field === s).map((p) => p.message),
      })),
    );
    return problems.length === 0;
  };
  return (
    <Form
      form={form}
      layout="vertical"
      disabled={!cycle.writable || save.submitting}
      initialValues={{ name: cycle.name, stages: isoToDayjs(cycle.stages, cycleStages) }}
      onFinish={(values) => check() && save.run(values)}
      style={{ maxWidth: 560 }}
      data-testid="cycle-info-form"
    >
      {save.error && <Alert type="error" showIcon title={save.error} style={{ marginBottom: 16 }} />}
      <Form.Item
        label="名称"
        name="name"
        rules={[{ required: true, whitespace: true, message: '请填写名称' }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      {cycleStages.map((stage) => (
        <Form.Item key={stage} label={`${cycleStageLabels[stage]}日期`} name={['stages', stage]}>
          <DatePicker onChange={() => check()} style={{ width: 200 }} />
        </Form.Item>
      ))}
      {cycle.writable && (
        <Button type="primary" htmlType="submit" loading={save.submitting}>
          保存
        </Button>
      )}
    </Form>
  );
}
