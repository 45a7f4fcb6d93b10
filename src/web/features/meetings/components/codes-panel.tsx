import { PrinterOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Form, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { affectedBy, meetingKeys } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { createCodes, getTurnout, listCodes } from '../api/meetings.js';
import type { BallotCodeRow, CreateCodesInput, Meeting } from '../../../../contract/meetings.js';

/** 已发/已用 of each category, formal codes and rehearsal codes apart. */
function CodeCounts({ meeting }: { meeting: Meeting }) {
  const { data } = useQuery({
    queryKey: meetingKeys.turnout(meeting.id),
    queryFn: ({ signal }) => getTurnout(meeting.id, signal),
  });
  if (!data) return null;
  const rows = [
    ...data.categories.map((c) => ({ ...c, rehearsal: false })),
    ...data.rehearsal.map((c) => ({ ...c, rehearsal: true })),
  ];
  return (
    <Table
      rowKey={(r) => `${r.category}-${r.rehearsal}`}
      size="small"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: '还没有生成测评码' }}
      data-testid="code-counts"
      columns={[
        {
          title: '评议人类别',
          render: (_, r) => (
            <Space size={4}>
              {r.label}
              {r.rehearsal && <Tag color="orange">模拟</Tag>}
            </Space>
          ),
        },
        { title: '已发', dataIndex: 'issued', width: 80 },
        { title: '已用', dataIndex: 'used', width: 80 },
      ]}
    />
  );
}

/** 测评码: generate a batch per category, see what was issued and used, open the print sheet. */
export function CodesPanel({ meeting, writable }: { meeting: Meeting; writable: boolean }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateCodesInput>();
  const { data, isFetching } = useQuery({
    queryKey: meetingKeys.codes(meeting.id),
    queryFn: ({ signal }) => listCodes(meeting.id, signal),
    enabled: writable,
  });
  const generate = useSubmit({
    submit: (input: CreateCodesInput) => createCodes(meeting.id, input),
    invalidates: affectedBy.meetings,
    form,
    onSuccess: (codes) => void message.success(`已生成 ${codes.items.length} 个测评码`),
  });
  const label = (key: string) => meeting.categories.find((c) => c.key === key)?.label ?? key;
  const canGenerate = writable && meeting.voting !== 'closed';
  const survey = meeting.kind === 'satisfaction';
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph type="secondary">
        {survey
          ? '满意度测评的测评码按村（测评对象）和评议人类别生成，每个码只能投一次票，只评价所属的村，在该村的村民代表大会上发放。'
          : '每个测评码只能投一次票，按评议人类别生成，打印后在会场入口逐人发放。'}
        模拟测评用码另行生成，其测评票单独存放、不计入结果，可一键清除。
      </Typography.Paragraph>
      {canGenerate && (
        <Form
          form={form}
          layout="inline"
          className="codes-form"
          disabled={generate.submitting}
          initialValues={{
            category: meeting.categories[0]?.key,
            count: 10,
            rehearsal: false,
            orgId: survey ? meeting.reporters[0]?.orgId : undefined,
          }}
          onFinish={generate.run}
        >
          {survey && (
            <Form.Item name="orgId" label="测评对象" rules={[{ required: true, message: '请选择' }]}>
              <Select
                style={{ minWidth: 180 }}
                options={meeting.reporters.map((r) => ({ value: r.orgId, label: r.orgName }))}
                data-testid="codes-org"
              />
            </Form.Item>
          )}
          <Form.Item name="category" label="评议人类别" rules={[{ required: true, message: '请选择' }]}>
            <Select
              style={{ minWidth: 180 }}
              options={meeting.categories.map((c) => ({ value: c.key, label: c.label }))}
              data-testid="codes-category"
            />
          </Form.Item>
          <Form.Item name="count" label="数量" rules={[{ required: true, message: '请填写数量' }]}>
            <InputNumber min={1} max={500} precision={0} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="rehearsal" valuePropName="checked">
            <Checkbox>模拟测评用码</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={generate.submitting} data-testid="codes-generate">
            生成测评码
          </Button>
        </Form>
      )}
      <CodeCounts meeting={meeting} />
      {writable && (
        <>
          <Button
            icon={<PrinterOutlined />}
            disabled={!data?.items.length}
            onClick={() => void navigate(`/meetings/${meeting.id}/codes/print`)}
            data-testid="codes-print"
            style={{ alignSelf: 'flex-start' }}
          >
            打印测评码
          </Button>
          <Table<BallotCodeRow>
            rowKey="serial"
            size="small"
            loading={isFetching}
            dataSource={data?.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 480 }}
            data-testid="codes"
            columns={[
              { title: '序号', dataIndex: 'serial', width: 70 },
              {
                title: '测评码',
                dataIndex: 'code',
                render: (c: string) => <span className="code-text">{c}</span>,
              },
              ...(survey
                ? [{ title: '测评对象', render: (_: unknown, c: BallotCodeRow) => c.orgName ?? '—' }]
                : []),
              {
                title: '类别',
                render: (_, c) => (
                  <Space size={4}>
                    {label(c.category)}
                    {c.rehearsal && <Tag color="orange">模拟</Tag>}
                  </Space>
                ),
              },
              {
                title: '状态',
                width: 80,
                render: (_, c) => (c.used ? <Tag color="green">已用</Tag> : <Tag>未用</Tag>),
              },
            ]}
          />
        </>
      )}
    </Space>
  );
}
