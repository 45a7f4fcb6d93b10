import { Alert, App, Button, Card } from 'antd';
import { useNavigate } from 'react-router';
import { useAuth } from '../../../shared/session/auth-context.js';
import { AuthCard } from '../components/auth-card.js';
import { ChangePasswordForm } from '../components/change-password-form.js';

/** Inside the layout, reached from the user menu. */
export function ChangePasswordPage() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  return (
    <Card title="修改密码" data-testid="change-password">
      <ChangePasswordForm
        onDone={() => {
          void message.success('密码已修改');
          void navigate('/');
        }}
      />
    </Card>
  );
}

/** Shown instead of the whole app while the account must change its password (no menu). */
export function ForcedChangePasswordPage() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { signOut } = useAuth();
  return (
    <AuthCard title="修改初始密码" testId="change-password">
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="请先修改密码"
        description="为保障账号安全，首次登录或管理员重置密码后，必须先设置您自己的新密码，才能继续使用系统。"
      />
      <ChangePasswordForm
        onDone={() => {
          void message.success('密码已修改，欢迎使用述评');
          void navigate('/', { replace: true });
        }}
      />
      <Button type="link" style={{ paddingInline: 0, marginTop: 8 }} onClick={() => void signOut()}>
        退出登录
      </Button>
    </AuthCard>
  );
}
