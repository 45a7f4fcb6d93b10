import { Alert, Form, Input, InputNumber, Radio, Select } from 'antd';
import { useNavigate } from 'react-router';
import {
  cycleKindLabels,
  cycleKinds,
  cyclePeriodName,
  cycleYearRange,
  partsPerYear,
  type CycleKind,
} from '../../../../domain/cycles.js';
import { FormModal } from '../../../shared/form-modal.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { affectedBy } from '../../../shared/query-keys.js';
import { useCurrentUser } from '../../../shared/session/auth-context.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { createCycle } from '../api/cycles.js';
import type { CreateCycleInput, Cycle } from '../../../../contract/cycles.js';

interface Values {
  orgId: number | null;
  kind: CycleKind;
  year: number;
  part?: number;
  name?: string;
  origin: 'template' | 'copy' | 'none';
  copyFromCycleId?: number;
}

const partOptions = (kind: CycleKind, year: number) =>
  Array.from({ length: partsPerYear[kind] }, (_, i) => ({
    value: i + 1,
    label: cyclePeriodName(kind, year, i + 1).slice(5),
  }));

/** 新建考核周期: this year's annual cycle by default, its schemes from the templates or an earlier cycle. */
export function CreateCycleModal({
  open,
  onClose,
  cycles,
}: {
  open: boolean;
  onClose: () => void;
  cycles: Cycle[];
}) {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'annual';
  const year = Form.useWatch('year', form) ?? new Date().getFullYear();
  const origin = Form.useWatch('origin', form);
  const save = useSubmit({
    submit: (values: Values) => {
      const input: CreateCycleInput = {
        orgId: values.orgId!,
        kind: values.kind,
        year: values.year,
        ...(values.kind === 'annual' ? {} : { part: values.part ?? 1 }),
        ...(values.name?.trim() ? { name: values.name.trim() } : {}),
        ...(values.origin === 'template'
          ? { schemes: { template: true as const } }
          : values.origin === 'copy' && values.copyFromCycleId
            ? { schemes: { copyFromCycleId: values.copyFromCycleId } }
            : {}),
      };
      return createCycle(input);
    },
    invalidates: affectedBy.cycles,
    form,
    onSuccess: (cycle) => {
      onClose();
      void navigate(`/cycles/${cycle.id}`);
    },
  });

  return (
    <FormModal
      title="新建考核周期"
      open={open}
      formId="cycle-create-form"
      okText="创建"
      submitting={save.submitting}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        save.reset();
      }}
      data-testid="cycle-create-modal"
    >
      <Form
        form={form}
        id="cycle-create-form"
        layout="vertical"
        disabled={save.submitting}
        onFinish={save.run}
        initialValues={{
          orgId: user.role === 'admin' ? null : user.orgId,
          kind: 'annual',
          year: new Date().getFullYear(),
          origin: 'template',
        }}
      >
        {save.error && <Alert type="error" showIcon title={save.error} style={{ marginBottom: 16 }} />}
        <Form.Item
          label="组织考核的党组织"
          name="orgId"
          rules={[{ required: true, message: '请选择党组织' }]}
        >
          <OrgPicker selectedLabel={user.orgName} allowClear={false} data-testid="cycle-org" />
        </Form.Item>
        <Form.Item label="周期类型" name="kind">
          <Radio.Group
            optionType="button"
            options={cycleKinds.map((k) => ({ value: k, label: cycleKindLabels[k] }))}
          />
        </Form.Item>
        <Form.Item label="年度" name="year" rules={[{ required: true, message: '请填写年度' }]}>
          <InputNumber
            min={cycleYearRange.from}
            max={cycleYearRange.to}
            precision={0}
            style={{ width: 120 }}
          />
        </Form.Item>
        {kind !== 'annual' && (
          <Form.Item
            label={kind === 'halfYear' ? '半年' : '季度'}
            name="part"
            rules={[{ required: true, message: '请选择' }]}
          >
            <Select options={partOptions(kind, year)} style={{ width: 160 }} />
          </Form.Item>
        )}
        <Form.Item label="名称" name="name" extra="留空则按周期自动命名">
          <Input
            maxLength={100}
            placeholder={`${cyclePeriodName(kind, year, 1)}党组织书记抓基层党建工作述职评议考核`}
          />
        </Form.Item>
        <Form.Item label="考核方案" name="origin">
          <Radio.Group>
            <Radio value="template">使用默认方案模板</Radio>
            <Radio value="copy" disabled={cycles.length === 0}>
              复制以往周期的方案
            </Radio>
            <Radio value="none">暂不创建</Radio>
          </Radio.Group>
        </Form.Item>
        {origin === 'copy' && (
          <Form.Item
            name="copyFromCycleId"
            label="复制自"
            rules={[{ required: true, message: '请选择考核周期' }]}
          >
            <Select
              options={cycles.map((c) => ({ value: c.id, label: `${c.name}（${c.org.name}）` }))}
              placeholder="选择以往的考核周期"
            />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}
