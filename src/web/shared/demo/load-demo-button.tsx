import { DatabaseOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useNavigate } from 'react-router';
import { useSubmit } from '../use-submit.js';
import { loadDemo } from './load-demo.js';

/**
 * The first-run offer: fill the empty system with the demo county (the same as `npx shuping demo`),
 * after a confirmation, then open its dashboard.
 */
export function LoadDemoButton({ style }: { style?: React.CSSProperties }) {
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const load = useSubmit({
    submit: () => loadDemo(),
    invalidates: 'everything',
    onSuccess: (result) => {
      void message.success(
        // Registry records, not the figures of today: they include dissolved orgs, applicants,
        // activists and members who have left, so the dashboard's counts are smaller.
        `已载入「${result.rootName}」：组织记录 ${result.orgs} 条，人员记录 ${result.members} 条（含已撤销的组织和入党申请人等）`,
      );
      void navigate(`/dashboard?orgId=${result.rootId}`);
    },
  });

  function confirm() {
    modal.confirm({
      title: '载入演示县？',
      content:
        '将生成一个包含若干乡镇、村（社区）党组织和数千名党员的演示县，供熟悉系统使用。演示数据只能载入空系统，载入后须逐个删除，请勿在正式环境中使用。',
      okText: '载入',
      cancelText: '取消',
      onOk: () => {
        const hide = message.loading('正在生成并载入演示数据，请稍候…', 0);
        return load
          .runAsync(undefined)
          .catch(() => undefined)
          .finally(hide);
      },
    });
  }

  return (
    <Button
      icon={<DatabaseOutlined />}
      loading={load.submitting}
      onClick={confirm}
      data-testid="load-demo"
      style={style}
    >
      载入演示县
    </Button>
  );
}
