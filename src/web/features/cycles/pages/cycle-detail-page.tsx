import { Alert, App, Button, Card, Form, Input, Modal, Space, Spin, Tabs, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { can } from '../../../../domain/access.js';
import { cycleStatusLabels, nextCycleStatus } from '../../../../domain/cycles.js';
import { errorText } from '../../../shared/api-client.js';
import { affectedBy, cycleKeys } from '../../../shared/query-keys.js';
import { useCurrentUser } from '../../../shared/session/auth-context.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { getCycle, reopenCycle, setCycleStatus } from '../api/cycles.js';
import { CycleInfoTab } from '../components/cycle-info-tab.js';
import { CycleStatusTag, cyclePeriodText } from '../components/cycle-labels.js';
import { MeetingsTab } from '../components/meetings-tab.js';
import { ReportingSetTab } from '../components/reporting-set-tab.js';
import { ReportsTab } from '../components/reports-tab.js';
import { RoutineTab } from '../components/routine-tab.js';
import { SchemeTab } from '../components/scheme-tab.js';
import { SpotChecksTab } from '../components/spot-checks-tab.js';
import { TargetLettersTab } from '../components/target-letters-tab.js';
import type { ReactNode } from 'react';
import type { Cycle } from '../../../../contract/cycles.js';

/** What moving on to each status means, said in the confirmation. */
const stepTexts = {
  open: { button: '开始考核', content: '开始后考核方案的修改将另存为新版本，已有版本保留可查。' },
  reviewing: { button: '进入评议', content: '进入述职评议阶段。' },
  closed: { button: '结束周期', content: '结束后本周期及其期间的台账只读，重新开启需系统管理员写明原因。' },
} as const;

function StatusActions({ cycle }: { cycle: Cycle }) {
  const user = useCurrentUser();
  const { modal } = App.useApp();
  const [reopening, setReopening] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const step = useSubmit({
    submit: (status: 'open' | 'reviewing' | 'closed') => setCycleStatus(cycle.id, { status }),
    invalidates: affectedBy.cycles,
  });
  const reopen = useSubmit({
    submit: ({ reason }: { reason: string }) => reopenCycle(cycle.id, { reason }),
    invalidates: affectedBy.cycles,
    form,
    onSuccess: () => setReopening(false),
  });
  const next = nextCycleStatus[cycle.status];
  return (
    <Space wrap>
      {next && cycle.writable && (
        <Button
          type={next === 'closed' ? 'default' : 'primary'}
          danger={next === 'closed'}
          data-testid="cycle-next-status"
          onClick={() =>
            modal.confirm({
              title: `${stepTexts[next].button}：将“${cycle.name}”改为“${cycleStatusLabels[next]}”？`,
              content: stepTexts[next].content,
              okText: stepTexts[next].button,
              cancelText: '取消',
              onOk: () => step.runAsync(next).catch(() => undefined),
            })
          }
        >
          {stepTexts[next].button}
        </Button>
      )}
      {cycle.status === 'closed' && can(user.role, 'cycle.reopen') && (
        <Button danger onClick={() => setReopening(true)} data-testid="cycle-reopen">
          重新开启
        </Button>
      )}
      <Modal
        title="重新开启考核周期"
        open={reopening}
        okText="重新开启"
        okButtonProps={{
          danger: true,
          htmlType: 'submit',
          form: 'cycle-reopen-form',
          loading: reopen.submitting,
        }}
        cancelText="取消"
        onCancel={() => setReopening(false)}
        destroyOnHidden
      >
        <Form form={form} id="cycle-reopen-form" layout="vertical" onFinish={reopen.run}>
          {reopen.error && <Alert type="error" showIcon title={reopen.error} style={{ marginBottom: 16 }} />}
          <Typography.Paragraph type="secondary">周期将回到“评议中”，原因记入审计日志。</Typography.Paragraph>
          <Form.Item
            label="原因"
            name="reason"
            rules={[
              { required: true, whitespace: true, message: '请写明重新开启的原因' },
              { min: 2, message: '原因至少 2 个字' },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** A tab another feature adds (composed in src/web/app/, since features do not import each other). */
export interface CycleTab {
  key: string;
  label: string;
  render: (cycle: Cycle) => ReactNode;
}

/** The tabs, each reachable by `?tab=` so a reload, a shared link or the back button keeps it. */
const tabKeys = [
  'info',
  'reporters',
  'scheme',
  'routine',
  'letters',
  'spot-checks',
  'reports',
  'meetings',
] as const;

export function CycleDetailPage({ moreTabs = [] }: { moreTabs?: readonly CycleTab[] }) {
  const id = Number(useParams().id);
  const [searchParams, setSearchParams] = useSearchParams();
  const asked = searchParams.get('tab');
  const tab = [...tabKeys, ...moreTabs.map((t) => t.key)].find((k) => k === asked) ?? 'info';
  const { data: cycle, error } = useQuery({
    queryKey: cycleKeys.detail(id),
    queryFn: ({ signal }) => getCycle(id, signal),
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!cycle) return <Spin />;
  return (
    <Card
      title={
        <Space wrap>
          <Link to="/cycles">考核周期</Link>
          <span>/</span>
          <Typography.Text strong data-testid="cycle-name">
            {cycle.name}
          </Typography.Text>
          <CycleStatusTag status={cycle.status} />
        </Space>
      }
      extra={<StatusActions cycle={cycle} />}
    >
      <Typography.Paragraph type="secondary">
        {cycle.org.name} · {cyclePeriodText(cycle)} · {cycle.startsOn} 至 {cycle.endsOn}
        {cycle.status === 'closed' && ' · 已结束，内容只读'}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearchParams(key === 'info' ? {} : { tab: key }, { replace: true })}
        items={[
          { key: 'info', label: '基本信息', children: <CycleInfoTab cycle={cycle} /> },
          { key: 'reporters', label: '述职范围', children: <ReportingSetTab cycle={cycle} /> },
          { key: 'scheme', label: '考核方案', children: <SchemeTab cycle={cycle} /> },
          { key: 'routine', label: '日常考核', children: <RoutineTab cycle={cycle} /> },
          { key: 'letters', label: '目标责任书', children: <TargetLettersTab cycle={cycle} /> },
          { key: 'spot-checks', label: '抽查', children: <SpotChecksTab cycle={cycle} /> },
          { key: 'reports', label: '述职报告', children: <ReportsTab cycle={cycle} /> },
          { key: 'meetings', label: '述职评议会', children: <MeetingsTab cycle={cycle} /> },
          ...moreTabs.map((t) => ({ key: t.key, label: t.label, children: t.render(cycle) })),
        ]}
      />
    </Card>
  );
}
