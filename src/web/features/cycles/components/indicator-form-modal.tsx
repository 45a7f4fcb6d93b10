import { useState } from 'react';
import { Button, Checkbox, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import {
  checkMethodLabels,
  checkMethods,
  indicatorKindLabels,
  indicatorKinds,
  scorerLabels,
  scorers,
} from '../../../../domain/schemes.js';
import { FormModal } from '../../../shared/form-modal.js';
import type { Rule } from '../../../../contract/rules.js';
import type { Indicator, SchemeBody } from '../../../../contract/schemes.js';
import { RuleEditor } from './rule-editor.js';
import { ruleOfKind } from './rule-editor-values.js';

/** Where the indicator goes: its category's index, and its own (null: appended as a new one). */
export interface IndicatorTarget {
  category: number;
  index: number | null;
}

type IndicatorValues = Omit<Indicator, 'key'> & { category: number };

/**
 * The indicator's rule as a form control: none, or the rule editor with a way to drop it. A new
 * rule starts as the kind the check method calls for: a counting rule for 系统自动, 酌情扣分 for
 * items people check (what the scheme's save checks allow). Bonus and veto items carry none.
 */
function RuleControl({
  value,
  onChange,
  maxPoints,
  automatic,
  regular,
}: {
  value?: Rule;
  onChange?: (rule: Rule | undefined) => void;
  maxPoints: number;
  automatic: boolean;
  regular: boolean;
}) {
  if (!value && !regular)
    return <Typography.Text type="secondary">加分项和一票否决项不设评分规则</Typography.Text>;
  if (!value)
    return (
      <Space orientation="vertical" size={4}>
        <Typography.Text type="secondary">未设置（考核方式为“系统自动”的指标须设置规则）</Typography.Text>
        <Button
          size="small"
          onClick={() => onChange?.(ruleOfKind(automatic ? 'count' : 'manual', undefined, maxPoints))}
          data-testid="rule-add"
        >
          设置评分规则
        </Button>
      </Space>
    );
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <RuleEditor value={value} onChange={(rule) => onChange?.(rule)} maxPoints={maxPoints} />
      <Button size="small" danger onClick={() => onChange?.(undefined)} data-testid="rule-remove">
        移除评分规则
      </Button>
    </Space>
  );
}

/** A key free in the scheme for a new indicator of a category: its key and the next free number. */
function freshKey(body: SchemeBody, category: number): string {
  const taken = new Set(body.categories.flatMap((c) => c.indicators.map((i) => i.key)));
  const base = body.categories[category]!.key.slice(0, 14);
  for (let n = 1; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Adds or edits one indicator. Its key stays across versions (scores follow it); a new one gets a
 * free key. Its rule is edited in the rule editor, checked as one types against the points typed
 * above it. A refused save is a toast (the scheme tab's write), and the form stays open with its values.
 */
export function IndicatorFormModal({
  body,
  target,
  saving,
  onSave,
  onCancel,
}: {
  body: SchemeBody;
  target: IndicatorTarget | null;
  saving: boolean;
  onSave: (next: SchemeBody) => void;
  onCancel: () => void;
}) {
  // The last target stays shown while the modal fades out.
  const [shown, setShown] = useState(target);
  if (target && target !== shown) setShown(target);
  // `?? null`: after a save moved it, the old place may be empty for the fade's duration.
  const editing =
    shown && shown.index !== null ? (body.categories[shown.category]?.indicators[shown.index] ?? null) : null;
  return (
    <FormModal
      title={editing ? `编辑指标：${editing.name}` : '新增指标'}
      open={target !== null}
      formId="indicator-form"
      okText="保存"
      submitting={saving}
      onCancel={onCancel}
      afterClose={() => setShown(null)}
      width={720}
      data-testid="indicator-modal"
    >
      {shown && (
        <IndicatorForm body={body} target={shown} editing={editing} saving={saving} onSave={onSave} />
      )}
    </FormModal>
  );
}

/**
 * The form itself, mounted afresh with each opening (the modal destroys it when hidden), so its own
 * form instance starts from this indicator's values and never from the last one edited.
 */
function IndicatorForm({
  body,
  target,
  editing,
  saving,
  onSave,
}: {
  body: SchemeBody;
  target: IndicatorTarget;
  editing: Indicator | null;
  saving: boolean;
  onSave: (next: SchemeBody) => void;
}) {
  const [form] = Form.useForm<IndicatorValues>();
  const maxPoints = Form.useWatch('maxPoints', form) ?? 0;
  const checkMethod = Form.useWatch('checkMethod', form);
  const kind = Form.useWatch('kind', form);

  function save(values: IndicatorValues) {
    const { category, evidence, source, rule, ...fields } = values;
    const indicator: Indicator = {
      ...fields,
      key: editing?.key ?? freshKey(body, category),
      ...(evidence?.trim() ? { evidence: evidence.trim() } : {}),
      ...(source?.trim() ? { source: source.trim() } : {}),
      ...(rule ? { rule } : {}),
    };
    const categories = body.categories.map((c, ci) => {
      let indicators = c.indicators;
      // Moved to another category: out of the old one.
      if (editing && ci === target.category && ci !== category)
        indicators = indicators.filter((_, ii) => ii !== target.index);
      if (ci === category)
        indicators =
          editing && ci === target.category
            ? indicators.map((i, ii) => (ii === target.index ? indicator : i))
            : [...indicators, indicator];
      return { ...c, indicators };
    });
    onSave({ ...body, categories });
  }

  return (
    <Form
      form={form}
      id="indicator-form"
      // Field ids of their own: the cycle's 基本信息 form on the same page also has "name".
      name="indicator"
      layout="vertical"
      disabled={saving}
      onFinish={save}
      initialValues={
        editing
          ? { ...editing, category: target.category }
          : {
              category: target.category,
              kind: 'regular',
              checkMethod: 'ledgerReview',
              scoredBy: ['checker'],
              maxPoints: 1,
            }
      }
    >
      <Form.Item label="类别" name="category">
        <Select
          options={body.categories.map((c, i) => ({ value: i, label: `${c.name}（${c.maxPoints}分）` }))}
        />
      </Form.Item>
      <Form.Item
        label="指标名称"
        name="name"
        rules={[{ required: true, whitespace: true, message: '请填写指标名称' }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item label="指标类型" name="kind">
        <Select options={indicatorKinds.map((k) => ({ value: k, label: indicatorKindLabels[k] }))} />
      </Form.Item>
      <Form.Item
        label="分值"
        name="maxPoints"
        rules={[{ required: true, message: '请填写分值' }]}
        extra="加分项填加分上限，一票否决项填 0"
      >
        <InputNumber min={0} max={1000} step={0.5} precision={2} />
      </Form.Item>
      <Form.Item
        label="考核内容"
        name="content"
        rules={[{ required: true, whitespace: true, message: '请填写考核内容' }]}
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item
        label="评分标准"
        name="standard"
        rules={[{ required: true, whitespace: true, message: '请填写评分标准' }]}
      >
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
      <Form.Item label="考核方式" name="checkMethod">
        <Select options={checkMethods.map((m) => ({ value: m, label: checkMethodLabels[m] }))} />
      </Form.Item>
      <Form.Item
        label="评分主体"
        name="scoredBy"
        rules={[{ required: true, message: '请至少选择一个评分主体' }]}
      >
        <Checkbox.Group options={scorers.map((s) => ({ value: s, label: scorerLabels[s] }))} />
      </Form.Item>
      <Form.Item label="佐证材料" name="evidence">
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item label="来源" name="source" extra="依据的文件，如“seed 003”或文件标题">
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label="评分规则" name="rule">
        <RuleControl
          maxPoints={maxPoints}
          automatic={checkMethod === 'automatic'}
          regular={kind === 'regular'}
        />
      </Form.Item>
    </Form>
  );
}
