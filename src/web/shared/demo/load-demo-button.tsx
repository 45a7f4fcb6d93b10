import { DatabaseOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useErrorMessage } from '../../../lib/use-error-message.js';
import { loadDemo } from '../api/load-demo.js';

/**
 * The first-run offer: fill the empty system with the demo county (the same as `npx shuping demo`),
 * after a confirmation, then open its dashboard.
 */
export function LoadDemoButton({ style }: { style?: React.CSSProperties }) {
  const { modal, message } = App.useApp();
  const showError = useErrorMessage();
  const navigate = useNavigate();
  const [loading, setLoading] = useState(false);

  function confirm() {
    modal.confirm({
      title: '载入演示县？',
      content:
        '将生成一个包含若干乡镇、村（社区）党组织和数千名党员的演示县，供熟悉系统使用。演示数据只能载入空系统，载入后须逐个删除，请勿在正式环境中使用。',
      okText: '载入',
      cancelText: '取消',
      onOk: async () => {
        setLoading(true);
        const hide = message.loading('正在生成并载入演示数据，请稍候…', 0);
        try {
          const result = await loadDemo();
          void message.success(
            // Registry records, not the figures of today: they include dissolved orgs, applicants,
            // activists and members who have left, so the dashboard's counts are smaller.
            `已载入「${result.rootName}」：组织记录 ${result.orgs} 条，人员记录 ${result.members} 条（含已撤销的组织和入党申请人等）`,
          );
          void navigate(`/dashboard?orgId=${result.rootId}`);
        } catch (error) {
          showError(error);
        } finally {
          hide();
          setLoading(false);
        }
      },
    });
  }

  return (
    <Button
      icon={<DatabaseOutlined />}
      loading={loading}
      onClick={confirm}
      data-testid="load-demo"
      style={style}
    >
      载入演示县
    </Button>
  );
}
