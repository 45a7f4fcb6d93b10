import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  List,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { skipToken, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { errorText } from '../../../shared/api-client.js';
import { dayjsToIso, isoToDayjs, todayIso } from '../../../shared/date-values.js';
import { DateField } from '../../../shared/form-fields.js';
import { affectedBy, assessmentKeys } from '../../../shared/query-keys.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { getSpotCheck, recordSpotCheck } from '../api/spot-checks.js';
import type { RecordSpotCheckInput, SpotCheck } from '../../../../contract/spot-checks.js';

type VisitForm = Omit<RecordSpotCheckInput, 'checkedOn'> & { checkedOn: Dayjs | null };

function VisitEditor({ check }: { check: SpotCheck }) {
  const [form] = Form.useForm<VisitForm>();
  const save = useSubmit({
    submit: (values: VisitForm) => {
      const { checkedOn, ...rest } = dayjsToIso(values, ['checkedOn']);
      return recordSpotCheck(check.id, { ...rest, checkedOn: checkedOn ?? '' });
    },
    invalidates: affectedBy.assessment,
    form,
  });
  const options = check.indicators.map((i) => ({
    value: i.key,
    label: `${i.category} · ${i.name}（${i.maxPoints}分）`,
  }));
  const maxOf = (key: string | undefined) => check.indicators.find((i) => i.key === key)?.maxPoints ?? 100;
  return (
    <Form<VisitForm>
      form={form}
      layout="vertical"
      data-testid="spot-visit-form"
      initialValues={isoToDayjs(
        {
          // A visit is usually recorded the day it happens.
          checkedOn: check.checkedOn ?? todayIso(),
          checkers: check.checkers,
          findings: check.findingsList.map((f) => ({
            indicatorKey: f.indicatorKey,
            points: f.points,
            reason: f.reason,
            fileIds: f.files.map((file) => file.id),
          })),
        },
        ['checkedOn'],
      )}
      // Every value, not only the fields shown: a finding's files travel with it unseen.
      onFinish={() => save.run(form.getFieldsValue(true))}
    >
      {save.error && <Alert type="error" showIcon title={save.error} style={{ marginBottom: 16 }} />}
      <DateField name="checkedOn" label="检查日期" past required="请选择检查日期" />
      <Form.Item label="检查人员" name="checkers" rules={[{ required: true, message: '请填写检查人员' }]}>
        <Select mode="tags" placeholder="输入姓名后回车" tokenSeparators={['，', ',', '、', ' ']} />
      </Form.Item>
      <Form.List name="findings">
        {(fields, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text strong>发现的问题</Typography.Text>
            {fields.map((field, i) => (
              <div key={field.key} className="spot-finding" data-testid="spot-finding">
                <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                  <Typography.Text>第{i + 1}条</Typography.Text>
                  <Button
                    size="small"
                    icon={<DeleteOutlined />}
                    aria-label="删除"
                    onClick={() => remove(field.name)}
                  />
                </Space>
                <Form.Item
                  label="考核指标"
                  name={[field.name, 'indicatorKey']}
                  rules={[{ required: true, message: '请选择扣分的考核指标' }]}
                >
                  <Select options={options} showSearch optionFilterProp="label" />
                </Form.Item>
                <Form.Item noStyle dependencies={[['findings', field.name, 'indicatorKey']]}>
                  {() => (
                    <Form.Item
                      label="扣分"
                      name={[field.name, 'points']}
                      rules={[{ required: true, message: '请填写扣分' }]}
                    >
                      <InputNumber
                        min={0}
                        max={maxOf(form.getFieldValue(['findings', field.name, 'indicatorKey']))}
                        step={0.5}
                      />
                    </Form.Item>
                  )}
                </Form.Item>
                <Form.Item
                  label="问题及扣分原因"
                  name={[field.name, 'reason']}
                  rules={[{ required: true, whitespace: true, message: '请写明扣分原因' }]}
                >
                  <Input.TextArea rows={2} maxLength={500} />
                </Form.Item>
              </div>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ points: 0.5, fileIds: [] })}
              data-testid="spot-add-finding"
            >
              增加问题
            </Button>
          </Space>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={save.submitting} style={{ marginTop: 16 }}>
        保存检查记录
      </Button>
    </Form>
  );
}

/** One drawn org's on-site check: recorded by checkers and organizers, read by everyone in scope. */
export function SpotCheckDrawer({ checkId, onClose }: { checkId: number | null; onClose: () => void }) {
  const phone = useIsPhone();
  const { data, error } = useQuery({
    queryKey: assessmentKeys.spotCheck(checkId ?? 0),
    queryFn: checkId === null ? skipToken : ({ signal }) => getSpotCheck(checkId, signal),
  });
  const check = data && data.id === checkId ? data : undefined;
  return (
    <Drawer
      title={check ? `抽查记录：${check.orgName}` : '抽查记录'}
      open={checkId !== null}
      onClose={onClose}
      placement={phone ? 'bottom' : 'right'}
      size={phone ? '90%' : 640}
      data-testid="spot-drawer"
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={errorText(error)} />}
      {!check && !error && <Skeleton active />}
      {check &&
        (check.writable ? (
          <VisitEditor key={check.updatedAt} check={check} />
        ) : (
          <List
            header={`${check.checkedOn ?? '尚未检查'} ${check.checkers.join('、')}`}
            dataSource={check.findingsList}
            locale={{ emptyText: '没有记录问题' }}
            renderItem={(f) => (
              <List.Item>
                <List.Item.Meta
                  title={`${f.indicatorName ?? f.indicatorKey}：扣${f.points}分`}
                  description={f.reason}
                />
              </List.Item>
            )}
          />
        ))}
    </Drawer>
  );
}
