import { Alert, Button, Col, Form, InputNumber, Radio, Row, Switch, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import {
  categoryWeightProblem,
  votingModeLabels,
  votingModes,
  type BallotItem,
  type MeetingRules,
  type PanelistCategory,
} from '../../../../domain/meetings.js';
import { MeetingBasicFields } from '../../../shared/meetings/meeting-fields.js';
import { affectedBy, cycleKeys } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { getCycleReporters, updateMeeting } from '../api/meetings.js';
import { KeyedList } from './keyed-list.js';
import { ReporterOrder, type ReporterEntry } from './reporter-order.js';
import type { Meeting } from '../../../../contract/meetings.js';

interface Values extends MeetingRules {
  name: string;
  heldOn: Dayjs;
  venue: string;
  reporters: ReporterEntry[];
  items: BallotItem[];
  categories: PanelistCategory[];
}

const valuesOf = (m: Meeting): Values => ({
  name: m.name,
  heldOn: dayjs(m.heldOn),
  venue: m.venue,
  ...m.rules,
  reporters: m.reporters.map((r) => ({ orgId: r.orgId, mode: r.mode })),
  items: m.items,
  categories: m.categories,
});

function WeightWarning({ categories }: { categories: PanelistCategory[] | undefined }) {
  const problem = categoryWeightProblem(categories ?? []);
  return problem ? <Alert type="warning" showIcon title={problem} data-testid="weight-warning" /> : null;
}

/**
 * 基本信息, rules, 述职顺序, 测评项目 and 评议人类别: one form saved as a whole (the API replaces
 * them together), editable until voting opens.
 */
export function MeetingSettings({ meeting, writable }: { meeting: Meeting; writable: boolean }) {
  const [form] = Form.useForm<Values>();
  const editable = writable && meeting.voting === 'notOpened';
  const survey = meeting.kind === 'satisfaction';
  const categories = Form.useWatch('categories', form);
  const { data: reportingSet } = useQuery({
    queryKey: cycleKeys.reportingSet(meeting.cycleId),
    queryFn: ({ signal }) => getCycleReporters(meeting.cycleId, signal),
    enabled: editable,
  });
  const save = useSubmit({
    submit: ({ heldOn, allowAbstain, minBallots, votingMode, ...values }: Values) =>
      updateMeeting(meeting.id, {
        ...values,
        heldOn: heldOn.format('YYYY-MM-DD'),
        rules: { allowAbstain, minBallots, votingMode },
        categories: values.categories.map((c) => ({ ...c, weight: c.weight ?? null })),
      }),
    invalidates: affectedBy.meetings,
    form,
  });
  const names = new Map<number, string>([
    ...(reportingSet?.candidates ?? []).map((c) => [c.id, c.name] as const),
    ...meeting.reporters.map((r) => [r.orgId, r.orgName] as const),
  ]);
  const inSet = (reportingSet?.candidates ?? []).filter((c) => c.selected).map((c) => c.id);
  return (
    <Form
      form={form}
      layout="vertical"
      disabled={!editable || save.submitting}
      initialValues={valuesOf(meeting)}
      onFinish={save.run}
      data-testid="meeting-settings"
    >
      {!editable && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            meeting.voting === 'notOpened'
              ? '只有组织本周期考核的党组织的工作人员可以修改评议会设置。'
              : '测评已开始：设置、述职顺序和测评项目已锁定，以保证每张测评票针对同一份测评表。'
          }
        />
      )}
      {save.error && <Alert type="error" showIcon title={save.error} style={{ marginBottom: 16 }} />}
      <Row gutter={24}>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>基本信息</Typography.Title>
          <MeetingBasicFields />
          {/* A survey is voted all at once, every question required: nothing to choose. */}
          <Form.Item
            hidden={survey}
            name="votingMode"
            label="投票方式"
            extra="逐人投票：每位书记述职后由主持人单独开始、结束对其的投票；统一投票：全部述职后一次投完"
          >
            <Radio.Group
              optionType="button"
              options={votingModes.map((mode) => ({ value: mode, label: votingModeLabels[mode] }))}
            />
          </Form.Item>
          <Form.Item
            hidden={survey}
            name="allowAbstain"
            label="允许弃权"
            valuePropName="checked"
            extra="允许时，未选的项目计为弃权；否则每项必选"
          >
            <Switch />
          </Form.Item>
          <Form.Item
            name="minBallots"
            label="最少有效票数"
            extra="某述职组织的有效票少于此数时不出测评结果"
            rules={[{ required: true, message: '请填写最少有效票数' }]}
          >
            <InputNumber min={1} max={1000} precision={0} style={{ width: 120 }} />
          </Form.Item>
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>{survey ? '测评对象' : '述职顺序'}</Typography.Title>
          <Form.Item name="reporters" rules={[{ required: true, message: '至少要有一个述职组织' }]}>
            <ReporterOrder names={names} reportingSet={inSet} disabled={!editable} />
          </Form.Item>
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>测评项目</Typography.Title>
          <KeyedList form={form} name="items" what="测评项目" keyPrefix="item" disabled={!editable} />
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>评议人类别</Typography.Title>
          <Typography.Paragraph type="secondary">
            权重（%）用于民主测评得分按类别加权，如 20/40/40；都不填则不加权。
          </Typography.Paragraph>
          <KeyedList
            form={form}
            name="categories"
            what="评议人类别"
            keyPrefix="category"
            disabled={!editable}
            blank={{ weight: null }}
            extra={(field) => (
              <Form.Item name={[field, 'weight']} className="keyed-list-weight">
                <InputNumber min={0} max={100} suffix="%" placeholder="权重" aria-label="权重" />
              </Form.Item>
            )}
          />
          <WeightWarning categories={categories} />
        </Col>
      </Row>
      {editable && (
        <Button type="primary" htmlType="submit" loading={save.submitting} data-testid="meeting-save">
          保存设置
        </Button>
      )}
    </Form>
  );
}
