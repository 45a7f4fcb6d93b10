import {
  Alert,
  Button,
  Checkbox,
  Form,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { orgDomainLabels, orgDomains, orgLevelLabels, orgLevels } from '../../../../domain/org-tree.js';
import { schemeAudienceLabels } from '../../../../domain/schemes.js';
import { errorText } from '../../../shared/api-client.js';
import { affectedBy, cycleKeys } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { getReportingSet, saveReportingSet } from '../api/reporting-set.js';
import type { Cycle, ReportingCandidate, ReportingRule } from '../../../../contract/cycles.js';

type RuleForm = Pick<ReportingRule, 'depth' | 'levels' | 'domains'>;

/** The rule with one org put in or taken out of the set, by hand. */
function toggled(rule: ReportingRule, org: ReportingCandidate): ReportingRule {
  const without = (ids: number[]) => ids.filter((id) => id !== org.id);
  if (org.selected)
    return org.added
      ? { ...rule, include: without(rule.include) }
      : { ...rule, exclude: [...rule.exclude, org.id] };
  return org.removed
    ? { ...rule, exclude: without(rule.exclude) }
    : { ...rule, include: [...rule.include, org.id] };
}

function stateTag(c: ReportingCandidate) {
  if (c.selected) return c.added ? <Tag color="blue">另行加入</Tag> : <Tag color="green">按规则选入</Tag>;
  return c.removed ? <Tag color="red">已移出</Tag> : <Tag>未选</Tag>;
}

/** 述职范围: the rule (levels, domains, depth) and single orgs added or removed; dissolved orgs never appear. */
export function ReportingSetTab({ cycle }: { cycle: Cycle }) {
  const [form] = Form.useForm<RuleForm>();
  const { data, error, isFetching } = useQuery({
    queryKey: cycleKeys.reportingSet(cycle.id),
    queryFn: ({ signal }) => getReportingSet(cycle.id, signal),
  });
  const save = useSubmit({
    submit: (rule: ReportingRule) => saveReportingSet(cycle.id, rule),
    invalidates: affectedBy.cycles,
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!data) return null;
  const columns: TableColumnsType<ReportingCandidate> = [
    { title: '组织', dataIndex: 'name' },
    { title: '上级组织', dataIndex: 'parentName' },
    { title: '层级', render: (_, c) => orgLevelLabels[c.level] },
    { title: '领域', render: (_, c) => (c.domain ? orgDomainLabels[c.domain] : '—') },
    { title: '适用方案', render: (_, c) => schemeAudienceLabels[c.audience] },
    { title: '状态', render: (_, c) => stateTag(c) },
    ...(cycle.writable
      ? [
          {
            title: '操作',
            render: (_: unknown, c: ReportingCandidate) => (
              <Button size="small" type="link" onClick={() => save.run(toggled(data.rule, c))}>
                {c.selected ? '移出' : '加入'}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <Form
        form={form}
        layout="inline"
        disabled={!cycle.writable || save.submitting}
        initialValues={data.rule}
        onFinish={(values) => save.run({ ...data.rule, ...values })}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item label="范围" name="depth">
          <Radio.Group
            options={[
              { value: 'children', label: '直属下级' },
              { value: 'subtree', label: '全部下级' },
            ]}
          />
        </Form.Item>
        <Form.Item label="层级" name="levels">
          <Checkbox.Group
            options={orgLevels
              .filter((l) => l !== 'county')
              .map((l) => ({ value: l, label: orgLevelLabels[l] }))}
          />
        </Form.Item>
        <Form.Item label="领域" name="domains">
          <Select
            mode="multiple"
            allowClear
            placeholder="不限"
            style={{ minWidth: 220 }}
            options={orgDomains.map((d) => ({ value: d, label: orgDomainLabels[d] }))}
          />
        </Form.Item>
        {cycle.writable && (
          <Button type="primary" htmlType="submit" loading={save.submitting}>
            按规则重新选取
          </Button>
        )}
      </Form>
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text data-testid="reporter-count">已选 {data.count} 个组织</Typography.Text>
        <Typography.Text type="secondary">
          （共 {data.candidates.length} 个可选组织，已撤销的组织不列出）
        </Typography.Text>
      </Space>
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data.candidates}
        loading={isFetching || save.submitting}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 700 }}
        data-testid="reporting-set"
      />
    </>
  );
}
