import { Alert, Button, Card, Form, InputNumber, List, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { maxSpotCheckSize, spotCheckSeedRange } from '../../../../domain/spot-checks.js';
import { errorText } from '../../../shared/api-client.js';
import { affectedBy, assessmentKeys } from '../../../shared/query-keys.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { drawSpotChecks, listSpotChecks } from '../api/spot-checks.js';
import { SpotCheckDrawer } from './spot-check-drawer.js';
import type { Cycle } from '../../../../contract/cycles.js';
import type { DrawSpotChecksInput, SpotCheckSummary } from '../../../../contract/spot-checks.js';

const checkedText = (c: SpotCheckSummary) =>
  c.checkedOn ? `${c.checkedOn} 检查，${c.findings}个问题，扣${c.points}分` : '尚未记录';

function DrawForm({ cycle, available }: { cycle: Cycle; available: number }) {
  const [form] = Form.useForm<Omit<DrawSpotChecksInput, 'cycleId'>>();
  const draw = useSubmit({
    submit: (values: Omit<DrawSpotChecksInput, 'cycleId'>) =>
      drawSpotChecks({ cycleId: cycle.id, size: values.size, ...(values.seed ? { seed: values.seed } : {}) }),
    invalidates: affectedBy.assessment,
    form,
    onSuccess: () => form.resetFields(),
  });
  return (
    <Form form={form} layout="inline" onFinish={draw.run} data-testid="spot-draw-form">
      {draw.error && (
        <Alert type="error" showIcon title={draw.error} style={{ width: '100%', marginBottom: 8 }} />
      )}
      <Form.Item label="抽查数量" name="size" rules={[{ required: true, message: '请填写抽查数量' }]}>
        <InputNumber min={1} max={Math.min(maxSpotCheckSize, Math.max(available, 1))} />
      </Form.Item>
      <Form.Item label="随机种子" name="seed" extra="不填则由系统生成；记录在案，可据此复现抽签结果">
        <InputNumber min={spotCheckSeedRange.min} max={spotCheckSeedRange.max} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={draw.submitting} disabled={available === 0}>
          抽签
        </Button>
      </Form.Item>
    </Form>
  );
}

/** 抽查: seeded draws from the reporting set, then the on-site findings of each drawn org. */
export function SpotChecksTab({ cycle }: { cycle: Cycle }) {
  const phone = useIsPhone();
  const [open, setOpen] = useState<number | null>(null);
  const { data, error, isFetching } = useQuery({
    queryKey: assessmentKeys.spotChecks(cycle.id),
    queryFn: ({ signal }) => listSpotChecks(cycle.id, signal),
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!data) return null;
  const openButton = (c: SpotCheckSummary) => (
    <Button type="link" onClick={() => setOpen(c.id)} data-testid={`spot-open-${c.orgId}`}>
      检查记录
    </Button>
  );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">
        从述职范围内尚未抽中的组织中随机抽取（尚可抽取{data.available}
        个）。抽签的随机种子和候选名单记录在案，任何人可据此复现结果；现场发现的问题按指标扣分，计入日常考核。
      </Typography.Paragraph>
      {data.writable && <DrawForm cycle={cycle} available={data.available} />}
      {data.items.length === 0 && <Typography.Text type="secondary">尚未抽签</Typography.Text>}
      {data.items.map((draw, i) => (
        <Card
          key={draw.id}
          size="small"
          data-testid="spot-draw"
          title={`第${i + 1}次抽签：${draw.drawnOn}`}
          extra={<span data-testid="spot-seed">随机种子 {draw.seed}</span>}
        >
          <Typography.Paragraph type="secondary">
            从{draw.pool.length}个组织中抽取{draw.size}个
            {draw.drawnByName ? `，抽签人${draw.drawnByName}` : ''}
          </Typography.Paragraph>
          {phone ? (
            <List
              dataSource={draw.checks}
              loading={isFetching}
              renderItem={(c) => (
                <List.Item actions={[openButton(c)]}>
                  <List.Item.Meta title={`${c.position}. ${c.orgName}`} description={checkedText(c)} />
                </List.Item>
              )}
            />
          ) : (
            <Table<SpotCheckSummary>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={draw.checks}
              locale={{ emptyText: '抽中的组织不在您的管辖范围内' }}
              columns={[
                { title: '顺序', dataIndex: 'position', width: 64 },
                { title: '组织', dataIndex: 'orgName' },
                { title: '检查情况', render: (_, c) => checkedText(c) },
                { title: '操作', width: 100, render: (_, c) => openButton(c) },
              ]}
            />
          )}
        </Card>
      ))}
      <SpotCheckDrawer checkId={open} onClose={() => setOpen(null)} />
    </Space>
  );
}
