import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Drawer,
  Form,
  InputNumber,
  Radio,
  Select,
  Space,
  Typography,
  type FormListFieldData,
} from 'antd';
import type { ReactNode } from 'react';
import { recordedComponents, type RecordedComponent } from '../../../../domain/results/cycle-inputs.js';
import { gradeLabelSets, grades, type GradeLabelSet } from '../../../../domain/results/grades.js';
import { affectedBy } from '../../../shared/query-keys.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { saveEvaluationSettings } from '../api/evaluations.js';
import {
  fromFormValues,
  thresholdGrades,
  toFormValues,
  weightTotal,
  type SettingsFormValues,
} from './settings-values.js';
import type { Evaluation } from '../../../../contract/evaluations.js';

const componentOptions = (Object.keys(recordedComponents) as RecordedComponent[]).map((key) => ({
  value: key,
  label: recordedComponents[key],
}));
const labelSetOptions = (Object.keys(gradeLabelSets) as GradeLabelSet[]).map((key) => ({
  value: key,
  label: Object.values(gradeLabelSets[key]).join('/'),
}));
const methodOptions = [
  { value: 'points', label: '等次计分（平均分）' },
  { value: 'excellentShare', label: '“好”票比例' },
  { value: 'bands', label: '按“好”票比例分档计分' },
];
const perOptions = [
  { value: 'all', label: '全部述职组织' },
  { value: 'group', label: '每个分组（乡镇）' },
];

const filled = [{ required: true, message: '请填写' }];
const chosen = [{ required: true, message: '请选择' }];

const percentInput = (label: string) => (
  <InputNumber min={0} max={100} suffix="%" aria-label={label} style={{ width: 110 }} />
);

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <section className="settings-section">
      <Typography.Title level={5}>{title}</Typography.Title>
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
      {children}
    </section>
  );
}

/** A removable row of a Form.List: its fields side by side, wrapping on a phone. */
function ListRow({
  children,
  onRemove,
  label,
}: {
  children: ReactNode;
  onRemove: () => void;
  label: string;
}) {
  return (
    <div className="settings-row">
      {children}
      <Button type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={`删除${label}`} />
    </div>
  );
}

/** A list of rules (floors, quotas, bands): its rows and a button adding one like `newRow`. */
function RowList({
  name,
  label,
  newRow,
  children,
}: {
  name: (string | number)[];
  label: string;
  newRow: object;
  children: (field: FormListFieldData) => ReactNode;
}) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => (
            <ListRow key={field.key} onRemove={() => remove(field.name)} label={`该${label}`}>
              {children(field)}
            </ListRow>
          ))}
          <Button icon={<PlusOutlined />} size="small" onClick={() => add(newRow)}>
            添加{label}
          </Button>
        </>
      )}
    </Form.List>
  );
}

/**
 * 评价设置: the components and their weights, the grade lines, floors, quotas, the veto's grade, the
 * label set and how 民主测评 is scored. Saving recomputes the trial results.
 */
export function SettingsDrawer({
  evaluation,
  open,
  onClose,
}: {
  evaluation: Evaluation;
  open: boolean;
  onClose: () => void;
}) {
  const phone = useIsPhone();
  const [form] = Form.useForm<SettingsFormValues>();
  const save = useSubmit({
    submit: (values: SettingsFormValues) =>
      saveEvaluationSettings(evaluation.cycleId, fromFormValues(values)),
    invalidates: affectedBy.evaluations,
    form,
    onSuccess: onClose,
  });
  const labelSet = Form.useWatch(['config', 'labels'], form) ?? evaluation.settings.config.labels;
  const labels = gradeLabelSets[labelSet];
  const gradeOptions = grades.map((g) => ({ value: g, label: labels[g] }));
  const kind = Form.useWatch(['appraisalMethod', 'kind'], form);
  const total = weightTotal(Form.useWatch(['config', 'components'], form));
  return (
    <Drawer
      title="评价设置"
      open={open}
      onClose={onClose}
      size={phone ? '100%' : 720}
      destroyOnHidden
      data-testid="evaluation-settings"
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button
            type="primary"
            htmlType="submit"
            form="evaluation-settings-form"
            loading={save.submitting}
            data-testid="evaluation-settings-save"
          >
            保存并试算
          </Button>
        </Space>
      }
    >
      <Form
        form={form}
        id="evaluation-settings-form"
        layout="vertical"
        initialValues={toFormValues(evaluation.settings)}
        onFinish={save.run}
      >
        {save.error && <Alert type="error" showIcon title={save.error} style={{ marginBottom: 16 }} />}
        <Section
          title="评价组成和权重"
          hint="综合得分 = 各项得分折合百分制后按权重相加；某项未记录时其余各项权重按比例放大。"
        >
          <Form.List name={['config', 'components']}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field) => (
                  <ListRow key={field.key} onRemove={() => remove(field.name)} label="该组成">
                    <Form.Item name={[field.name, 'key']} label="组成" rules={chosen}>
                      <Select options={componentOptions} style={{ width: 130 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'weight']} label="权重" rules={filled}>
                      {percentInput('权重')}
                    </Form.Item>
                    <Form.Item name={[field.name, 'max']} label="满分" rules={filled}>
                      <InputNumber min={1} max={1000} style={{ width: 90 }} aria-label="满分" />
                    </Form.Item>
                  </ListRow>
                ))}
                <Form.ErrorList errors={errors} />
                <Space wrap>
                  <Typography.Text type={total === 100 ? 'secondary' : 'danger'} data-testid="weight-sum">
                    权重合计 {total}%{total !== 100 && '，应为 100%'}
                  </Typography.Text>
                  {fields.length < componentOptions.length && (
                    <Button
                      icon={<PlusOutlined />}
                      onClick={() => add({ key: undefined, weight: 0, max: 100 })}
                      size="small"
                    >
                      添加组成
                    </Button>
                  )}
                </Space>
              </>
            )}
          </Form.List>
        </Section>
        <Section
          title="定等分数线"
          hint={`综合得分达到分数线即得该等次；低于“${labels.fair}”分数线为“${labels.poor}”。留空表示不设。`}
        >
          <div className="settings-row">
            {thresholdGrades.map((grade, i) => (
              <Form.Item
                key={grade}
                name={['config', 'thresholds', i, 'minScore']}
                label={`“${labels[grade]}”不低于`}
              >
                <InputNumber min={0} max={100} suffix="分" style={{ width: 110 }} />
              </Form.Item>
            ))}
          </div>
        </Section>
        <Section
          title="测评比例封顶"
          hint="民主测评中所选等次的票数比例超过设定值时，等次最高只能定为所设等次。"
        >
          <RowList
            name={['config', 'floors']}
            label="封顶规则"
            newRow={{ grades: ['poor'], moreThan: 33.33, capAt: 'fair' }}
          >
            {(field) => (
              <>
                <Form.Item name={[field.name, 'grades']} label="等次合计" rules={chosen}>
                  <Select mode="multiple" options={gradeOptions} style={{ minWidth: 150 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'moreThan']} label="超过" rules={filled}>
                  {percentInput('超过比例')}
                </Form.Item>
                <Form.Item name={[field.name, 'capAt']} label="等次最高为" rules={chosen}>
                  <Select options={gradeOptions} style={{ width: 110 }} />
                </Form.Item>
              </>
            )}
          </RowList>
        </Section>
        <Section title="名额限制" hint="按排名依次确定，超出名额的降一等。">
          <RowList
            name={['config', 'quotas']}
            label="名额限制"
            newRow={{ grade: 'excellent', maxShare: 30, per: 'all' }}
          >
            {(field) => (
              <>
                <Form.Item name={[field.name, 'grade']} label="等次" rules={chosen}>
                  <Select options={gradeOptions.filter((g) => g.value !== 'poor')} style={{ width: 110 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'maxShare']} label="最多占" rules={filled}>
                  {percentInput('名额比例')}
                </Form.Item>
                <Form.Item name={[field.name, 'per']} label="范围">
                  <Select options={perOptions} style={{ width: 160 }} />
                </Form.Item>
              </>
            )}
          </RowList>
        </Section>
        <Section title="等次称谓和一票否决">
          <div className="settings-row">
            <Form.Item name={['config', 'labels']} label="等次称谓">
              <Radio.Group options={labelSetOptions} />
            </Form.Item>
            <Form.Item name={['config', 'vetoGrade']} label="一票否决定为">
              <Select options={gradeOptions} style={{ width: 110 }} />
            </Form.Item>
          </div>
        </Section>
        <Section title="民主测评计分">
          <Form.Item name={['appraisalMethod', 'kind']}>
            <Radio.Group options={methodOptions} />
          </Form.Item>
          {kind === 'points' && (
            <div className="settings-row">
              {grades.map((g) => (
                <Form.Item
                  key={g}
                  name={['appraisalMethod', 'points', g]}
                  label={`“${labels[g]}”计`}
                  rules={filled}
                >
                  <InputNumber min={0} max={1000} style={{ width: 90 }} />
                </Form.Item>
              ))}
            </div>
          )}
          {kind === 'excellentShare' && (
            <Typography.Paragraph type="secondary">
              以“{labels.excellent}”票占有效票的百分比作为民主测评得分。
            </Typography.Paragraph>
          )}
          {kind === 'bands' && (
            <>
              <RowList name={['appraisalMethod', 'bands']} label="分档" newRow={{ minShare: 0, points: 0 }}>
                {(field) => (
                  <>
                    <Form.Item
                      name={[field.name, 'minShare']}
                      label={`“${labels.excellent}”票不低于`}
                      rules={filled}
                    >
                      {percentInput('好票比例')}
                    </Form.Item>
                    <Form.Item name={[field.name, 'points']} label="计分" rules={filled}>
                      <InputNumber min={0} max={1000} style={{ width: 90 }} />
                    </Form.Item>
                  </>
                )}
              </RowList>
              <Form.Item
                name={['appraisalMethod', 'lowerWhenFairPoorShare']}
                label={`“${labels.fair}”“${labels.poor}”票合计达到该比例时降一档（留空不降）`}
                style={{ marginTop: 16 }}
              >
                {percentInput('降档比例')}
              </Form.Item>
            </>
          )}
        </Section>
      </Form>
    </Drawer>
  );
}
